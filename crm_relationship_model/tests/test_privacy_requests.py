# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import CrmRelationshipCommon


class CrmPrivacyCommon(CrmRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dp_user = new_test_user(
            cls.env,
            login="crm_rm_dp_user",
            password="crm_rm_dp_user-pw",
            groups="base.group_user,base.group_partner_manager,"
            "privacy.group_data_protection_user",
            context={"no_reset_password": True},
        )
        cls.dp_manager = new_test_user(
            cls.env,
            login="crm_rm_dp_manager",
            password="crm_rm_dp_manager-pw",
            groups="base.group_user,base.group_partner_manager,"
            "privacy.group_data_protection_manager,"
            "crm_relationship_model.group_crm_sensitive_data",
            context={"no_reset_password": True},
        )
        cls.Request = cls.env["crm.privacy.request"]


@tagged("post_install", "-at_install", "crm_rm_privacy")
class TestPrivacyRequest(CrmPrivacyCommon):
    """The register of data subject requests: deadlines, warnings, who handles them."""

    def test_deadline_is_a_month_and_warns_a_week_before(self):
        request = self.Request.with_user(self.dp_user).create(
            {"person_id": self.person.id, "request_type": "access", "date_received": "2026-03-31"}
        )
        self.assertRegex(request.name, r"^DSR/\d{4}/\d{4}$")
        self.assertEqual(request.date_deadline, fields.Date.to_date("2026-04-30"))
        activity = request.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, fields.Date.to_date("2026-04-23"))
        self.assertEqual(activity.user_id, self.dp_user)
        # Extended with a reason: the warning follows.
        request.write({"date_deadline": "2026-06-30", "extension_reason": "Many systems"})
        self.assertEqual(request.activity_ids.date_deadline, fields.Date.to_date("2026-06-23"))
        request.action_done()
        self.assertFalse(request.activity_ids)
        self.assertEqual(request.date_done, fields.Date.context_today(request))

    def test_bad_deadlines_are_refused(self):
        request = self.Request.create({"person_id": self.person.id, "request_type": "erasure"})
        deadline = request.date_deadline
        cases = [
            ({"date_deadline": request.date_received - relativedelta(days=1)}, "before"),
            ({"date_deadline": deadline + relativedelta(days=1)}, "reason for the extension"),
            (
                {"date_deadline": deadline + relativedelta(months=3), "extension_reason": "x"},
                "at most two months",
            ),
        ]
        for vals, message in cases:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                with self.env.cr.savepoint():
                    request.write(vals)
            self.assertEqual(request.date_deadline, deadline)

    def test_only_persons_make_requests(self):
        for partner in (self.organisation, self.role):
            with self.assertRaisesRegex(ValidationError, "is not one"):
                self.Request.create({"person_id": partner.id, "request_type": "access"})

    def test_overdue_filter(self):
        request = self.Request.create(
            {
                "person_id": self.person.id,
                "request_type": "objection",
                "date_received": "2026-01-05",
            }
        )
        with freeze_time("2026-02-06"):
            self.assertIn(request, self.Request.search([("is_overdue", "=", True)]))
        with freeze_time("2026-02-04"):
            self.assertNotIn(request, self.Request.search([("is_overdue", "=", True)]))

    def test_access_per_group(self):
        request = self.Request.create({"person_id": self.person.id, "request_type": "access"})
        for user in (self.user_salesman, self.user_sales_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                request.with_user(user).read(["person_id"])
        # A data protection user registers and handles requests, but does not delete them.
        request.with_user(self.dp_user).action_start()
        with self.assertRaises(AccessError):
            request.with_user(self.dp_user).unlink()
        request.with_user(self.dp_manager).unlink()

    def test_form_registers_a_request(self):
        with Form(self.Request.with_user(self.dp_user)) as form:
            form.person_id = self.person
            form.request_type = "rectification"
            form.description = "My phone number changed"
        request = form.record
        self.assertEqual(request.state, "new")
        self.assertEqual(request.user_id, self.dp_user)


@tagged("post_install", "-at_install", "crm_rm_privacy")
class TestPrivacyExport(CrmPrivacyCommon):
    """The export of everything held about a person, as RPC and as a job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create({"name": "Wind Sensor", "list_price": 99})
        cls.order = cls.env["sale.order"].create(
            {"partner_id": cls.role.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        cls.order.action_confirm()
        cls.person.message_post(body="Asked about sensors", message_type="comment")
        cls.env["crm.person.sensitive"].create(
            {
                "person_id": cls.person.id,
                "health": "Allergic to nuts",
                "legal_ground": "explicit_consent",
                "legal_ground_date": cls.today,
            }
        )

    def test_export_holds_every_section(self):
        data = self.person.with_user(self.dp_user).crm_privacy_export()
        json.dumps(data)
        self.assertEqual(data["format"], "crm_relationship_model.personal_data")
        self.assertEqual(data["person"][0]["email"], "jan@devries.example")
        self.assertEqual({row["id"] for row in data["roles"]}, {self.role.id, self.past_role.id})
        self.assertEqual([row["name"] for row in data["orders"]], [self.order.name])
        self.assertIn("Asked about sensors", str(data["contact_moments"]))
        # Not asked for, or not allowed: no special categories, not even the key.
        self.assertNotIn("special_categories", data)
        data = self.person.with_user(self.dp_user).crm_privacy_export(include_sensitive=True)
        self.assertNotIn("special_categories", data)
        self.assertNotIn("Allergic", json.dumps(data))

    def test_export_with_special_categories_is_logged(self):
        Log = self.env["crm.sensitive.access.log"]
        before = Log.search_count([("person_id", "=", self.person.id)])
        data = self.person.with_user(self.dp_manager).crm_privacy_export(include_sensitive=True)
        self.assertEqual(data["special_categories"][0]["health"], "Allergic to nuts")
        log = Log.search([("person_id", "=", self.person.id)], order="id desc", limit=1)
        self.assertEqual(Log.search_count([("person_id", "=", self.person.id)]), before + 1)
        self.assertEqual(log.user_id, self.dp_manager)

    def test_export_refused(self):
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_sales_manager).crm_privacy_export()
        with self.assertRaisesRegex(UserError, "not a person"):
            self.organisation.with_user(self.dp_user).crm_privacy_export()

    def test_export_job_attaches_files_with_progress(self):
        request = self.Request.with_user(self.dp_manager).create(
            {"person_id": self.person.id, "request_type": "access", "include_sensitive": True}
        )
        cron = self.env.ref("crm_relationship_model.ir_cron_crm_privacy_request_job")
        request.with_user(self.dp_manager).action_export()
        self.assertEqual(request.job_state, "queued")
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        with self.assertRaisesRegex(UserError, "already queued"):
            request.with_user(self.dp_manager).action_export()
        # What the scheduled action does, one batch per call, as Odoo calls it.
        Model = self.env["crm.privacy.request"].with_context(ir_cron_progress_id=False)
        Model._crm_job_run_batches()
        self.assertEqual(request.job_state, "running")
        self.assertEqual(request.job_done, 1)
        self.assertGreater(request.job_total, 10)
        self.assertTrue(0 < request.job_progress < 100)
        while request.job_state == "running":
            Model._crm_job_run_batches()
        self.assertEqual(request.job_state, "done")
        self.assertEqual(request.job_progress, 100)
        data = json.loads(request.export_json_id.raw)
        self.assertEqual(data["special_categories"][0]["health"], "Allergic to nuts")
        self.assertIn(b"Personal data held about", request.export_report_id.raw)
        self.assertFalse(request.export_payload)

    def test_export_job_resumes_after_a_lost_batch(self):
        request = self.Request.with_user(self.dp_user).create(
            {"person_id": self.person.id, "request_type": "portability"}
        )
        request.with_user(self.dp_user).action_export()
        Model = self.env["crm.privacy.request"]
        Model._crm_job_run_batches()
        cursor = request.job_cursor
        # A worker killed mid-batch: its transaction is rolled back, the cursor stays.
        try:
            with self.env.cr.savepoint():
                Model._crm_job_run_batches()
                raise RuntimeError("killed")
        except RuntimeError:
            self.env.invalidate_all()
        self.assertEqual(request.job_cursor, cursor)
        while request.job_state == "running":
            Model._crm_job_run_batches()
        data = json.loads(request.export_json_id.raw)
        self.assertEqual(data["person"][0]["id"], self.person.id)
        self.assertNotIn("special_categories", data)

    def test_export_only_for_access_requests(self):
        request = self.Request.create({"person_id": self.person.id, "request_type": "erasure"})
        with self.assertRaisesRegex(UserError, "access or portability"):
            request.with_user(self.dp_user).action_export()


@tagged("post_install", "-at_install", "crm_rm_privacy")
class TestLegalHold(CrmPrivacyCommon):
    def test_hold_needs_a_reason_and_a_manager_to_lift(self):
        person = self.person.with_user(self.dp_user)
        with self.assertRaisesRegex(ValidationError, "needs its reason"):
            person.write({"crm_legal_hold": True})
        person.write({"crm_legal_hold": True, "crm_legal_hold_reason": "Court order 2026/11"})
        with self.assertRaisesRegex(AccessError, "Only a data protection manager"):
            person.write({"crm_legal_hold": False})
        self.assertTrue(self.person.crm_legal_hold)
        self.person.with_user(self.dp_manager).write({"crm_legal_hold": False})
        self.assertFalse(self.person.crm_legal_hold)

    def test_hold_hidden_from_sales(self):
        self.person.write({"crm_legal_hold": True, "crm_legal_hold_reason": "Claim"})
        with self.assertRaises(AccessError):
            self.person.with_user(self.user_sales_manager).read(["crm_legal_hold_reason"])

    def test_hold_only_on_persons(self):
        with self.assertRaisesRegex(ValidationError, "set on a person"):
            self.organisation.write({"crm_legal_hold": True, "crm_legal_hold_reason": "x"})


@tagged("post_install", "-at_install", "crm_rm_privacy")
class TestRetention(CrmPrivacyCommon):
    """The retention job proposes the persons with nothing within the period of every
    activity concerning them, and erases them when a manager confirms."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["privacy.activity"].search([]).write({"subject_find": False})
        cls.activity = cls.env["privacy.activity"].create(
            {
                "name": "Customer relations",
                "crm_lawful_basis": "legitimate_interests",
                "crm_retention_months": 24,
                "subject_find": True,
                "subject_domain": "[('crm_kind', '=', 'person')]",
            }
        )
        Partner = cls.env["res.partner"]
        cls.old_customer = Partner.create({"crm_kind": "person", "name": "Oud Klant"})
        cls.recent_customer = Partner.create({"crm_kind": "person", "name": "Nieuw Klant"})
        cls.held_customer = Partner.create(
            {
                "crm_kind": "person",
                "name": "Vast Klant",
                "crm_legal_hold": True,
                "crm_legal_hold_reason": "Dispute",
            }
        )
        cls.requesting = Partner.create({"crm_kind": "person", "name": "Vraag Klant"})
        cls.env["crm.privacy.request"].create(
            {"person_id": cls.requesting.id, "request_type": "access"}
        )
        three_years = fields.Datetime.now() - relativedelta(years=3)
        cls.env.cr.execute(
            "UPDATE res_partner SET create_date = %s WHERE id IN %s",
            [
                three_years,
                tuple(
                    (
                        cls.old_customer | cls.recent_customer | cls.held_customer | cls.requesting
                    ).ids
                ),
            ],
        )
        cls.recent_customer.message_post(body="Called last month", message_type="comment")
        cls.env.invalidate_all()

    def _run(self, user):
        run = self.env["crm.privacy.retention.run"].with_user(user).create({})
        run.action_propose()
        while run.job_state in ("queued", "running"):
            self.env["crm.privacy.retention.run"]._crm_job_run_batches()
        return run

    def test_dry_run_then_erasure(self):
        run = self._run(self.dp_user)
        proposed = run.line_ids.person_id
        self.assertIn(self.old_customer, proposed)
        for kept in (self.recent_customer, self.held_customer, self.requesting, self.person):
            self.assertNotIn(kept, proposed)
        self.assertEqual(run.held_count, 1)
        # The dry run changed nothing.
        self.assertEqual(self.old_customer.name, "Oud Klant")
        with self.assertRaises(AccessError):
            run.with_user(self.dp_user).action_erase()
        run.with_user(self.dp_manager).action_erase()
        while run.job_state in ("queued", "running"):
            self.env["crm.privacy.retention.run"]._crm_job_run_batches()
        self.assertEqual(set(run.line_ids.mapped("state")), {"erased"})
        self.assertTrue(self.old_customer.with_context(active_test=False).crm_date_erased)
        self.assertEqual(self.recent_customer.name, "Nieuw Klant")

    def test_activity_without_period_keeps_its_persons(self):
        self.activity.crm_retention_months = 0
        self.assertFalse(self._run(self.dp_user).line_ids)

    def test_negative_period_refused(self):
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.activity.crm_retention_months = -1


@tagged("post_install", "-at_install", "crm_rm_privacy")
class TestPrivacyRpc(HttpCase):
    """An integration asks for the export and the erasure over XML-RPC."""

    def test_export_and_erase_over_xmlrpc(self):
        manager = new_test_user(
            self.env,
            login="crm_rm_rpc_dpo",
            password="crm_rm_rpc_dpo-pw",
            groups="base.group_user,privacy.group_data_protection_manager",
            context={"no_reset_password": True},
        )
        person = self.env["res.partner"].create(
            {"crm_kind": "person", "name": "Rpc Persoon", "email": "rpc@persoon.example"}
        )
        salesman = new_test_user(
            self.env,
            login="crm_rm_rpc_sales",
            password="crm_rm_rpc_sales-pw",
            groups="sales_team.group_sale_salesman",
            context={"no_reset_password": True},
        )
        self.env.flush_all()
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, manager.login, "crm_rm_rpc_dpo-pw", {})
        data = self.xmlrpc_object.execute(
            db, uid, "crm_rm_rpc_dpo-pw", "res.partner", "crm_privacy_export", [person.id]
        )
        self.assertEqual(data["person"][0]["email"], "rpc@persoon.example")
        sales_uid = self.xmlrpc_common.authenticate(db, salesman.login, "crm_rm_rpc_sales-pw", {})
        with self.assertRaises(Exception) as refused:
            self.xmlrpc_object.execute(
                db,
                sales_uid,
                "crm_rm_rpc_sales-pw",
                "res.partner",
                "crm_privacy_erase",
                [person.id],
            )
        self.assertNotIn("rpc@persoon.example", str(refused.exception))
        report = self.xmlrpc_object.execute(
            db, uid, "crm_rm_rpc_dpo-pw", "res.partner", "crm_privacy_erase", [person.id]
        )
        self.assertIn(str(person.id), {str(i) for i in report["erased"]["res.partner"]})
        person.invalidate_recordset()
        self.assertFalse(person.with_context(active_test=False).email)

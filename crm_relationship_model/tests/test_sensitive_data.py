# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from xmlrpc.client import Fault

from lxml import etree
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged, users, warmup
from odoo.tools import mute_logger

from .common import CrmQueryCountMixin, CrmRelationshipCommon

HEALTH = "Allergic to sulphites"
PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"
SENSITIVE_GROUP = "crm_relationship_model.group_crm_sensitive_data"
OFFICER_GROUP = "crm_relationship_model.group_crm_data_protection_officer"


class SensitiveDataCommon(CrmRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.company
        cls.user_member = cls._create_user(
            "crm_rm_sensitive",
            f"sales_team.group_sale_salesman,base.group_allow_export,{SENSITIVE_GROUP}",
            company,
        )
        cls.user_officer = cls._create_user(
            "crm_rm_officer", f"sales_team.group_sale_salesman,{OFFICER_GROUP}", company
        )
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.record = (
            cls.env["crm.person.sensitive"]
            .with_user(cls.user_member)
            .create(
                {
                    "person_id": cls.person.id,
                    "health": HEALTH,
                    "legal_ground": "explicit_consent",
                    "legal_ground_date": cls.today - timedelta(days=30),
                }
            )
        )
        cls.Sensitive = cls.env["crm.person.sensitive"]
        cls.Log = cls.env["crm.sensitive.access.log"].sudo()

    def _log_lines(self):
        return self.Log.search([], order="id")


@tagged("post_install", "-at_install", "crm_rm_sensitive")
class TestSensitiveData(CrmQueryCountMixin, SensitiveDataCommon):
    def test_groups_are_empty_by_default(self):
        for xml_id in (SENSITIVE_GROUP, OFFICER_GROUP):
            group = self.env.ref(xml_id)
            self.assertNotIn(self.user_admin, group.users, "administrators are not in it")
            self.assertNotIn(self.user_sales_manager, group.users)

    def test_a_member_records_a_value_with_its_legal_ground(self):
        record = self.record.with_user(self.user_member)
        self.assertEqual(record.health, HEALTH)
        [line] = self._log_lines()
        self.assertRecordValues(
            line,
            [
                {
                    "user_id": self.user_member.id,
                    "person_id": self.person.id,
                    "operation": "write",
                    "field_names": "health, legal_ground",
                }
            ],
        )
        self.assertNotIn(HEALTH, line.field_names, "values are never logged")

    def test_a_value_without_legal_ground_is_refused(self):
        count = self.Sensitive.sudo().search_count([])
        Sensitive = self.Sensitive.with_user(self.user_member)
        with self.assertRefused(ValidationError, "need their legal ground"):
            Sensitive.create({"person_id": self.other_person.id, "religion": "Quaker"})
        with self.assertRefused(ValidationError, "need their legal ground"):
            self.record.with_user(self.user_member).write({"legal_ground": False})
        with self.assertRefused(ValidationError, "cannot date from the future"):
            self.record.with_user(self.user_member).legal_ground_date = self.today + timedelta(1)
        self.assertEqual(self.Sensitive.sudo().search_count([]), count, "nothing was written")
        self.assertEqual(self.record.sudo().legal_ground, "explicit_consent")
        # The refusal names the field's need, never the value.
        with self.assertRaises(ValidationError) as catcher:
            Sensitive.create({"person_id": self.other_person.id, "health": "Secret illness"})
        self.assertNotIn("Secret illness", str(catcher.exception))

    def test_only_persons_have_sensitive_data(self):
        with self.assertRefused(ValidationError, "is not a person"):
            self.Sensitive.with_user(self.user_member).create({"person_id": self.organisation.id})
        with self.assertRefused(UserError, "is not a person"):
            self.organisation.with_user(self.user_member).action_open_crm_sensitive_data()

    def test_one_record_per_person(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Sensitive.with_user(self.user_member).create({"person_id": self.person.id})

    def test_every_read_by_a_member_is_logged_once_per_person(self):
        before = len(self._log_lines())
        record = self.record.with_user(self.user_member)
        record.read(["health", "legal_ground_date"])
        lines = self._log_lines()[before:]
        self.assertEqual(len(lines), 1)
        self.assertEqual((lines.operation, lines.field_names), ("read", "health"))
        # The form reads through web_read: one line too.
        record.web_read({"health": {}, "political_opinion": {}, "person_id": {}})
        self.assertEqual(len(self._log_lines()), before + 2)
        # Reading nothing sensitive logs nothing.
        record.read(["person_id", "display_name"])
        self.assertEqual(len(self._log_lines()), before + 2)
        record.export_data(["person_id/name", "health"])
        self.assertEqual(self._log_lines()[-1].operation, "read")
        self.assertEqual(len(self._log_lines()), before + 3)

    def test_others_get_an_access_error_that_leaks_nothing(self):
        for user in (
            self.user_salesman,
            self.user_sales_manager,
            self.user_admin,
            self.user_employee,
            self.user_officer,
            self.user_portal,
        ):
            with self.subTest(user=user.login):
                Sensitive = self.Sensitive.with_user(user)
                self.assertNotIn("health", Sensitive.fields_get())
                calls = [
                    lambda S=Sensitive: S.search([("person_id", "=", self.person.id)]),
                    lambda S=Sensitive: S.browse(self.record.id).read(["health"]),
                    lambda S=Sensitive: S.read_group([], ["health"], ["legal_ground"]),
                    lambda S=Sensitive: S.name_search("Jan"),
                    lambda S=Sensitive: S.browse(self.record.id).export_data(["health"]),
                    lambda S=Sensitive: S.search([("health", "ilike", "sulph")]),
                    lambda u=user: self.person.with_user(u).action_open_crm_sensitive_data(),
                ]
                for call in calls:
                    # An access error (a UserError), or the refusal to export at all.
                    with self.assertRaises(UserError) as catcher:
                        call()
                    self.assertNotIn(HEALTH, str(catcher.exception))
                # An import (what the import screen calls in the end) imports nothing.
                with mute_logger("odoo.models"):
                    result = Sensitive.load(
                        ["person_id/.id", "health"], [[str(self.other_person.id), "x"]]
                    )
                self.assertFalse(result["ids"])
                self.assertTrue(result["messages"])
        self.assertEqual(len(self._log_lines()), 1, "refused reads are not logged as reads")

    def test_the_person_form_shows_the_data_to_members_only(self):
        def has_button(user):
            arch = (
                self.env["res.partner"]
                .with_user(user)
                .get_view(self.env.ref(PERSON_FORM).id)["arch"]
            )
            return bool(
                etree.fromstring(arch).xpath("//button[@name='action_open_crm_sensitive_data']")
            )

        self.assertTrue(has_button(self.user_member))
        for user in (self.user_salesman, self.user_sales_manager, self.user_admin):
            self.assertFalse(has_button(user), user.login)
        action = self.person.with_user(self.user_member).action_open_crm_sensitive_data()
        self.assertEqual(
            (action["res_model"], action["res_id"]), (self.Sensitive._name, self.record.id)
        )
        form = Form(self.Sensitive.with_user(self.user_member).browse(self.record.id))
        form.lifestyle = "Prefers dry reds"
        form.save()
        written = self._log_lines().filtered(lambda line: line.operation == "write")
        self.assertIn("lifestyle", written[-1].field_names)

    def test_no_value_reaches_the_chatter_or_tracking(self):
        self.assertNotIn("message_ids", self.Sensitive._fields, "no chatter, no tracking")
        messages = self.env["mail.message"].sudo().search([("body", "ilike", "sulphites")])
        self.assertFalse(messages)
        self.assertFalse(
            self.env["mail.tracking.value"].sudo().search([("old_value_char", "ilike", "sulph")])
        )

    def test_the_access_log_is_append_only(self):
        line = self._log_lines()[:1]
        for env in (
            self.env(user=self.user_officer),
            self.env(user=self.user_admin),
            self.env(su=True),
        ):
            with self.subTest(user=env.user.login, su=env.su):
                log = line.with_env(env)
                # An AccessError is a UserError too.
                with self.assertRaises(UserError):
                    log.write({"field_names": "nothing"})
                with self.assertRaises(UserError):
                    log.unlink()
        self.assertEqual(line.field_names, "health, legal_ground")

    def test_the_officer_reads_the_log_and_others_do_not(self):
        Log = self.env["crm.sensitive.access.log"]
        self.assertEqual(Log.with_user(self.user_officer).search_count([]), 1)
        for user in (self.user_member, self.user_salesman, self.user_admin, self.user_portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Log.with_user(user).search([])

    @users("crm_rm_salesman", "crm_rm_sensitive")
    @warmup
    def test_person_form_costs_the_same_with_the_group(self):
        # The member's form has the button, and no sensitive value is read with the
        # partner, so opening it costs the same (and logs nothing).
        person = self.person.with_env(self.env)
        spec = dict(Form(person, view=PERSON_FORM)._view["fields_spec"])
        expected = {"crm_rm_salesman": 54, "crm_rm_sensitive": 54}
        lines = self.Log.search_count([])
        with self.assertQueryCount(**expected):
            person.invalidate_recordset()
            person.web_read(spec)
        self.assertEqual(self.Log.search_count([]), lines)


@tagged("post_install", "-at_install", "crm_rm_sensitive")
class TestSensitiveDataRpc(SensitiveDataCommon, HttpCase):
    def _rpc(self, user, model, method, *args):
        password = f"{user.login}-pw"
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args))

    def test_rpc_read_is_logged_for_members_and_refused_to_others(self):
        before = len(self._log_lines())
        [row] = self._rpc(
            self.user_member, "crm.person.sensitive", "read", [self.record.id], ["health"]
        )
        self.assertEqual(row["health"], HEALTH)
        self.assertEqual(len(self._log_lines()), before + 1)
        for user in (self.user_salesman, self.user_sales_manager):
            with self.subTest(user=user.login), mute_logger("odoo.http"):
                with self.assertRaises(Fault) as catcher:
                    self._rpc(user, "crm.person.sensitive", "read", [self.record.id], ["health"])
                self.assertNotIn(HEALTH, catcher.exception.faultString)
        self.assertEqual(len(self._log_lines()), before + 1)

    def test_log_lines_cannot_be_changed_over_rpc(self):
        line = self._log_lines()[:1]
        with mute_logger("odoo.http"):
            for method, args in (("unlink", ()), ("write", ({"operation": "read"},))):
                with self.subTest(method=method), self.assertRaises(Fault):
                    self._rpc(
                        self.user_officer, "crm.sensitive.access.log", method, line.ids, *args
                    )
        self.assertTrue(line.exists())

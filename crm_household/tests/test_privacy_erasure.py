# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .common import CrmHouseholdCommon

NAME = "Quirijn Oudshoorn"
FIRSTNAME = "Quirijn"
PRIVATE_EMAIL = "quirijn.oudshoorn@example.org"
WORK_EMAIL = "q.oudshoorn@zeilmakerij.example"
PHONES = ["+31 6 4455 6677", "+31 20 777 8899", "+31 6 9988 7766"]
NEEDLES = [NAME, FIRSTNAME, PRIVATE_EMAIL, WORK_EMAIL, *PHONES]


@tagged("post_install", "-at_install", "crm_hh_privacy")
class TestPrivacyErasure(CrmHouseholdCommon):
    """A person with private orders, role orders, mails, calls, a household and
    special-category data, erased: afterwards no text column of any table (nor any
    attachment) holds their name, emails or phone numbers, but the books are unchanged."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Chatter tracking on: tracked values hold names too.
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.dpo = new_test_user(
            cls.env,
            login="crm_hh_dpo",
            groups="base.group_user,privacy.group_data_protection_manager,"
            "crm_relationship_model.group_crm_sensitive_data,sales_team.group_sale_manager",
            context={"no_reset_password": True},
        )
        cls.dp_user = new_test_user(
            cls.env,
            login="crm_hh_dp_user",
            groups="base.group_user,privacy.group_data_protection_user",
            context={"no_reset_password": True},
        )

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.sailmaker = Partner.create({"crm_kind": "organisation", "name": "Zeilmakerij Noord"})
        self.subject = Partner.create(
            {
                "crm_kind": "person",
                "firstname": FIRSTNAME,
                "lastname": "Oudshoorn",
                "email": PRIVATE_EMAIL,
                "phone": PHONES[0],
                "mobile": PHONES[2],
                "street": "Kalverstraat 12",
                "zip": "1012 NX",
                "city": "Amsterdam",
                "birthdate_date": "1979-03-02",
                "crm_occupation": "Sailmaker",
            }
        )
        self.subject_role = self._create_role(
            self.subject,
            self.sailmaker,
            function="Sales Manager",
            email=WORK_EMAIL,
            phone=PHONES[1],
        )
        self.partner_in_house = Partner.create(
            {"crm_kind": "person", "firstname": "Marloes", "lastname": "Visser"}
        )
        self.household = self._create_household(
            "Huize Visser",
            members=[(self.subject, "partner"), (self.partner_in_house, "partner")],
        )
        self.env["crm.person.sensitive"].create(
            {
                "person_id": self.subject.id,
                "health": "Diabetes type 2",
                "legal_ground": "explicit_consent",
                "legal_ground_date": self.today,
            }
        )
        self.private_order = self._confirmed_order(self.subject, 800.0)
        self.role_order = self._confirmed_order(self.subject_role, 1200.0)
        # Contact moments: a private note, a business mail on the role, his own mail
        # on the order, a colleague's note on the organisation, a logged call.
        self.subject.message_post(
            body=f"Spoke with {NAME} about a new sail; call {PHONES[0]}",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.subject_role.message_post(
            body=f"{FIRSTNAME} ordered the spinnaker, mail {WORK_EMAIL}",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.private_order.message_post(
            body="Can it be delivered on Friday?",
            author_id=self.subject.id,
            email_from=f'"{NAME}" <{PRIVATE_EMAIL}>',
            message_type="email",
        )
        self.sailmaker.message_post(body=f"{NAME} is our contact for sails", message_type="comment")
        self.subject.activity_schedule(
            "mail.mail_activity_data_call", summary=f"Call {FIRSTNAME} back"
        )
        self.env["calendar.event"].create(
            {
                "name": f"Lunch with {NAME}",
                "start": fields.Datetime.now(),
                "stop": fields.Datetime.now() + relativedelta(hours=1),
                "partner_ids": [Command.set(self.subject.ids)],
            }
        )
        self.env["crm.lead"].create(
            {
                "name": f"Sails for {NAME}",
                "partner_id": self.subject.id,
                "contact_name": NAME,
                "email_from": PRIVATE_EMAIL,
            }
        )
        self.env["crm.claim"].create(
            {
                "name": "Torn sail",
                "partner_id": self.subject.id,
                "email_from": PRIVATE_EMAIL,
                "partner_phone": PHONES[0],
                "description": f"{FIRSTNAME} says the seam tore",
            }
        )
        self.env["mail.blacklist"]._add(PRIVATE_EMAIL)

    def _confirmed_order(self, partner, price):
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1, "price_unit": price}
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def _paid_invoice(self, order):
        invoice = order._create_invoices()
        invoice.action_post()
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({})._create_payments()
        return invoice

    # ------------------------------------------------------------------
    # The search of every text column
    # ------------------------------------------------------------------

    def _where_found(self):
        """{(table, column)} of every text column holding a needle, and the ids of
        attachments whose content holds one."""
        self.env.flush_all()
        pattern = "|".join(re.escape(needle) for needle in NEEDLES)
        columns = self.env.execute_query(
            SQL(
                "SELECT c.table_name, c.column_name FROM information_schema.columns c"
                " JOIN information_schema.tables t USING (table_schema, table_name)"
                " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
                " AND c.data_type IN ('text', 'character varying', 'jsonb')"
            )
        )
        found = set()
        for table, column in columns:
            rows = self.env.execute_query(
                SQL(
                    "SELECT 1 FROM %s WHERE %s::text ~* %s LIMIT 1",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    pattern,
                )
            )
            if rows:
                found.add((table, column))
        attachments = self.env["ir.attachment"].sudo().search([("res_model", "!=", False)])
        matcher = re.compile(pattern.encode(), re.IGNORECASE)
        for attachment in attachments:
            if attachment.raw and matcher.search(attachment.raw):
                found.add(("ir_attachment:content", str(attachment.id)))
        return found

    def _books(self):
        moves = self.env["account.move"].search([])
        return {
            move.id: (
                move.amount_total,
                move.state,
                tuple(sorted((line.account_id.id, line.balance) for line in move.line_ids)),
                move.partner_id.id,
            )
            for move in moves
        }

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------

    def test_erasure_without_invoices_leaves_nothing(self):
        self.assertTrue(self._where_found(), "the data set holds the person's data")
        export = self.subject.with_user(self.dpo).crm_privacy_export(include_sensitive=True)
        books = self._books()
        report = self.subject.with_user(self.dpo).crm_privacy_erase()
        self.assertEqual(self._where_found(), set())
        self.assertEqual(self._books(), books)
        self.assertFalse(report["scheduled"])
        self._assert_export_lists(export, report)
        self._assert_afterwards()

    def test_erasure_with_paid_invoice_keeps_it_until_retention_ends(self):
        invoice = self._paid_invoice(self.private_order)
        export = self.subject.with_user(self.dpo).crm_privacy_export(include_sensitive=True)
        books = self._books()
        report = self.subject.with_user(self.dpo).crm_privacy_erase()
        self._assert_export_lists(export, report)
        self.assertEqual(
            self._where_found(),
            {
                ("account_move", "invoice_partner_display_name"),
                ("account_move", "crm_retained_customer"),
            },
        )
        self.assertEqual(invoice.invoice_partner_display_name, NAME)
        self.assertIn("Kalverstraat 12", invoice.crm_retained_customer)
        self.assertEqual(report["scheduled"]["account.move"], invoice.ids)
        self.assertEqual(self._books(), books)
        self.assertEqual(invoice.payment_state, "paid")
        end = invoice.invoice_date + relativedelta(years=7)
        self.assertEqual(self.subject.crm_erasure_scheduled_date, end)
        Partner = self.env["res.partner"]
        with freeze_time(end - relativedelta(days=1)):
            self.assertFalse(Partner._cron_crm_privacy_scheduled_erasure())
        with freeze_time(end):
            self.assertEqual(Partner._cron_crm_privacy_scheduled_erasure(), self.subject)
        self.assertEqual(self._where_found(), set())
        self.assertEqual(self._books(), books)
        self._assert_afterwards()

    def _assert_export_lists(self, export, report):
        exported = {
            (row["model"], row["id"])
            for value in export.values()
            if isinstance(value, list)
            for row in value
        }
        touched = {
            (model, record_id)
            for part in ("erased", "kept")
            for model, ids in report[part].items()
            for record_id in ids
            # Links that are not data about the person in themselves.
            if model
            not in (
                "mail.followers",
                "mail.tracking.value",
                "mail.mail",
                "ir.attachment",
                "res.partner.bank",
                "crm.duplicate.pair",
            )
        }
        self.assertFalse(touched - exported, "the export lists every record the erasure touched")
        self.assertEqual(export["special_categories"][0]["health"], "Diabetes type 2")

    def _assert_afterwards(self):
        subject = self.subject.with_context(active_test=False)
        self.assertTrue(subject.crm_date_erased)
        self.assertFalse(subject.active)
        # The organisation keeps its history with the role shown as anonymised.
        role = self.subject_role.with_context(active_test=False)
        self.assertTrue(role.active)
        self.assertEqual(role.parent_id, self.sailmaker)
        self.assertEqual(role.function, "Sales Manager")
        self.assertNotIn("Oudshoorn", role.name)
        self.assertEqual(self.role_order.partner_id, role)
        # The household keeps its other members.
        self.assertEqual(self.household.household_member_ids.person_id, self.partner_in_house)
        # Not found again, not even as a likely person at the door.
        Partner = self.env["res.partner"].with_context(active_test=False)
        for needle in (NAME, PRIVATE_EMAIL, WORK_EMAIL, PHONES[0]):
            self.assertFalse(Partner.search([("complete_name", "ilike", needle)]))
            self.assertFalse(Partner.search([("email", "ilike", needle)]))
        self.assertFalse(Partner.crm_find_likely_persons(NAME, PRIVATE_EMAIL, PHONES[0], PHONES[2]))
        self.assertFalse(self.env["crm.person.sensitive"].search([("person_id", "=", subject.id)]))
        log = self.env["privacy.log"].search([], order="id desc", limit=1)
        self.assertNotIn(FIRSTNAME, log.anonymized_name)
        self.assertIn("res.partner", log.records_description)
        # A second run says it was done, and when.
        with self.assertRaisesRegex(UserError, "already erased on"):
            subject.with_user(self.dpo).crm_privacy_erase()

    def test_erasure_refused(self):
        with self.assertRaises(AccessError):
            self.subject.with_user(self.dp_user).crm_privacy_erase()
        for partner in (self.sailmaker, self.household, self.subject_role):
            with self.assertRaisesRegex(UserError, "not a person"):
                partner.with_user(self.dpo).crm_privacy_erase()
        self.subject.write({"crm_legal_hold": True, "crm_legal_hold_reason": "Pending claim"})
        with self.assertRaisesRegex(UserError, "legal hold"):
            self.subject.with_user(self.dpo).crm_privacy_erase()
        self.assertEqual(self.subject.name, NAME)
        self.assertTrue(self.subject.email)

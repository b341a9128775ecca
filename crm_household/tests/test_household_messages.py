# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_messages")
class TestHouseholdMessages(CrmHouseholdCommon):
    """A household's contact moments: its own and its members' private ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household = cls._create_household(
            "Berichtenhuis",
            members=[(cls.person, "head", {"date_start": cls.today - relativedelta(years=2)})],
        )
        cls.former = cls._create_person("Vera Vertrokken")
        cls._add_member(
            cls.household,
            cls.former,
            "partner",
            date_start=cls.today - relativedelta(years=2),
            date_end=cls.today - relativedelta(months=6),
        )

    def _note(self, partner, body, when=None, message_type="comment"):
        message = partner.message_post(
            body=body, message_type=message_type, subtype_xmlid="mail.mt_note"
        )
        if when:
            message.date = fields.Datetime.to_datetime(when)
        return message

    def _moments(self):
        action = self.household.action_open_household_messages()
        self.assertEqual(action["res_model"], "mail.message")
        return self.env["mail.message"].search(action["domain"])

    def test_household_sees_its_own_and_its_members_private_moments(self):
        own = self._note(self.household, "Called about the new kitchen")
        private = self._note(self.person, "Jan asked for a quote at home")
        while_there = self._note(
            self.former, "Vera called for the household", self.today - relativedelta(years=1)
        )
        after_leaving = self._note(
            self.former, "Vera's own new home", self.today - relativedelta(months=1)
        )
        business = self._note(self.role, "Jan as CTO of Windmolen BV")
        tracking = self._note(self.person, "Tracking", message_type="notification")
        outsider = self._note(self.other_person, "Anna does not live there")

        moments = self._moments()

        self.assertEqual(moments & (own | private | while_there), own | private | while_there)
        self.assertFalse(moments & (after_leaving | business | tracking | outsider))
        # Each moment says which record it belongs to.
        self.assertEqual(
            set(moments.mapped("record_name")), {"Berichtenhuis", "Jan de Vries", "Vera Vertrokken"}
        )

    def test_members_private_mails_on_other_documents_are_in(self):
        lead = self.env["crm.lead"].create({"name": "Kitchen for the Berichtenhuis"})

        def mail(author, body, when=None, partners=()):
            message = lead.message_post(
                body=body,
                author_id=author.id,
                partner_ids=[p.id for p in partners],
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            if when:
                message.date = fields.Datetime.to_datetime(when)
            return message

        by_member = mail(self.person, "Jan writes about the kitchen")
        to_member = mail(self.user_salesman.partner_id, "Quote for Jan", partners=[self.person])
        former_then = mail(self.former, "Vera, then", self.today - relativedelta(years=1))
        former_now = mail(self.former, "Vera, now", self.today - relativedelta(months=1))
        by_role = mail(self.role, "Jan as CTO writes")
        moments = self._moments()
        self.assertEqual(
            moments & (by_member | to_member | former_then), by_member | to_member | former_then
        )
        self.assertFalse(moments & (former_now | by_role), "not after leaving, not in a role")

    def test_a_new_member_brings_their_history(self):
        earlier = self._note(self.other_person, "Anna, before she moved in")
        self._add_member(self.household, self.other_person, "partner")
        self.assertIn(earlier, self._moments())


@tagged("post_install", "-at_install", "crm_hh_messages")
class TestHouseholdChatter(CrmHouseholdCommon, HttpCase):
    """The household's chatter, as the web client loads it (/mail/thread/messages and
    /mail/thread/data): its own moments, its members' private ones, not their roles'."""

    def test_household_chatter_gathers_private_moments(self):
        household = self._create_household(
            "Chatterhuis",
            members=[(self.person, "head", {"date_start": self.today - relativedelta(years=1)})],
        )
        own = household.message_post(
            body="Household called", subtype_xmlid="mail.mt_note", message_type="comment"
        )
        private = self.person.message_post(
            body="Jan, privately", subtype_xmlid="mail.mt_note", message_type="comment"
        )
        business = self.role.message_post(
            body="Jan as CTO", subtype_xmlid="mail.mt_note", message_type="comment"
        )
        outsider = self.other_person.message_post(
            body="Anna", subtype_xmlid="mail.mt_note", message_type="comment"
        )
        private_task = self.person.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_salesman.id
        )
        business_task = self.role.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_salesman.id
        )

        self.authenticate(self.user_salesman.login, f"{self.user_salesman.login}-pw")
        shown = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": household.id, "limit": 30},
        )["messages"]
        self.assertIn(own.id, shown)
        self.assertIn(private.id, shown)
        self.assertNotIn(business.id, shown)
        self.assertNotIn(outsider.id, shown)

        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "res.partner",
                "thread_id": household.id,
                "request_list": ["activities"],
            },
        )
        activity_ids = {activity["id"] for activity in data["mail.activity"]}
        self.assertIn(private_task.id, activity_ids)
        self.assertNotIn(business_task.id, activity_ids)

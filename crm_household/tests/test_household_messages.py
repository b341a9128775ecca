from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install")
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

    def test_a_new_member_brings_their_history(self):
        earlier = self._note(self.other_person, "Anna, before she moved in")
        self._add_member(self.household, self.other_person, "partner")
        self.assertIn(earlier, self._moments())

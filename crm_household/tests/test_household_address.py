# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CrmHouseholdCommon

PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"
ADDRESS_FIELDS = ("street", "street2", "zip", "city", "state_id", "country_id")


@tagged("post_install", "-at_install", "crm_hh_address")
class TestHouseholdAddress(CrmHouseholdCommon):
    """The household holds the address; its members live there (and move)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household = cls._create_household("Grachtenpand", **cls.address_canal)
        cls.other_household = cls._create_household("Dijkhuis", **cls.address_dike)
        cls.person.write({"street": "Zijlweg 1", "zip": "2013 DA", "city": "Haarlem"})

    def _address(self, partner):
        return {
            name: partner[name].id if partner._fields[name].type == "many2one" else partner[name]
            for name in ("street", "zip", "city", "country_id")
        }

    def test_moving_in_brings_the_household_address(self):
        self._add_member(self.household, self.person)
        self.assertEqual(self._address(self.person), self.address_canal)

    def test_a_household_without_address_takes_its_first_members(self):
        household = self._create_household("Nieuw Huis")
        self._add_member(household, self.person, "head")
        self.assertEqual(household.street, "Zijlweg 1")
        self.assertEqual(household.city, "Haarlem")
        self._add_member(household, self.other_person, "partner")
        self.assertEqual(self.other_person.street, "Zijlweg 1", "the next one moves in there")

    def test_changing_the_household_address_moves_every_current_member(self):
        members = self._add_member(self.household, self.person, "head") | self._add_member(
            self.household, self.other_person, "partner"
        )
        former = self._create_person("Oud Bewoner")
        self._add_member(self.household, former, date_start=self._days(-300)).action_move_out()
        # A past membership entered afterwards is history: it moves no one.
        historic = self._create_person("Vroegere Bewoner", city="Leiden")
        self._add_member(
            self.household, historic, date_start=self._days(-900), date_end=self._days(-400)
        )
        self.assertEqual(historic.city, "Leiden")
        future = self._create_person("Nieuwe Bewoner", city="Leiden")
        self._add_member(self.household, future, date_start=self._days(30))

        self.household.write(self.address_dike)

        self.assertEqual(self._address(self.person), self.address_dike)
        self.assertEqual(self._address(self.other_person), self.address_dike)
        self.assertEqual(set(members.mapped("address")), {"Dijkweg 5, 1619 AA Andijk, Netherlands"})
        self.assertEqual(former.city, "Amsterdam", "a former member keeps the address they had")
        self.assertEqual(future.city, "Leiden", "a future member moves in on their day")

    def test_address_is_read_only_on_a_member(self):
        self._add_member(self.household, self.person)
        with self.assertRefused(UserError, "lives in Grachtenpand: their private address"):
            self.person.city = "Rotterdam"
        self.assertEqual(self.person.city, "Amsterdam")
        # Writing the same values (an import, a form that sends them all) is harmless.
        self.person.write({"city": "Amsterdam", "country_id": self.netherlands.id})
        self.person.write({"email": "jan@nieuw.example"})
        form = Form(self.person, view=PERSON_FORM)
        for name in ADDRESS_FIELDS:
            with self.subTest(field=name), self.assertRaises(AssertionError):
                setattr(form, name, False)

    def test_moving_out_keeps_the_last_address_and_frees_it(self):
        self._add_member(self.household, self.person, date_start=self._days(-100))
        self.person.action_move_out_of_household()
        self.assertEqual(self._address(self.person), self.address_canal)
        self.household.write({"street": "Prinsengracht 265"})
        self.assertEqual(self.person.street, "Prinsengracht 263", "moved out: not theirs")
        self.person.city = "Utrecht"
        self.assertEqual(self.person.city, "Utrecht", "their own again")
        form = Form(self.person, view=PERSON_FORM)
        form.street = "Oudegracht 1"
        form.save()
        self.assertEqual(self.person.street, "Oudegracht 1")

    def test_the_history_of_who_lived_where_when(self):
        old = self._add_member(self.household, self.person, "head", date_start=self._days(-800))
        old.action_move_out()
        new = self._add_member(self.other_household, self.person, "partner")
        self.assertEqual(self._address(self.person), self.address_dike)
        # The person's side: both households, with the address of each, newest first.
        self.assertEqual(self.person.household_membership_ids, new | old)
        self.assertRecordValues(
            self.person.household_membership_ids,
            [
                {
                    "household_id": self.other_household.id,
                    "date_start": self.today,
                    "date_end": False,
                    "state": "current",
                    "address": "Dijkweg 5, 1619 AA Andijk, Netherlands",
                },
                {
                    "household_id": self.household.id,
                    "date_start": self._days(-800),
                    # Its last day: the day before the first day in the new household.
                    "date_end": self._days(-1),
                    "state": "past",
                    "address": "Prinsengracht 263, 1016 GV Amsterdam, Netherlands",
                },
            ],
        )
        # The households' side.
        self.assertEqual(self.household.household_former_member_ids, old)
        self.assertFalse(self.household.household_current_member_ids)
        self.assertEqual(self.other_household.household_current_member_ids, new)
        # The old household moves on: the person's history keeps where they lived.
        self.household.write({"street": "Keizersgracht 1"})
        self.assertEqual(old.address, "Prinsengracht 263, 1016 GV Amsterdam, Netherlands")

    def test_moving_in_through_the_person_form(self):
        form = Form(self.other_person, view=PERSON_FORM)
        with form.household_membership_ids.new() as line:
            line.household_id = self.household
            line.relation = "partner"
        form.save()
        self.assertEqual(self.other_person.household_id, self.household)
        self.assertEqual(self._address(self.other_person), self.address_canal)

    def test_a_move_dated_ahead_is_applied_on_its_day(self):
        member = self._add_member(self.other_household, self.person, date_start=self._days(3))
        self.assertEqual(self.person.city, "Haarlem", "not moved in yet")
        self.env["res.partner"]._cron_apply_household_moves()
        self.assertEqual(self.person.city, "Haarlem")
        with freeze_time(self._days(4)):
            self.env.invalidate_all()
            self.assertEqual(member.state, "current")
            self.env["res.partner"]._cron_apply_household_moves()
            self.assertEqual(self._address(self.person), self.address_dike)
            self.assertEqual(self.person.household_id, self.other_household)

    def test_scheduled_action_for_moves_is_registered(self):
        cron = self.env.ref("crm_household.ir_cron_household_moves")
        self.assertEqual(cron.code, "model._cron_apply_household_moves()")
        self.assertTrue(cron.active)

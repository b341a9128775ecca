# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.crm_relationship_model.tests.common import new_portal_user

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_access")
class TestHouseholdAccess(CrmHouseholdCommon):
    """Who may do what with households, memberships and segments (security/)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.segment = cls.env["crm.segment"].create(
            {"name": "Toegang Gezin", "applies_to": "household"}
        )
        cls.household = cls._create_household(
            "Toeganghuis",
            members=[(cls.other_person, "head")],
            crm_segment_ids=cls.segment.ids,
            **cls.address_canal,
        )
        cls.user_portal = new_portal_user(cls.env, "crm_hh_portal", cls.other_person)

    def _household_story(self, user):
        """Create a household, move two persons in, change its address, move one out."""
        env = self.env(user=user)
        first = self._create_person(f"Eerste {user.login}", env=env)
        second = self._create_person(f"Tweede {user.login}", env=env)
        household = self._create_household(
            env=env,
            members=[(first, "head"), (second, "partner")],
            crm_segment_ids=self.segment.ids,
            **self.address_canal,
        )
        household.write({"city": "Amstelveen"})
        self.assertEqual((first.city, second.city), ("Amstelveen", "Amstelveen"))
        # They lived there for a month, and are gone today.
        second.household_membership_current_id.date_start = self._days(-30)
        second.action_move_out_of_household()
        household.action_recompute_household_status()
        self.assertEqual(household.household_former_member_ids.person_id, second)
        self.assertEqual(household.household_status, "prospect")
        return household

    def test_salesmen_manage_households(self):
        for user in (self.user_salesman, self.user_salesman_all_leads, self.user_salesman_contacts):
            with self.subTest(user=user.login):
                household = self._household_story(user)
                self.assertEqual(household.create_uid, user)

    def test_salesmen_read_segments_but_do_not_manage_them(self):
        Segment = self.env["crm.segment"].with_user(self.user_salesman)
        self.assertEqual(Segment.search([("id", "=", self.segment.id)]).name, "Toegang Gezin")
        with self.assertRaises(AccessError):
            Segment.create({"name": "Toegang Senioren", "applies_to": "household"})
        with self.assertRaises(AccessError):
            self.segment.with_user(self.user_salesman).name = "Ouderen"

    def test_salesmen_do_not_delete_households(self):
        household = self._create_household("Lege Woning")
        with self.assertRaises(AccessError):
            household.with_user(self.user_salesman).unlink()
        self.assertTrue(household.exists())
        # A membership entered by mistake may be removed again.
        member = self._add_member(
            self.household, self.person, env=self.env(user=self.user_salesman)
        )
        member.unlink()
        self.assertFalse(member.exists())

    def test_sales_managers_manage_segments_and_delete_empty_households(self):
        manager = self.user_sales_manager
        household = self._household_story(manager)
        Segment = self.env["crm.segment"].with_user(manager)
        seniors = Segment.create(
            {
                "name": "Toegang Senioren",
                "applies_to": "household",
                "description": "All adults retired.",
            }
        )
        seniors.name = "Ouderen"
        seniors.unlink()
        with self.assertRaises(UserError):
            household.with_user(manager).unlink()
        empty = self._create_household("Leeg", env=self.env(user=manager))
        empty.unlink()
        self.assertFalse(empty.exists())

    def test_other_employees_read_but_do_not_change(self):
        employee = self.user_employee
        household = self.household.with_user(employee)
        self.assertEqual(household.household_person_ids, self.other_person)
        self.assertEqual(household.household_member_ids.relation, "head")
        with self.assertRaises(AccessError):
            self._add_member(self.household, self.person, env=self.env(user=employee))
        with self.assertRaises(AccessError):
            household.write({"city": "Zwolle"})

    def test_portal_user_sees_no_household_data(self):
        portal = self.user_portal
        person = self.other_person.with_user(portal)
        self.assertEqual(person.name, "Anna Bakker", "their own contact")
        with self.assertRaises(AccessError):
            self.household.with_user(portal).read(["name"])
        for model in (
            "crm.household.member",
            "crm.segment",
            "crm.household.mailing.recipient",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])
        for field_name in ("household_membership_ids", "crm_segment_ids"):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                person.read([field_name])
        self.assertNotIn("household_membership_ids", person.fields_get())
        with self.assertRaises(AccessError):
            self._create_household("Portaalhuis", env=self.env(user=portal))
        with self.assertRaises(AccessError):
            self.household.with_user(portal).action_recompute_household_status()

    def test_portal_user_cannot_move_out_through_their_contact(self):
        portal = self.user_portal
        with self.assertRaises(AccessError):
            self.other_person.with_user(portal).action_move_out_of_household()
        self.assertEqual(self.other_person.household_id, self.household)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_member")
class TestHouseholdMember(CrmHouseholdCommon):
    """Memberships over time, and the bad input they refuse (crm.household.member)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household = cls._create_household("Huis aan de Gracht", **cls.address_canal)
        cls.other_household = cls._create_household("Huis aan de Dijk", **cls.address_dike)
        cls.child = cls._create_person("Sem de Vries")

    def test_membership_contract_fields(self):
        member = self._add_member(self.household, self.person, "head", date_start=self._days(-30))
        self.assertRecordValues(
            member,
            [
                {
                    "household_id": self.household.id,
                    "person_id": self.person.id,
                    "relation": "head",
                    "date_start": self._days(-30),
                    "date_end": False,
                    "state": "current",
                }
            ],
        )
        self.assertEqual(self.person.household_id, self.household)
        self.assertEqual(self.person.household_relation, "head")
        self.assertEqual(self.household.household_current_member_ids, member)
        self.assertEqual(self.household.household_person_ids, self.person)
        self.assertEqual(self.household.household_member_count, 1)
        self.assertFalse(self.household.household_former_member_ids)
        self.assertEqual(self.household.crm_kind, "household")
        self.assertFalse(self.household.is_company)
        self.assertFalse(self.person.parent_id, "a household is not its members' parent")
        self.assertEqual(self.person.commercial_partner_id, self.person)
        self.assertEqual(self.person.name, "Jan de Vries", "joining does not rename the person")

    def test_membership_defaults_to_today_and_other(self):
        member = self.env["crm.household.member"].create(
            {"household_id": self.household.id, "person_id": self.child.id}
        )
        self.assertEqual((member.date_start, member.relation), (self.today, "other"))
        self.assertEqual(member.display_name, "Sem de Vries in Huis aan de Gracht")

    def test_state_follows_the_dates(self):
        future = self._add_member(self.household, self.child, date_start=self._days(10))
        past = self._add_member(
            self.other_household, self.child, date_start=self._days(-100), date_end=self._days(-1)
        )
        current = self._add_member(self.household, self.person, date_start=False)
        self.assertEqual((future.state, past.state, current.state), ("future", "past", "current"))
        Member = self.env["crm.household.member"]
        ours = future | past | current
        self.assertEqual(Member.search([("state", "=", "past"), ("id", "in", ours.ids)]), past)
        self.assertEqual(
            Member.search([("state", "!=", "current"), ("id", "in", ours.ids)]), future | past
        )
        self.assertEqual(self.household.household_current_member_ids, future | current)
        self.assertEqual(self.household.household_person_ids, self.person, "today's members")
        self.assertEqual(self.other_household.household_former_member_ids, past)
        self.assertFalse(self.child.household_id, "not moved in yet")
        with self.assertRaises(UserError):
            Member.search([("state", "like", "cur")])

    def test_moving_out_ends_the_membership_today(self):
        member = self._add_member(self.household, self.person, date_start=self._days(-400))
        self.person.action_move_out_of_household()
        # Gone today: their last day there was yesterday.
        self.assertEqual((member.date_end, member.state), (self._days(-1), "past"))
        self.assertFalse(self.person.household_id)
        self.assertEqual(self.household.household_former_member_ids, member)
        self.assertFalse(self.household.household_current_member_ids)

    def test_moving_on_the_day_of_moving_out(self):
        old = self._add_member(self.household, self.person, date_start=self._days(-400))
        old.action_move_out()
        new = self._add_member(self.other_household, self.person, date_start=self.today)
        self.assertEqual(self.person.household_id, self.other_household)
        self.assertEqual(self.person.household_membership_ids, old | new)

    def test_person_cannot_live_in_two_households_at_the_same_time(self):
        self._add_member(self.household, self.person, date_start=self._days(-400))
        count = self._membership_count()
        with self.assertRefused(ValidationError, "cannot live in .* at the same time"):
            self._add_member(self.other_household, self.person)
        self.assertEqual(self._membership_count(), count, "nothing was written")
        self.assertEqual(self.person.household_id, self.household)

    def test_overlapping_periods_in_the_past_are_refused(self):
        self._add_member(
            self.household, self.person, date_start=self._days(-400), date_end=self._days(-100)
        )
        with self.assertRefused(ValidationError, "at the same time"):
            self._add_member(
                self.other_household,
                self.person,
                date_start=self._days(-200),
                date_end=self._days(-50),
            )
        # Their last day there (inclusive) is the day before the first day elsewhere.
        with self.assertRefused(ValidationError, "at the same time"):
            self._add_member(self.other_household, self.person, date_start=self._days(-100))
        self._add_member(self.other_household, self.person, date_start=self._days(-99))

    def test_the_same_household_twice_at_the_same_time_is_refused(self):
        self._add_member(self.household, self.person)
        with self.assertRefused(ValidationError, "at the same time"):
            self._add_member(self.household, self.person, "partner")

    def test_two_current_heads_are_refused(self):
        self._add_member(self.household, self.person, "head")
        count = self._membership_count()
        with self.assertRefused(ValidationError, "cannot have two heads at the same time"):
            self._add_member(self.household, self.other_person, "head")
        self.assertEqual(self._membership_count(), count)
        partner = self._add_member(self.household, self.other_person, "partner")
        with self.assertRefused(ValidationError, "two heads"):
            partner.relation = "head"
        self.assertEqual(partner.relation, "partner")

    def test_heads_one_after_the_other_are_fine(self):
        first = self._add_member(self.household, self.person, "head", date_start=self._days(-400))
        first.action_move_out()
        second = self._add_member(self.household, self.other_person, "head")
        self.assertEqual(self.household.household_current_member_ids, second)
        # Heads of different households at the same time are fine too.
        self._add_member(self.other_household, self.child, "head")

    def test_a_member_must_be_a_person(self):
        for partner in (self.organisation, self.role, self.other_household):
            with self.subTest(kind=partner.crm_kind):
                with self.assertRefused(ValidationError, "is not a person"):
                    self._add_member(self.household, partner)
        plain = self.env["res.partner"].create({"name": "Unclassified Contact"})
        with self.assertRefused(ValidationError, "is not a person"):
            self._add_member(self.household, plain)
        with self.assertRefused(ValidationError, "is not a household"):
            self._add_member(self.organisation, self.person)
        self.assertFalse(self.household.household_member_ids)

    def test_moving_out_before_moving_in_is_refused(self):
        count = self._membership_count()
        with self.assertRefused(ValidationError, "cannot move out of .* before moving in"):
            self._add_member(
                self.household, self.person, date_start=self.today, date_end=self._days(-1)
            )
        self.assertEqual(self._membership_count(), count)
        member = self._add_member(self.household, self.person, date_start=self._days(-10))
        with self.assertRefused(ValidationError, "Correct the moved-out date"):
            member.date_end = self._days(-11)
        self.assertFalse(member.date_end)
        member.date_end = self.today
        with self.assertRefused(ValidationError, "before moving in"):
            member.date_start = self._days(1)
        self.assertEqual(member.date_start, self._days(-10))

    def test_a_membership_is_not_moved_to_another_person_or_household(self):
        member = self._add_member(self.household, self.person)
        with self.assertRefused(UserError, "cannot be moved"):
            member.household_id = self.other_household
        with self.assertRefused(UserError, "cannot be moved"):
            member.person_id = self.other_person
        self.assertEqual(member.household_id, self.household)

    def test_household_with_members_is_archived_not_deleted(self):
        self._add_member(self.household, self.person, date_start=self._days(-10)).action_move_out()
        with self.assertRefused(UserError, "has members .* archive it instead"):
            self.household.unlink()
        self.assertTrue(self.household.exists())
        self.household.action_archive()
        self.assertFalse(self.household.active)

    def test_household_with_documents_is_archived_not_deleted(self):
        self._confirmed_order(self.other_household, self.today)
        with self.assertRefused(UserError, "has sales orders or invoices"):
            self.other_household.unlink()
        self.assertTrue(self.other_household.exists())

    def test_empty_household_can_be_deleted(self):
        household = self._create_household("Lege Woning")
        household.unlink()
        self.assertFalse(household.exists())

    def test_person_with_a_household_history_is_kept(self):
        self._add_member(self.household, self.child)
        with self.assertRefused(UserError, "lived in .* archive the person instead"):
            self.child.unlink()
        self.assertTrue(self.child.exists())

    def test_kind_changes_that_would_orphan_memberships_are_refused(self):
        self._add_member(self.household, self.child)
        with self.assertRefused(ValidationError, "must stay a person"):
            self.child.crm_kind = False
        with self.assertRefused(ValidationError, "must stay a household"):
            self.household.crm_kind = False

    def test_household_is_no_company_and_has_no_parent(self):
        with self.assertRefused(ValidationError, "cannot be a company"):
            self.household.is_company = True
        with self.assertRefused(ValidationError, "has no parent"):
            self.household.parent_id = self.organisation

    def test_search_persons_by_household(self):
        self._add_member(self.household, self.person)
        self._add_member(self.household, self.child, date_start=self._days(-20)).action_move_out()
        self._add_member(self.other_household, self.child)
        Partner = self.env["res.partner"]
        persons = self.person | self.child | self.other_person
        ours = [("id", "in", persons.ids)]
        self.assertEqual(
            Partner.search([*ours, ("household_id", "=", self.household.id)]), self.person
        )
        self.assertEqual(
            Partner.search([*ours, ("household_id", "in", self.other_household.ids)]), self.child
        )
        self.assertEqual(Partner.search([*ours, ("household_id", "=", False)]), self.other_person)
        self.assertEqual(
            Partner.search([*ours, ("household_id", "!=", False)]), self.person | self.child
        )
        self.assertEqual(Partner.search([*ours, ("household_id", "ilike", "Dijk")]), self.child)
        self.assertEqual(
            Partner.search([*ours, ("household_id", "!=", self.household.id)]),
            self.child | self.other_person,
        )

    def test_setting_the_household_of_a_person_moves_them_today(self):
        member = self._add_member(self.household, self.person, date_start=self._days(-300))
        self.person.household_id = self.other_household
        # Gone today: their last day there was yesterday.
        self.assertEqual((member.date_end, member.state), (self._days(-1), "past"))
        self.assertEqual(self.person.household_id, self.other_household)
        new = self.person.household_membership_ids - member
        self.assertRecordValues(new, [{"date_start": self.today, "relation": "other"}])
        # Gone the day it would have started: it never was, and is removed.
        self.person.household_id = False
        self.assertFalse(new.exists())
        self.assertFalse(self.person.household_id)

    def test_search_households_by_number_of_members(self):
        self._add_member(self.household, self.person)
        self._add_member(self.household, self.other_person)
        self._add_member(self.other_household, self.child)
        empty = self._create_household("Leeg Huis")
        Partner = self.env["res.partner"]
        ours = [("id", "in", (self.household | self.other_household | empty).ids)]
        for domain, expected in (
            ([("household_member_count", "=", 2)], self.household),
            ([("household_member_count", "=", 1)], self.other_household),
            ([("household_member_count", "=", 0)], empty),
            ([("household_member_count", ">=", 1)], self.household | self.other_household),
            ([("household_member_count", "<", 2)], self.other_household | empty),
            ([("household_member_count", "!=", 1)], self.household | empty),
        ):
            with self.subTest(domain=domain):
                self.assertEqual(Partner.search([*ours, *domain]), expected)
        with self.assertRaises(UserError):
            Partner.search([("household_member_count", "=", "two")])
        self.assertEqual(
            Partner.search([*ours, ("household_person_ids", "=", self.child.id)]),
            self.other_household,
        )

    def test_the_end_date_is_the_last_day_there_as_for_a_role(self):
        """One rule for memberships and roles (crm.dated.link.mixin), across dates."""
        member = self._add_member(
            self.household, self.person, date_start=self._days(10), date_end=self._days(20)
        )
        role = self.env["res.partner"].create(
            {
                "crm_kind": "role",
                "role_person_id": self.person.id,
                "parent_id": self.organisation.id,
                "role_date_start": self._days(10),
                "role_date_end": self._days(20),
            }
        )
        Member = self.env["crm.household.member"]
        Partner = self.env["res.partner"]
        for day, state in ((9, "future"), (10, "current"), (20, "current"), (21, "past")):
            with self.subTest(day=day), freeze_time(self._days(day)):
                member.invalidate_recordset(["state"])
                role.invalidate_recordset(["role_state"])
                self.assertEqual((member.state, role.role_state), (state, state))
                in_state = Member.search([("id", "=", member.id), ("state", "=", state)])
                self.assertEqual(in_state, member)
                self.assertEqual(
                    Partner.search([("id", "=", role.id), ("role_state", "=", state)]), role
                )
        for day, held in ((9, False), (10, True), (20, True), (21, False)):
            with self.subTest(on=day):
                lived = Member.search(
                    [("id", "=", member.id), ("lived_there_on", "=", self._days(day))]
                )
                held_on = Partner.search(
                    [("id", "=", role.id), ("role_active_on", "=", self._days(day))]
                )
                self.assertEqual((bool(lived), bool(held_on)), (held, held))

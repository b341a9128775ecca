# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_role")
class TestRole(CrmRelationshipCommon):
    def _roles_with_state(self, state, roles):
        return (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("id", "in", roles.ids), ("role_state", "=", state)])
        )

    def test_role_is_a_child_contact_of_its_organisation(self):
        self.assertRecordValues(
            self.role,
            [
                {
                    "crm_kind": "role",
                    "parent_id": self.organisation.id,
                    "role_person_id": self.person.id,
                    "role_organisation_id": self.organisation.id,
                    "commercial_partner_id": self.organisation.id,
                    "is_company": False,
                    "type": "contact",
                    "name": "Jan de Vries",
                    "function": "CTO",
                }
            ],
        )
        self.assertEqual(self.role.display_name, "Windmolen BV, Jan de Vries")
        self.assertIn(self.role, self.organisation.child_ids)

    def test_role_carries_its_own_department_and_work_contact_details(self):
        self.role.write(
            {
                "crm_department": "Engineering",
                "mobile": "+31 6 3333 3333",
            }
        )
        self.assertRecordValues(
            self.role,
            [
                {
                    "crm_department": "Engineering",
                    "email": "jan.devries@windmolen.example",
                    "phone": "+31 20 222 2222",
                    "mobile": "+31 6 3333 3333",
                }
            ],
        )
        self.assertRecordValues(
            self.person,
            [{"email": "jan@devries.example", "phone": "+31 6 1111 1111", "mobile": False}],
        )
        self.assertFalse(self.past_role.email, "each role has its own work email")

    def test_role_kind_is_implied_by_its_person(self):
        role = self.env["res.partner"].create(
            {"role_person_id": self.other_person.id, "parent_id": self.organisation.id}
        )
        self.assertEqual(role.crm_kind, "role")
        self.assertEqual(role.name, "Anna Bakker")

    def test_contact_classified_as_role_takes_its_persons_name(self):
        contact = self.env["res.partner"].create(
            {"name": "A. Bakker", "parent_id": self.organisation.id, "function": "Buyer"}
        )
        contact.write({"crm_kind": "role", "role_person_id": self.other_person.id})
        self.assertEqual(contact.name, "Anna Bakker")
        self.assertEqual(contact.role_state, "current")
        self.assertIn(contact, self.other_person.role_ids)

    def test_role_created_from_a_person_context_gets_that_person(self):
        role = (
            self.env["res.partner"]
            .with_context(default_crm_kind="role", default_role_person_id=self.other_person.id)
            .create({"parent_id": self.organisation.id, "function": "Buyer"})
        )
        self.assertEqual(role.role_person_id, self.other_person)
        self.assertEqual(role.name, "Anna Bakker")

    def test_role_state_follows_the_calendar_without_a_cron(self):
        with freeze_time("2024-01-01"):
            role = self._create_role(
                self.other_person,
                self.organisation,
                function="Trainee",
                role_date_start=date(2024, 3, 1),
                role_date_end=date(2024, 8, 31),
            )
        for day, state in [
            ("2024-02-29", "future"),
            ("2024-03-01", "current"),
            ("2024-08-31", "current"),
            ("2024-09-01", "past"),
        ]:
            with self.subTest(day=day), freeze_time(day):
                # A new transaction starts with an empty cache: simulate it.
                self.env.invalidate_all()
                self.assertEqual(role.role_state, state)
                self.assertEqual(self._roles_with_state(state, role), role)
                others = {"future", "current", "past"} - {state}
                self.assertFalse(
                    self.env["res.partner"].search(
                        [("id", "=", role.id), ("role_state", "in", list(others))]
                    )
                )

    def test_role_state_follows_the_users_own_day(self):
        role = self._create_role(
            self.other_person, self.organisation, role_date_end=date(2024, 8, 31)
        )
        with freeze_time("2024-08-31 23:30:00"):
            self.env.invalidate_all()
            in_utc = role.with_context(tz="UTC")
            in_auckland = role.with_context(tz="Pacific/Auckland")
            self.assertEqual(in_utc.role_state, "current")
            self.assertEqual(in_auckland.role_state, "past", "it is 1 September in Auckland")
            self.assertFalse(in_utc.search([("id", "=", role.id), ("role_state", "=", "past")]))
            self.assertTrue(in_auckland.search([("id", "=", role.id), ("role_state", "=", "past")]))

    def test_role_without_dates_is_current(self):
        role = self._create_role(self.other_person, self.organisation)
        self.assertEqual(role.role_state, "current")
        role.role_date_end = self.today
        self.assertEqual(role.role_state, "current", "a role is current on its last day")

    def test_role_state_is_searchable_with_every_operator(self):
        with freeze_time("2030-06-15"):
            self.env.invalidate_all()
            future = self._create_role(
                self.other_person, self.other_organisation, role_date_start=date(2031, 1, 1)
            )
            roles = self.role | self.past_role | future
            Partner = self.env["res.partner"]
            scope = [("id", "in", (roles | self.person).ids)]
            self.assertEqual(Partner.search(scope + [("role_state", "=", "current")]), self.role)
            self.assertEqual(Partner.search(scope + [("role_state", "=", "past")]), self.past_role)
            self.assertEqual(Partner.search(scope + [("role_state", "=", "future")]), future)
            self.assertEqual(
                Partner.search(scope + [("role_state", "in", ["current", "future"])]),
                self.role | future,
            )
            self.assertEqual(
                Partner.search(scope + [("role_state", "!=", "past")]),
                self.role | future | self.person,
                "a person has no role status, so it is not 'past'",
            )
            self.assertEqual(
                Partner.search(scope + [("role_state", "not in", ["past", "future"])]),
                self.role | self.person,
            )
            self.assertEqual(Partner.search(scope + [("role_state", "=", False)]), self.person)
            self.assertEqual(Partner.search(scope + [("role_state", "!=", False)]), roles)
            with self.assertRefused(UserError, "use future, current or past"):
                Partner.search([("role_state", "=", "ongoing")])

    def test_roles_held_on_a_date_can_be_searched(self):
        Partner = self.env["res.partner"]
        held_before = Partner.search(
            [
                ("role_person_id", "=", self.person.id),
                ("role_active_on", "=", self.past_role.role_date_end),
            ]
        )
        self.assertEqual(held_before, self.past_role)
        held_now = Partner.search(
            [("role_person_id", "=", self.person.id), ("role_active_on", "=", self.today)]
        )
        self.assertEqual(held_now, self.role)

    def test_role_without_person_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(ValidationError, "A role needs a person: choose the person"):
            self.env["res.partner"].create(
                {"crm_kind": "role", "parent_id": self.organisation.id, "function": "CFO"}
            )
        self.assertEqual(self._partner_count(), count)

    def test_role_without_organisation_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(ValidationError, "needs an organisation: choose the organisation"):
            self.env["res.partner"].create(
                {"crm_kind": "role", "role_person_id": self.other_person.id}
            )
        self.assertEqual(self._partner_count(), count)

    def test_role_whose_person_is_not_a_person_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(ValidationError, "Polder Consult is not a person"):
            self._create_role(self.other_organisation, self.organisation)
        plain_contact = self.env["res.partner"].create({"name": "Plain Contact"})
        count = self._partner_count()
        with self.assertRefused(ValidationError, "Plain Contact is not a person"):
            self._create_role(plain_contact, self.organisation)
        self.assertEqual(self._partner_count(), count)

    def test_role_whose_organisation_is_not_an_organisation_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(ValidationError, "Anna Bakker is not an organisation"):
            self._create_role(self.person, self.other_person)
        self.assertEqual(self._partner_count(), count)

    def test_role_ending_before_it_starts_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(
            ValidationError, "ends .* before it starts .* Correct the end date"
        ):
            self._create_role(
                self.other_person,
                self.organisation,
                role_date_start=date(2024, 5, 1),
                role_date_end=date(2024, 4, 30),
            )
        self.assertEqual(self._partner_count(), count)
        start = self.role.role_date_start
        with self.assertRefused(ValidationError, "Correct the end date"):
            self.role.role_date_end = date(2000, 1, 1)
        self.assertEqual(self.role.role_date_start, start)
        self.assertFalse(self.role.role_date_end, "nothing was written")

    def test_role_cannot_be_moved_to_another_organisation_or_person(self):
        for values in (
            {"parent_id": self.other_organisation.id},
            {"parent_id": False},
            {"role_person_id": self.other_person.id},
        ):
            with self.subTest(values=values):
                with self.assertRefused(UserError, "cannot be moved .* start a new role"):
                    self.role.write(values)
                self.assertEqual(self.role.parent_id, self.organisation)
                self.assertEqual(self.role.role_person_id, self.person)
        # Writing the same organisation again is no move.
        self.role.write({"parent_id": self.organisation.id})

    def test_role_cannot_become_another_kind(self):
        with self.assertRefused(ValidationError, "Only a role can be linked to a person"):
            self.role.crm_kind = False
        with self.assertRefused(ValidationError, "cannot have a parent company"):
            self.role.crm_kind = "person"
        self.assertEqual(self.role.crm_kind, "role")

    def test_role_cannot_be_a_company(self):
        with self.assertRefused(ValidationError, "A role cannot be a company: leave 'Company'"):
            self.role.is_company = True
        self.assertFalse(self.role.is_company)
        self.assertEqual(self.role.commercial_partner_id, self.organisation)

    def test_job_change_ends_the_old_role_and_starts_a_new_one(self):
        self.role.action_end_role()
        self.assertEqual(self.role.role_date_end, self.today)
        new_role = self._create_role(
            self.person, self.other_organisation, function="Partner", role_date_start=self.today
        )
        self.assertEqual(self.person.role_ids, self.past_role | self.role | new_role)
        self.assertIn(self.role, self.organisation.role_ids, "the organisation keeps its history")
        self.assertEqual(self.role.name, self.person.name)

    def test_ending_a_future_role_ends_it_on_its_start_date(self):
        role = self._create_role(
            self.other_person, self.organisation, role_date_start=date(2999, 1, 1)
        )
        role.action_end_role()
        self.assertEqual(role.role_date_end, date(2999, 1, 1))

    def test_role_ids_lists_every_role_ended_ones_included(self):
        self.assertEqual(self.person.role_ids, self.past_role | self.role)
        self.assertEqual(self.person.role_count, 2)
        self.assertEqual(self.person.current_role_count, 1)
        self.assertEqual(self.organisation.role_ids, self.role)
        self.assertEqual(self.other_organisation.role_ids, self.past_role)
        self.assertFalse(self.other_person.role_ids)
        self.assertFalse(self.role.role_ids, "a role has no roles")

    def test_role_ids_is_searchable(self):
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("role_ids", "in", self.past_role.ids)]),
            self.person | self.other_organisation,
        )
        holders = self.person | self.other_person | self.organisation | self.other_organisation
        scope = [("id", "in", holders.ids)]
        self.assertEqual(Partner.search(scope + [("role_ids", "=", False)]), self.other_person)
        self.assertEqual(
            Partner.search(scope + [("role_ids", "!=", False)]), holders - self.other_person
        )
        self.assertEqual(
            Partner.search(scope + [("role_ids", "not in", self.role.ids)]),
            self.other_person | self.other_organisation,
        )

    def test_position_summary_shows_current_positions(self):
        year = self.role.role_date_start.year
        self.assertEqual(self.person.crm_position_summary, f"CTO at Windmolen BV since {year}")
        self._create_role(self.person, self.other_organisation)
        self.env.invalidate_all()
        self.assertEqual(
            self.person.crm_position_summary,
            f"CTO at Windmolen BV since {year}, At Polder Consult",
        )
        self.assertFalse(self.other_person.crm_position_summary)

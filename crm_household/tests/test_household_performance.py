# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import Form, tagged, users, warmup

from odoo.addons.crm_relationship_model.tests.common import CrmQueryCountMixin

from .common import CrmHouseholdCommon

HOUSEHOLD_FORM = "crm_household.res_partner_household_view_form"


@tagged("post_install", "-at_install", "is_query_count", "crm_hh_performance")
class TestHouseholdPerformance(CrmQueryCountMixin, CrmHouseholdCommon):
    """Query counts stay flat: they do not grow with the number of members, households
    or persons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.persons = {
            size: Partner.create(
                [{"crm_kind": "person", "name": f"Lid{size} Achternaam{i}"} for i in range(size)]
            )
            for size in (2, 20)
        }
        cls.households = {}
        for size, persons in cls.persons.items():
            cls.households[size] = cls._create_household(
                f"Huis met {size}",
                members=[
                    (person, "head" if i == 0 else "other") for i, person in enumerate(persons)
                ],
                **cls.address_canal,
            )
            # A former member too: both lists are read.
            former = Partner.create({"crm_kind": "person", "name": f"Oud Lid{size}"})
            cls._add_member(
                cls.households[size],
                former,
                date_start=cls.today - relativedelta(years=2),
                date_end=cls.today - relativedelta(years=1),
            )
        # Households of two members each, for the lists.
        cls.household_lists = {}
        for size in (2, 20):
            members = Partner.create(
                [{"crm_kind": "person", "name": f"Lijst{size} Lid{i}"} for i in range(2 * size)]
            )
            cls.household_lists[size] = Partner.create(
                [
                    {
                        "crm_kind": "household",
                        "city": "Utrecht",
                        "household_member_ids": [
                            Command.create({"person_id": members[2 * i].id, "relation": "head"}),
                            Command.create(
                                {"person_id": members[2 * i + 1].id, "relation": "partner"}
                            ),
                        ],
                    }
                    for i in range(size)
                ]
            )
        cls.new_persons = {
            size: Partner.create(
                [{"crm_kind": "person", "name": f"Nieuw{size} Lid{i}"} for i in range(size)]
            )
            for size in (2, 20)
        }

    @users("crm_rm_salesman")
    @warmup
    def test_opening_a_household_costs_the_same_with_2_or_20_members(self):
        spec = dict(
            Form(self.households[2].with_env(self.env), view=HOUSEHOLD_FORM)._view["fields_spec"]
        )
        self.assertIn("household_current_member_ids", spec)
        counts = {}
        for size, household in self.households.items():
            # 5 of them the complaint and open offer counts (scope, grouped counts) and
            # crm_claim's own hidden button's count; 1 the segment history of the Customer
            # Value tab. 47 before the Purchase History tab's invoicing, categories and
            # recent orders were read by the tab when opened (they read the members and
            # commercial contacts again) and the claims counted in one query.
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=39):
                [values] = household.with_env(self.env).web_read(spec)
            self.assertEqual(len(values["household_current_member_ids"]), size)
            self.assertEqual(values["household_member_count"], size)
        self._assert_flat(counts)

    @users("crm_rm_salesman")
    @warmup
    def test_listing_households_costs_the_same_for_2_or_20(self):
        # What the list and the phone cards read.
        spec = {
            "name": {},
            "household_salutation": {},
            "household_member_count": {},
            "household_person_ids": {"fields": {"display_name": {}}},
            "city": {},
            "household_status": {},
            "crm_segment_ids": {"fields": {"display_name": {}, "color": {}}},
            "crm_last_purchase_date": {},
        }
        counts = {}
        for size, households in self.household_lists.items():
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=14):
                rows = households.with_env(self.env).web_read(spec)
            self.assertEqual({row["household_member_count"] for row in rows}, {2})
        self._assert_flat(counts)

    @users("crm_rm_salesman")
    @warmup
    def test_creating_a_household_costs_the_same_with_2_or_20_members(self):
        counts = {}
        for size, persons in self.new_persons.items():
            # 47 since partner_firstname composes and splits the household's name (was 34);
            # 50 with the members' duplicate-detection keys kept up to date.
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=50):
                household = self.env["res.partner"].create(
                    {
                        "crm_kind": "household",
                        **self.address_dike,
                        "household_member_ids": [
                            Command.create({"person_id": person.id, "relation": "other"})
                            for person in persons
                        ],
                    }
                )
            self.assertEqual(set(persons.mapped("city")), {"Andijk"})
            self.assertEqual(household.household_member_count, size)
            # The next warm-up round creates them again.
            household.household_member_ids.unlink()
            persons.with_context(crm_household_address_sync=True).write({"city": False})
        self._assert_flat(counts)

    @users("crm_rm_salesman")
    @warmup
    def test_changing_the_address_costs_the_same_for_2_or_20_members(self):
        counts = {}
        for size, household in self.households.items():
            street = f"Herengracht {size}{self.warm}"
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=22):
                household.with_env(self.env).write({"street": street})
            self.assertEqual(set(self.persons[size].mapped("street")), {street})
        self._assert_flat(counts)

    @users("crm_rm_salesman")
    @warmup
    def test_persons_with_their_household_cost_the_same_for_2_or_20(self):
        spec = {"name": {}, "household_id": {"fields": {"display_name": {}}}, "city": {}}
        counts = {}
        for size, persons in self.persons.items():
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=6):
                rows = persons.with_env(self.env).web_read(spec)
            self.assertEqual(
                {row["household_id"]["id"] for row in rows}, {self.households[size].id}
            )
        self._assert_flat(counts)

    @users("crm_rm_salesman")
    @warmup
    def test_mailing_selection_costs_the_same_for_2_or_20_persons(self):
        counts = {}
        for size, persons in self.persons.items():
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=15):
                action = persons.with_env(self.env).action_open_household_mailing()
                rows = self.env["crm.household.mailing.recipient"].search_read(
                    action["domain"], ["name", "salutation", "street", "city"]
                )
            self.assertEqual(len(rows), 1, "one row for the household")
        self._assert_flat(counts)

    @users("crm_rm_salesman")
    @warmup
    def test_status_recomputation_costs_the_same_for_2_or_20_households(self):
        counts = {}
        for size, households in self.household_lists.items():
            with self._count_queries(counts, size), self.assertQueryCount(crm_rm_salesman=6):
                households.with_env(self.env).action_recompute_household_status()
        self._assert_flat(counts)

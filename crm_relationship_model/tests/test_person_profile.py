# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged, users, warmup

from .common import CrmQueryCountMixin, CrmRelationshipCommon

PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"


class PersonProfileCommon(CrmRelationshipCommon):
    """Profile vocabularies of their own, so that the tests do not depend on demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.eur = env.ref("base.EUR")
        # The installed bands are in euros, the highest without a maximum: these tests'
        # own bands are in Swiss francs.
        cls.chf = env.ref("base.CHF")
        cls.master = env.ref("crm_relationship_model.crm_education_level_master")
        cls.category_sports = env["crm.interest.category"].create({"name": "Watersport"})
        cls.sailing = env["crm.interest"].create(
            {"name": "Zeilen", "category_id": cls.category_sports.id}
        )
        cls.rowing = env["crm.interest"].create(
            {"name": "Roeien", "category_id": cls.category_sports.id}
        )
        cls.band_low = env["crm.income.band"].create(
            {
                "name": "Test Laag",
                "currency_id": cls.chf.id,
                "amount_min": 1_000_000,
                "amount_max": 2_000_000,
            }
        )
        cls.band_high = env["crm.income.band"].create(
            {
                "name": "Test Hoog",
                "currency_id": cls.chf.id,
                "amount_min": 2_000_000,
                "amount_max": 3_000_000,
            }
        )
        cls.club = cls._create_organisation("Roeivereniging De Amstel", crm_is_association=True)
        cls.product_category = env["product.category"].create({"name": "Zeilkleding"})


@tagged("post_install", "-at_install", "crm_rm_profile")
class TestPersonProfile(PersonProfileCommon):
    def test_salesman_fills_in_a_profile_on_the_person_form(self):
        person = self.person.with_user(self.user_salesman)
        with Form(person, view=PERSON_FORM) as form:
            form.crm_occupation = "Software architect"
            form.crm_employment_status = "self_employed"
            form.crm_education_level_id = self.master
            form.crm_income_band_id = self.band_low
            form.crm_interest_ids.add(self.sailing)
            form.crm_preferred_channel = "phone"
            form.crm_preferred_daypart = "evening"
            form.crm_preferred_weekday_ids.add(
                self.env.ref("crm_relationship_model.crm_weekday_friday")
            )
            form.crm_stated_category_ids.add(self.product_category)
        self.assertRecordValues(
            self.person,
            [
                {
                    "crm_occupation": "Software architect",
                    "crm_employment_status": "self_employed",
                    "crm_education_level_id": self.master.id,
                    "crm_income_band_id": self.band_low.id,
                    "crm_interest_ids": self.sailing.ids,
                    "crm_preferred_channel": "phone",
                    "crm_preferred_daypart": "evening",
                    "crm_preferred_weekday_ids": self.env.ref(
                        "crm_relationship_model.crm_weekday_friday"
                    ).ids,
                    "crm_stated_category_ids": self.product_category.ids,
                }
            ],
        )

    def test_occupation_is_shown_beside_the_current_positions(self):
        arch = (
            self.env["res.partner"]
            .with_user(self.user_salesman)
            .get_view(self.env.ref(PERSON_FORM).id)["arch"]
        )
        header = arch.split('name="person_positions"', 1)[1].split("<notebook", 1)[0]
        self.assertIn('name="crm_occupation"', header)
        self.assertIn('name="profile"', arch, "the Profile page")
        self.assertLess(arch.index('name="positions"'), arch.index('name="profile"'))

    def test_weekdays_are_the_seven_days_from_monday(self):
        days = self.env["crm.weekday"].search([])
        self.assertEqual(
            days.mapped("name"),
            ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        )

    def test_default_lists_are_there(self):
        self.assertGreaterEqual(self.env["crm.education.level"].search_count([]), 6)
        bands = self.env["crm.income.band"].search([("currency_id", "=", self.eur.id)])
        self.assertEqual(len(bands), 4)
        self.assertFalse(bands.sorted("amount_min")[-1].amount_max, "the top band is open")

    # ------------------------------------------------------------------
    # Only a person has a profile
    # ------------------------------------------------------------------

    def test_profile_on_an_organisation_or_role_is_refused(self):
        for partner, vals in (
            (self.organisation, {"crm_occupation": "Bakery"}),
            (self.organisation, {"crm_interest_ids": [Command.link(self.sailing.id)]}),
            (self.role, {"crm_employment_status": "employed"}),
            (self.role, {"crm_income_band_id": self.band_low.id}),
        ):
            with self.subTest(partner=partner.name, vals=vals):
                with self.assertRefused(ValidationError, f"{partner.display_name} is not a person"):
                    partner.with_user(self.user_salesman).write(vals)
                field = next(iter(vals))
                self.assertFalse(partner[field], "nothing was written")

    def test_refusal_names_the_profile_fields(self):
        with self.assertRefused(ValidationError, r"Occupation, Preferred Channel"):
            self._create_organisation(
                "Bakkerij Brood", crm_occupation="Bakery", crm_preferred_channel="post"
            )

    def test_person_with_a_profile_cannot_become_an_organisation(self):
        self.other_person.crm_occupation = "Baker"
        with self.assertRefused(ValidationError, "Anna Bakker is not a person"):
            self.other_person.write({"crm_kind": "organisation", "is_company": True})
        self.assertEqual(self.other_person.crm_kind, "person")

    def test_only_an_organisation_is_a_club(self):
        with self.assertRefused(ValidationError, "only an organisation can be a club"):
            self.person.crm_is_association = True
        self.assertFalse(self.person.crm_is_association)

    # ------------------------------------------------------------------
    # Income bands
    # ------------------------------------------------------------------

    def test_band_with_maximum_below_minimum_is_refused(self):
        with self.assertRefused(ValidationError, "Test Laag has a maximum below its minimum"):
            self.band_low.amount_max = 500_000
        self.assertEqual(self.band_low.amount_max, 2_000_000)

    def test_overlapping_bands_are_refused_naming_both(self):
        count = self.env["crm.income.band"].search_count([])
        with self.assertRefused(ValidationError, "Test Midden and Test (Laag|Hoog) overlap"):
            self.env["crm.income.band"].create(
                {
                    "name": "Test Midden",
                    "currency_id": self.chf.id,
                    "amount_min": 1_500_000,
                    "amount_max": 2_500_000,
                }
            )
        self.assertEqual(self.env["crm.income.band"].search_count([]), count)

    def test_open_band_overlaps_every_band_above_it(self):
        with self.assertRefused(ValidationError, "Test Open and Test Hoog overlap"):
            self.env["crm.income.band"].create(
                {"name": "Test Open", "currency_id": self.chf.id, "amount_min": 2_500_000}
            )

    def test_bands_that_meet_or_have_another_currency_are_accepted(self):
        usd = self.env.ref("base.USD")
        bands = self.env["crm.income.band"].create(
            [
                {
                    "name": "Test Erboven",
                    "currency_id": self.chf.id,
                    "amount_min": 3_000_000,
                    "amount_max": 4_000_000,
                },
                {
                    "name": "Test Dollars",
                    "currency_id": usd.id,
                    "amount_min": 1_500_000,
                    "amount_max": 2_500_000,
                },
            ]
        )
        self.assertEqual(len(bands), 2)

    def test_archived_band_does_not_count_as_overlap(self):
        self.band_high.active = False
        self.band_low.amount_max = 2_500_000
        with self.assertRefused(ValidationError, "overlap"):
            self.band_high.active = True

    # ------------------------------------------------------------------
    # Clubs and associations
    # ------------------------------------------------------------------

    def test_club_roles_are_the_current_roles_at_associations(self):
        member = self._create_role(self.person, self.club, function="Member")
        former_club = self._create_organisation("Schaakclub", crm_is_association=True)
        self._create_role(
            self.person,
            former_club,
            function="Member",
            role_date_start=self.today - relativedelta(years=5),
            role_date_end=self.today - relativedelta(years=1),
        )
        self.assertEqual(
            self.person.crm_club_role_ids, member, "not the CTO role, not the past club"
        )
        self.assertFalse(self.other_person.crm_club_role_ids)
        self.assertFalse(self.organisation.crm_club_role_ids)

    def test_flagging_an_organisation_as_club_lists_its_roles(self):
        self.assertFalse(self.person.crm_club_role_ids)
        self.organisation.crm_is_association = True
        self.assertEqual(self.person.crm_club_role_ids, self.role)

    # ------------------------------------------------------------------
    # Filters, group-bys, pivot
    # ------------------------------------------------------------------

    def test_profile_fields_filter_and_group_persons(self):
        self.person.write(
            {
                "crm_employment_status": "employed",
                "crm_interest_ids": [Command.set((self.sailing | self.rowing).ids)],
                "crm_income_band_id": self.band_low.id,
            }
        )
        self.other_person.write(
            {
                "crm_employment_status": "retired",
                "crm_interest_ids": [Command.set(self.sailing.ids)],
            }
        )
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        persons = self.person | self.other_person
        domain = [("id", "in", persons.ids)]
        groups = Partner._read_group(domain, ["crm_interest_ids"], ["__count"])
        self.assertEqual(dict(groups), {self.sailing: 2, self.rowing: 1})
        groups = Partner._read_group(domain, ["crm_employment_status"], ["__count"])
        self.assertEqual(dict(groups), {"employed": 1, "retired": 1})
        self.assertEqual(
            Partner.search(domain + [("crm_income_band_id", "=", self.band_low.id)]), self.person
        )
        self.assertEqual(
            Partner.search(domain + [("crm_interest_ids", "in", self.rowing.ids)]), self.person
        )

    def test_person_action_has_a_pivot_with_profile_fields(self):
        action = self.env.ref("crm_relationship_model.res_partner_person_action")
        self.assertIn("pivot", action.view_mode)
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        pivot = Partner.get_view(
            self.env.ref("crm_relationship_model.res_partner_person_view_pivot").id
        )["arch"]
        self.assertIn('name="crm_employment_status"', pivot)
        search = Partner.get_view(action.search_view_id.id)["arch"]
        for name in (
            "group_employment_status",
            "group_education_level",
            "group_income_band",
            "group_preferred_channel",
            "group_interests",
        ):
            self.assertIn(name, search)


@tagged("post_install", "-at_install", "is_query_count", "crm_rm_profile")
class TestPersonProfilePerformance(CrmQueryCountMixin, PersonProfileCommon):
    """Club roles: one query for a batch of persons, however many."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.persons_2 = cls.env["res.partner"].create(
            [{"crm_kind": "person", "name": f"Lid {i}"} for i in range(2)]
        )
        cls.persons_20 = cls.env["res.partner"].create(
            [{"crm_kind": "person", "name": f"Roeier {i}"} for i in range(20)]
        )
        cls.env["res.partner"].create(
            [
                {
                    "crm_kind": "role",
                    "role_person_id": person.id,
                    "parent_id": cls.club.id,
                    "function": "Member",
                }
                for person in cls.persons_2 | cls.persons_20
            ]
        )

    @users("crm_rm_salesman")
    @warmup
    def test_club_roles_of_a_batch_cost_the_same_for_2_or_20(self):
        counts = {}
        for key, persons in (("2", self.persons_2), ("20", self.persons_20)):
            with self._count_queries(counts, key), self.assertQueryCount(crm_rm_salesman=5):
                rows = persons.with_env(self.env).read(["crm_club_role_ids", "crm_occupation"])
            self.assertTrue(all(len(row["crm_club_role_ids"]) == 1 for row in rows))
        self._assert_flat(counts)

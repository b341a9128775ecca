# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from odoo.addons.crm_relationship_model.tests.common import CrmTourCase, PhoneTourMixin

TOUR = "crm_household_tour"


class HouseholdTourCase(CrmTourCase):
    """A salesman runs static/tests/tours/crm_household_tour.js in Chromium; the test then
    checks what the screens wrote."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.hendrik = Partner.create(
            {
                "crm_kind": "person",
                "name": "Hendrik Tourkok",
                "street": "Oudweg 1",
                "city": "Oudorp",
            }
        )
        cls.fenna = Partner.create(
            {"crm_kind": "person", "name": "Fenna Toursmit", "street": "Elders 9", "city": "Ergens"}
        )

    tour_salesman_login = "crm_hh_tour_salesman"
    tour_salesman_name = "Household Tour Salesman"

    def _run_household_tour(self, url):
        self._run_tour(url, TOUR)
        household = self.env["res.partner"].search([("household_person_ids", "=", self.hendrik.id)])
        self.assertRecordValues(
            household,
            [
                {
                    "crm_kind": "household",
                    "name": "Tourkok-Toursmit",
                    "household_name_custom": False,
                    "household_salutation": "Dear Hendrik Tourkok and Fenna Toursmit",
                    "street": "Tourweg 2",
                    "city": "Tourdorp",
                    "parent_id": False,
                    "create_uid": self.salesman.id,
                }
            ],
        )
        self.assertEqual(household.household_person_ids, self.hendrik | self.fenna)
        self.assertEqual(
            sorted(household.household_member_ids.mapped("relation")), ["head", "partner"]
        )
        for person in (self.hendrik, self.fenna):
            self.assertEqual((person.street, person.city), ("Tourweg 2", "Tourdorp"))
            self.assertEqual(person.household_id, household)
            self.assertFalse(person.parent_id, "a household is not its members' parent")


@tagged("post_install", "-at_install", "is_tour", "crm_hh_tours")
class TestHouseholdTourDesktop(HouseholdTourCase):
    def test_household_tour_desktop(self):
        # Starts on the home page: the tour goes through the CRM menu.
        self._run_household_tour("/odoo")


@tagged("post_install", "-at_install", "is_tour", "crm_hh_tours")
class TestHouseholdTourMobile(PhoneTourMixin, HouseholdTourCase):
    # On a phone, member lines become cards and dialogs.

    def test_household_tour_mobile(self):
        self._run_household_tour("/odoo/action-crm_household.res_partner_household_action")

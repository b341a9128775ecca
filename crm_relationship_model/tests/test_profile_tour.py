# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmTourCase, PhoneTourMixin

TOUR = "crm_relationship_model_profile_tour"


class ProfileTourCase(CrmTourCase):
    """A salesman runs static/tests/tours/crm_relationship_model_profile_tour.js: fills
    in a person's profile on its Profile tab and saves it."""

    tour_salesman_login = "crm_rm_profile_salesman"
    tour_salesman_name = "Profile Salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env["res.partner"].create(
            {"crm_kind": "person", "firstname": "Pim", "lastname": "Profiel"}
        )
        # In Swiss francs: the installed bands are in euros.
        cls.band = cls.env["crm.income.band"].create(
            {
                "name": "Tour Band",
                "currency_id": cls.env.ref("base.CHF").id,
                "amount_min": 9_000_000,
            }
        )
        cls.interest = cls.env["crm.interest"].create({"name": "Tourzeilen"})

    def _run_profile_tour(self):
        self._run_tour(
            f"/odoo/action-crm_relationship_model.res_partner_person_action/{self.person.id}",
            TOUR,
        )
        self.assertRecordValues(
            self.person,
            [
                {
                    "crm_occupation": "Zeilmaker",
                    "crm_employment_status": "self_employed",
                    "crm_education_level_id": self.env.ref(
                        "crm_relationship_model.crm_education_level_vocational"
                    ).id,
                    "crm_income_band_id": self.band.id,
                    "crm_interest_ids": self.interest.ids,
                    "crm_preferred_channel": "sms",
                    "write_uid": self.salesman.id,
                }
            ],
        )


@tagged("post_install", "-at_install", "is_tour", "crm_rm_profile")
class TestProfileTourDesktop(ProfileTourCase):
    def test_profile_tour_desktop(self):
        self._run_profile_tour()


@tagged("post_install", "-at_install", "is_tour", "crm_rm_profile")
class TestProfileTourMobile(PhoneTourMixin, ProfileTourCase):
    def test_profile_tour_mobile(self):
        self._run_profile_tour()

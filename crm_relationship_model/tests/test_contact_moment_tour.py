# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmTourCase, PhoneTourMixin

TOUR = "crm_relationship_model_contact_moment_tour"


class ContactMomentTourCase(CrmTourCase):
    """A salesman runs static/tests/tours/crm_relationship_model_contact_moment_tour.js:
    a call logged from a person's form in the context of a role is stored on the role
    and shown in the person's and the organisation's chatter."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.organisation = Partner.create(
            {"crm_kind": "organisation", "name": "Moment Windmolen BV"}
        )
        cls.person = Partner.create(
            {"crm_kind": "person", "firstname": "Mira", "lastname": "Moment"}
        )
        cls.role = Partner.create(
            {
                "crm_kind": "role",
                "role_person_id": cls.person.id,
                "parent_id": cls.organisation.id,
                "function": "Miller",
            }
        )

    tour_salesman_login = "crm_rm_moment_salesman"
    tour_salesman_name = "Moment Salesman"

    def _run_contact_moment_tour(self):
        self._run_tour(
            f"/odoo/action-crm_relationship_model.res_partner_person_action/{self.person.id}",
            TOUR,
        )
        call = self.role.message_ids.filtered(lambda m: "tour of the mill" in (m.body or ""))
        self.assertEqual(len(call), 1, "the call is stored on the role")
        self.assertEqual(call.mail_activity_type_id, self.env.ref("mail.mail_activity_data_call"))
        self.assertEqual(call.author_id, self.salesman.partner_id)
        self.assertFalse(
            self.person.message_ids.filtered(lambda m: "tour of the mill" in (m.body or ""))
        )


@tagged("post_install", "-at_install", "is_tour", "crm_rm_contact_moments")
class TestContactMomentTourDesktop(ContactMomentTourCase):
    def test_contact_moment_tour_desktop(self):
        self._run_contact_moment_tour()


@tagged("post_install", "-at_install", "is_tour", "crm_rm_contact_moments")
class TestContactMomentTourMobile(PhoneTourMixin, ContactMomentTourCase):
    def test_contact_moment_tour_mobile(self):
        self._run_contact_moment_tour()

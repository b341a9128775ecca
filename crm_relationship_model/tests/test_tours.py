# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import CrmTourCase, PhoneTourMixin

TOUR = "crm_relationship_model_person_role_tour"


class PersonRoleTourCase(CrmTourCase):
    """A salesman runs static/tests/tours/crm_relationship_model_tour.js in Chromium;
    the test then checks what the screens wrote."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.organisation = cls.env["res.partner"].create(
            {"crm_kind": "organisation", "name": "Tour Windmolen BV", "city": "Zaandam"}
        )

    tour_salesman_login = "crm_rm_tour_salesman"

    def _run_person_role_tour(self, url):
        self._run_tour(url, TOUR)
        self._assert_person_role_story()

    def _assert_person_role_story(self):
        # The tour dates the role from the browser's clock: two years back, first of the
        # month, until yesterday (the browser and the server share this machine's clock).
        today = fields.Date.today()
        person = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("crm_kind", "=", "person"), ("name", "=", "Maartje Tourtester")])
        )
        self.assertRecordValues(
            person,
            [
                {
                    "crm_kind": "person",
                    "firstname": "Maartje",
                    "lastname": "Tourtester",
                    "email": "maartje@private.example.com",
                    "parent_id": False,
                    "is_company": False,
                    "create_uid": self.salesman.id,
                }
            ],
        )
        self.assertFalse(person.crm_position_summary, "the person holds no current position")
        role = person.role_ids
        self.assertRecordValues(
            role,
            [
                {
                    "crm_kind": "role",
                    "name": "Maartje Tourtester",
                    "role_person_id": person.id,
                    "parent_id": self.organisation.id,
                    "function": "Tour Guide",
                    "email": "m.tourtester@windmolen.example.com",
                    "role_date_start": today - relativedelta(years=2, day=1),
                    "role_date_end": today - relativedelta(days=1),
                    "role_state": "past",
                    "active": True,
                }
            ],
        )
        self.assertEqual(self.organisation.former_role_ids, role)
        self.assertFalse(self.organisation.current_role_ids)
        self.assertEqual(self.organisation.current_role_count, 0)


@tagged("post_install", "-at_install", "is_tour", "crm_rm_tours")
class TestPersonRoleTourDesktop(PersonRoleTourCase):
    def test_person_role_tour_desktop(self):
        # Starts on the home page: the tour goes through the CRM and Contacts menus.
        self._run_person_role_tour("/odoo")


@tagged("post_install", "-at_install", "is_tour", "crm_rm_tours")
class TestPersonRoleTourMobile(PhoneTourMixin, PersonRoleTourCase):
    # On a phone, role lines become cards and dialogs.
    def test_person_role_tour_mobile(self):
        self._run_person_role_tour("/odoo/action-crm_relationship_model.res_partner_person_action")


@tagged("post_install", "-at_install", "crm_rm_tours")
class TestFormViewAction(TransactionCase):
    """What a link or button that opens a person, organisation or role gives the client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.organisation = Partner.create({"crm_kind": "organisation", "name": "Formview BV"})
        cls.person = Partner.create({"crm_kind": "person", "name": "Fenna Formview"})
        cls.role = Partner.create(
            {
                "crm_kind": "role",
                "role_person_id": cls.person.id,
                "parent_id": cls.organisation.id,
                "function": "Analyst",
            }
        )

    def test_each_kind_opens_its_own_form(self):
        for partner, view in (
            (self.person, "res_partner_person_view_form"),
            (self.organisation, "res_partner_organisation_view_form"),
            (self.role, "res_partner_role_view_form"),
        ):
            action = partner.get_formview_action()
            self.assertEqual(
                action["views"], [(self.env.ref(f"crm_relationship_model.{view}").id, "form")]
            )
            self.assertEqual(action["context"]["default_crm_kind"], partner.crm_kind)

    def test_person_button_of_a_role_list_leaves_its_defaults_behind(self):
        # As the Person button of a role opened from a person's work history sends it.
        role = self.role.with_context(
            default_crm_kind="role",
            default_role_person_id=self.person.id,
            show_address=1,
            lang="en_US",
        )
        action = role.action_open_person()
        self.assertEqual(action["res_id"], self.person.id)
        context = action["context"]
        defaults = {key: value for key, value in context.items() if key.startswith("default_")}
        self.assertEqual(defaults, {"default_crm_kind": "person"})
        self.assertNotIn("show_address", context)
        self.assertEqual(context.get("lang"), "en_US", "the caller's other keys are kept")

    def test_customer_link_of_an_order_shows_no_address_in_names(self):
        action = self.role.with_context(show_address=1, show_vat=True).get_formview_action()
        self.assertNotIn("show_address", action["context"])
        self.assertNotIn("show_vat", action["context"])

    def test_plain_partner_keeps_odoo_behaviour(self):
        address = self.env["res.partner"].create(
            {"name": "Delivery", "type": "delivery", "parent_id": self.organisation.id}
        )
        action = address.with_context(default_type="delivery").get_formview_action()
        ours = {
            self.env.ref(f"crm_relationship_model.res_partner_{kind}_view_form").id
            for kind in ("person", "organisation", "role")
        }
        self.assertNotIn(action["views"][0][0], ours)
        self.assertEqual(action["context"].get("default_type"), "delivery")

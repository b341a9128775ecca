# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmRelationshipCommon

ORGANISATION_FORM = "crm_relationship_model.res_partner_organisation_view_form"


@tagged("post_install", "-at_install", "crm_rm_organisation")
class TestOrganisation(CrmRelationshipCommon):
    def test_organisation_is_its_own_commercial_entity(self):
        organisation = self._create_organisation("Dijkwacht NV")
        self.assertRecordValues(
            organisation,
            [
                {
                    "is_company": True,
                    "company_type": "company",
                    "parent_id": False,
                    "commercial_partner_id": organisation.id,
                }
            ],
        )

    def test_organisation_must_stay_a_company(self):
        with self.assertRefused(ValidationError, "Windmolen BV must be a company"):
            self.organisation.is_company = False
        self.assertTrue(self.organisation.is_company)

    def test_contact_classified_as_organisation_becomes_a_company(self):
        contact = self.env["res.partner"].create({"name": "Bakkerij Jansen"})
        contact.crm_kind = "organisation"
        self.assertTrue(contact.is_company)

    def test_organisation_with_roles_must_stay_an_organisation(self):
        with self.assertRefused(ValidationError, "has roles and must stay an organisation"):
            self.organisation.write({"crm_kind": "person"})
        self.assertEqual(self.organisation.crm_kind, "organisation")

    def test_organisation_lists_current_and_former_people(self):
        self.role.action_end_role()
        newcomer = self._create_role(self.other_person, self.organisation, function="CTO")
        self.env.invalidate_all()
        self.assertEqual(self.organisation.role_ids, self.role | newcomer)
        self.assertEqual(self.organisation.current_role_ids, self.role | newcomer)
        self.assertFalse(self.organisation.former_role_ids, "the role ends today: still current")
        self.role.role_date_end = self.role.role_date_start
        self.env.invalidate_all()
        self.assertEqual(self.organisation.current_role_ids, newcomer)
        self.assertEqual(self.organisation.former_role_ids, self.role)
        self.assertEqual(self.organisation.role_count, 2)
        self.assertEqual(self.organisation.current_role_count, 1)

    def test_people_are_added_from_the_organisation_form(self):
        form = Form(self.organisation, view=ORGANISATION_FORM)
        with form.current_role_ids.new() as line:
            line.role_person_id = self.other_person
            line.function = "Office Manager"
        form.save()
        role = self.organisation.role_ids - self.role
        self.assertRecordValues(
            role,
            [
                {
                    "crm_kind": "role",
                    "name": "Anna Bakker",
                    "role_person_id": self.other_person.id,
                    "commercial_partner_id": self.organisation.id,
                    "function": "Office Manager",
                }
            ],
        )

    def test_other_contacts_of_an_organisation_are_no_roles(self):
        invoice_address = self.env["res.partner"].create(
            {"type": "invoice", "parent_id": self.organisation.id, "name": "Accounts"}
        )
        self.assertFalse(invoice_address.crm_kind)
        self.assertEqual(self.organisation.role_ids, self.role)
        self.assertNotIn(invoice_address, self.organisation.organisation_role_ids)

    def test_address_of_the_organisation_is_the_work_address_of_its_roles(self):
        self.organisation.write({"street": "Dijk 7", "city": "Volendam"})
        self.assertEqual((self.role.street, self.role.city), ("Dijk 7", "Volendam"))
        self.assertEqual(self.person.city, "Haarlem", "the private address stays")

    def test_deleting_an_organisation_with_roles_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(UserError, "Windmolen BV has roles .* archive it instead"):
            self.organisation.unlink()
        with self.assertRefused(UserError, "has roles"):
            self.other_organisation.unlink()
        self.assertEqual(self._partner_count(), count)

    def test_deleting_an_organisation_without_history_works(self):
        organisation = self._create_organisation("Kortstondig BV")
        organisation.unlink()
        self.assertFalse(organisation.exists())

    def test_each_kind_opens_in_its_own_form(self):
        plain = self.env["res.partner"].create({"name": "Plain Contact"})
        default_form = self.env["res.partner"].get_formview_id()
        for partner, view in [
            (self.person, "crm_relationship_model.res_partner_person_view_form"),
            (self.organisation, "crm_relationship_model.res_partner_organisation_view_form"),
            (self.role, "crm_relationship_model.res_partner_role_view_form"),
        ]:
            with self.subTest(kind=partner.crm_kind):
                view_id = self.env.ref(view).id
                self.assertEqual(partner.get_formview_id(), view_id)
                action = partner.with_user(self.user_salesman).get_formview_action()
                self.assertEqual(action["views"], [(view_id, "form")])
                self.assertEqual(action["res_id"], partner.id)
        self.assertEqual(plain.get_formview_id(), default_form)
        self.assertEqual((self.person | self.role).get_formview_id(), default_form)

    def test_partner_opened_from_a_quotation_opens_the_form_of_its_kind(self):
        order = self.env["sale.order"].create({"partner_id": self.role.id})
        action = order.partner_id.get_formview_action()
        self.assertEqual(
            action["views"],
            [(self.env.ref("crm_relationship_model.res_partner_role_view_form").id, "form")],
        )

    def test_action_open_person_opens_the_person_form(self):
        person_form = self.env.ref("crm_relationship_model.res_partner_person_view_form").id
        for source in (self.role, self.person):
            with self.subTest(kind=source.crm_kind):
                action = source.action_open_person()
                self.assertEqual(action["res_model"], "res.partner")
                self.assertEqual(action["res_id"], self.person.id)
                self.assertEqual(action["views"], [(person_form, "form")])
                self.assertEqual(action["name"], "Jan de Vries")

    def test_action_open_roles_shows_the_roles_and_creates_new_ones_there(self):
        Partner = self.env["res.partner"].with_context(active_test=False)
        action = self.person.action_open_roles()
        self.assertEqual(Partner.search(action["domain"]), self.role | self.past_role)
        self.assertEqual(action["context"]["default_role_person_id"], self.person.id)
        self.assertIn("Jan de Vries", action["display_name"])
        new_role = (
            self.env["res.partner"]
            .with_context(**action["context"])
            .create({"parent_id": self.other_organisation.id})
        )
        self.assertEqual(new_role.role_person_id, self.person)

        action = self.organisation.action_open_roles()
        self.assertEqual(Partner.search(action["domain"]), self.role)
        self.assertEqual(action["context"]["default_parent_id"], self.organisation.id)
        new_role = (
            self.env["res.partner"]
            .with_context(**action["context"])
            .create({"role_person_id": self.other_person.id})
        )
        self.assertEqual(new_role.parent_id, self.organisation)
        self.assertEqual(new_role.crm_kind, "role")

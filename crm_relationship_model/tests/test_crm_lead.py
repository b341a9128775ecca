# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_rm_crm_lead")
class TestCrmLeadConversion(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            login="lead_salesman",
            groups="sales_team.group_sale_salesman",
            name="Lead Salesman",
        )
        cls.Partner = cls.env["res.partner"].with_user(cls.salesman)
        cls.Lead = cls.env["crm.lead"].with_user(cls.salesman)

    def _lead(self, **values):
        values.setdefault("name", "Interested in our services")
        values.setdefault("type", "lead")
        return self.Lead.create(values)

    def _convert(self, lead):
        wizard = Form(
            self.env["crm.lead2opportunity.partner"]
            .with_user(self.salesman)
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
        ).save()
        action = wizard.action
        wizard.action_apply()
        return action

    def _roles_of(self, person):
        return self.Partner.search([("crm_kind", "=", "role"), ("role_person_id", "=", person.id)])

    def test_new_contact_at_new_company_becomes_organisation_person_and_role(self):
        lead = self._lead(
            contact_name="Sanne de Jong",
            partner_name="Windkracht Energie BV",
            email_from="sanne.dejong@windkracht.example",
            phone="+31 20 555 0101",
            function="Inkoper",
            city="Utrecht",
        )
        self.assertEqual(self._convert(lead), "create")

        role = lead.partner_id
        self.assertEqual(role.crm_kind, "role")
        self.assertEqual(role.role_state, "current")
        self.assertEqual(role.function, "Inkoper")
        self.assertEqual(role.email, "sanne.dejong@windkracht.example")
        self.assertEqual(role.phone, "+31 20 555 0101")

        organisation = role.parent_id
        self.assertEqual(organisation.crm_kind, "organisation")
        self.assertEqual(organisation.name, "Windkracht Energie BV")
        self.assertEqual(organisation.city, "Utrecht")
        self.assertFalse(organisation.email, "the work email belongs to the role")
        self.assertEqual(role.commercial_partner_id, organisation)

        person = role.role_person_id
        self.assertEqual(person.crm_kind, "person")
        self.assertEqual((person.firstname, person.lastname), ("Sanne", "de Jong"))
        self.assertFalse(person.parent_id)
        self.assertEqual(role.name, person.name)
        self.assertIn(role, person.role_ids)
        self.assertIn(role, organisation.role_ids)

    def test_existing_company_is_reused(self):
        organisation = self.Partner.create({"crm_kind": "organisation", "name": "Polderbouw NV"})
        lead = self._lead(
            contact_name="Kees Bakker",
            partner_name="polderbouw nv",
            email_from="kees@polderbouw.example",
        )
        self._convert(lead)
        self.assertEqual(lead.partner_id.parent_id, organisation)
        self.assertEqual(
            self.Partner.search_count(
                [("crm_kind", "=", "organisation"), ("name", "=ilike", "polderbouw nv")]
            ),
            1,
        )

    def test_existing_person_by_private_email_gets_a_new_role(self):
        person = self.Partner.create(
            {"crm_kind": "person", "name": "Yara Testperson-Unique", "email": "fatima@home.example"}
        )
        lead = self._lead(
            contact_name="Yara Testperson-Unique",
            partner_name="Grachtenzorg BV",
            email_from="fatima@home.example",
        )
        self.assertEqual(self._convert(lead), "create")
        role = lead.partner_id
        self.assertEqual(role.role_person_id, person)
        self.assertEqual(role.parent_id.name, "Grachtenzorg BV")
        self.assertEqual(
            self.Partner.search_count([("crm_kind", "=", "person"), ("name", "=", person.name)]),
            1,
        )

    def test_existing_role_by_work_email_is_reused(self):
        organisation = self.Partner.create({"crm_kind": "organisation", "name": "Havenlicht BV"})
        person = self.Partner.create({"crm_kind": "person", "name": "Pieter Visser"})
        role = self.Partner.create(
            {
                "crm_kind": "role",
                "role_person_id": person.id,
                "parent_id": organisation.id,
                "email": "p.visser@havenlicht.example",
            }
        )
        lead = self._lead(
            contact_name="Pieter Visser",
            partner_name="Havenlicht BV",
            email_from="p.visser@havenlicht.example",
        )
        self.assertEqual(self._convert(lead), "exist")
        self.assertEqual(lead.partner_id, role)
        self.assertEqual(self._roles_of(person), role)

    def test_work_email_of_former_job_reuses_person_not_role(self):
        old_employer = self.Partner.create({"crm_kind": "organisation", "name": "Oud BV"})
        person = self.Partner.create({"crm_kind": "person", "name": "Eva Smit"})
        old_role = self.Partner.create(
            {
                "crm_kind": "role",
                "role_person_id": person.id,
                "parent_id": old_employer.id,
                "email": "eva@oud.example",
                "role_date_start": "2019-01-01",
                "role_date_end": "2021-12-31",
            }
        )
        lead = self._lead(
            contact_name="Eva Smit", partner_name="Nieuw BV", email_from="eva@oud.example"
        )
        self._convert(lead)
        new_role = lead.partner_id
        self.assertNotEqual(new_role, old_role)
        self.assertEqual(new_role.role_person_id, person)
        self.assertEqual(new_role.parent_id.name, "Nieuw BV")
        self.assertEqual(old_role.role_state, "past")

    def test_contact_without_company_becomes_a_private_person(self):
        lead = self._lead(
            contact_name="Lotte Mulder", email_from="lotte@mail.example", city="Zwolle"
        )
        self._convert(lead)
        person = lead.partner_id
        self.assertEqual(person.crm_kind, "person")
        self.assertEqual(person.email, "lotte@mail.example")
        self.assertEqual(person.city, "Zwolle")
        self.assertFalse(person.parent_id)

    def test_unclassified_partner_with_same_email_is_kept(self):
        legacy = self.env["res.partner"].create(
            {"name": "Legacy Contact", "email": "legacy@old.example"}
        )
        lead = self._lead(
            contact_name="Legacy Contact",
            partner_name="Some Company",
            email_from="legacy@old.example",
        )
        self.assertEqual(self._convert(lead), "exist")
        self.assertEqual(lead.partner_id, legacy)

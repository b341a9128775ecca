# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_duplicates")
class TestDuplicates(CrmRelationshipCommon):
    """The review list of possible duplicates and the check at the door."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maria = cls._create_person(
            "Maria Jansen", zip="3511 AB", city="Utrecht", email="maria@home.example"
        )
        cls.marja = cls._create_person("Maira Jansen", zip="3511AB", city="utrecht ")
        cls.marja_elsewhere = cls._create_person("Marja Janssen", city="Groningen")
        cls.namesake = cls._create_person("Jan de Vries", city="Delft")
        cls.env["crm.adoption.run"]._find_possible_duplicates()
        cls.Pair = cls.env["crm.duplicate.pair"]

    def _pair(self, first, second):
        return self.Pair.search(
            [
                ("partner_a_id", "=", min(first.id, second.id)),
                ("partner_b_id", "=", max(first.id, second.id)),
            ]
        )

    # Review list

    def test_same_name_alone_is_not_listed_nor_joined(self):
        # A namesake agrees on the name as fully as a duplicate: the name is not enough.
        self.assertFalse(self._pair(self.person, self.namesake))
        self.assertEqual(self.namesake.crm_kind, "person")

    def test_same_name_and_city_is_listed_not_joined(self):
        same_city = self._create_person("Jan de Vries", city="Haarlem")
        self.env["crm.adoption.run"]._find_possible_duplicates()
        self.assertEqual(self._pair(self.person, same_city).reason, "same_name")
        self.assertEqual(same_city.crm_kind, "person")

    def test_similar_name_at_the_same_postcode_is_listed(self):
        self.assertEqual(self._pair(self.maria, self.marja).reason, "similar_name_city")

    def test_similar_name_sharing_only_the_city_waits_below_the_default_threshold(self):
        # Some 0.7 likely: listed from a lower threshold than the default (0.75).
        only_city = self._create_person("Maira Jansen", city="Utrecht")
        self.env["crm.adoption.run"]._find_possible_duplicates()
        self.assertFalse(self._pair(self.maria, only_city))
        self.env["ir.config_parameter"].set_param(
            "crm_relationship_model.duplicate_review_threshold", "0.5"
        )
        self.env["crm.adoption.run"]._find_possible_duplicates()
        self.assertEqual(self._pair(self.maria, only_city).reason, "similar_name_city")

    def test_similar_name_in_another_city_is_not_listed(self):
        self.assertFalse(self._pair(self.maria, self.marja_elsewhere))

    def test_dismissed_pair_is_not_proposed_again(self):
        pair = self._pair(self.maria, self.marja)
        pair.with_user(self.user_salesman).action_dismiss()
        self.env["crm.adoption.run"]._find_possible_duplicates()
        self.assertEqual(self._pair(self.maria, self.marja), pair)
        self.assertEqual(pair.state, "dismissed")

    def test_confirm_opens_the_merge_of_the_pair(self):
        pair = self._pair(self.maria, self.marja)
        action = pair.with_user(self.user_salesman_contacts).action_confirm()
        wizard = self.env["crm.partner.merge"].browse(action["res_id"])
        self.assertEqual(wizard.partner_ids, self.maria | self.marja)
        self.assertEqual(wizard.dst_partner_id, self.maria)

    def test_portal_user_sees_no_pairs(self):
        with self.assertRaises(AccessError):
            self.Pair.with_user(self.user_portal).search([])

    def test_salesman_cannot_create_pairs_by_hand(self):
        with self.assertRaises(AccessError):
            self.Pair.with_user(self.user_salesman).create(
                {
                    "partner_a_id": self.maria.id,
                    "partner_b_id": self.marja.id,
                    "reason": "same_name",
                }
            )

    # Door check

    def test_orm_finds_a_person_by_the_work_email_of_a_role(self):
        found = self.env["res.partner"].crm_find_likely_persons(
            email="Jan.deVries@windmolen.example"
        )
        self.assertEqual(found[0]["id"], self.person.id)
        self.assertEqual(found[0]["reasons"], ["email"])

    def test_orm_finds_a_person_by_phone_in_another_notation(self):
        found = self.env["res.partner"].crm_find_likely_persons(phone="0031 (0)6-11111111")
        self.assertIn(self.person.id, [row["id"] for row in found])

    def test_orm_finds_a_person_by_similar_name(self):
        found = self.env["res.partner"].crm_find_likely_persons(name="Maria Janssen")
        self.assertIn(self.maria.id, [row["id"] for row in found])

    def test_orm_finds_nobody_for_a_new_human(self):
        self.assertEqual(
            self.env["res.partner"].crm_find_likely_persons(
                name="Xavier Quist", email="xq@nowhere.example"
            ),
            [],
        )

    def test_person_form_shows_likely_persons_before_saving(self):
        Partner = self.env["res.partner"].with_user(self.user_salesman_contacts)
        form = Form(
            Partner.with_context(default_crm_kind="person"),
            view="crm_relationship_model.res_partner_person_view_form",
        )
        form.firstname = "Jan"
        form.lastname = "de Vries"
        self.assertIn(self.person, form.crm_likely_person_ids)
        self.assertIn(self.namesake, form.crm_likely_person_ids)
        form.email = "someone@else.example"
        person = form.save()
        # Saved persons do not look themselves up when their form opens.
        self.assertFalse(person.crm_likely_person_ids)

    def test_import_lists_likely_duplicates_for_review(self):
        result = (
            self.env["res.partner"]
            .with_context(import_file=True)
            .load(["name", "email", "crm_kind"], [["Maria Jansen", "maria@home.example", "person"]])
        )
        imported = self.env["res.partner"].browse(result["ids"])
        self.assertEqual(imported.crm_kind, "person")
        pair = self._pair(self.maria, imported)
        self.assertEqual(pair.reason, "same_email")

    def test_lead_conversion_offers_and_uses_a_likely_person(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "New project",
                "contact_name": "Jan de Vries",
                "partner_name": "Nieuwbouw BV",
                "email_from": "jan@nieuwbouw.example",
            }
        )
        wizard = (
            self.env["crm.lead2opportunity.partner"]
            .with_context(active_model="crm.lead", active_id=lead.id, active_ids=lead.ids)
            .create({"lead_id": lead.id})
        )
        self.assertEqual(wizard.action, "create")
        self.assertIn(self.person, wizard.crm_likely_person_ids)
        wizard.crm_person_id = self.person
        wizard.action_apply()
        role = lead.partner_id
        self.assertEqual(role.crm_kind, "role")
        self.assertEqual(role.role_person_id, self.person)
        self.assertEqual(role.parent_id.name, "Nieuwbouw BV")

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import Form, tagged

from .common import CrmHouseholdCommon

HOUSEHOLD_FORM = "crm_household.res_partner_household_view_form"


@tagged("post_install", "-at_install", "crm_hh_name")
class TestHouseholdName(CrmHouseholdCommon):
    """The household's name and joint salutation, proposed from its members."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.piet = cls._create_person("Piet Jansen")
        cls.marie = cls._create_person("Marie Jansen")
        cls.kees = cls._create_person("Kees Jansen")
        cls.sara = cls._create_person("Sara Bakker")

    def test_one_surname_makes_a_family(self):
        household = self._create_household(members=[(self.piet, "head"), (self.marie, "partner")])
        self.assertEqual(household.name, "Jansen family")
        self.assertEqual(household.household_salutation, "Dear Piet and Marie Jansen")
        self.assertFalse(household.household_name_custom)

    def test_mixed_surnames_are_joined_with_a_hyphen(self):
        household = self._create_household(
            members=[(self.person, "head"), (self.other_person, "partner")]
        )
        self.assertEqual(household.name, "De Vries-Bakker")
        self.assertEqual(household.household_salutation, "Dear Jan de Vries and Anna Bakker")

    def test_the_adults_name_the_household(self):
        household = self._create_household(members=[(self.kees, "child"), (self.sara, "head")])
        self.assertEqual(household.name, "Bakker family", "the child's surname is not used")
        self.assertEqual(household.household_salutation, "Dear Sara Bakker")
        # Without adults, all members name it.
        only_child = self._create_household(members=[(self._create_person("Noor Visser"), "child")])
        self.assertEqual(only_child.name, "Visser family")
        lodgers = self._create_household(
            members=[(self.piet, "other"), (self.marie, "other"), (self.person, "other")]
        )
        self.assertEqual(lodgers.name, "Jansen-de Vries")
        self.assertEqual(lodgers.household_salutation, "Dear Jansen-de Vries")

    def test_a_household_without_members_is_named_when_they_come(self):
        household = self._create_household(**self.address_canal)
        self.assertEqual(household.name, "New Household")
        self.assertFalse(household.household_salutation)
        self._add_member(household, self.sara, "head")
        self.assertEqual(household.name, "Bakker family")
        self._add_member(household, self.person, "partner")
        self.assertEqual(household.name, "Bakker-de Vries")
        self.assertEqual(household.household_salutation, "Dear Sara Bakker and Jan de Vries")
        self.sara.household_membership_ids.action_move_out()
        self.assertEqual(household.name, "De Vries family", "follows who lives there")

    def test_a_name_typed_by_hand_is_kept(self):
        household = self._create_household(
            "Villa Zonnehoek", members=[(self.piet, "head"), (self.marie, "partner")]
        )
        self.assertEqual(household.name, "Villa Zonnehoek")
        self.assertTrue(household.household_name_custom)
        self.assertEqual(household.household_salutation, "Dear Piet and Marie Jansen")
        self._add_member(household, self.kees, "child")
        self.assertEqual(household.name, "Villa Zonnehoek")
        household.household_salutation = "Beste familie Jansen"
        self._add_member(household, self.sara, "other")
        self.assertEqual(household.household_salutation, "Beste familie Jansen")
        # Cleared, or asked for: the proposal comes back.
        household.name = False
        self.assertEqual(household.name, "Jansen family")
        self.assertFalse(household.household_name_custom)
        household.action_propose_household_name()
        self.assertEqual(household.household_salutation, "Dear Piet and Marie Jansen")
        self.assertFalse(household.household_salutation_custom)

    def test_typing_the_proposal_is_not_a_name_by_hand(self):
        household = self._create_household(
            "Jansen family", members=[(self.piet, "head"), (self.marie, "partner")]
        )
        self.assertFalse(household.household_name_custom)
        self._add_member(household, self.sara, "partner")
        self.assertEqual(household.name, "Jansen-Bakker")

    def test_renaming_a_member_renames_the_household(self):
        household = self._create_household(members=[(self.sara, "head")])
        self.sara.lastname = "de Wit"
        self.assertEqual(household.name, "De Wit family")
        self.assertEqual(household.household_salutation, "Dear Sara de Wit")

    def test_household_form_proposes_the_name(self):
        form = Form(
            self.env["res.partner"].with_context(default_crm_kind="household"),
            view=HOUSEHOLD_FORM,
        )
        form.street = "Kerkstraat 1"
        with form.household_current_member_ids.new() as line:
            line.person_id = self.piet
            line.relation = "head"
        with form.household_current_member_ids.new() as line:
            line.person_id = self.sara
            line.relation = "partner"
        household = form.save()
        self.assertEqual(household.name, "Jansen-Bakker")
        self.assertEqual(household.household_salutation, "Dear Piet Jansen and Sara Bakker")
        self.assertEqual(self.piet.street, "Kerkstraat 1")

    def test_household_form_keeps_a_typed_name(self):
        form = Form(
            self.env["res.partner"].with_context(default_crm_kind="household"),
            view=HOUSEHOLD_FORM,
        )
        form.name = "Boerderij De Hoeve"
        with form.household_current_member_ids.new() as line:
            line.person_id = self.piet
            line.relation = "head"
        household = form.save()
        self.assertEqual(household.name, "Boerderij De Hoeve")
        self.assertTrue(household.household_name_custom)
        self.assertEqual(household.household_salutation, "Dear Piet Jansen")

    def test_proposals_speak_the_household_language(self):
        if not self.env["res.lang"]._lang_get("nl_NL"):
            self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["crm_household"], ["nl_NL"])
        household = self._create_household(
            lang="nl_NL", members=[(self.piet, "head"), (self.marie, "partner")]
        )
        self.assertEqual(household.name, "Familie Jansen")
        self.assertEqual(household.household_salutation, "Beste Piet en Marie Jansen")

    def test_salutation_follows_the_name_order(self):
        """partner_firstname's name order composes the joint salutation too."""
        parameter = self.env["ir.config_parameter"].sudo()
        for order, salutation in (
            ("first_last", "Dear Piet and Marie Jansen"),
            ("last_first", "Dear Jansen Piet and Marie"),
            ("last_first_comma", "Dear Jansen, Piet and Marie"),
        ):
            with self.subTest(order=order):
                parameter.set_param("partner_names_order", order)
                household = self._create_household(
                    members=[(self.piet, "head"), (self.marie, "partner")]
                )
                self.assertEqual(household.household_salutation, salutation)
                self.assertEqual(household.name, "Jansen family")
                household.household_member_ids.unlink()
        parameter.set_param("partner_names_order", "first_last")

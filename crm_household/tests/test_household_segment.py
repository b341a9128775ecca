# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_segment")
class TestHouseholdSegment(CrmHouseholdCommon):
    """Households in crm_relationship_model's segments: their own kind, their own
    fields in rules, their members' private purchases in their scores, one mail each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Segment = cls.env["crm.segment"]
        cls.anna = cls.other_person
        cls.anna.email = "anna@bakker.example"
        cls.household = cls._create_household(
            members=[(cls.person, "head"), (cls.anna, "partner")], **cls.address_canal
        )
        cls.piet = cls._create_person("Piet Jansen", email="piet@jansen.example")
        cls.other_household = cls._create_household(
            members=[(cls.piet, "head")], **cls.address_dike
        )

    def test_a_household_segment_holds_households(self):
        family = self.Segment.create({"name": "Gezin", "applies_to": "household"})
        self.household.crm_segment_ids = [Command.link(family.id)]
        self.assertEqual(family.partner_ids, self.household)
        with self.assertRefused(ValidationError, "cannot be in Gezin.*households"):
            self.piet.crm_segment_ids = [Command.link(family.id)]
        self.assertEqual(family.partner_ids, self.household)
        self.assertEqual(family.membership_ids.partner_id, self.household)

    def test_a_household_rule_uses_household_fields(self):
        prospects = self.Segment.create(
            {
                "name": "Nieuwe Huishoudens",
                "applies_to": "household",
                "rule_domain": "[('household_status', '=', 'prospect'), ('city', '=', 'Andijk')]",
            }
        )
        self.assertEqual(prospects.partner_ids, self.other_household)

    def test_a_household_rule_on_person_only_fields_is_refused(self):
        count = self.Segment.search_count([])
        for rule, field in (
            ("[('crm_occupation', '=', 'Nurse')]", "Occupation"),
            ("[('birthdate_date', '<', '1960-01-01')]", "Birthdate"),
            ("[('household_id.city', '=', 'Andijk')]", "household_id|Household"),
        ):
            with self.subTest(rule=rule):
                with self.assertRefused(ValidationError, f"({field}).*households do not have"):
                    self.Segment.create(
                        {"name": "Fout", "applies_to": "household", "rule_domain": rule}
                    )
        with self.assertRefused(ValidationError, "Customer Status.*persons do not have"):
            self.Segment.create(
                {
                    "name": "Fout",
                    "applies_to": "person",
                    "rule_domain": "[('household_status', '=', 'customer')]",
                }
            )
        self.assertEqual(self.Segment.search_count([]), count)

    def test_a_household_is_scored_on_its_members_private_purchases(self):
        self._confirmed_order(self.person, self._days(-3), amount=100.0)
        self._confirmed_order(self.role, self._days(-2), amount=200.0)  # Jan's work
        self._confirmed_order(self.household, self._days(-1), amount=50.0)
        self.env["res.partner"].crm_refresh_rfm()
        self.env.invalidate_all()
        self.assertEqual(self.household.crm_rfm_order_count, 2)
        self.assertAlmostEqual(self.household.crm_rfm_amount, 150.0)
        self.assertEqual(self.household.crm_rfm_last_order_date, self._days(-1))
        self.assertTrue(self.household.crm_rfm_segment)
        self.assertEqual(self.person.crm_rfm_order_count, 2, "a person counts its roles")
        ready = self.Segment.search(
            [("applies_to", "=", "household"), ("rule_domain", "like", "crm_rfm_segment")]
        )
        self.assertEqual(len(ready), 8)
        self.assertIn(self.household, ready.partner_ids)

    def test_a_household_segment_is_mailed_once_per_household(self):
        family = self.Segment.create({"name": "Gezin", "applies_to": "household"})
        all_out = self._create_household(
            members=[(self._create_person("Geen Post", email="nee@example.com"), "head")]
        )
        (self.household | self.other_household | all_out).crm_segment_ids = [
            Command.link(family.id)
        ]
        Blacklist = self.env["mail.blacklist"].sudo()
        Blacklist._add("jan@devries.example")  # the head: Anna is mailed instead
        Blacklist._add("nee@example.com")
        recipients = family._crm_segment_mailing_recipients()
        self.assertEqual(recipients._name, "crm.household.mailing.recipient")
        self.assertEqual(recipients.household_id, self.household | self.other_household)
        self.assertEqual(
            recipients.filtered(lambda r: r.household_id == self.household).email,
            "anna@bakker.example",
        )
        action = family.action_crm_mail_segment()
        self.assertEqual(action["context"]["default_model"], "crm.household.mailing.recipient")
        self.assertEqual(sorted(action["context"]["default_res_ids"]), sorted(recipients.ids))

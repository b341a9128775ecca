# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_merge")
class TestMerge(CrmRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.duplicate = cls._create_person("Jan de Vries", email="jan.dv@other.example")
        cls.duplicate_role = cls._create_role(cls.duplicate, cls.organisation, function="Architect")
        cls.third = cls._create_person("J. de Vries")

    def _merge(self, partners, survivor, user=None):
        Wizard = self.env["crm.partner.merge"]
        if user:
            Wizard = Wizard.with_user(user)
        wizard = Wizard.create(
            {"partner_ids": [(6, 0, partners.ids)], "dst_partner_id": survivor.id}
        )
        return wizard.action_merge()

    def test_salesman_with_contact_creation_merges_persons(self):
        message = self.duplicate.message_post(body="Private call")
        activity = self.duplicate.activity_schedule("mail.mail_activity_data_todo", summary="Call")
        follower = self.user_employee.partner_id
        self.duplicate.message_subscribe(follower.ids)
        order = self.env["sale.order"].create({"partner_id": self.duplicate.id})
        self._merge(
            self.person | self.duplicate | self.third, self.person, self.user_salesman_contacts
        )
        self.assertFalse((self.duplicate | self.third).exists())
        self.assertEqual(self.duplicate_role.role_person_id, self.person)
        self.assertEqual(self.duplicate_role.name, self.person.name)
        self.assertEqual(message.res_id, self.person.id)
        self.assertEqual(activity.res_id, self.person.id)
        self.assertIn(follower, self.person.message_partner_ids)
        self.assertEqual(order.partner_id, self.person)
        note = self.person.message_ids[0]
        self.assertIn("Merged into this contact", note.body)
        self.assertIn("1 roles", note.body)
        self.assertIn("1 sales orders", note.body)

    def test_overlapping_roles_at_one_organisation_go_to_review(self):
        self._merge(self.person | self.duplicate, self.person, self.user_sales_manager)
        pair = self.env["crm.duplicate.pair"].search(
            [("partner_a_id", "=", self.role.id), ("partner_b_id", "=", self.duplicate_role.id)]
        )
        self.assertEqual(pair.reason, "overlapping_roles")

    def test_merging_the_two_overlapping_roles(self):
        self._merge(self.person | self.duplicate, self.person, self.user_sales_manager)
        self._merge(self.role | self.duplicate_role, self.role, self.user_salesman_contacts)
        self.assertFalse(self.duplicate_role.exists())
        self.assertEqual(self.person.role_ids, self.role | self.past_role)

    def test_merging_organisations_moves_their_roles(self):
        other = self._create_organisation("Windmolen B.V.")
        role = self._create_role(self.other_person, other, function="Buyer")
        self._merge(self.organisation | other, self.organisation, self.user_sales_manager)
        self.assertEqual(role.parent_id, self.organisation)
        self.assertFalse(other.exists())

    def test_different_kinds_are_refused(self):
        count = self._partner_count()
        with self.assertRefused(UserError, "Only contacts of one kind can be merged"):
            self._merge(self.person | self.organisation, self.person, self.user_sales_manager)
        self.assertEqual(self._partner_count(), count)

    def test_roles_of_different_persons_are_refused(self):
        with self.assertRefused(UserError, "same person at the same organisation"):
            self._merge(self.role | self.past_role, self.role, self.user_sales_manager)

    def test_one_contact_is_refused(self):
        with self.assertRefused(UserError, "at least two contacts"):
            self._merge(self.person, self.person, self.user_sales_manager)

    def test_salesman_without_contact_creation_is_refused(self):
        with self.assertRaises(AccessError):
            self._merge(self.person | self.third, self.person, self.user_salesman)
        self.assertTrue(self.third.exists())

    def test_portal_user_cannot_merge(self):
        with self.assertRaises(AccessError):
            self._merge(self.person | self.third, self.person, self.user_portal)

    def test_deleting_a_person_outside_the_merge_stays_refused(self):
        with self.assertRefused(AccessError, "Only sales managers can delete"):
            self.third.with_user(self.user_salesman_contacts).unlink()

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_merge")
class TestPartnerMergeWizard(CrmRelationshipCommon):
    """Odoo's own merge (Contacts > Merge, and its _merge() over RPC) refuses what the
    relationship model forbids before it moves anything, with the rules of our wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Deleting persons and roles is for sales managers; Odoo's merge is for contact
        # managers: merging persons through it takes both.
        cls.user_contact_manager = cls._create_user(
            "crm_rm_contact_manager",
            "sales_team.group_sale_manager,base.group_partner_manager",
            cls.env.company,
        )
        cls.colleague = cls._create_role(
            cls.other_person, cls.organisation, function="Buyer", email="anna@windmolen.example"
        )
        cls.MergeWizard = cls.env["base.partner.merge.automatic.wizard"]

    def _merge_with_form(self, partners, survivor, user):
        """As the list view's Merge action does: the selected contacts in the context."""
        wizard = self.MergeWizard.with_user(user).with_context(
            active_model="res.partner", active_ids=partners.ids
        )
        form = Form(wizard)
        form.dst_partner_id = survivor
        return form.save().action_merge()

    def _merge_over_rpc(self, partners, survivor, user):
        # The destination read as the user, as a server action or an addon would pass it.
        return self.MergeWizard.with_user(user)._merge(partners.ids, survivor.with_user(user))

    def _assert_refused_before_merging(self, partners, survivor, names, message):
        """Refused through the form and through _merge(), naming both records, before
        Odoo's merge moved a single reference; afterwards everything is where it was."""
        notes = {partner: partner.message_post(body="Before the merge") for partner in partners}
        roles = {partner: partner.role_ids for partner in partners}
        links = {role: (role.role_person_id, role.parent_id) for role in self._all_roles()}
        wizard_class = type(self.MergeWizard)
        for merge in (self._merge_with_form, self._merge_over_rpc):
            with (
                self.subTest(merge=merge.__name__),
                patch.object(wizard_class, "_update_foreign_keys") as moved,
            ):
                with self.assertRefused(UserError, message) as catcher:
                    merge(partners, survivor, self.user_salesman_contacts)
                for name in names:
                    self.assertIn(name, str(catcher.exception))
                moved.assert_not_called()
        self.assertEqual(partners.exists(), partners)
        for partner, note in notes.items():
            self.assertEqual((note.model, note.res_id), ("res.partner", partner.id))
            self.assertEqual(partner.role_ids, roles[partner])
        for role, link in links.items():
            self.assertEqual((role.role_person_id, role.parent_id), link)

    def _create_unclassified(self, name, **vals):
        return self.env["res.partner"].create({"name": name, **vals})

    def _all_roles(self):
        return (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search([("crm_kind", "=", "role")])
        )

    # Refused

    def test_person_and_organisation_are_refused(self):
        self._assert_refused_before_merging(
            self.person | self.organisation,
            self.person,
            ["Jan de Vries", "Windmolen BV"],
            "Only contacts of one kind can be merged.*Merge persons with persons",
        )

    def test_person_into_its_own_role_is_refused(self):
        self._assert_refused_before_merging(
            self.person | self.role,
            self.role,
            [self.role.display_name, self.person.display_name],
            "is a role of Jan de Vries.*end the role instead",
        )

    def test_role_into_its_person_is_refused(self):
        self._assert_refused_before_merging(
            self.person | self.role,
            self.person,
            [self.role.display_name, self.person.display_name],
            "end the role instead",
        )

    def test_roles_at_different_organisations_are_refused(self):
        self._assert_refused_before_merging(
            self.role | self.past_role,
            self.role,
            [self.role.display_name, self.past_role.display_name],
            "at different organisations.*one person at one organisation only",
        )

    def test_roles_of_different_persons_are_refused(self):
        self._assert_refused_before_merging(
            self.role | self.colleague,
            self.role,
            [self.role.display_name, self.colleague.display_name],
            "roles of different persons.*one person at one organisation only",
        )

    def test_classified_contact_into_an_unclassified_one_is_refused(self):
        address = self.env["res.partner"].create(
            {"name": "J. de Vries", "email": self.person.email}
        )
        self._assert_refused_before_merging(
            self.person | address,
            address,
            ["Jan de Vries", "J. de Vries"],
            "not classified.*keep Jan de Vries",
        )

    def test_administrator_is_refused_too(self):
        # Our rules are not Odoo's "extra checks", which an administrator skips.
        with self.assertRefused(UserError, "end the role instead"):
            self.MergeWizard._merge((self.person | self.role).ids, self.person)
        self.assertTrue(self.role.exists())

    # Allowed

    def test_duplicate_persons_merge_through_odoos_wizard(self):
        duplicate = self._create_person("Jan de Vries", email=self.person.email)
        role = self._create_role(duplicate, self.other_organisation, function="Advisor")
        note = duplicate.message_post(body="Private call")
        self._merge_with_form(self.person | duplicate, self.person, self.user_contact_manager)
        self.assertFalse(duplicate.exists())
        self.assertEqual(role.role_person_id, self.person)
        self.assertEqual(note.res_id, self.person.id)

    def test_duplicate_roles_merge_through_odoos_wizard(self):
        duplicate = self._create_role(
            self.person, self.organisation, function="CTO", email=self.role.email
        )
        note = duplicate.message_post(body="Call about the order")
        self._merge_over_rpc(self.role | duplicate, self.role, self.user_contact_manager)
        self.assertFalse(duplicate.exists())
        self.assertEqual(note.res_id, self.role.id)
        self.assertEqual(self.person.role_ids, self.role | self.past_role)

    def test_unclassified_duplicate_merges_into_the_person(self):
        # Mail and web forms create contacts without a kind; the person absorbs them.
        address = self.env["res.partner"].create(
            {"name": "J. de Vries", "email": self.person.email}
        )
        order = self.env["sale.order"].create({"partner_id": address.id})
        self._merge_with_form(self.person | address, self.person, self.user_contact_manager)
        self.assertFalse(address.exists())
        self.assertEqual(order.partner_id, self.person)
        self.assertEqual(self.person.crm_kind, "person")

    def test_our_wizard_merges_on_the_same_rules(self):
        duplicate = self._create_person("J. de Vries", email="jan.dv@other.example")
        wizard = (
            self.env["crm.partner.merge"]
            .with_user(self.user_salesman_contacts)
            .create(
                {
                    "partner_ids": [(6, 0, (self.person | duplicate).ids)],
                    "dst_partner_id": self.person.id,
                }
            )
        )
        wizard.action_merge()
        self.assertFalse(duplicate.exists())
        refused = (
            self.env["crm.partner.merge"]
            .with_user(self.user_salesman_contacts)
            .create(
                {
                    "partner_ids": [(6, 0, (self.person | self.role).ids)],
                    "dst_partner_id": self.person.id,
                }
            )
        )
        with self.assertRefused(UserError, "end the role instead"):
            refused.action_merge()

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_merge")
class TestHouseholdMerge(CrmHouseholdCommon):
    def test_merged_person_brings_its_membership_and_the_note_counts_it(self):
        duplicate = self._create_person("J. de Vries")
        household = self._create_household("De Vries", members=[(duplicate, "head")])
        duplicate.message_post(body="Moved to Andijk")
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
        self.assertEqual(household.household_member_ids.person_id, self.person)
        body = self.person.message_ids[0].body
        self.assertIn("1 household memberships", body)
        # Listed with the documents, before the chatter, as the note always did.
        self.assertLess(body.index("household memberships"), body.index("messages"))

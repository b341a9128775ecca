# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CrmPartnerMerge(models.TransientModel):
    _inherit = "crm.partner.merge"

    def _crm_moved_rows(self):
        rows = super()._crm_moved_rows()
        # With the other documents, before the chatter rows.
        at = next((i for i, row in enumerate(rows) if row[0] == "messages"), len(rows))
        rows.insert(
            at,
            (
                "household memberships",
                self.env._("household memberships"),
                "crm_household_member",
                "person_id",
                None,
            ),
        )
        return rows

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmSegment(models.Model):
    """Segments of households: a mailing to one goes out once per household."""

    _inherit = "crm.segment"

    applies_to = fields.Selection(
        selection_add=[("household", "Households")],
        ondelete={"household": "cascade"},
    )

    def _crm_segment_mailing_model(self):
        if self.applies_to == "household":
            return "crm.household.mailing.recipient"
        return super()._crm_segment_mailing_model()

    def _crm_segment_mailing_domain(self):
        """One mail per household in the segment, to its own or a member's address that
        is not blacklisted; none to a household all of whose members opted out."""
        if self.applies_to == "household":
            return [
                ("segment_ids", "in", self.ids),
                ("opt_out", "=", False),
                ("email", "!=", False),
            ]
        return super()._crm_segment_mailing_domain()

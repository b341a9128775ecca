# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from random import randint

from odoo import api, fields, models


class CrmHouseholdSegment(models.Model):
    """A segment households are sorted into for marketing (e.g. young family, seniors)."""

    _name = "crm.household.segment"
    _description = "Household Segment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)
    household_ids = fields.Many2many(
        "res.partner",
        "crm_household_segment_res_partner_rel",
        "segment_id",
        "partner_id",
        string="Households",
        domain=[("crm_kind", "=", "household")],
    )
    household_count = fields.Integer("Number of Households", compute="_compute_household_count")

    _sql_constraints = [
        ("name_unique", "UNIQUE (name)", "A segment with this name already exists."),
    ]

    def _compute_household_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("crm_kind", "=", "household"), ("household_segment_ids", "in", self.ids)],
                ["household_segment_ids"],
                ["__count"],
            )
        )
        for segment in self:
            segment.household_count = counts.get(segment, 0)

    @api.readonly
    def action_open_households(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_household.res_partner_household_action"
        )
        action["domain"] = [("crm_kind", "=", "household"), ("household_segment_ids", "=", self.id)]
        action["display_name"] = self.name
        return action

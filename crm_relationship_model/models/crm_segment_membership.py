# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class CrmSegmentMembership(models.Model):
    """One stay of a record in a segment: the day it entered and the day it left (empty
    while it is in). Written only by the segments themselves (set-based), so that "who
    became a Champion this quarter" is a filter on this list."""

    _name = "crm.segment.membership"
    _description = "Segment Membership History"
    _order = "date_entered desc, id desc"
    _rec_name = "segment_id"

    segment_id = fields.Many2one(
        "crm.segment", required=True, index=True, ondelete="cascade", readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner", "Member", required=True, index=True, ondelete="cascade", readonly=True
    )
    applies_to = fields.Selection(related="segment_id.applies_to")
    date_entered = fields.Date("Entered On", required=True, readonly=True, index=True)
    date_left = fields.Date(
        "Left On", readonly=True, index=True, help="Empty while the record is in the segment."
    )
    is_current = fields.Boolean(
        "In the Segment", compute="_compute_is_current", search="_search_is_current"
    )

    def init(self):
        # The refresh looks up each member's open stay.
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS crm_segment_membership_open_uniq
                       ON crm_segment_membership (segment_id, partner_id)
                    WHERE date_left IS NULL"""
            )
        )

    @api.depends("date_left")
    def _compute_is_current(self):
        for stay in self:
            stay.is_current = not stay.date_left

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        current = (operator == "=") == value
        return [("date_left", "=" if current else "!=", False)]

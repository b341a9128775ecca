# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmPrivacyRetentionLine(models.Model):
    _name = "crm.privacy.retention.line"
    _description = "Person Past Their Retention Period"
    _order = "date_last_activity, id"

    run_id = fields.Many2one(
        "crm.privacy.retention.run", required=True, ondelete="cascade", index=True
    )
    person_id = fields.Many2one("res.partner", required=True, ondelete="cascade")
    activity_id = fields.Many2one(
        "privacy.activity",
        "Processing Activity",
        help="The activity with the longest retention period concerning the person.",
    )
    date_last_activity = fields.Date("Last Activity")
    state = fields.Selection(
        [("proposed", "Proposed"), ("erased", "Erased"), ("skipped", "Skipped")],
        default="proposed",
        required=True,
    )

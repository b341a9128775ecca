# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LAWFUL_BASES = [
    ("consent", "Consent"),
    ("contract", "Contract"),
    ("legal_obligation", "Legal Obligation"),
    ("vital_interests", "Vital Interests"),
    ("public_task", "Public Task"),
    ("legitimate_interests", "Legitimate Interests"),
]


class PrivacyActivity(models.Model):
    """A processing activity of the register (GDPR art. 30), with its lawful basis (art.
    6(1)) and how long the persons it concerns are kept."""

    _inherit = "privacy.activity"

    crm_lawful_basis = fields.Selection(
        LAWFUL_BASES,
        "Lawful Basis",
        tracking=True,
        help="The ground of GDPR art. 6(1) this processing rests on.",
    )
    crm_retention_months = fields.Integer(
        "Retention (Months)",
        tracking=True,
        help="How long after the last order, invoice, request, role or contact moment a "
        "person concerned is kept; 0 keeps them as long as the activity runs.",
    )

    @api.constrains("crm_retention_months")
    def _check_crm_retention_months(self):
        for activity in self:
            if activity.crm_retention_months < 0:
                raise ValidationError(
                    self.env._(
                        "The retention period of %(activity)s cannot be negative; use 0 to "
                        "keep its persons as long as it runs.",
                        activity=activity.display_name,
                    )
                )

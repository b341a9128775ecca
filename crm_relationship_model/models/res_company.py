# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_invoice_retention_years = fields.Integer(
        "Invoice Retention (Years)",
        default=7,
        help="How long invoices keep an erased customer's name and address (the fiscal "
        "retention period: seven years in the Netherlands).",
    )

    @api.constrains("crm_invoice_retention_years")
    def _check_crm_invoice_retention_years(self):
        for company in self:
            if company.crm_invoice_retention_years < 0:
                raise ValidationError(
                    self.env._("The invoice retention period cannot be negative.")
                )

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_invoice_retention_years = fields.Integer(
        related="company_id.crm_invoice_retention_years", readonly=False
    )

    crm_log_alias_name = fields.Char(
        "CRM Logging Address",
        compute="_compute_crm_log_alias",
        inverse="_inverse_crm_log_alias_name",
        help="Put this address in Bcc: the mail is logged on the contacts it is sent to "
        "(their current role, else the person).",
    )
    crm_log_alias_domain = fields.Char("Logging Address Domain", compute="_compute_crm_log_alias")

    def _crm_log_alias(self):
        return self.env.ref("crm_relationship_model.mail_alias_crm_log", raise_if_not_found=False)

    @api.depends("company_id")
    def _compute_crm_log_alias(self):
        alias = self._crm_log_alias()
        for settings in self:
            settings.crm_log_alias_name = alias.alias_name if alias else False
            domain = (alias and alias.alias_domain_id) or settings.company_id.alias_domain_id
            settings.crm_log_alias_domain = domain.name if domain else False

    def _inverse_crm_log_alias_name(self):
        alias = self._crm_log_alias()
        for settings in self:
            if alias and settings.crm_log_alias_name != alias.alias_name:
                alias.alias_name = settings.crm_log_alias_name

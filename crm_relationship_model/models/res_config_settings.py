# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_log_alias_name = fields.Char(
        "CRM Logging Address",
        compute="_compute_crm_log_alias",
        inverse="_inverse_crm_log_alias_name",
        help="Put this address in Bcc: the mail is logged on the contacts it is sent to "
        "(their current role, else the person).",
    )
    crm_log_alias_domain = fields.Char("Logging Address Domain", compute="_compute_crm_log_alias")
    crm_duplicate_review_threshold = fields.Float(
        "Duplicate Review Threshold",
        config_parameter="crm_relationship_model.duplicate_review_threshold",
        default=0.5,
        help="Pairs of persons at least this likely (0 to 1) to be one human are listed "
        "for review.",
    )
    crm_duplicate_max_pairs = fields.Integer(
        "Possible Duplicates per Person",
        config_parameter="crm_relationship_model.duplicate_max_pairs",
        default=3,
        help="At most this many pairs per person are listed, the likeliest.",
    )
    crm_duplicate_auto_merge_threshold = fields.Float(
        "Automatic Merge Threshold",
        config_parameter="crm_relationship_model.duplicate_auto_merge_threshold",
        default=0.0,
        help="0 (the default) merges nothing without review. Above 0, the adoption "
        "merges pairs at least this likely that share an email, a phone or the "
        "birthdate; namesakes never do.",
    )

    @api.constrains(
        "crm_duplicate_review_threshold", "crm_duplicate_auto_merge_threshold",
        "crm_duplicate_max_pairs",
    )  # fmt: skip
    def _check_crm_duplicate_settings(self):
        for settings in self:
            thresholds = (
                settings.crm_duplicate_review_threshold,
                settings.crm_duplicate_auto_merge_threshold,
            )
            if any(value < 0 or value > 1 for value in thresholds):
                raise ValidationError(self.env._("Duplicate thresholds are from 0 to 1."))
            if settings.crm_duplicate_max_pairs < 1:
                raise ValidationError(
                    self.env._("List at least one possible duplicate per person.")
                )

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

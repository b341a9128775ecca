# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import rfm
from .crm_rfm_run import LAST_BOUNDARIES_PARAM


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
    crm_duplicate_review_threshold = fields.Float(
        "Duplicate Review Threshold",
        config_parameter="crm_relationship_model.duplicate_review_threshold",
        default=0.75,
        help="Pairs of persons at least this likely (0 to 1) to be one human, and alike in "
        "more than their name, are listed for review.",
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

    # ------------------------------------------------------------------
    # RFM scores and customer value
    # ------------------------------------------------------------------

    crm_rfm_window_months = fields.Integer(
        "RFM Window (Months)",
        config_parameter="crm_relationship_model.rfm_window_months",
        default=24,
        help="The confirmed sales of this many months back are scored.",
    )
    crm_rfm_boundaries = fields.Selection(
        [("quintiles", "Recomputed (quintiles)"), ("fixed", "Fixed")],
        "RFM Boundaries",
        config_parameter="crm_relationship_model.rfm_boundaries",
        default="quintiles",
        help="Recomputed: each refresh scores customers by the quintiles of this "
        "database. Fixed: by the boundaries below.",
    )
    crm_rfm_recency_days = fields.Char(
        "Recency Boundaries (Days)",
        config_parameter="crm_relationship_model.rfm_recency_days",
        default="30, 90, 180, 365",
    )
    crm_rfm_frequency_bounds = fields.Char(
        "Frequency Boundaries (Orders)",
        config_parameter="crm_relationship_model.rfm_frequency",
        default="1, 2, 3, 5",
    )
    crm_rfm_monetary_bounds = fields.Char(
        "Monetary Boundaries",
        config_parameter="crm_relationship_model.rfm_monetary",
        default="100, 250, 500, 1000",
    )
    crm_low_margin_rate = fields.Float(
        "Low Margin Rate (%)",
        config_parameter="crm_relationship_model.rfm_low_margin_rate",
        default=10.0,
        help="Customers whose margin rate is below this are to be served differently.",
    )
    crm_rfm_last_boundaries = fields.Text(
        "Boundaries of the Last Refresh", compute="_compute_crm_rfm_last_boundaries"
    )
    crm_rfm_cron_active = fields.Boolean("Refresh on a Schedule")
    crm_rfm_cron_interval_number = fields.Integer("Refresh Every")
    crm_rfm_cron_interval_type = fields.Selection(
        [("days", "Days"), ("weeks", "Weeks"), ("months", "Months")], "Refresh Unit"
    )

    @api.constrains(
        "crm_rfm_window_months",
        "crm_rfm_recency_days",
        "crm_rfm_frequency_bounds",
        "crm_rfm_monetary_bounds",
        "crm_rfm_cron_interval_number",
    )
    def _check_crm_rfm_settings(self):
        for settings in self:
            if settings.crm_rfm_window_months <= 0:
                raise ValidationError(
                    self.env._(
                        "The RFM window must be a positive number of months, not %(value)s.",
                        value=settings.crm_rfm_window_months,
                    )
                )
            for field_name in (
                "crm_rfm_recency_days",
                "crm_rfm_frequency_bounds",
                "crm_rfm_monetary_bounds",
            ):
                try:
                    rfm.parse_bounds(settings[field_name])
                except ValueError:
                    raise ValidationError(
                        self.env._(
                            "%(field)s must be four ascending numbers, e.g. 30, 90, 180, 365.",
                            field=settings._fields[field_name].string,
                        )
                    ) from None
            if settings.crm_rfm_cron_active and settings.crm_rfm_cron_interval_number <= 0:
                raise ValidationError(self.env._("The RFM refresh interval must be at least 1."))

    def _compute_crm_rfm_last_boundaries(self):
        text = self.env["ir.config_parameter"].sudo().get_param(LAST_BOUNDARIES_PARAM)
        lines = []
        for kind, (recency, frequency, monetary) in sorted(json.loads(text or "{}").items()):
            lines.append(
                self.env._(
                    "%(kind)s: recency %(r)s days, frequency %(f)s orders, monetary %(m)s",
                    kind=kind,
                    r=", ".join(f"{v:g}" for v in recency),
                    f=", ".join(f"{v:g}" for v in frequency),
                    m=", ".join(f"{v:g}" for v in monetary),
                )
            )
        self.crm_rfm_last_boundaries = "\n".join(lines)

    def _crm_rfm_cron(self):
        return self.env.ref("crm_relationship_model.ir_cron_crm_rfm_refresh").sudo()

    @api.model
    def get_values(self):
        values = super().get_values()
        cron = self._crm_rfm_cron()
        values.update(
            crm_rfm_cron_active=cron.active,
            crm_rfm_cron_interval_number=cron.interval_number,
            crm_rfm_cron_interval_type=cron.interval_type
            if cron.interval_type in ("days", "weeks", "months")
            else "days",
        )
        return values

    def set_values(self):
        result = super().set_values()
        cron = self._crm_rfm_cron()
        values = {
            "active": self.crm_rfm_cron_active,
            "interval_number": self.crm_rfm_cron_interval_number or 1,
            "interval_type": self.crm_rfm_cron_interval_type or "days",
        }
        if any(cron[key] != value for key, value in values.items()):
            cron.write(values)
        return result

    def action_crm_rfm_refresh(self):
        self.execute()
        return self.env["crm.rfm.run"].action_refresh_now()

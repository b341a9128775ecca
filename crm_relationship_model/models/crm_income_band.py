# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmIncomeBand(models.Model):
    """A range of gross yearly income. A band covers its minimum up to, not including,
    its maximum, so that bands meet without overlapping; no maximum means no upper limit."""

    _name = "crm.income.band"
    _description = "Income Band"
    _order = "currency_id, sequence, amount_min, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount_min = fields.Monetary("Minimum", currency_field="currency_id")
    amount_max = fields.Monetary(
        "Maximum",
        currency_field="currency_id",
        help="Gross yearly income up to, not including, this amount. Empty (zero) "
        "for the highest band: no upper limit.",
    )

    def _crm_upper_bound(self):
        return self.amount_max or float("inf")

    def _crm_overlaps(self, other):
        return (
            self.currency_id == other.currency_id
            and self.amount_min < other._crm_upper_bound()
            and other.amount_min < self._crm_upper_bound()
        )

    @api.constrains("amount_min", "amount_max", "currency_id", "active")
    def _check_crm_income_band_range(self):
        for band in self:
            if band.amount_max and band.amount_max < band.amount_min:
                raise ValidationError(
                    self.env._(
                        "The income band %(band)s has a maximum below its minimum.",
                        band=band.name,
                    )
                )
        # The whole list is short: every active band of these currencies, in one search.
        others = self.search([("currency_id", "in", self.currency_id.ids)])
        for band in self.filtered("active"):
            for other in others - band:
                if band._crm_overlaps(other):
                    raise ValidationError(
                        self.env._(
                            "The income bands %(band)s and %(other)s overlap: give each "
                            "band its own range (a band covers its minimum up to, not "
                            "including, its maximum).",
                            band=band.name,
                            other=other.name,
                        )
                    )

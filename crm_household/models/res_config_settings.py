# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .crm_household_status_mixin import CUSTOMER_MONTHS_PARAM, DEFAULT_CUSTOMER_MONTHS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_household_customer_months = fields.Integer(
        "Household Customer Period (Months)",
        config_parameter=CUSTOMER_MONTHS_PARAM,
        default=DEFAULT_CUSTOMER_MONTHS,
        help="A household that bought within this many months is a customer; one that "
        "bought only before is a former customer.",
    )

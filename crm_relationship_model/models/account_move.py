# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    crm_retained_customer = fields.Text(
        "Customer as Invoiced",
        readonly=True,
        copy=False,
        help="The name and address of a customer who was erased, kept on the invoice "
        "until the fiscal retention period ends, as the law requires.",
    )

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmInterestCategory(models.Model):
    """Groups interests (Sports, Culture, Food and Drink) in lists and selections."""

    _name = "crm.interest.category"
    _description = "Interest Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    interest_ids = fields.One2many("crm.interest", "category_id", string="Interests")

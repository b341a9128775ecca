# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from random import randint

from odoo import fields, models


class CrmInterest(models.Model):
    """What a person cares about (wine, sailing, museums), shown as coloured tags."""

    _name = "crm.interest"
    _description = "Interest"
    _order = "category_id, name, id"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    category_id = fields.Many2one("crm.interest.category", index=True, ondelete="restrict")
    color = fields.Integer(default=_default_color)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "name_category_unique",
            "unique(name, category_id)",
            "This interest exists already in its category.",
        ),
    ]

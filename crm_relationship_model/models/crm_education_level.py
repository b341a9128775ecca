# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmEducationLevel(models.Model):
    """The highest education a person completed: a short list each database may adapt."""

    _name = "crm.education.level"
    _description = "Education Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "An education level with this name exists already."),
    ]

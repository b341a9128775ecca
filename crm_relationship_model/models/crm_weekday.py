# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmWeekday(models.Model):
    """The seven days of the week, as records: a person's preferred days are tags."""

    _name = "crm.weekday"
    _description = "Day of the Week"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    # ISO 8601: 1 is Monday, 7 is Sunday, as date.isoweekday() counts.
    sequence = fields.Integer(required=True)

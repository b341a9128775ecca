# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmSensitiveAccessLog(models.Model):
    """Who read or changed which person's special categories of personal data, and when:
    append-only (no line is ever changed or deleted, not by an administrator either),
    read by the Data Protection Officer. Values are never logged, only field names."""

    _name = "crm.sensitive.access.log"
    _description = "Access Log of Sensitive Personal Data"
    _order = "create_date desc, id desc"
    _rec_name = "person_id"

    user_id = fields.Many2one("res.users", required=True, readonly=True)
    person_id = fields.Many2one("res.partner", required=True, readonly=True, ondelete="restrict")
    field_names = fields.Char("Fields", required=True, readonly=True)
    operation = fields.Selection(
        [("read", "Read"), ("write", "Write")], required=True, readonly=True
    )
    create_date = fields.Datetime("When", readonly=True)

    def write(self, vals):
        if self:
            raise UserError(
                self.env._("The access log of sensitive data cannot be changed: it is append-only.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Lines of the access log of sensitive data cannot be deleted."))

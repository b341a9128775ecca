from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_kind = fields.Selection(
        selection_add=[("household", "Household")],
        ondelete={"household": "set null"},
    )

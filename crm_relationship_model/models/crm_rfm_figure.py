# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class CrmRfmFigure(models.Model):
    """A refresh's work table: each customer's figures in the window, computed for all
    customers in one pass when the run starts, then written to the partners batch by
    batch. Emptied when the run is done."""

    _name = "crm.rfm.figure"
    _description = "RFM Figures of a Refresh"
    _log_access = False

    run_id = fields.Many2one("crm.rfm.run", required=True, ondelete="cascade")
    holder_id = fields.Integer("Customer", required=True)
    kind = fields.Char(required=True)
    orders = fields.Integer()
    last_date = fields.Date()
    amount = fields.Float()
    margin = fields.Float()

    def init(self):
        # Each batch reads a range of customers of its run.
        self.env.cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS crm_rfm_figure_run_holder_index
                       ON crm_rfm_figure (run_id, holder_id)"""
            )
        )

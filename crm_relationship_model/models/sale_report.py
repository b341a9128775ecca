# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..tools import rfm


class SaleReport(models.Model):
    """The sales analysis by the customer's RFM segment: value by segment and month.
    The customer is the order's commercial entity (the person for a private order, the
    organisation for an order placed in a role), so no sale counts twice."""

    _inherit = "sale.report"

    crm_rfm_segment = fields.Selection(rfm.RFM_SEGMENTS, "Customer's RFM Segment", readonly=True)
    crm_customer_kind = fields.Selection(
        [("person", "Person"), ("organisation", "Organisation"), ("role", "Role")],
        "Customer Kind",
        readonly=True,
    )

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["crm_rfm_segment"] = "crm_customer.crm_rfm_segment"
        res["crm_customer_kind"] = "crm_customer.crm_kind"
        return res

    def _from_sale(self):
        return (
            super()._from_sale()
            + """
            LEFT JOIN res_partner crm_customer ON crm_customer.id = partner.commercial_partner_id
            """
        )

    def _group_by_sale(self):
        return super()._group_by_sale() + ", crm_customer.crm_rfm_segment, crm_customer.crm_kind"

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.context import USE_PERSON_ID


class CrmLead2OpportunityPartner(models.TransientModel):
    _inherit = "crm.lead2opportunity.partner"

    crm_likely_person_ids = fields.Many2many(
        "res.partner",
        string="Likely Existing Persons",
        compute="_compute_crm_likely_person_ids",
        help="Persons who may be the lead's contact: the same email, the same phone or a "
        "similar name.",
    )
    crm_person_id = fields.Many2one(
        "res.partner",
        string="Use Person",
        domain="[('id', 'in', crm_likely_person_ids)]",
        help="The existing person the new customer is for: a lead about someone at a "
        "company gets a role for this person; a private lead is linked to the person.",
    )

    @api.depends("lead_id", "action")
    def _compute_crm_likely_person_ids(self):
        Partner = self.env["res.partner"]
        for convert in self:
            lead = convert.lead_id
            if convert.action != "create" or not lead:
                convert.crm_likely_person_ids = False
                continue
            convert.crm_likely_person_ids = Partner._crm_find_likely_persons(
                lead._crm_contact_name(),
                lead.email_from,
                lead.phone,
                lead.mobile,
                zip=lead.zip,
                street=lead.street,
                city=lead.city,
            )

    def _convert_handle_partner(self, lead, action, partner_id):
        if action == "create" and self.crm_person_id:
            lead = lead.with_context(**{USE_PERSON_ID: self.crm_person_id.id})
        return super()._convert_handle_partner(lead, action, partner_id)

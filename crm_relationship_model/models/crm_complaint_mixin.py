# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CrmComplaintMixin(models.AbstractModel):
    """Complaints (crm_claim's crm.claim) and open offers (sent quotations) over the
    partners a record covers, as purchase history covers them: a person its own and
    its roles', an organisation its contacts', a household its members' private ones.

    Nothing is stored: each count is one grouped query for the whole batch, in the
    user's environment, so the counts follow the user's access rights and record
    rules; portal users get none.
    """

    _name = "crm.complaint.mixin"
    _description = "Complaints and Open Offers"

    crm_claim_count = fields.Integer(
        "Complaints",
        compute="_compute_crm_complaint_counts",
        help="Complaints (claims) of this record and of the contacts its history covers.",
    )
    crm_open_claim_count = fields.Integer(
        "Open Complaints",
        compute="_compute_crm_complaint_counts",
        help="Complaints not closed yet (no closing date).",
    )
    crm_closed_claim_count = fields.Integer(
        "Closed Complaints", compute="_compute_crm_complaint_counts"
    )
    crm_open_offer_count = fields.Integer(
        "Open Offers",
        compute="_compute_crm_complaint_counts",
        help="Quotations sent and not confirmed yet.",
    )

    def _crm_complaint_scope(self):
        """Map each record id to the ids of the partners whose complaints and offers it
        covers: the same partners as its purchase history (a complaint or an offer made
        in a role is the organisation's and the person's, like an order)."""
        return self._crm_purchase_scope()

    @api.model
    def _crm_open_claim_domain(self):
        """An open claim, as crm_claim tells it: its stages have no closed flag, a
        closed claim has a closing date (the counts count the closing dates)."""
        return [("date_closed", "=", False)]

    def _crm_counts_allowed(self):
        """Portal users see no complaints or offers of others, even where Odoo lets
        them read their own orders. (The group, not the user's share flag: the group
        check is cached, the flag costs a form one more query.)"""
        return self.env.su or self.env.user._is_internal()

    def _crm_may_count(self, model):
        return self._crm_counts_allowed() and self.env[model].has_access("read")

    def _crm_count_per_holder(self, model, domain, scope, aggregates=("__count",)):
        """{record id: [a sum per aggregate]} of model's records of the covered
        partners, in one query (aggregates as _read_group takes them)."""
        holders_of = defaultdict(list)
        for record_id, partner_ids in scope.items():
            for partner_id in partner_ids:
                holders_of[partner_id].append(record_id)
        counts = defaultdict(lambda: [0] * len(aggregates))
        if not holders_of:
            return counts
        groups = self.env[model]._read_group(
            [("partner_id", "in", list(holders_of)), *domain], ["partner_id"], list(aggregates)
        )
        for partner, *values in groups:
            for holder_id in holders_of[partner.id]:
                for index, value in enumerate(values):
                    counts[holder_id][index] += value
        return counts

    @api.depends_context("uid", "company", "allowed_company_ids")
    def _compute_crm_complaint_counts(self):
        # One compute for all four: a form shows them together, the scope is read once;
        # the claims in one query, counted with their closing dates.
        claims = offers = defaultdict(lambda: [0, 0])
        may_claims, may_offers = self._crm_may_count("crm.claim"), self._crm_may_count("sale.order")
        scope = self._crm_complaint_scope() if may_claims or may_offers else {}
        if may_claims:
            claims = self._crm_count_per_holder(
                "crm.claim", [], scope, ("__count", "date_closed:count")
            )
        if may_offers:
            offers = self._crm_count_per_holder("sale.order", [("state", "=", "sent")], scope)
        for record in self:
            record_id = record._origin.id or record.id
            total, closed = claims[record_id]
            record.crm_claim_count = total
            record.crm_open_claim_count = total - closed
            record.crm_closed_claim_count = closed
            record.crm_open_offer_count = offers[record_id][0]

    # ------------------------------------------------------------------
    # Actions: the claims and quotations themselves
    # ------------------------------------------------------------------

    def _crm_complaint_partner_ids(self, model):
        self.ensure_one()
        if not self._crm_counts_allowed():
            raise AccessError(self.env._("Only internal users see complaints and offers."))
        self.env[model].check_access("read")
        return sorted(self._crm_complaint_scope().get(self.id, ()))

    @api.readonly
    def action_open_crm_claims(self):
        partner_ids = self._crm_complaint_partner_ids("crm.claim")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.crm_claim_action_partner"
        )
        action.update(
            display_name=self.env._("Complaints of %(name)s", name=self.display_name),
            domain=[("partner_id", "in", partner_ids)],
            context={"default_partner_id": self.id},
        )
        return action

    @api.readonly
    def action_open_crm_open_offers(self):
        partner_ids = self._crm_complaint_partner_ids("sale.order")
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_quotations")
        action.update(
            display_name=self.env._("Open Offers of %(name)s", name=self.display_name),
            domain=[("partner_id", "in", partner_ids), ("state", "=", "sent")],
            context={"create": False},
        )
        return action

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .crm_household_address_mixin import SYNC_KEY
from .crm_household_name_mixin import PROPOSAL_KEY

HOUSEHOLD_EXPORT_FIELDS = [
    "household_id",
    "relation",
    "date_start",
    "date_end",
    "state",
    "address",
]


class ResPartner(models.Model):
    """Households are partners of the kind "household"; each concern is a mixin of its
    own (memberships, name, address, status, contact moments). Here: the kind, and the
    methods of Odoo and of crm_relationship_model it extends."""

    _name = "res.partner"
    _inherit = [
        "res.partner",
        "crm.household.membership.mixin",
        "crm.household.name.mixin",
        "crm.household.address.mixin",
        "crm.household.status.mixin",
        "crm.household.contact.moment.mixin",
    ]

    crm_kind = fields.Selection(
        selection_add=[("household", "Household")],
        ondelete={"household": "set null"},
    )
    household_segment_ids = fields.Many2many(
        "crm.household.segment",
        "crm_household_segment_res_partner_rel",
        "partner_id",
        "segment_id",
        string="Segments",
        groups="base.group_user",
    )

    @api.model
    def _crm_kind_form_views(self):
        """Opening a household opens its own form."""
        return dict(
            super()._crm_kind_form_views(),
            household="crm_household.res_partner_household_view_form",
        )

    # ------------------------------------------------------------------
    # Create / write / unlink
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        for vals in vals_list:
            kind = vals.get("crm_kind") or context.get("default_crm_kind")
            if kind != "household":
                continue
            vals.setdefault("is_company", False)
            vals["household_status"] = vals.get("household_status") or "prospect"
            vals["household_status_date"] = vals.get(
                "household_status_date"
            ) or fields.Date.context_today(self)
            # Given by hand: the members added with it do not rename it (checked below).
            # (Whatever flags a form sends along: they follow from the values.)
            vals["household_name_custom"] = bool(vals.get("name"))
            vals["household_salutation_custom"] = bool(vals.get("household_salutation"))
            if not vals.get("name"):
                # Renamed from its members' surnames once they are added.
                vals["name"] = self.env._("New Household")
        partners = super().create(vals_list)
        households = partners.filtered(lambda p: p.crm_kind == "household")
        if households:
            # A name or salutation given that equals the proposal is not set by hand.
            proposals = households.sudo()._household_proposals()
            for field_name, flag in (
                ("name", "household_name_custom"),
                ("household_salutation", "household_salutation_custom"),
            ):
                proposed = households.filtered(
                    lambda h, f=field_name, c=flag: h[c] and h[f] == proposals[h.id][f]
                )
                if proposed:
                    proposed.with_context(**{PROPOSAL_KEY: True}).write({flag: False})
            households._update_household_proposals()
        return partners

    def write(self, vals):
        if not self.env.context.get(SYNC_KEY):
            self._check_household_address_write(vals)
        households = self.filtered(lambda p: p.crm_kind == "household")
        if vals.get("crm_kind") == "household":
            households = self
            vals = dict(vals, is_company=vals.get("is_company", False))
            vals.setdefault("household_status", "prospect")
        if households and {"name", "household_salutation"} & set(vals):
            if len(households) > 1 and self.env.context.get(PROPOSAL_KEY) is None:
                # Each household compares its own proposal.
                for partner in self:
                    partner.write(dict(vals))
                return True
            vals = households._prepare_household_name_vals(dict(vals))
        status_released = self.browse()
        if "household_status_override" in vals and not vals["household_status_override"]:
            status_released = households.filtered("household_status_override")
        result = super().write(vals)
        if households:
            address = set(self._address_fields()) & set(vals)
            if address:
                households._sync_household_address_to_members()
            if status_released:
                status_released._recompute_household_status()
        persons = self.filtered(lambda p: p.crm_kind == "person")
        if persons and {"name", "firstname", "lastname"} & set(vals):
            persons.sudo().household_id._update_household_proposals()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_household_history(self):
        """Households with members or documents, and persons who lived in a household,
        are archived, not deleted: the history of who lived where is kept."""
        Member = self.env["crm.household.member"].sudo()
        households = self.filtered(lambda p: p.crm_kind == "household")
        persons = self.filtered(lambda p: p.crm_kind == "person")
        if households:
            member = Member.search([("household_id", "in", households.ids)], limit=1)
            if member:
                raise UserError(
                    self.env._(
                        "%(household)s has members (%(person)s) and cannot be deleted: "
                        "archive it instead, so the history of who lived there is kept.",
                        household=member.household_id.name,
                        person=member.person_id.name,
                    )
                )
            self._check_household_documents(households)
        if persons:
            member = Member.search([("person_id", "in", persons.ids)], limit=1)
            if member:
                raise UserError(
                    self.env._(
                        "%(person)s lived in %(household)s and cannot be deleted: archive "
                        "the person instead, so the household's history is kept.",
                        person=member.person_id.name,
                        household=member.household_id.name,
                    )
                )

    @api.model
    def _check_household_documents(self, households):
        ids = households.ids
        order = (
            self.env["sale.order"]
            .sudo()
            .search(["|", ("partner_id", "in", ids), ("partner_invoice_id", "in", ids)], limit=1)
        )
        move = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "!=", "entry"),
                    "|",
                    ("partner_id", "in", ids),
                    ("commercial_partner_id", "in", ids),
                ],
                limit=1,
            )
        )
        document = order or move
        if document:
            partners = (
                order.partner_id | order.partner_invoice_id
                if order
                else move.partner_id | move.commercial_partner_id
            )
            raise UserError(
                self.env._(
                    "%(household)s has sales orders or invoices (%(document)s) and cannot "
                    "be deleted: archive it instead.",
                    household=(households & partners)[:1].name,
                    document=document.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("crm_kind", "parent_id", "is_company")
    def _check_household_kind(self):
        for partner in self.filtered(lambda p: p.crm_kind == "household"):
            if partner.parent_id:
                raise ValidationError(
                    self.env._(
                        "The household %(household)s cannot belong to %(parent)s: a "
                        "household has no parent. Leave its company empty.",
                        household=partner.name,
                        parent=partner.parent_id.display_name,
                    )
                )
            if partner.is_company:
                raise ValidationError(
                    self.env._(
                        "The household %(household)s cannot be a company: leave 'Company' unset.",
                        household=partner.name,
                    )
                )

    @api.constrains("crm_kind")
    def _check_kind_change_keeps_households(self):
        Member = self.env["crm.household.member"].sudo()
        members = Member.search(
            ["|", ("person_id", "in", self.ids), ("household_id", "in", self.ids)]
        )
        for member in members:
            if member.person_id in self and member.person_id.crm_kind != "person":
                raise ValidationError(
                    self.env._(
                        "%(name)s lives or lived in a household and must stay a person.",
                        name=member.person_id.name,
                    )
                )
            if member.household_id in self and member.household_id.crm_kind != "household":
                raise ValidationError(
                    self.env._(
                        "%(name)s has members and must stay a household.",
                        name=member.household_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Purchase history (crm_relationship_model): a household's covers its members'
    # ------------------------------------------------------------------

    def _crm_purchase_scope(self):
        scope = super()._crm_purchase_scope()
        households = self.filtered(lambda p: p.crm_kind == "household")
        # The current members' private purchases: the partner of an order is the person.
        for member in households._household_current_members().sudo():
            scope.setdefault(member.household_id.id, {member.household_id.id}).add(
                member.person_id.id
            )
        return scope

    # ------------------------------------------------------------------

    # ------------------------------------------------------------------
    # Contact moments (crm_relationship_model): a household's chatter
    # ------------------------------------------------------------------

    def _crm_message_feed_domain(self):
        """A household's chatter: its own moments and its members' private ones."""
        if self.crm_kind == "household":
            return self._household_message_domain()
        return super()._crm_message_feed_domain()

    def _crm_activity_feed_domain(self):
        """A household's chatter also lists its current members' private activities."""
        if self.crm_kind != "household":
            return super()._crm_activity_feed_domain()
        members = self.env["crm.household.member"].search_fetch(
            [("household_id", "=", self.id), ("state", "=", "current")], ["person_id"]
        )
        return [
            ("res_model", "=", "res.partner"),
            ("res_id", "in", [self.id, *members.person_id.ids]),
        ]

    # ------------------------------------------------------------------
    # Personal data (crm_relationship_model): a person's households in the export;
    # erasure removes their memberships, the household keeps its other members
    # ------------------------------------------------------------------

    def _crm_privacy_export_sections(self):
        return [*super()._crm_privacy_export_sections(), "households"]

    def _crm_privacy_section_fields(self, section):
        if section == "households":
            return "crm.household.member", HOUSEHOLD_EXPORT_FIELDS
        return super()._crm_privacy_section_fields(section)

    def _crm_privacy_section_domain(self, section, scope):
        if section == "households":
            return [("person_id", "=", self.id)]
        return super()._crm_privacy_section_domain(section, scope)

    def _crm_privacy_about_ids(self, scope):
        memberships = self.env["crm.household.member"].sudo().search([("person_id", "=", self.id)])
        return [*super()._crm_privacy_about_ids(scope), *memberships.household_id.ids]

    def _crm_privacy_erase_links(self, scope, report):
        memberships = self.env["crm.household.member"].sudo().search([("person_id", "=", self.id)])
        if memberships:
            report["erased"]["crm.household.member"].extend(memberships.ids)
            memberships.unlink()
            self.invalidate_recordset(["household_id", "household_relation"])
        return super()._crm_privacy_erase_links(scope, report)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .crm_household_member import RELATIONS

# Memberships that started or ended this many days back are applied again by the daily
# scheduled action, so a few days without it lose nothing.
MOVES_LOOKBACK_DAYS = 7


class CrmHouseholdMembershipMixin(models.AbstractModel):
    """Who lives where: a person's current household and history, a household's current
    and former members (crm.household.member), and moving in and out."""

    _name = "crm.household.membership.mixin"
    _description = "Household Memberships of Persons and Households"

    household_membership_ids = fields.One2many(
        "crm.household.member",
        "person_id",
        string="Household History",
        groups="base.group_user",
    )
    household_id = fields.Many2one(
        "res.partner",
        compute="_compute_household_id",
        inverse="_inverse_household_id",
        search="_search_household_id",
        help="The household this person lives in today. Choosing another household moves "
        "the person today: the old membership ends, a new one starts.",
    )
    household_relation = fields.Selection(
        RELATIONS, string="Relation in Household", compute="_compute_household_id"
    )
    household_membership_current_id = fields.Many2one(
        "crm.household.member", compute="_compute_household_id"
    )

    # ------------------------------------------------------------------
    # Household: its members
    # ------------------------------------------------------------------

    household_member_ids = fields.One2many(
        "crm.household.member",
        "household_id",
        string="Memberships",
        groups="base.group_user",
        help="Everyone who lives or lived in this household, with their dates.",
    )
    household_current_member_ids = fields.One2many(
        "crm.household.member",
        "household_id",
        string="Members",
        domain=[("state", "in", ("current", "future"))],
        groups="base.group_user",
        help="Who lives here, and who is about to move in.",
    )
    household_former_member_ids = fields.One2many(
        "crm.household.member",
        "household_id",
        string="Former Members",
        domain=[("state", "=", "past")],
        groups="base.group_user",
    )
    household_person_ids = fields.Many2many(
        "res.partner",
        string="Current Members",
        compute="_compute_household_person_ids",
        search="_search_household_person_ids",
    )
    household_member_count = fields.Integer(
        "Number of Members",
        compute="_compute_household_person_ids",
        search="_search_household_member_count",
    )

    # ------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------

    @api.depends(
        "crm_kind", "household_membership_ids.date_start", "household_membership_ids.date_end"
    )
    @api.depends_context("tz")
    def _compute_household_id(self):
        persons = self.filtered(lambda p: p.crm_kind == "person" and p._origin.id)
        current = {}
        if persons:
            members = (
                self.env["crm.household.member"]
                .sudo()
                .search_fetch(
                    [("person_id", "in", persons._origin.ids), ("state", "=", "current")],
                    ["person_id", "household_id", "relation"],
                )
            )
            current = {member.person_id.id: member for member in members}
        for partner in self:
            member = current.get(partner._origin.id)
            partner.household_membership_current_id = member.id if member else False
            partner.household_id = member.household_id.id if member else False
            partner.household_relation = member.relation if member else False

    def _search_household_id(self, operator, value):
        if operator in ("=", "!=") and not value:
            # ("household_id", "=", False): persons who live in no household today.
            negative = operator == "="
            condition = []
        else:
            negative = operator in ("!=", "not in", "not ilike", "not like")
            positive = {"!=": "=", "not in": "in", "not ilike": "ilike", "not like": "like"}
            condition = [("household_id", positive.get(operator, operator), value)]
        domain = [("state", "=", "current"), *condition]
        return [("household_membership_ids", "not any" if negative else "any", domain)]

    def _inverse_household_id(self):
        """Setting a person's household moves them today (imports, integrations)."""
        today = fields.Date.context_today(self)
        Member = self.env["crm.household.member"]
        for person in self:
            # Searched: the other values of the compute are not reliable while inverting.
            current = Member.search(
                [("person_id", "=", person.id), ("state", "=", "current")], limit=1
            )
            if current.household_id == person.household_id:
                continue
            if person.crm_kind != "person":
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a person: only persons live in a household.",
                        name=person.display_name,
                    )
                )
            # The day of the move is the first in the new household, the day before
            # the last in the old one.
            current._move_out_before(today)
            if person.household_id:
                Member.create(
                    {
                        "household_id": person.household_id.id,
                        "person_id": person.id,
                        "date_start": today,
                    }
                )

    @api.depends("crm_kind", "household_member_ids.date_start", "household_member_ids.date_end")
    @api.depends_context("tz")
    def _compute_household_person_ids(self):
        # Counted whatever the reader's rights on memberships, like the name of a household.
        members = self.sudo()._household_current_members()
        persons = defaultdict(list)
        for member in members:
            persons[member.household_id.id].append(member.person_id.id)
        for partner in self:
            ids = persons.get(partner._origin.id, [])
            partner.household_person_ids = [Command.set(ids)]
            partner.household_member_count = len(ids)

    def _household_current_members(self):
        """The current memberships of these households (with the caller's rights)."""
        households = self.filtered(lambda p: p.crm_kind == "household" and p._origin.id)
        if not households:
            return self.env["crm.household.member"]
        return self.env["crm.household.member"].search(
            [("household_id", "in", households._origin.ids), ("state", "=", "current")],
            order="relation_rank, date_start, id",
        )

    def _search_household_person_ids(self, operator, value):
        if operator in ("=", "!=") and not value:
            negative, condition = operator == "=", []
        elif operator in ("any", "not any"):
            negative = operator == "not any"
            condition = [("person_id", "any", value)]
        else:
            negative = operator in ("!=", "not in", "not ilike")
            positive = {"!=": "=", "not in": "in", "not ilike": "ilike"}
            condition = [("person_id", positive.get(operator, operator), value)]
        domain = [("state", "=", "current"), *condition]
        return [("household_member_ids", "not any" if negative else "any", domain)]

    def _search_household_member_count(self, operator, value):
        comparisons = {"=": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}
        if operator not in comparisons or not isinstance(value, int) or isinstance(value, bool):
            raise UserError(
                self.env._("Search the number of members with a whole number and =, <, > etc.")
            )
        Member = self.env["crm.household.member"]
        query = Member._search([("state", "=", "current")])
        counted = SQL(
            "(SELECT %s FROM %s WHERE %s GROUP BY %s HAVING COUNT(*) %s %s)",
            SQL.identifier(query.table, "household_id"),
            query.from_clause,
            query.where_clause or SQL("TRUE"),
            SQL.identifier(query.table, "household_id"),
            SQL(comparisons[operator]),
            value,
        )
        domain = [("crm_kind", "=", "household"), ("id", "in", counted)]
        # Households without members count 0: they are not in the grouped query.
        if {"=": 0 == value, "!=": 0 != value, "<": 0 < value, "<=": 0 <= value}.get(operator):
            domain = [
                ("crm_kind", "=", "household"),
                "|",
                ("id", "in", counted),
                ("household_member_ids", "not any", [("state", "=", "current")]),
            ]
        return domain

    # ------------------------------------------------------------------
    # Moves that start or end by date: the daily scheduled action applies them
    # ------------------------------------------------------------------

    @api.model
    def _cron_apply_household_moves(self):
        today = fields.Date.context_today(self)
        since = today - relativedelta(days=MOVES_LOOKBACK_DAYS)
        Member = self.env["crm.household.member"].sudo()
        started = Member.search(
            [("date_start", ">", since), ("date_start", "<=", today), ("state", "=", "current")]
        )
        started._move_in()
        # Past since a day of the look-back: their last day was before today.
        ended = Member.search([("date_end", ">=", since), ("date_end", "<", today)])
        (started | ended).household_id._update_household_proposals()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_create_household(self):
        """A household for this person, at their address, with them as its head."""
        self.ensure_one()
        if self.crm_kind != "person":
            raise UserError(self.env._("Only a person can start a household."))
        if self.household_id:
            raise UserError(
                self.env._(
                    "%(person)s already lives in %(household)s: end that membership first.",
                    person=self.name,
                    household=self.household_id.name,
                )
            )
        household = self.create(
            {
                "crm_kind": "household",
                **self._household_address_values(),
                "household_current_member_ids": [
                    Command.create({"person_id": self.id, "relation": "head"})
                ],
            }
        )
        return household.get_formview_action()

    def action_move_out_of_household(self):
        self.ensure_one()
        self.household_membership_current_id.action_move_out()
        return True

    @api.readonly
    def action_open_household(self):
        self.ensure_one()
        return self.household_id.get_formview_action()

    @api.readonly
    def action_open_household_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.res_partner_person_action"
        )
        action.update(
            display_name=self.env._("Members of %(household)s", household=self.name),
            domain=[("id", "in", self.household_person_ids.ids)],
            context={"create": False},
        )
        return action

from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.crm_relationship_model.models.res_partner import (
    ResPartner as RelationshipPartner,
)

from .crm_household_member import RELATION_RANK, RELATIONS

HOUSEHOLD_STATUSES = [
    ("prospect", "Prospect"),
    ("customer", "Customer"),
    ("former_customer", "Former Customer"),
]
# How long after its last confirmed order a household is still a customer (months).
DEFAULT_CUSTOMER_MONTHS = 24
CUSTOMER_MONTHS_PARAM = "crm_household.customer_months"
# Memberships that started or ended this many days back are applied again by the daily
# scheduled action, so a few days without it lose nothing.
MOVES_LOOKBACK_DAYS = 7
# Households whose status is written in one ORM write.
STATUS_WRITE_BATCH = 10_000
# Context key: the household writes its address on its members.
SYNC_KEY = "crm_household_address_sync"


class ResPartner(models.Model):
    _inherit = "res.partner"

    crm_kind = fields.Selection(
        selection_add=[("household", "Household")],
        ondelete={"household": "set null"},
    )

    # ------------------------------------------------------------------
    # Person: current household and history
    # ------------------------------------------------------------------

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
    # Household: members, name, salutation, segments, status
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
    household_name_custom = fields.Boolean(
        "Name Set by Hand",
        copy=False,
        help="Set when the name differs from the one proposed from the members' surnames; "
        "clear the name to get the proposal back.",
    )
    household_salutation = fields.Char(
        "Joint Salutation",
        help="How letters and mailings address the household, e.g. 'Dear Jan and Anna de "
        "Vries'. Proposed from the members; clear it to get the proposal back.",
    )
    household_salutation_custom = fields.Boolean("Salutation Set by Hand", copy=False)
    household_segment_ids = fields.Many2many(
        "crm.household.segment",
        "crm_household_segment_res_partner_rel",
        "partner_id",
        "segment_id",
        string="Segments",
        groups="base.group_user",
    )
    household_status = fields.Selection(
        HOUSEHOLD_STATUSES,
        string="Customer Status",
        index=True,
        copy=False,
        help="Prospect: never bought. Customer: bought within the customer period. Former "
        "customer: bought before. Computed every night from the household's purchases "
        "unless set by hand.",
    )
    household_status_override = fields.Boolean(
        "Status Set by Hand",
        copy=False,
        tracking=True,
        help="Keep this status: the nightly computation leaves it alone.",
    )
    household_status_reason = fields.Char(
        "Reason for the Status",
        copy=False,
        tracking=True,
    )
    household_status_date = fields.Date("Status Since", copy=False, readonly=True)

    # Opening a household opens its own form (crm_relationship_model.get_formview_id).
    _crm_kind_form_views = {
        **RelationshipPartner._crm_kind_form_views,
        "household": "crm_household.res_partner_household_view_form",
    }

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
            current.action_move_out()
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
                    proposed.with_context(crm_household_proposal=True).write({flag: False})
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
            if len(households) > 1 and self.env.context.get("crm_household_proposal") is None:
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

    def _prepare_household_name_vals(self, vals):
        """A name or salutation typed by hand is kept; cleared, it is proposed again."""
        if self.env.context.get("crm_household_proposal"):
            return vals
        proposals = self._household_proposals()
        for field_name, flag in (
            ("name", "household_name_custom"),
            ("household_salutation", "household_salutation_custom"),
        ):
            if field_name not in vals:
                continue
            proposal = proposals.get(self.id, {}).get(field_name) if len(self) == 1 else False
            if not vals[field_name]:
                vals[field_name] = proposal or (
                    self.env._("New Household") if field_name == "name" else False
                )
                vals[flag] = False
            else:
                vals[flag] = vals[field_name] != proposal
        return vals

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

    @api.constrains("household_status_override", "household_status_reason")
    def _check_household_status_reason(self):
        for household in self:
            if (
                household.household_status_override
                and not (household.household_status_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the status of %(household)s is set by hand: fill in the "
                        "reason, or let the status be computed.",
                        household=household.name,
                    )
                )

    # ------------------------------------------------------------------
    # Address: the household's is its members'
    # ------------------------------------------------------------------

    def _household_address_values(self):
        self.ensure_one()
        return self._update_fields_values(self._address_fields())

    def _household_has_address(self):
        self.ensure_one()
        return any(self[field_name] for field_name in self._address_fields())

    def _household_address_line(self):
        self.ensure_one()
        lines = self._display_address(without_company=True).splitlines()
        return ", ".join(line.strip() for line in lines if line.strip()) or False

    def _check_household_address_write(self, vals):
        address_fields = set(self._address_fields()) & set(vals)
        if not address_fields:
            return
        persons = self.filtered(lambda p: p.crm_kind == "person")
        if not persons:
            return
        for person in persons.sudo():
            household = person.household_id
            if not household:
                continue
            changed = [
                field_name
                for field_name in address_fields
                if person._household_value_differs(field_name, vals[field_name])
            ]
            if changed:
                raise UserError(
                    self.env._(
                        "%(person)s lives in %(household)s: their private address is the "
                        "household's. Change it on the household (it changes for every "
                        "member), or end the membership if they moved out.",
                        person=person.name,
                        household=household.name,
                    )
                )

    def _household_value_differs(self, field_name, value):
        current = self[field_name]
        if self._fields[field_name].type == "many2one":
            return current.id != (value or False)
        return (current or False) != (value or False)

    def _sync_household_address_to_persons(self, persons):
        """Write this household's address on the given persons, where it differs."""
        self.ensure_one()
        values = self._household_address_values()
        moving = persons.filtered(
            lambda p: any(p._household_value_differs(f, v) for f, v in values.items())
        )
        if moving:
            moving.with_context(**{SYNC_KEY: True}).write(values)

    def _sync_household_address_to_members(self):
        """After a household's address changed: every current member lives there."""
        members = self._household_current_members()
        for household in self:
            own = members.filtered(lambda m, h=household: m.household_id == h)
            if not own:
                continue
            household._sync_household_address_to_persons(own.person_id)
            own.write({"address": household._household_address_line()})

    # ------------------------------------------------------------------
    # Name and joint salutation proposed from the members
    # ------------------------------------------------------------------

    @api.model
    def _household_surname(self, person):
        lastname = person.lastname or self._split_person_name(person.name)[1] or ""
        return lastname.strip()

    @api.model
    def _household_capitalize(self, surname):
        """'de Vries' starts a name as 'De Vries' (Dutch: a particle is capitalised when
        no first name precedes it)."""
        return surname[:1].upper() + surname[1:]

    def _household_proposals(self):
        """{household id: {'name': ..., 'household_salutation': ...}} from its current
        members, in the household's language; one search for all households."""
        members = self._household_current_members()
        members.person_id.fetch(["name", "firstname", "lastname"])
        by_household = defaultdict(list)
        for member in members:
            by_household[member.household_id.id].append(member)
        proposals = {}
        for household in self:
            own = sorted(
                by_household.get(household.id, []),
                key=lambda m: (
                    RELATION_RANK[m.relation],
                    m.date_start or fields.Date.today(),
                    m.id,
                ),
            )
            env = household.with_context(lang=household.lang or self.env.lang).env
            name = self._household_propose_name(env, own)
            proposals[household.id] = {
                "name": name,
                "household_salutation": self._household_propose_salutation(
                    env, own, name or household.name
                ),
            }
        return proposals

    @api.model
    def _household_adults(self, members):
        adults = [m for m in members if m.relation in ("head", "partner")]
        return adults or members

    @api.model
    def _household_propose_name(self, env, members):
        surnames = []
        for member in self._household_adults(members):
            surname = self._household_surname(member.person_id)
            if surname and surname.lower() not in {s.lower() for s in surnames}:
                surnames.append(surname)
        if not surnames:
            return False
        if len(surnames) == 1:
            return env._("%(surname)s family", surname=self._household_capitalize(surnames[0]))
        # Mixed surnames: the first two adults', as in "De Vries-Bakker".
        return f"{self._household_capitalize(surnames[0])}-{surnames[1]}"

    @api.model
    def _household_propose_salutation(self, env, members, household_name):
        adults = self._household_adults(members)
        if not adults:
            return False
        persons = [member.person_id for member in adults]
        if len(persons) == 1:
            return env._("Dear %(name)s", name=persons[0].name)
        if len(persons) == 2:
            first, second = persons
            surname = self._household_surname(first)
            if (
                surname
                and surname.lower() == self._household_surname(second).lower()
                and first.firstname
                and second.firstname
            ):
                return env._(
                    "Dear %(first)s and %(second)s %(surname)s",
                    first=first.firstname,
                    second=second.firstname,
                    surname=surname,
                )
            return env._("Dear %(first)s and %(second)s", first=first.name, second=second.name)
        return env._("Dear %(household)s", household=household_name)

    def _update_household_proposals(self):
        """Propose the name and salutation again, where they were not set by hand."""
        households = self.filtered(lambda p: p.crm_kind == "household").sudo()
        if not households:
            return
        proposals = households._household_proposals()
        for household in households:
            proposal = proposals[household.id]
            vals = {}
            if not household.household_name_custom and proposal["name"]:
                if household.name != proposal["name"]:
                    vals["name"] = proposal["name"]
            if not household.household_salutation_custom:
                if household.household_salutation != proposal["household_salutation"]:
                    vals["household_salutation"] = proposal["household_salutation"]
            if vals:
                household.with_context(crm_household_proposal=True).write(vals)

    def action_propose_household_name(self):
        """Back to the proposed name and salutation."""
        self.write({"name": False, "household_salutation": False})
        return True

    # ------------------------------------------------------------------
    # Customer status: computed from purchases by a scheduled action or on demand
    # ------------------------------------------------------------------

    @api.model
    def _household_customer_months(self):
        value = self.env["ir.config_parameter"].sudo().get_param(CUSTOMER_MONTHS_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_CUSTOMER_MONTHS
        except ValueError:
            return DEFAULT_CUSTOMER_MONTHS

    @api.model
    def _household_last_purchases(self, household_ids=None, today=None):
        """{household id: date of its last confirmed order}, in one grouped query.

        A household's purchases are its own, its current members' private ones (not
        those of their roles) and its former members' from while they lived there.
        """
        today = today or fields.Date.context_today(self)
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        self.env["crm.household.member"].flush_model()
        self.flush_model(["crm_kind"])
        restrict = SQL("")
        restrict_own = SQL("")
        if household_ids is not None:
            restrict = SQL("AND m.household_id = ANY(%s)", list(household_ids))
            restrict_own = SQL("AND o.partner_id = ANY(%s)", list(household_ids))
        rows = self.env.execute_query(
            SQL(
                """
                SELECT household_id, MAX(last_order)
                  FROM (
                    SELECT m.household_id, MAX(o.date_order) AS last_order
                      FROM crm_household_member m
                      JOIN sale_order o ON o.partner_id = m.person_id AND o.state = 'sale'
                     WHERE (m.date_start IS NULL OR m.date_start <= %(today)s)
                       AND (m.date_end IS NULL OR m.date_end > %(today)s
                            OR (o.date_order < m.date_end
                                AND (m.date_start IS NULL OR o.date_order >= m.date_start)))
                       %(restrict)s
                     GROUP BY m.household_id
                    UNION ALL
                    SELECT o.partner_id, MAX(o.date_order)
                      FROM sale_order o
                      JOIN res_partner h ON h.id = o.partner_id AND h.crm_kind = 'household'
                     WHERE o.state = 'sale' %(restrict_own)s
                     GROUP BY o.partner_id
                  ) AS purchases
                 GROUP BY household_id
                """,
                today=today,
                restrict=restrict,
                restrict_own=restrict_own,
            )
        )
        return {household_id: last.date() for household_id, last in rows}

    @api.model
    def _household_status_for(self, last_purchase, today, months):
        if not last_purchase:
            return "prospect"
        if last_purchase > today - relativedelta(months=months):
            return "customer"
        return "former_customer"

    def _recompute_household_status(self, today=None):
        """Recompute the status of these households (all households if called on an
        empty recordset by the scheduled action), leaving statuses set by hand alone.
        Only the households whose status changes are written."""
        today = today or fields.Date.context_today(self)
        months = self._household_customer_months()
        Partner = self.sudo().with_context(active_test=False, tracking_disable=True)
        ids = None if not self else self.filtered(lambda p: p.crm_kind == "household").ids
        if ids is not None and not ids:
            return {}
        last_purchases = self._household_last_purchases(ids, today)
        self.flush_model(["household_status", "household_status_override", "crm_kind"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id, household_status FROM res_partner
                    WHERE crm_kind = 'household' AND household_status_override IS NOT TRUE
                    %s""",
                SQL("AND id = ANY(%s)", ids) if ids is not None else SQL(""),
            )
        )
        changes = defaultdict(list)
        for household_id, status in rows:
            target = self._household_status_for(last_purchases.get(household_id), today, months)
            if target != status:
                changes[target].append(household_id)
        for status, household_ids in changes.items():
            for start in range(0, len(household_ids), STATUS_WRITE_BATCH):
                Partner.browse(household_ids[start : start + STATUS_WRITE_BATCH]).write(
                    {"household_status": status, "household_status_date": today}
                )
                Partner.invalidate_model(["household_status", "household_status_date"])
        return {status: len(household_ids) for status, household_ids in changes.items()}

    @api.model
    def _cron_recompute_household_status(self):
        self.browse()._recompute_household_status()

    def action_recompute_household_status(self):
        households = self.filtered(lambda p: p.crm_kind == "household")
        # Whoever may edit the households may refresh their status; the figures come
        # from all orders, whatever the user may read, so the status is the same for all.
        households.check_access("write")
        households._recompute_household_status()
        return True

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
        ended = Member.search([("date_end", ">", since), ("date_end", "<=", today)])
        (started | ended).household_id._update_household_proposals()

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

    def action_household_move_out(self):
        self.ensure_one()
        self.household_membership_current_id.action_move_out()
        return True

    def action_open_household(self):
        self.ensure_one()
        return self.household_id.get_formview_action()

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

    def _household_message_domain(self):
        """Its own contact moments and its members' private ones: those of its current
        members, and those of its former members from while they lived there. Moments
        of the members' roles are on the roles, so they are left out. Mailings sent to
        the household are in too."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        moments = [("message_type", "in", ("comment", "email", "email_outgoing"))]
        branches = []
        current_ids = []
        for member in self.household_member_ids:
            state = member._state_on(today)
            if state == "current":
                current_ids.append(member.person_id.id)
            elif state == "past":
                branch = [("res_id", "=", member.person_id.id), ("date", "<", member.date_end)]
                if member.date_start:
                    branch.append(("date", ">=", member.date_start))
                branches.append(branch)
        if current_ids:
            branches.append([("res_id", "in", current_ids)])
        # Mailings sent to the household (Email Marketing) are logged on its mailing row.
        mailings = [("model", "=", "crm.household.mailing.recipient"), ("res_id", "=", self.id)]
        others = [mailings]
        if branches:
            others.append(
                expression.AND([[("model", "=", "res.partner")], expression.OR(branches)])
            )
        # Everything on the household itself (its tracking too), only moments of others.
        own = [("model", "=", "res.partner"), ("res_id", "=", self.id)]
        return expression.OR([own, expression.AND([moments, expression.OR(others)])])

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

    def action_open_household_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_household.mail_message_household_action"
        )
        action.update(
            display_name=self.env._("Contact Moments of %(household)s", household=self.name),
            domain=self._household_message_domain(),
        )
        return action

    def action_open_household_mailing(self):
        """The distinct current households of these persons, one row each, for an export
        or a mailing. Households and persons chosen directly count as themselves; members
        who opted out (blacklisted email) do not bring their household in."""
        persons = self.filtered(lambda p: p.crm_kind == "person" and not p.is_blacklisted)
        household_ids = set(self.filtered(lambda p: p.crm_kind == "household").ids)
        if persons:
            members = self.env["crm.household.member"].search_fetch(
                [("person_id", "in", persons.ids), ("state", "=", "current")],
                ["household_id"],
            )
            household_ids.update(members.household_id.ids)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_household.crm_household_mailing_recipient_action"
        )
        action["domain"] = [("id", "in", sorted(household_ids))]
        return action

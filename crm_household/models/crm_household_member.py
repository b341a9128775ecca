from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

RELATIONS = [
    ("head", "Head"),
    ("partner", "Partner"),
    ("child", "Child"),
    ("other", "Other"),
]
# Head and partner are the household's adults: its name and salutation come from them.
RELATION_RANK = {relation: rank for rank, (relation, _label) in enumerate(RELATIONS)}
MEMBER_STATES = [("future", "Future"), ("current", "Current"), ("past", "Past")]


class CrmHouseholdMember(models.Model):
    """A person's membership of a household, over time.

    The end date is the day the person moved out: from that day on they no longer live
    there, and a move is one date, the end of the old membership and the start of the
    new one.
    """

    _name = "crm.household.member"
    _description = "Household Membership"
    _order = "date_start desc, id desc"
    _rec_names_search = ["person_id", "household_id"]

    household_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("crm_kind", "=", "household")],
    )
    person_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("crm_kind", "=", "person")],
    )
    relation = fields.Selection(
        RELATIONS,
        required=True,
        default="other",
        help="Head and partner are the adults of the household: the household's name and "
        "joint salutation are proposed from them.",
    )
    relation_rank = fields.Integer(compute="_compute_relation_rank", store=True)
    date_start = fields.Date(
        "Moved In",
        index=True,
        default=fields.Date.context_today,
        help="The first day the person lives in the household. Empty: not known.",
    )
    date_end = fields.Date(
        "Moved Out",
        index=True,
        help="The day the person moved out: from this day on they no longer live here. "
        "Empty: they still live here.",
    )
    state = fields.Selection(
        MEMBER_STATES,
        string="Status",
        compute="_compute_state",
        search="_search_state",
        help="Future: not moved in yet. Current: lives in the household. Past: moved out.",
    )
    address = fields.Char(
        readonly=True,
        copy=False,
        help="The household's address while the person lived there: it follows the "
        "household's address while they live there, and is kept when they move out.",
    )
    household_status = fields.Selection(related="household_id.household_status")

    _sql_constraints = [
        (
            "dates_ordered",
            "CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
            "A person cannot move out of a household before moving in.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------

    @api.depends("relation")
    def _compute_relation_rank(self):
        for member in self:
            member.relation_rank = RELATION_RANK.get(member.relation, len(RELATIONS))

    @api.depends("person_id", "household_id")
    def _compute_display_name(self):
        for member in self:
            member.display_name = self.env._(
                "%(person)s in %(household)s",
                person=member.person_id.name or "",
                household=member.household_id.name or "",
            )

    # Not stored: computed against today on every read, so it is right without a cron.
    @api.depends("date_start", "date_end")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.state = member._state_on(today)

    def _state_on(self, day):
        if self.date_start and self.date_start > day:
            return "future"
        if self.date_end and self.date_end <= day:
            return "past"
        return "current"

    @api.model
    def _state_domain(self, state, day):
        # Explicit "!= False" keeps negated domains right for empty dates (NULL in SQL).
        if state == "future":
            return [("date_start", "!=", False), ("date_start", ">", day)]
        if state == "past":
            return [("date_end", "!=", False), ("date_end", "<=", day)]
        return [
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", day),
            "|",
            ("date_end", "=", False),
            ("date_end", ">", day),
        ]

    def _search_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("Membership status can only be searched with =, !=, in or not in.")
            )
        states = [value] if isinstance(value, (str, bool)) else list(value)
        unknown = set(states) - {state for state, _label in MEMBER_STATES}
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown membership status %(states)s: use future, current or past.",
                    states=", ".join(map(str, unknown)),
                )
            )
        today = fields.Date.context_today(self)
        domain = expression.OR(
            [self._state_domain(state, today) for state in states] or [expression.FALSE_DOMAIN]
        )
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    # ------------------------------------------------------------------
    # Create / write / unlink
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Before the insert: the database refuses such dates with a less helpful error.
            self._check_dates_order(
                vals.get("date_start"),
                vals.get("date_end"),
                self.env["res.partner"].browse(vals.get("person_id")),
                self.env["res.partner"].browse(vals.get("household_id")),
            )
        members = super().create(vals_list)
        members._apply_memberships()
        return members

    def write(self, vals):
        self._check_not_moved(vals)
        if {"date_start", "date_end"} & set(vals):
            for member in self:
                self._check_dates_order(
                    vals["date_start"] if "date_start" in vals else member.date_start,
                    vals["date_end"] if "date_end" in vals else member.date_end,
                    member.person_id,
                    member.household_id,
                )
        result = super().write(vals)
        if {"date_start", "date_end", "relation"} & set(vals):
            self._apply_memberships()
        return result

    def unlink(self):
        households = self.household_id
        result = super().unlink()
        # The person keeps the address they had, as when they move out.
        households.exists()._update_household_proposals()
        return result

    def _apply_memberships(self):
        """What follows a change of memberships: the address moves in with the person,
        and the household's proposed name and salutation follow its members."""
        today = fields.Date.context_today(self)
        current = self.filtered(lambda m: m._state_on(today) == "current")
        current._move_in()
        self.household_id._update_household_proposals()

    def _move_in(self):
        """The persons of these current memberships live at their household's address.

        A household that has no address yet takes its first member's."""
        for household in self.household_id:
            members = self.filtered(lambda m, h=household: m.household_id == h)
            if not household._household_has_address():
                donor = members.person_id.filtered(lambda p: p._household_has_address())[:1]
                if donor:
                    # Writing the household's address moves it to all its current members.
                    household.write(donor._household_address_values())
                    continue
            household._sync_household_address_to_persons(members.person_id)
            members.write({"address": household._household_address_line()})

    def _check_not_moved(self, vals):
        for field_name in ("household_id", "person_id"):
            if field_name not in vals:
                continue
            for member in self:
                if member[field_name].id != vals[field_name]:
                    raise UserError(
                        self.env._(
                            "The membership of %(person)s in %(household)s cannot be moved to "
                            "another household or person. Set its moved-out date and add a new "
                            "membership instead: the old one stays in the history.",
                            person=member.person_id.name,
                            household=member.household_id.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.model
    def _check_dates_order(self, start, end, person, household):
        start, end = fields.Date.to_date(start), fields.Date.to_date(end)
        if start and end and end < start:
            raise ValidationError(
                self.env._(
                    "%(person)s cannot move out of %(household)s (%(end)s) before moving in "
                    "(%(start)s). Correct the moved-out date.",
                    person=person.sudo().name or self.env._("A person"),
                    household=household.sudo().name or self.env._("the household"),
                    end=end,
                    start=start,
                )
            )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for member in self:
            self._check_dates_order(
                member.date_start, member.date_end, member.person_id, member.household_id
            )

    @api.constrains("person_id", "household_id")
    def _check_kinds(self):
        for member in self:
            if member.person_id.crm_kind != "person":
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a person: only persons live in a household. "
                        "Choose a person, or create one.",
                        name=member.person_id.display_name,
                    )
                )
            if member.household_id.crm_kind != "household":
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a household: choose a household for %(person)s, "
                        "or create one.",
                        name=member.household_id.display_name,
                        person=member.person_id.name,
                    )
                )

    @staticmethod
    def _overlap(first, second):
        """Whether two memberships share a day (end dates are exclusive)."""
        return (
            not first.date_end or not second.date_start or second.date_start < first.date_end
        ) and (not second.date_end or not first.date_start or first.date_start < second.date_end)

    @api.constrains("person_id", "date_start", "date_end")
    def _check_one_household_at_a_time(self):
        # One search for all persons of the batch, whatever its size.
        others = self.search([("person_id", "in", self.person_id.ids)])
        for member in self:
            for other in others:
                if other == member or other.person_id != member.person_id:
                    continue
                if self._overlap(member, other):
                    raise ValidationError(
                        self.env._(
                            "%(person)s cannot live in %(household)s and %(other)s at the same "
                            "time. End the membership of %(other)s first (moved-out date), or "
                            "correct the dates.",
                            person=member.person_id.name,
                            household=member.household_id.name,
                            other=other.household_id.name,
                        )
                    )

    @api.constrains("household_id", "relation", "date_start", "date_end")
    def _check_one_head(self):
        heads = self.filtered(lambda m: m.relation == "head")
        if not heads:
            return
        others = self.search(
            [("household_id", "in", heads.household_id.ids), ("relation", "=", "head")]
        )
        for head in heads:
            for other in others:
                if other == head or other.household_id != head.household_id:
                    continue
                if self._overlap(head, other):
                    raise ValidationError(
                        self.env._(
                            "%(household)s cannot have two heads at the same time: "
                            "%(person)s and %(other)s. Make one of them a partner or another "
                            "relation, or end the other's membership first.",
                            household=head.household_id.name,
                            person=head.person_id.name,
                            other=other.person_id.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_move_out(self):
        """The person moves out today: they keep the address until they move elsewhere."""
        today = fields.Date.context_today(self)
        for member in self.filtered(lambda m: not m.date_end or m.date_end > today):
            # A membership that had not started yet ends the day it would have started.
            member.date_end = max(today, member.date_start or today)
        return True

    def action_open_household(self):
        self.ensure_one()
        return self.household_id.get_formview_action()

    def action_open_person(self):
        self.ensure_one()
        return self.person_id.get_formview_action()

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

RELATIONS = [
    ("head", "Head"),
    ("partner", "Partner"),
    ("child", "Child"),
    ("other", "Other"),
]
# Head and partner are the household's adults: its name and salutation come from them.
RELATION_RANK = {relation: rank for rank, (relation, _label) in enumerate(RELATIONS)}
MEMBER_STATES = [("future", "Future"), ("current", "Current"), ("past", "Past")]
# The day before a move: the last day in the old household (end dates are inclusive).
ONE_DAY = timedelta(days=1)


class CrmHouseholdMember(models.Model):
    """A person's membership of a household, over time, read by the dated-link rule of
    crm_relationship_model (crm.dated.link.mixin): the end date is the last day the
    person lived there, inclusive; a move ends the old membership the day before the
    new one starts.
    """

    _name = "crm.household.member"
    _inherit = "crm.dated.link.mixin"
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
        "Lived Here Until",
        index=True,
        help="The last day the person lived here (from the next day on they no longer "
        "do). Empty: they still live here.",
    )
    state = fields.Selection(
        MEMBER_STATES,
        string="Status",
        compute="_compute_state",
        search="_search_state",
        help="Future: not moved in yet. Current: lives in the household. Past: moved out.",
    )
    lived_there_on = fields.Date(
        compute="_compute_lived_there_on",
        search="_search_lived_there_on",
        help="Search the memberships of a given date.",
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
        self._crm_link_compute_state("state")

    def _search_state(self, operator, value):
        return self._crm_link_search_state(operator, value, self.env._("Membership status"))

    def _compute_lived_there_on(self):
        self.lived_there_on = False

    def _search_lived_there_on(self, operator, value):
        return self._crm_link_held_on_domain(operator, value)

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
        current = self.filtered(lambda m: m._crm_link_state_on(today) == "current")
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

    @api.constrains("person_id", "date_start", "date_end")
    def _check_one_household_at_a_time(self):
        # One search for all persons of the batch, whatever its size.
        others = self.search([("person_id", "in", self.person_id.ids)])
        overlapping = self._crm_link_first_overlap(others, lambda m: m.person_id)
        for member, other in overlapping.items():
            raise ValidationError(
                self.env._(
                    "%(person)s cannot live in %(household)s and %(other)s at the same "
                    "time. End the membership of %(other)s first (its last day), or "
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
        overlapping = heads._crm_link_first_overlap(others, lambda m: m.household_id)
        for head, other in overlapping.items():
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
        """The person moves out today: they no longer live there today, so their last
        day there was yesterday. They keep the address until they move elsewhere."""
        self._move_out_before(fields.Date.context_today(self))
        return True

    def _move_out_before(self, day):
        """End these memberships the day before day (the person is gone on day); one
        that would only start on day or later never was, and is removed."""
        never_lived = self.filtered(lambda m: m.date_start and m.date_start >= day)
        (self - never_lived)._crm_link_end_on(day - ONE_DAY)
        never_lived.unlink()

    @api.readonly
    def action_open_household(self):
        self.ensure_one()
        return self.household_id.get_formview_action()

    @api.readonly
    def action_open_person(self):
        self.ensure_one()
        return self.person_id.get_formview_action()

import logging
import re
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize, email_split

from odoo.addons.mail.tools.discuss import Store

from .res_partner_adoption import (
    LIKELY_PERSON_LIMIT,
    MERGE_AUTHORISED_IDS,
    SIMILAR_NAME_THRESHOLD,
    phone_key,
)

_logger = logging.getLogger(__name__)

# Particles that begin a surname ("Jan de Vries", "Fatima El Amrani"), in lower case:
# words are compared lower-cased. Dutch, Flemish, German, French, Iberian, Arabic.
NAME_PARTICLES = {
    "al", "bin", "d'", "da", "das", "de", "del", "della", "den", "der", "des", "di",
    "do", "dos", "du", "el", "het", "ibn", "in", "la", "le", "op", "'s", "st.", "te",
    "ten", "ter", "'t", "uit", "van", "von", "vd", "zu",
}  # fmt: skip

ROLE_STATES = [("future", "Future"), ("current", "Current"), ("past", "Past")]

# Message types that are contact moments when they sit on another document: mail and
# chatter posts. Odoo's own notifications (tracking, assignments) are left out there.
MOMENT_MESSAGE_TYPES = ("email", "comment", "email_outgoing")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.purchase.history.mixin"]

    crm_kind = fields.Selection(
        [("person", "Person"), ("organisation", "Organisation"), ("role", "Role")],
        string="Kind",
        index=True,
        copy=True,
        help="Person: one human. Organisation: a company or institution. "
        "Role: a person's position at an organisation over time. "
        "Empty for addresses and contacts not yet classified.",
    )

    # Person
    firstname = fields.Char("First Name", index=True)
    lastname = fields.Char("Last Name", index=True)
    # Personal data: internal users only (portal users read their own partner).
    crm_birthdate = fields.Date("Birthdate", groups="base.group_user")
    crm_position_summary = fields.Char("Current Positions", compute="_compute_crm_position_summary")
    person_role_ids = fields.One2many(
        "res.partner",
        "role_person_id",
        string="Positions",
        context={"active_test": False},
    )
    role_count = fields.Integer("Number of Roles", compute="_compute_role_ids")
    current_role_count = fields.Integer("Number of Current Roles", compute="_compute_role_ids")

    # Organisation
    organisation_role_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="People",
        domain=[("crm_kind", "=", "role")],
        context={"active_test": False},
    )

    current_role_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Current People",
        domain=[("crm_kind", "=", "role"), ("role_state", "in", ("current", "future"))],
    )
    former_role_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Former People",
        domain=[("crm_kind", "=", "role"), ("role_state", "=", "past")],
    )
    # The organisation form's "Contacts & Addresses" tab: its roles are on the People tab.
    crm_address_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Contacts & Addresses",
        domain=[("active", "=", True), ("crm_kind", "!=", "role")],
    )

    # Persons and organisations: all their roles, ended ones included.
    role_ids = fields.Many2many(
        "res.partner",
        string="Roles",
        compute="_compute_role_ids",
        search="_search_role_ids",
        # Archived roles are history too (an archived person keeps its work history).
        context={"active_test": False},
        help="All roles of this person or organisation, ended ones included.",
    )

    # Role
    role_person_id = fields.Many2one(
        "res.partner",
        string="Person",
        index=True,
        ondelete="restrict",
        domain=[("crm_kind", "=", "person")],
    )
    role_organisation_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        compute="_compute_role_organisation_id",
        search="_search_role_organisation_id",
        help="The organisation of this role (its parent).",
    )
    role_date_start = fields.Date("Start Date", index=True)
    role_date_end = fields.Date("End Date", index=True)
    role_state = fields.Selection(
        ROLE_STATES,
        string="Role Status",
        compute="_compute_role_state",
        search="_search_role_state",
        help="Future: not started yet. Current: started, not ended. Past: ended before today.",
    )
    role_active_on = fields.Date(
        "Held On",
        compute="_compute_role_active_on",
        search="_search_role_active_on",
        help="Search roles held on a given date.",
    )
    crm_department = fields.Char("Department")
    role_archived_with_person = fields.Boolean(
        copy=False,
        help="Technical: archived because its person was; restored with it.",
    )

    _sql_constraints = [
        (
            "role_dates_ordered",
            "CHECK (role_date_end IS NULL OR role_date_start IS NULL "
            "OR role_date_end >= role_date_start)",
            "A role cannot end before it starts.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes and searches
    # ------------------------------------------------------------------

    # Not stored: computed against today on every read, so it is right without a cron.
    @api.depends("crm_kind", "role_date_start", "role_date_end")
    @api.depends_context("tz")
    def _compute_role_state(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.role_state = partner._role_state_on(today)

    def _role_state_on(self, day):
        if self.crm_kind != "role":
            return False
        if self.role_date_start and self.role_date_start > day:
            return "future"
        if self.role_date_end and self.role_date_end < day:
            return "past"
        return "current"

    @api.model
    def _role_state_domain(self, state, day):
        # Explicit "!= False" keeps the negated domains (role_state != ...) right for
        # empty dates: NULL < day is neither true nor false in SQL.
        if state == "future":
            return [("role_date_start", "!=", False), ("role_date_start", ">", day)]
        if state == "past":
            return [("role_date_end", "!=", False), ("role_date_end", "<", day)]
        return [
            "|",
            ("role_date_start", "=", False),
            ("role_date_start", "<=", day),
            "|",
            ("role_date_end", "=", False),
            ("role_date_end", ">=", day),
        ]

    def _search_role_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(_("Role status can only be searched with =, !=, in or not in."))
        states = [value] if isinstance(value, (str, bool)) else list(value)
        unknown = set(states) - {state for state, _label in ROLE_STATES} - {False}
        if unknown:
            raise UserError(
                _(
                    "Unknown role status %(states)s: use future, current or past.",
                    states=", ".join(map(str, unknown)),
                )
            )
        today = fields.Date.context_today(self)
        domain = expression.OR(
            [self._role_state_domain(state, today) for state in states if state]
            or [expression.FALSE_DOMAIN]
        )
        domain = expression.AND([[("crm_kind", "=", "role")], domain])
        if False in states:
            # Partners that are not roles have no status.
            domain = expression.OR([domain, [("crm_kind", "!=", "role")]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    def _compute_role_active_on(self):
        self.role_active_on = False

    def _search_role_active_on(self, operator, value):
        if operator != "=" or not value:
            raise UserError(_("Search roles held on a date with a single date."))
        day = fields.Date.to_date(value)
        return expression.AND(
            [[("crm_kind", "=", "role")], self._role_state_domain("current", day)]
        )

    @api.depends("parent_id", "crm_kind")
    def _compute_role_organisation_id(self):
        for partner in self:
            partner.role_organisation_id = (
                partner.parent_id if partner.crm_kind == "role" else False
            )

    def _search_role_organisation_id(self, operator, value):
        return [("crm_kind", "=", "role"), ("parent_id", operator, value)]

    @api.depends("crm_kind", "person_role_ids", "organisation_role_ids")
    @api.depends_context("tz")
    def _compute_role_ids(self):
        holders = self.filtered(lambda p: p.crm_kind in ("person", "organisation"))
        roles_by_holder = {}
        # One search for all holders; a record being created (no id yet) has no roles.
        if holders._origin.ids:
            roles = self.with_context(active_test=False).search(
                self._roles_of_domain(holders), order="role_date_start, id"
            )
            for role in roles:
                for holder_id in (role.role_person_id.id, role.parent_id.id):
                    roles_by_holder.setdefault(holder_id, []).append(role)
        for partner in self:
            roles = roles_by_holder.get(partner._origin.id or partner.id, [])
            partner.role_ids = [role.id for role in roles]
            partner.role_count = len(roles)
            partner.current_role_count = sum(
                1 for role in roles if role.role_state == "current" and role.active
            )

    @api.model
    def _roles_of_domain(self, holders):
        ids = holders._origin.ids
        return [
            ("crm_kind", "=", "role"),
            "|",
            ("role_person_id", "in", ids),
            ("parent_id", "in", ids),
        ]

    def _search_role_ids(self, operator, value):
        if operator not in ("in", "not in", "=", "!="):
            raise UserError(_("Roles can only be searched by record."))
        role_domain = [("crm_kind", "=", "role")]
        if operator in ("=", "!=") and not value:
            # ("role_ids", "=", False): partners without any role.
            negative = operator == "="
        else:
            negative = operator in ("not in", "!=")
            if isinstance(value, str):
                role_domain.append(("display_name", "ilike", value))
            else:
                role_domain.append(("id", "in", [value] if isinstance(value, int) else value))
        # Sub-selects, not id lists: the number of roles does not matter.
        roles = self.with_context(active_test=False)
        domain = ["|"]
        for column in ("role_person_id", "parent_id"):
            query = roles._search([*role_domain, (column, "!=", False)])
            domain.append(("id", "in", query.subselect(SQL.identifier(query.table, column))))
        return ["!", *domain] if negative else domain

    @api.depends(
        "crm_kind",
        "person_role_ids.active",
        "person_role_ids.function",
        "person_role_ids.parent_id.name",
        "person_role_ids.role_date_start",
        "person_role_ids.role_date_end",
    )
    @api.depends_context("lang")
    def _compute_crm_position_summary(self):
        persons = self.filtered(lambda p: p.crm_kind == "person")
        (self - persons).crm_position_summary = False
        positions = defaultdict(list)
        if persons._origin.ids:
            # The current roles of the whole batch in one query, their organisations in one more.
            roles = self.search_fetch(
                [
                    ("crm_kind", "=", "role"),
                    ("role_person_id", "in", persons._origin.ids),
                    ("role_state", "=", "current"),
                ],
                ["role_person_id", "parent_id", "function", "role_date_start"],
                order="role_date_start, id",
            )
            roles.parent_id.mapped("name")
            for role in roles:
                positions[role.role_person_id.id].append(role._role_position_label())
        for person in persons:
            person.crm_position_summary = ", ".join(positions[person._origin.id])

    def _role_position_label(self):
        """'CTO at Acme since 2023', as shown in a person's header."""
        self.ensure_one()
        organisation = self.parent_id.name or ""
        if self.function and self.role_date_start:
            return _(
                "%(function)s at %(organisation)s since %(year)s",
                function=self.function,
                organisation=organisation,
                year=self.role_date_start.year,
            )
        if self.function:
            return _(
                "%(function)s at %(organisation)s",
                function=self.function,
                organisation=organisation,
            )
        if self.role_date_start:
            return _(
                "At %(organisation)s since %(year)s",
                organisation=organisation,
                year=self.role_date_start.year,
            )
        return _("At %(organisation)s", organisation=organisation)

    # ------------------------------------------------------------------
    # Person names
    # ------------------------------------------------------------------

    @api.model
    def _split_person_name(self, name):
        """Split a typed full name into (first name, last name).

        "Jan de Vries" -> ("Jan", "de Vries"); "Vries, Jan de" -> ("Jan", "de Vries");
        a single word is taken as the last name.
        """
        name = re.sub(r"\s+", " ", name or "").strip()
        if not name:
            return False, False
        if "," in name:
            last, first = (part.strip() for part in name.split(",", 1))
            words = first.split(" ")
            particles = []
            while words and words[-1].lower() in NAME_PARTICLES:
                particles.insert(0, words.pop())
            last = " ".join(particles + [last])
            return " ".join(words) or False, last or False
        words = name.split(" ")
        if len(words) == 1:
            return False, words[0]
        first = [words.pop(0)]
        # Middle words before a particle belong to the first names ("Jan Willem van Dijk").
        while len(words) > 1 and words[0].lower() not in NAME_PARTICLES:
            first.append(words.pop(0))
        return " ".join(first), " ".join(words)

    @api.model
    def _compose_person_name(self, firstname, lastname):
        return " ".join(part.strip() for part in (firstname, lastname) if part and part.strip())

    @api.model
    def _prepare_person_name_vals(self, vals, record=None):
        """Keep name, firstname and lastname of a person consistent in vals."""
        if "firstname" in vals or "lastname" in vals:
            firstname = vals.get("firstname", record.firstname if record else False)
            lastname = vals.get("lastname", record.lastname if record else False)
            composed = self._compose_person_name(firstname, lastname)
            if composed:
                vals["name"] = composed
        elif vals.get("name"):
            vals["firstname"], vals["lastname"] = self._split_person_name(vals["name"])
            # "Vries, Jan de" is shown as "Jan de Vries", like a name composed from its parts.
            vals["name"] = self._compose_person_name(vals["firstname"], vals["lastname"])
        return vals

    @api.onchange("firstname", "lastname")
    def _onchange_person_name_parts(self):
        if self.crm_kind == "person":
            composed = self._compose_person_name(self.firstname, self.lastname)
            if composed:
                self.name = composed

    # ------------------------------------------------------------------
    # Create / write
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        person_ids = {
            vals.get("role_person_id") or context.get("default_role_person_id")
            for vals in vals_list
        } - {False, None}
        persons = self.browse(person_ids).sudo()
        for vals in vals_list:
            kind = vals.get("crm_kind") or context.get("default_crm_kind")
            person_id = vals.get("role_person_id") or context.get("default_role_person_id")
            if person_id and not kind:
                kind = vals["crm_kind"] = "role"
            if kind == "person":
                self._prepare_person_name_vals(vals)
                vals.setdefault("is_company", False)
            elif kind == "organisation":
                vals.setdefault("is_company", True)
            elif kind == "role":
                # Checked before the insert: a role without a person has no name to store.
                self._check_role_create_vals(vals, person_id)
                self._check_role_dates_order(
                    vals.get("role_date_start"),
                    vals.get("role_date_end"),
                    persons.browse(person_id),
                    self.browse(vals.get("parent_id")).sudo(),
                )
                person = persons.browse(person_id)
                vals["name"] = person.name
                vals.setdefault("is_company", False)
                vals.setdefault("type", "contact")
                if person.image_1920 and "image_1920" not in vals:
                    vals["image_1920"] = person.image_1920
        partners = super().create(vals_list)
        if context.get("import_file"):
            # An import cannot ask: its new persons that may exist already go to review.
            partners.filtered(lambda p: p.crm_kind == "person")._crm_flag_likely_duplicates()
        return partners

    @api.model
    def _check_role_create_vals(self, vals, person_id):
        if not person_id:
            raise ValidationError(
                _(
                    "A role needs a person: choose the person who holds the position "
                    "(%(function)s).",
                    function=vals.get("function") or _("no job title"),
                )
            )
        if not (vals.get("parent_id") or self.env.context.get("default_parent_id")):
            raise ValidationError(
                _(
                    "A role needs an organisation: choose the organisation where "
                    "%(person)s holds the position.",
                    person=self.browse(person_id).sudo().name,
                )
            )

    def write(self, vals):
        self._check_role_not_moved(vals)
        self._check_role_name_follows_person(vals)
        self._check_role_dates_vals(vals)
        if "crm_kind" in vals:
            vals = self._prepare_kind_change_vals(dict(vals))
        if vals.get("role_person_id") and "name" not in vals:
            # A contact linked to its person (made a role) takes the person's name.
            vals = dict(vals, name=self.browse(vals["role_person_id"]).sudo().name)
        persons_after = self.filtered(lambda p: p.crm_kind == "person")
        if vals.get("crm_kind") == "person":
            persons_after = self
        if persons_after and (
            {"firstname", "lastname", "name"} & set(vals) or (vals.get("crm_kind") == "person")
        ):
            if len(self) > 1:
                # Each person composes its own name from its own parts.
                for partner in self:
                    partner.write(dict(vals))
                return True
            vals = self._prepare_person_write_vals(dict(vals))
        archived_persons = self.browse()
        restored_persons = self.browse()
        if "active" in vals:
            persons = self.filtered(lambda p: p.crm_kind == "person")
            if vals["active"]:
                restored_persons = persons.filtered(lambda p: not p.active)
            else:
                archived_persons = persons.filtered("active")
        result = super().write(vals)
        persons = self.filtered(lambda p: p.crm_kind == "person")
        if persons and ("name" in vals or "image_1920" in vals):
            persons._sync_person_to_roles(vals)
        if archived_persons:
            archived_persons._archive_roles_with_person()
        if restored_persons:
            restored_persons._restore_roles_with_person()
        return result

    @api.model
    def _prepare_kind_change_vals(self, vals):
        """A person or role is never a company; an organisation always is."""
        if vals["crm_kind"] in ("person", "role"):
            vals.setdefault("is_company", False)
        elif vals["crm_kind"] == "organisation":
            vals.setdefault("is_company", True)
        return vals

    def _prepare_person_write_vals(self, vals):
        """Name and name parts of one person, written together."""
        self.ensure_one()
        if (
            not ({"firstname", "lastname", "name"} & set(vals))
            and not (self.firstname or self.lastname)
            and self.name
        ):
            # A contact classified as a person: split the name it already has.
            vals["name"] = self.name
        return self._prepare_person_name_vals(vals, record=self)

    def _check_role_name_follows_person(self, vals):
        if "name" not in vals:
            return
        for role in self.filtered(lambda p: p.crm_kind == "role"):
            if role.role_person_id and vals["name"] != role.role_person_id.name:
                raise UserError(
                    _(
                        "The name of a role follows its person. "
                        "Change the name on the person %(person)s instead.",
                        person=role.role_person_id.display_name,
                    )
                )

    def _check_role_not_moved(self, vals):
        for field_name in ("parent_id", "role_person_id"):
            if field_name not in vals:
                continue
            for role in self.filtered(lambda p: p.crm_kind == "role"):
                if role[field_name] and role[field_name].id != vals[field_name]:
                    raise UserError(
                        _(
                            "The role %(role)s cannot be moved to another organisation "
                            "or person. End it (set its end date) and start a new role "
                            "instead: the old one stays in the history.",
                            role=role.display_name,
                        )
                    )

    def _sync_person_to_roles(self, vals):
        """A role's name and photo follow its person's."""
        roles = self.with_context(active_test=False).search(
            [("crm_kind", "=", "role"), ("role_person_id", "in", self.ids)]
        )
        for person in self:
            person_roles = roles.filtered(lambda r, p=person: r.role_person_id == p)
            if not person_roles:
                continue
            sync = {}
            if "name" in vals:
                sync["name"] = person.name
            if "image_1920" in vals:
                sync["image_1920"] = person.image_1920
            person_roles.write(sync)

    def _archive_roles_with_person(self):
        # Roles archived before stay unflagged, so unarchiving the person leaves them archived.
        roles = self.with_context(active_test=False).search(
            [
                ("crm_kind", "=", "role"),
                ("role_person_id", "in", self.ids),
                ("active", "=", True),
            ]
        )
        roles.write({"active": False, "role_archived_with_person": True})

    def _restore_roles_with_person(self):
        roles = self.with_context(active_test=False).search(
            [
                ("crm_kind", "=", "role"),
                ("role_person_id", "in", self.ids),
                ("role_archived_with_person", "=", True),
            ]
        )
        roles.write({"active": True, "role_archived_with_person": False})

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("crm_kind", "parent_id", "is_company", "role_person_id")
    def _check_crm_kind_consistency(self):
        for partner in self:
            kind = partner.crm_kind
            if kind == "person":
                if partner.parent_id:
                    raise ValidationError(
                        _(
                            "The person %(person)s cannot have a parent company. "
                            "Give them a role at %(organisation)s instead.",
                            person=partner.name,
                            organisation=partner.parent_id.display_name,
                        )
                    )
                if partner.is_company:
                    raise ValidationError(
                        _(
                            "The person %(person)s cannot be a company: make it an "
                            "organisation instead, or leave 'Company' unset.",
                            person=partner.name,
                        )
                    )
            elif kind == "organisation" and not partner.is_company:
                raise ValidationError(
                    _(
                        "The organisation %(organisation)s must be a company: set "
                        "'Company', or make it a person if it is one human.",
                        organisation=partner.name,
                    )
                )
            elif kind == "role":
                partner._check_role_links()
            if kind != "role" and partner.role_person_id:
                raise ValidationError(
                    _(
                        "Only a role can be linked to a person: %(name)s is not a role. "
                        "Clear its person, or create a role instead.",
                        name=partner.name,
                    )
                )

    def _check_role_links(self):
        if not self.role_person_id:
            raise ValidationError(
                _("A role needs a person: choose the person who holds the position.")
            )
        if not self.parent_id:
            raise ValidationError(
                _(
                    "A role needs an organisation: choose the organisation where "
                    "%(person)s holds the position.",
                    person=self.role_person_id.name,
                )
            )
        if self.role_person_id.crm_kind != "person":
            raise ValidationError(
                _(
                    "%(name)s is not a person: a role links a person to an organisation. "
                    "Choose a person, or create one.",
                    name=self.role_person_id.display_name,
                )
            )
        if self.parent_id.crm_kind != "organisation":
            raise ValidationError(
                _(
                    "%(name)s is not an organisation: a role links a person to an "
                    "organisation. Choose an organisation, or create one.",
                    name=self.parent_id.display_name,
                )
            )
        if self.is_company:
            raise ValidationError(
                _(
                    "A role cannot be a company: leave 'Company' unset on the role of %(person)s.",
                    person=self.role_person_id.name,
                )
            )

    @api.constrains("role_date_start", "role_date_end")
    def _check_role_dates(self):
        for role in self:
            role._check_role_dates_order(
                role.role_date_start, role.role_date_end, role.role_person_id, role.parent_id
            )

    @api.model
    def _check_role_dates_order(self, start, end, person, organisation):
        start, end = fields.Date.to_date(start), fields.Date.to_date(end)
        if start and end and end < start:
            raise ValidationError(
                _(
                    "The role of %(person)s at %(organisation)s ends (%(end)s) before "
                    "it starts (%(start)s). Correct the end date.",
                    person=person.name or _("a person"),
                    organisation=organisation.name or _("an organisation"),
                    end=end,
                    start=start,
                )
            )

    def _check_role_dates_vals(self, vals):
        """Before the write: the database refuses such dates with a less helpful error."""
        if not {"role_date_start", "role_date_end"} & set(vals):
            return
        for role in self:
            self._check_role_dates_order(
                vals["role_date_start"] if "role_date_start" in vals else role.role_date_start,
                vals["role_date_end"] if "role_date_end" in vals else role.role_date_end,
                role.role_person_id,
                role.parent_id,
            )

    @api.constrains("crm_kind")
    def _check_kind_change_keeps_roles(self):
        roles = self.with_context(active_test=False).search(
            [
                ("crm_kind", "=", "role"),
                "|",
                ("role_person_id", "in", self.ids),
                ("parent_id", "in", self.ids),
            ]
        )
        for role in roles:
            if role.role_person_id in self and role.role_person_id.crm_kind != "person":
                raise ValidationError(
                    _(
                        "%(name)s has roles and must stay a person. If it is not one "
                        "human, create the right kind of contact instead.",
                        name=role.role_person_id.name,
                    )
                )
            if role.parent_id in self and role.parent_id.crm_kind != "organisation":
                raise ValidationError(
                    _(
                        "%(name)s has roles and must stay an organisation. If it is not "
                        "an organisation, create the right kind of contact instead.",
                        name=role.parent_id.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_relationship_manager(self):
        """Only sales managers (and administrators) delete persons, organisations and
        roles; other partners stay with the rights Odoo gives. A check here rather than
        a record rule on crm_kind, which Odoo's own tests showed unreliable."""
        user = self.env.user
        if self.env.su or user.has_group("sales_team.group_sale_manager") or user._is_admin():
            return
        if set(self.ids) <= MERGE_AUTHORISED_IDS.get():
            # Merged away by the merge wizard, which checked the user's rights itself.
            return
        classified = self.filtered("crm_kind")
        if classified:
            raise AccessError(
                _(
                    "Only sales managers can delete persons, organisations and roles "
                    "(%(name)s). Archive it instead.",
                    name=classified[0].display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_history(self):
        """Persons, organisations and roles with history are archived, not deleted."""
        kinded = self.filtered(lambda p: p.crm_kind in ("person", "organisation", "role"))
        if not kinded:
            return
        holders = kinded.filtered(lambda p: p.crm_kind != "role")
        # The roles go with the check, not with the user's access: a hidden role still counts.
        roles = (
            self.sudo()
            .with_context(active_test=False)
            .search(self._roles_of_domain(holders), limit=1)
            if holders
            else self.browse()
        )
        if roles:
            holder = roles.role_person_id if roles.role_person_id in holders else roles.parent_id
            raise UserError(
                _(
                    "%(name)s has roles (%(role)s) and cannot be deleted: archive it "
                    "instead, so its history is kept.",
                    name=holder.name,
                    role=roles.display_name,
                )
            )
        partner_ids = kinded.ids
        orders = (
            self.env["sale.order"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("partner_id", "in", partner_ids),
                    ("partner_invoice_id", "in", partner_ids),
                ],
                limit=1,
            )
        )
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "!=", "entry"),
                    "|",
                    ("partner_id", "in", partner_ids),
                    ("commercial_partner_id", "in", partner_ids),
                ],
                limit=1,
            )
        )
        if orders or invoices:
            if orders:
                document, partner = orders, kinded & (orders.partner_id | orders.partner_invoice_id)
            else:
                document = invoices
                partner = kinded & (invoices.partner_id | invoices.commercial_partner_id)
            raise UserError(
                _(
                    "%(name)s has sales orders or invoices (%(document)s) and cannot be "
                    "deleted: archive it instead.",
                    name=partner[:1].display_name,
                    document=document.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Opening a partner opens the form of its kind
    # ------------------------------------------------------------------

    _crm_kind_form_views = {
        "person": "crm_relationship_model.res_partner_person_view_form",
        "organisation": "crm_relationship_model.res_partner_organisation_view_form",
        "role": "crm_relationship_model.res_partner_role_view_form",
    }

    def get_formview_id(self, access_uid=None):
        if len(self) == 1 and self.crm_kind in self._crm_kind_form_views:
            view = self.env.ref(self._crm_kind_form_views[self.crm_kind], raise_if_not_found=False)
            if view:
                return view.id
        return super().get_formview_id(access_uid=access_uid)

    def get_formview_action(self, access_uid=None):
        action = super().get_formview_action(access_uid=access_uid)
        if len(self) == 1 and self.crm_kind in self._crm_kind_form_views:
            # The caller's context is for its own records: its defaults (a role list's
            # default_crm_kind) would make New on this form create the wrong kind, and an
            # order's show_address would print addresses in this form's names.
            context = {
                key: value
                for key, value in action.get("context", {}).items()
                if not key.startswith("default_") and key not in ("show_address", "show_vat")
            }
            context["default_crm_kind"] = self.crm_kind
            action["context"] = context
        return action

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_person(self):
        self.ensure_one()
        person = self.role_person_id if self.crm_kind == "role" else self
        # get_formview_action picks the person form (get_formview_id), not the partner form.
        return dict(person.get_formview_action(), name=person.display_name)

    def action_open_roles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.res_partner_role_action"
        )
        if self.crm_kind == "person":
            action["domain"] = [("crm_kind", "=", "role"), ("role_person_id", "=", self.id)]
            action["context"] = {
                "default_role_person_id": self.id,
                "default_crm_kind": "role",
            }
        else:
            action["domain"] = [("crm_kind", "=", "role"), ("parent_id", "=", self.id)]
            action["context"] = {"default_parent_id": self.id, "default_crm_kind": "role"}
        action["display_name"] = _("Roles of %(name)s", name=self.display_name)
        return action

    def action_end_role(self):
        """End current roles today (a job change starts with this)."""
        today = fields.Date.context_today(self)
        for role in self.filtered(lambda p: p.crm_kind == "role" and not p.role_date_end):
            role.role_date_end = max(today, role.role_date_start or today)
        return True

    # ------------------------------------------------------------------
    # Purchase history (crm.purchase.history.mixin)
    # ------------------------------------------------------------------

    def _crm_purchase_scope(self):
        """A person covers its private purchases and those of all its roles; an
        organisation (and any other commercial entity) its whole commercial history;
        any other partner its own documents."""
        ids = {partner: partner._origin.id or partner.id for partner in self}
        scope = {record_id: {record_id} for record_id in ids.values() if record_id}
        persons = [ids[p] for p in self if p.crm_kind == "person" and ids[p]]
        entities = [
            ids[p]
            for p in self
            if ids[p] and p.crm_kind != "person" and (p.is_company or not p.parent_id)
        ]
        Partner = self.with_context(active_test=False)
        if persons:
            for role in Partner.search_fetch(
                [("crm_kind", "=", "role"), ("role_person_id", "in", persons)],
                ["role_person_id"],
            ):
                scope[role.role_person_id.id].add(role.id)
        if entities:
            for partner in Partner.search_fetch(
                [("commercial_partner_id", "in", entities)], ["commercial_partner_id"]
            ):
                scope[partner.commercial_partner_id.id].add(partner.id)
        return scope

    # ------------------------------------------------------------------
    # Contact moments: kept on the role (work) or the person (private), gathered
    # in the chatter of persons, organisations and households. Nothing is copied:
    # the feeds are domains over mail.message and mail.activity, read with the
    # user's own access rights.
    # ------------------------------------------------------------------

    crm_activity_count = fields.Integer(
        "Planned Activities",
        compute="_compute_crm_activity_counts",
        help="Planned activities of this record and of the records its chatter gathers "
        "(a person's roles, an organisation's contacts).",
    )
    crm_activity_overdue_count = fields.Integer(
        "Overdue Activities", compute="_compute_crm_activity_counts"
    )

    # ------------------------------------------------------------------
    # What a chatter gathers
    # ------------------------------------------------------------------

    def _crm_feed_partner_ids(self):
        """The partners whose contact moments this record's chatter gathers, itself
        included, or None when it keeps Odoo's plain chatter: a person gathers its roles
        (current, past, archived), an organisation all its contacts (roles, addresses).
        Read with the user's rights: partners they may not read stay out."""
        self.ensure_one()
        Partner = self.with_context(active_test=False)
        if self.crm_kind == "person":
            roles = Partner.search([("crm_kind", "=", "role"), ("role_person_id", "=", self.id)])
            return [self.id, *roles.ids]
        if self.crm_kind == "organisation":
            return Partner.search([("id", "child_of", self.id)]).ids
        return None

    def _crm_message_feed_domain(self):
        """The mail.message domain of this record's chatter, or None for a plain one:
        the messages on the gathered partners, and the mails and posts on any other
        document (leads, orders, invoices) written by or to them."""
        partner_ids = self._crm_feed_partner_ids()
        if partner_ids is None:
            return None
        # The messages addressed to them, looked up first in the recipients table (by
        # its partner index): as a sub-query inside the OR, PostgreSQL could use no
        # index and walked the whole message table backwards for a person with few
        # messages (tests/bench_contact_moments.py).
        self.env["mail.message"].flush_model(["partner_ids"])
        addressed = [
            message_id
            for (message_id,) in self.env.execute_query(
                SQL(
                    "SELECT mail_message_id FROM mail_message_res_partner_rel"
                    " WHERE res_partner_id = ANY(%s)",
                    partner_ids,
                )
            )
        ]
        return expression.OR(
            [
                [("model", "=", "res.partner"), ("res_id", "in", partner_ids)],
                [
                    ("message_type", "in", MOMENT_MESSAGE_TYPES),
                    "|",
                    ("author_id", "in", partner_ids),
                    ("id", "in", addressed),
                ],
            ]
        )

    def _crm_activity_feed_domain(self):
        """The mail.activity domain of this record's chatter, or None for a plain one."""
        partner_ids = self._crm_feed_partner_ids()
        if partner_ids is None:
            return None
        return [("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)]

    def _crm_activities_domain(self):
        """The activities this record shows: its chatter's, gathered or its own."""
        domain = self._crm_activity_feed_domain()
        if domain is None:
            domain = [("res_model", "=", "res.partner"), ("res_id", "=", self.id)]
        return domain

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_crm_activity_counts(self):
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"]
        for partner in self:
            if not partner.id:
                partner.crm_activity_count = partner.crm_activity_overdue_count = 0
                continue
            activities = Activity.search_fetch(partner._crm_activities_domain(), ["date_deadline"])
            partner.crm_activity_count = len(activities)
            partner.crm_activity_overdue_count = len(
                activities.filtered(lambda activity: activity.date_deadline < today)
            )

    def _thread_to_store(self, store: Store, /, *, fields=None, request_list=None):
        super()._thread_to_store(store, fields=fields, request_list=request_list)
        if not request_list or "activities" not in request_list:
            return
        for partner in self:
            domain = partner._crm_activity_feed_domain()
            if domain is not None:
                activities = self.env["mail.activity"].search(domain)
                store.add(partner, {"activities": Store.many(activities)}, as_thread=True)

    def action_open_crm_activities(self):
        """The planned activities this record's chatter gathers, in a list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.mail_activity_contact_moments_action"
        )
        action.update(
            domain=self._crm_activities_domain(),
            display_name=self.env._("Activities of %(name)s", name=self.display_name),
        )
        return action

    def action_log_contact_moment(self):
        """Log a moment for a person: from the person (private unless a role is chosen)
        or from one of its roles (in the context of that role)."""
        self.ensure_one()
        person = self.role_person_id if self.crm_kind == "role" else self
        if person.crm_kind != "person":
            raise UserError(
                self.env._(
                    "%(name)s is not a person or a person's role: log on its chatter instead.",
                    name=self.display_name,
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.crm_contact_moment_wizard_action"
        )
        action["context"] = {"default_person_id": person.id, "default_record_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Meetings (calendar)
    # ------------------------------------------------------------------

    def _compute_meeting(self):
        """A person's meetings are also those its roles attended."""
        persons = self.filtered(lambda p: p.id and p.crm_kind == "person")
        roles = self.browse()
        if persons:
            roles = self.with_context(active_test=False).search_fetch(
                [("crm_kind", "=", "role"), ("role_person_id", "in", persons.ids)],
                ["role_person_id"],
            )
        if not roles:
            return super()._compute_meeting()
        meetings = super(ResPartner, self | roles)._compute_meeting()
        for role in roles:
            person_id = role.role_person_id.id
            meetings[person_id] = sorted(set(meetings[person_id]) | set(meetings[role.id]))
        return {partner_id: meetings[partner_id] for partner_id in self.ids}

    # ------------------------------------------------------------------
    # Mail addresses: which partner an address means (mail gateway, CRM logging address)
    # ------------------------------------------------------------------

    def _crm_mail_preference(self):
        """0 for a current role, 1 for a person, 2 for anything else (lower is better)."""
        self.ensure_one()
        if self.crm_kind == "role" and self.role_state == "current":
            return 0
        return 1 if self.crm_kind == "person" else 2

    def _crm_sorted_by_mail_preference(self):
        return self.browse(
            partner.id for partner in sorted(self, key=lambda p: p._crm_mail_preference())
        )

    def _crm_find_partners_by_email(self, emails):
        """The best-matching partner of each address (current role, person, other), in
        the order given; nothing is created. Addresses of aliases and of internal users
        are left out."""
        partners = self.env["mail.thread"]._mail_find_partner_from_emails(emails)
        found = self.browse()
        for partner in partners:
            if partner and not partner.user_ids.filtered(lambda user: not user.share):
                found |= partner
        return found

    def _crm_colleague_of_email(self, email):
        """The internal user who has this address, if any."""
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [("email_normalized", "=", email_normalize(email)), ("share", "=", False)],
                limit=1,
            )
        )

    def _crm_mail_log_partners(self, message_dict):
        """The partners a mail sent to the CRM logging address is logged on: its To and
        Cc addresses when a colleague (internal user) sent it, else its sender."""
        email_from = message_dict.get("email_from") or ""
        sender_is_colleague = bool(self._crm_colleague_of_email(email_from))
        if sender_is_colleague:
            emails = email_split(message_dict.get("to") or "") + email_split(
                message_dict.get("cc") or ""
            )
        else:
            emails = [email_from]
        return self._crm_find_partners_by_email(emails)

    # ------------------------------------------------------------------
    # Adoption of an existing database: likely persons at the door, merge
    # ------------------------------------------------------------------

    crm_likely_person_ids = fields.Many2many(
        "res.partner",
        string="Likely Existing Persons",
        compute="_compute_crm_likely_person_ids",
        help="Persons who may be this one: the same email, the same phone or a similar "
        "name. Open one to use it instead of creating a duplicate.",
    )

    def init(self):
        result = super().init()
        cr = self.env.cr
        # Keys the adoption and the door check compare, as immutable functions so that
        # indexes can be built on them.
        cr.execute(
            r"""
            CREATE OR REPLACE FUNCTION crm_rm_phone_key(number text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT CASE WHEN length(d) >= 8 THEN right(d, 9) END
                  FROM (SELECT regexp_replace(replace(number, '(0)', ''), '[^0-9]', '', 'g')
                               AS d) AS digits
            $$;
            CREATE OR REPLACE FUNCTION crm_rm_name_key(name text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                SELECT nullif(lower(regexp_replace(btrim(name), '\s+', ' ', 'g')), '')
            $$;
            CREATE INDEX IF NOT EXISTS res_partner_crm_phone_key_index
                ON res_partner (crm_rm_phone_key(phone))
             WHERE crm_kind IN ('person', 'role') AND phone IS NOT NULL;
            CREATE INDEX IF NOT EXISTS res_partner_crm_mobile_key_index
                ON res_partner (crm_rm_phone_key(mobile))
             WHERE crm_kind IN ('person', 'role') AND mobile IS NOT NULL;
            CREATE INDEX IF NOT EXISTS res_partner_crm_name_key_index
                ON res_partner (crm_rm_name_key(name)) WHERE crm_kind = 'person';
            """
        )
        self._crm_create_name_trigram_index()
        return result

    def _crm_create_name_trigram_index(self):
        """pg_trgm is a trusted extension: the database owner may create it."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - without it, names are compared exactly
            _logger.warning("pg_trgm not available, similar names are not found: %s", error)
            return
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_crm_name_trgm_index
                ON res_partner USING gin (name gin_trgm_ops) WHERE crm_kind = 'person'
            """
        )

    @api.model
    def _crm_has_trigram(self):
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.rowcount)

    # ------------------------------------------------------------------
    # The door check: likely existing persons
    # ------------------------------------------------------------------

    @api.depends("crm_kind", "name", "email", "phone", "mobile")
    def _compute_crm_likely_person_ids(self):
        for partner in self:
            # Only while a person is being created: an existing person's form stays as cheap.
            if partner.crm_kind == "person" and not partner._origin.id:
                partner.crm_likely_person_ids = partner._crm_find_likely_persons(
                    partner.name, partner.email, partner.phone, partner.mobile
                )
            else:
                partner.crm_likely_person_ids = False

    @api.model
    def crm_find_likely_persons(self, name=None, email=None, phone=None, mobile=None):
        """The persons a new person with these details may be, best first, with why:
        [{"id", "name", "reasons": ["email", "phone", "name"]}]. For RPC clients and
        imports that check before they create."""
        persons, reasons = self._crm_find_likely_persons(
            name, email, phone, mobile, with_reasons=True
        )
        return [
            {"id": person.id, "name": person.display_name, "reasons": reasons[person.id]}
            for person in persons
        ]

    @api.model
    def _crm_find_likely_persons(
        self, name, email, phone, mobile, exclude_ids=(), with_reasons=False
    ):
        """Persons with the same email (private, or the work email of one of their roles),
        the same phone or mobile, or a similar name; in one query, each on its index."""
        email = email_normalize(email or "")
        phones = [key for key in {phone_key(phone), phone_key(mobile)} if key]
        name = (name or "").strip()
        branches = []
        if email:
            branches.append(
                SQL(
                    """SELECT id, 'email' AS reason, 1.0 AS score FROM res_partner
                        WHERE email_normalized = %s AND crm_kind IN ('person', 'role')""",
                    email,
                )
            )
        for column in ("phone", "mobile") if phones else ():
            branches.append(
                SQL(
                    """SELECT id, 'phone' AS reason, 0.9 AS score FROM res_partner
                        WHERE crm_kind IN ('person', 'role') AND %(column)s IS NOT NULL
                          AND crm_rm_phone_key(%(column)s) = ANY(%(phones)s)""",
                    column=SQL.identifier(column),
                    phones=phones,
                )
            )
        if len(name) >= 3 and self._crm_has_trigram():
            branches.append(
                # pg_trgm's operator "%", doubled for SQL() and again for psycopg2.
                SQL(
                    """(SELECT id, 'name' AS reason, similarity(name, %s) AS score
                          FROM res_partner
                         WHERE crm_kind = 'person' AND name %%%% %s
                           AND similarity(name, %s) >= %s
                         ORDER BY score DESC LIMIT %s)""",
                    name,
                    name,
                    name,
                    SIMILAR_NAME_THRESHOLD,
                    LIKELY_PERSON_LIMIT,
                )
            )
        if not branches:
            return (self.browse(), {}) if with_reasons else self.browse()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(p.role_person_id, p.id) AS person_id,
                       array_agg(DISTINCT found.reason), max(found.score)
                  FROM (%(branches)s) AS found
                  JOIN res_partner p ON p.id = found.id
                 WHERE NOT (COALESCE(p.role_person_id, p.id) = ANY(%(exclude)s))
                 GROUP BY 1
                 ORDER BY count(DISTINCT found.reason) DESC, max(found.score) DESC, 1
                 LIMIT %(limit)s
                """,
                branches=SQL(" UNION ALL ").join(branches),
                exclude=[i for i in exclude_ids if isinstance(i, int)],
                limit=LIKELY_PERSON_LIMIT,
            )
        )
        order = [row[0] for row in rows]
        # The user's access applies: a person they may not read is not shown.
        visible = self.search([("id", "in", order), ("crm_kind", "=", "person")])
        persons = self.browse([pid for pid in order if pid in set(visible.ids)])
        if with_reasons:
            return persons, {row[0]: sorted(row[1]) for row in rows}
        return persons

    def _crm_flag_likely_duplicates(self):
        Pair = self.env["crm.duplicate.pair"].sudo()
        for person in self:
            persons, reasons = self._crm_find_likely_persons(
                person.name,
                person.email,
                person.phone,
                person.mobile,
                exclude_ids=[person.id],
                with_reasons=True,
            )
            for other in persons:
                Pair._crm_add_pair(person.id, other.id, Pair._reason_of(reasons[other.id]))

    def action_crm_merge(self):
        """Open the merge wizard on the selected persons or organisations."""
        return self.env["crm.partner.merge"]._action_open(self)

    def action_crm_open_duplicates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.crm_duplicate_pair_action"
        )
        action["domain"] = ["|", ("partner_a_id", "=", self.id), ("partner_b_id", "=", self.id)]
        action["display_name"] = _("Possible duplicates of %(name)s", name=self.display_name)
        return action

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import dated_link

ROLE_STATES = [
    (dated_link.FUTURE, "Future"),
    (dated_link.CURRENT, "Current"),
    (dated_link.PAST, "Past"),
]


class CrmRoleMixin(models.AbstractModel):
    """Roles on res.partner: a role is a child contact of its organisation that points to
    its person and is dated (crm.dated.link.mixin). Persons and organisations list their
    roles; a person's header shows its current positions."""

    _name = "crm.role.mixin"
    _inherit = "crm.dated.link.mixin"
    _description = "Roles of Persons at Organisations"

    _crm_link_start_field = "role_date_start"
    _crm_link_end_field = "role_date_end"

    # Person
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
        help="Future: not started yet. Current: started, and its end date (its last day) "
        "is today or later, or not set. Past: ended before today.",
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

    # ------------------------------------------------------------------
    # Status: the dated-link rule (crm.dated.link.mixin)
    # ------------------------------------------------------------------

    @api.model
    def _crm_link_scope_domain(self):
        return [("crm_kind", "=", "role")]

    def _crm_link_is_link(self):
        self.ensure_one()
        return self.crm_kind == "role"

    # Not stored: computed against today on every read, so it is right without a cron.
    @api.depends("crm_kind", "role_date_start", "role_date_end")
    @api.depends_context("tz")
    def _compute_role_state(self):
        self._crm_link_compute_state("role_state")

    def _search_role_state(self, operator, value):
        return self._crm_link_search_state(operator, value, self.env._("Role status"))

    def _compute_role_active_on(self):
        self.role_active_on = False

    def _search_role_active_on(self, operator, value):
        return self._crm_link_held_on_domain(operator, value)

    # ------------------------------------------------------------------
    # Roles of persons and organisations
    # ------------------------------------------------------------------

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
        # Only the columns used here: a role's whole row (over a hundred columns with
        # the apps installed) is read by whoever shows it, not by every form's counts.
        if holders._origin.ids:
            roles = self.with_context(active_test=False).search_fetch(
                self._roles_of_domain(holders),
                [
                    "role_person_id",
                    "parent_id",
                    "crm_kind",
                    "role_date_start",
                    "role_date_end",
                    "active",
                ],
                order="role_date_start, id",
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
            raise UserError(self.env._("Roles can only be searched by record."))
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
            # Their organisations' names in one more query, of the names alone: a list
            # of persons does not need the organisations' whole rows.
            roles = persons._crm_current_roles(
                ["role_person_id", "parent_id", "function", "role_date_start"]
            )
            roles.parent_id.fetch(["name"])
            for role in roles:
                positions[role.role_person_id.id].append(role._role_position_label())
        for person in persons:
            person.crm_position_summary = ", ".join(positions[person._origin.id])

    def _crm_roles_by_person(self, person_ids):
        """{person id: the ids of its roles, ended and archived ones included}. The
        form's figures, counts and meetings all cover a person's roles: once the form
        has read role_ids they come from the cache, else from one query."""
        persons = self.browse(person_ids)
        if not next(self.env.cache.get_missing_ids(persons, self._fields["role_ids"]), None):
            return {person.id: person.role_ids.ids for person in persons}
        roles = {person_id: [] for person_id in person_ids}
        for role in self.with_context(active_test=False).search_fetch(
            self._crm_person_roles_domain(person_ids), ["role_person_id"]
        ):
            roles[role.role_person_id.id].append(role.id)
        return roles

    @api.model
    def _crm_person_roles_domain(self, person_ids):
        """The roles of these persons (search it with active_test off: archived roles
        are history too). What a person's figures, meetings and feed gather."""
        return [("crm_kind", "=", "role"), ("role_person_id", "in", list(person_ids))]

    def _crm_current_roles(self, field_names, domain=()):
        """The current roles of these persons (and matching domain), oldest first, in
        one query for the whole batch, with field_names fetched."""
        return self.search_fetch(
            [
                ("crm_kind", "=", "role"),
                ("role_person_id", "in", self._origin.ids),
                ("role_state", "=", "current"),
                *domain,
            ],
            field_names,
            order="role_date_start, id",
        )

    def _role_position_label(self):
        """'CTO at Acme since 2023', as shown in a person's header."""
        self.ensure_one()
        organisation = self.parent_id.name or ""
        if self.function and self.role_date_start:
            return self.env._(
                "%(function)s at %(organisation)s since %(year)s",
                function=self.function,
                organisation=organisation,
                year=self.role_date_start.year,
            )
        if self.function:
            return self.env._(
                "%(function)s at %(organisation)s",
                function=self.function,
                organisation=organisation,
            )
        if self.role_date_start:
            return self.env._(
                "At %(organisation)s since %(year)s",
                organisation=organisation,
                year=self.role_date_start.year,
            )
        return self.env._("At %(organisation)s", organisation=organisation)

    # ------------------------------------------------------------------
    # Person names

    # ------------------------------------------------------------------
    # A role follows its person: name, photo, archiving
    # ------------------------------------------------------------------

    def _sync_person_to_roles(self, vals):
        """A role's name and photo follow its person's."""
        roles = self.with_context(active_test=False).search(
            [("crm_kind", "=", "role"), ("role_person_id", "in", self.ids)]
        )
        by_person = {
            person: roles.filtered(lambda r, p=person: r.role_person_id == p) for person in self
        }
        if {"name", "firstname", "lastname"} & set(vals):
            self._crm_sync_role_names(by_person)
        if "image_1920" in vals:
            for person, person_roles in by_person.items():
                if person_roles:
                    person_roles.write({"image_1920": person.image_1920})

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

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.readonly
    def action_open_person(self):
        self.ensure_one()
        person = self.role_person_id if self.crm_kind == "role" else self
        # get_formview_action picks the person form (get_formview_id), not the partner form.
        return dict(person.get_formview_action(), name=person.display_name)

    @api.readonly
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
        action["display_name"] = self.env._("Roles of %(name)s", name=self.display_name)
        return action

    def action_end_role(self):
        """End these roles today: today is their last day (a job change starts with this)."""
        roles = self.filtered(lambda p: p.crm_kind == "role")
        roles._crm_link_end_on(fields.Date.context_today(self))
        return True

    # ------------------------------------------------------------------
    # Purchase history (crm.purchase.history.mixin)

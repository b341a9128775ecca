# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.context import ROLE_NAME_SYNC


class CrmRoleCheckMixin(models.AbstractModel):
    """What a role must be: one person's position at one organisation, never moved to
    another, with ordered dates; and what its person and organisation must stay."""

    _name = "crm.role.check.mixin"
    _description = "Checks of Roles"

    @api.model
    def _check_role_create_vals(self, vals, person_id):
        if not person_id:
            raise ValidationError(
                self.env._(
                    "A role needs a person: choose the person who holds the position "
                    "(%(function)s).",
                    function=vals.get("function") or self.env._("no job title"),
                )
            )
        if not (vals.get("parent_id") or self.env.context.get("default_parent_id")):
            raise ValidationError(
                self.env._(
                    "A role needs an organisation: choose the organisation where "
                    "%(person)s holds the position.",
                    person=self.browse(person_id).sudo().name,
                )
            )

    def _check_role_name_follows_person(self, vals):
        if self.env.context.get(ROLE_NAME_SYNC):
            return
        names = {key: vals[key] for key in ("name", "firstname", "lastname") if key in vals}
        if not names:
            return
        for role in self.filtered(lambda p: p.crm_kind == "role"):
            person = role.role_person_id
            if person and any(value != (person[key] or False) for key, value in names.items()):
                raise UserError(
                    self.env._(
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
                        self.env._(
                            "The role %(role)s cannot be moved to another organisation "
                            "or person. End it (set its end date) and start a new role "
                            "instead: the old one stays in the history.",
                            role=role.display_name,
                        )
                    )

    def _check_role_links(self):
        if not self.role_person_id:
            raise ValidationError(
                self.env._("A role needs a person: choose the person who holds the position.")
            )
        if not self.parent_id:
            raise ValidationError(
                self.env._(
                    "A role needs an organisation: choose the organisation where "
                    "%(person)s holds the position.",
                    person=self.role_person_id.name,
                )
            )
        if self.role_person_id.crm_kind != "person":
            raise ValidationError(
                self.env._(
                    "%(name)s is not a person: a role links a person to an organisation. "
                    "Choose a person, or create one.",
                    name=self.role_person_id.display_name,
                )
            )
        if self.parent_id.crm_kind != "organisation":
            raise ValidationError(
                self.env._(
                    "%(name)s is not an organisation: a role links a person to an "
                    "organisation. Choose an organisation, or create one.",
                    name=self.parent_id.display_name,
                )
            )
        if self.is_company:
            raise ValidationError(
                self.env._(
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
                self.env._(
                    "The role of %(person)s at %(organisation)s ends (%(end)s) before "
                    "it starts (%(start)s). Correct the end date.",
                    person=person.name or self.env._("a person"),
                    organisation=organisation.name or self.env._("an organisation"),
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
                    self.env._(
                        "%(name)s has roles and must stay a person. If it is not one "
                        "human, create the right kind of contact instead.",
                        name=role.role_person_id.name,
                    )
                )
            if role.parent_id in self and role.parent_id.crm_kind != "organisation":
                raise ValidationError(
                    self.env._(
                        "%(name)s has roles and must stay an organisation. If it is not "
                        "an organisation, create the right kind of contact instead.",
                        name=role.parent_id.name,
                    )
                )

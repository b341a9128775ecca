# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools.context import NAMES_ORDER, ROLE_NAME_SYNC
from ..tools.names import split_person_name


class ResPartner(models.Model):
    """Names of persons and roles, on OCA's partner_firstname: its name order setting
    composes the name from the first and last name; our particle-aware rule splits a
    typed name ("Jan Willem | van Dijk"); a role's name parts are its person's."""

    _inherit = "res.partner"

    @api.model
    def _get_names_order(self):
        return NAMES_ORDER.get() or super()._get_names_order()

    @api.model
    @contextmanager
    def _crm_names_order_fixed(self):
        """Within it, the name order setting is read once: for batches of names."""
        token = NAMES_ORDER.set(self._get_names_order())
        try:
            yield
        finally:
            NAMES_ORDER.reset(token)

    @api.model
    def _get_inverse_name(self, name, is_company=False):
        if is_company or not name:
            return super()._get_inverse_name(name, is_company=is_company)
        firstname, lastname = split_person_name(name, self._get_names_order())
        return {"firstname": firstname, "lastname": lastname}

    @api.model
    def _crm_compose_name(self, firstname, lastname):
        """A full name in the configured name order (partner_firstname's setting)."""
        return self._get_computed_name(lastname or False, firstname or False) or False

    @api.model
    def _crm_split_name(self, name):
        """(first name, last name) of a typed full name, as a new person's is split."""
        parts = self._get_inverse_name(self._get_whitespace_cleaned_name(name or ""))
        return parts["firstname"], parts["lastname"]

    @api.model
    def _crm_role_name_vals(self, person):
        """The name parts a role of this person carries: its person's."""
        return {"firstname": person.firstname, "lastname": person.lastname}

    def _crm_sync_role_names(self, roles_by_person):
        """Roles take their person's name parts, so the name composes the same."""
        for person, roles in roles_by_person.items():
            if roles:
                roles.with_context(**{ROLE_NAME_SYNC: True}).write(self._crm_role_name_vals(person))

    def _crm_compose_typed_names(self):
        """partner_firstname keeps a typed name as typed; a person's is its parts'."""
        for person in self:
            composed = self._crm_compose_name(person.firstname, person.lastname)
            if composed and person.name != composed:
                # Its parts compose the same name again, so this write is the last.
                person.write({"name": composed})

    @api.constrains("crm_kind", "name", "firstname", "lastname")
    def _check_name(self):
        """A person without a name is refused with what to fill in, before
        partner_firstname's own check says only that no name is set."""
        for partner in self:
            if partner.crm_kind == "person" and not (partner.firstname or partner.lastname):
                raise ValidationError(
                    self.env._(
                        "A person needs a name: fill in the first name, the last name or both."
                    )
                )
        return super()._check_name()

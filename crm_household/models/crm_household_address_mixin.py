# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError

# Context key: the household writes its address on its members.
SYNC_KEY = "crm_household_address_sync"


class CrmHouseholdAddressMixin(models.AbstractModel):
    """The household's address is its members' private address: changed on the
    household, it changes for every current member, and not on a member alone."""

    _name = "crm.household.address.mixin"
    _description = "Household Addresses"

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

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.exceptions import UserError


class CrmPersonSensitiveMixin(models.AbstractModel):
    """A person's way to its special categories of personal data, which are kept apart
    (crm.person.sensitive): the button only members of "Sensitive Personal Data" see."""

    _name = "crm.person.sensitive.mixin"
    _description = "Persons' Sensitive Personal Data"

    def action_open_crm_sensitive_data(self):
        self.ensure_one()
        if self.crm_kind != "person":
            raise UserError(
                self.env._(
                    "%(name)s is not a person: only persons have sensitive personal data.",
                    name=self.display_name,
                )
            )
        # Searched with the user's rights: whoever is not in the group gets an access error.
        return self.env["crm.person.sensitive"]._crm_action_open_for(self)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import email_normalize, parse_contact_from_email

from ..tools.context import USE_PERSON_ID


class CrmLead(models.Model):
    _inherit = "crm.lead"

    def _crm_contact_name(self):
        if self.contact_name:
            return self.contact_name
        return parse_contact_from_email(self.email_from)[0] if self.email_from else False

    def _crm_names_person_at_organisation(self):
        """True when the lead is about someone at a company: that is a role."""
        organisation = self.partner_id if self.partner_id.crm_kind == "organisation" else None
        return bool(self._crm_contact_name() and (self.partner_name or organisation))

    def _crm_find_organisation(self):
        if self.partner_id.crm_kind == "organisation":
            return self.partner_id
        if not self.partner_name:
            return self.env["res.partner"]
        return self.env["res.partner"].search(
            [("crm_kind", "=", "organisation"), ("name", "=ilike", self.partner_name.strip())],
            limit=1,
        )

    def _crm_find_person(self):
        """The person whose private or work email the lead's email is, or the one the
        user chose when converting."""
        chosen = self.env.context.get(USE_PERSON_ID)
        if chosen:
            return self.env["res.partner"].browse(chosen)
        email = email_normalize(self.email_from)
        if not email:
            return self.env["res.partner"]
        partners = self.env["res.partner"].search(
            [("crm_kind", "in", ("person", "role")), ("email_normalized", "=", email)],
            order="crm_kind, id",
        )
        for partner in partners:
            return partner if partner.crm_kind == "person" else partner.role_person_id
        return self.env["res.partner"]

    def _crm_find_role(self, person, organisation):
        if not (person and organisation):
            return self.env["res.partner"]
        return self.env["res.partner"].search(
            [
                ("crm_kind", "=", "role"),
                ("role_person_id", "=", person.id),
                ("parent_id", "=", organisation.id),
                ("role_state", "=", "current"),
            ],
            limit=1,
        )

    def _find_matching_partner(self, email_only=False):
        partner = super()._find_matching_partner(email_only=email_only)
        if self.partner_id or not self._crm_names_person_at_organisation():
            return partner
        if partner and not partner.crm_kind:
            # Not yet classified data: keep Odoo's own match rather than duplicate it.
            return partner
        # A person at a company is matched by their current role there, or not at all,
        # so that converting creates that role (reusing the person and organisation).
        organisation = self._crm_find_organisation()
        return self._crm_find_role(self._crm_find_person(), organisation)

    def _create_customer(self):
        contact_name = self._crm_contact_name()
        if self._crm_names_person_at_organisation():
            return self._crm_create_role(contact_name)
        if contact_name and not self.partner_name and not self.partner_id:
            if self.env.context.get(USE_PERSON_ID):
                return self._crm_find_person()
            values = self._prepare_customer_values(contact_name, is_company=False)
            values.update(crm_kind="person", function=False)
            return self.env["res.partner"].create(values)
        if self.partner_name and not contact_name:
            values = self._prepare_customer_values(self.partner_name, is_company=True)
            values.update(crm_kind="organisation", function=False, title=False)
            return self.env["res.partner"].create(values)
        return super()._create_customer()

    def _crm_create_role(self, contact_name):
        """Organisation, person and current role for a lead about someone at a company,
        reusing the organisation (by name) and the person (by email) when they exist."""
        Partner = self.env["res.partner"]
        lead_values = self._prepare_customer_values(contact_name, is_company=False)
        organisation = self._crm_find_organisation()
        if not organisation:
            organisation_values = self._prepare_customer_values(self.partner_name, is_company=True)
            organisation_values.update(
                crm_kind="organisation",
                email=False,
                phone=False,
                mobile=False,
                function=False,
                title=False,
                comment=False,
            )
            organisation = Partner.create(organisation_values)
        person = self._crm_find_person()
        if not person:
            person = Partner.create(
                {
                    "crm_kind": "person",
                    "name": contact_name,
                    "title": lead_values["title"],
                    "user_id": lead_values["user_id"],
                    "lang": lead_values.get("lang"),
                }
            )
        role = self._crm_find_role(person, organisation)
        if role:
            return role
        return Partner.create(
            {
                "crm_kind": "role",
                "role_person_id": person.id,
                "parent_id": organisation.id,
                "function": lead_values["function"],
                "email": lead_values["email"],
                "phone": lead_values["phone"],
                "mobile": lead_values["mobile"],
                "user_id": lead_values["user_id"],
                "comment": lead_values["comment"],
                "role_date_start": fields.Date.context_today(self),
            }
        )

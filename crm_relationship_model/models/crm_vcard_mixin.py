# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

try:
    import vobject
except ImportError:  # web's _build_vcard returns False without it, as we do
    vobject = None


class CrmVcardMixin(models.AbstractModel):
    """A person's vCard (Contacts' "Download (vCard)"): first and last name apart, the
    private email and phones marked home, and for each current role its organisation,
    job title, work email and work phones, grouped per role."""

    _name = "crm.vcard.mixin"
    _description = "vCards of Persons"

    def _crm_vcard_of_person(self, vcard):
        """Odoo's vCard of this person (web's _build_vcard), made a person's."""
        self._crm_vcard_set_name(vcard)
        self._crm_vcard_mark_private(vcard)
        # A person's job titles are on its roles; its own function is hidden and stale.
        for name in ("org", "title"):
            if name in vcard.contents:
                del vcard.contents[name]
        roles = self.role_ids.filtered(lambda role: role.active and role.role_state == "current")
        for index, role in enumerate(roles, start=1):
            role._crm_vcard_add_position(vcard, f"role{index}")
        return vcard

    def _crm_vcard_set_name(self, vcard):
        if not (self.firstname or self.lastname):
            return
        name = vobject.vcard.Name(
            family=self.lastname or "",
            given=self.firstname or "",
            prefix=self.title.name or "",
        )
        for line in vcard.contents.get("n") or []:
            line.value = name

    def _crm_vcard_mark_private(self, vcard):
        for line in vcard.contents.get("email") or []:
            line.type_param = ["INTERNET", "HOME"]
        for line in vcard.contents.get("tel") or []:
            # web marks the phone "work" and the mobile "cell".
            kind = "CELL" if (line.type_param or "").upper() == "CELL" else "VOICE"
            line.type_param = [kind, "HOME"]
        for line in vcard.contents.get("adr") or []:
            line.type_param = ["HOME"]

    def _crm_vcard_add_position(self, vcard, group):
        """The role's lines, in one vCard group so a reader can tell which job title,
        email and phone go with which organisation."""
        self.ensure_one()
        org = vcard.add("org", group)
        org.value = [self.parent_id.name or ""] + (
            [self.crm_department] if self.crm_department else []
        )
        if self.function:
            title = vcard.add("title", group)
            title.value = self.function
        if self.email:
            email = vcard.add("email", group)
            email.value = self.email
            email.type_param = ["INTERNET", "WORK"]
        for number, types in ((self.phone, ["VOICE", "WORK"]), (self.mobile, ["CELL", "WORK"])):
            if number:
                tel = vcard.add("tel", group)
                tel.value = number
                tel.type_param = types

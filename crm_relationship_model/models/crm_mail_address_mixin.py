# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models
from odoo.tools import email_normalize, email_split


class CrmMailAddressMixin(models.AbstractModel):
    """Which partner a mail address means, for the mail gateway and the CRM logging
    address: a current role whose work address it is, then the person, then the rest."""

    _name = "crm.mail.address.mixin"
    _description = "Partners of Mail Addresses"

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

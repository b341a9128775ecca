# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, models
from odoo.tools import html_escape

_logger = logging.getLogger(__name__)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _mail_search_on_partner(self, normalized_emails, extra_domain=False):
        """Odoo's lookup of partners by email, best match first: a current role whose work
        email it is, then the person, then any other partner. Odoo takes the first partner
        of each address, and its own sort after this one is stable."""
        partners = super()._mail_search_on_partner(normalized_emails, extra_domain=extra_domain)
        return partners._crm_sorted_by_mail_preference()

    @api.model
    def message_route(self, message, message_dict, model=None, thread_id=None, custom_values=None):
        """A mail to the CRM logging address is logged on the partners it concerns: one
        route per partner, in place of the alias's own route (which would create one)."""
        routes = super().message_route(
            message, message_dict, model=model, thread_id=thread_id, custom_values=custom_values
        )
        log_alias = self.env.ref(
            "crm_relationship_model.mail_alias_crm_log", raise_if_not_found=False
        )
        log_routes = [route for route in routes if log_alias and route[4] == log_alias]
        if not log_routes:
            return routes
        routes = [route for route in routes if route not in log_routes]
        routed = {(route[0], route[1]) for route in routes}
        user_id = log_routes[0][3]
        partners = self.env["res.partner"]._crm_mail_log_partners(message_dict)
        for partner in partners:
            if ("res.partner", partner.id) not in routed:
                routes.append(("res.partner", partner.id, {}, user_id, None))
        if not partners:
            self._crm_mail_log_nothing_found(message, message_dict)
        _logger.info(
            "CRM logging address: mail with Message-Id %s logged on partners %s",
            message_dict.get("message_id"),
            partners.ids,
        )
        return routes

    def _crm_mail_log_nothing_found(self, message, message_dict):
        """Tell a colleague who used the logging address that none of the addresses was
        known (nothing is created for unknown addresses). Strangers get no answer."""
        email_from = message_dict.get("email_from")
        sender = self.env["res.partner"]._crm_colleague_of_email(email_from)
        if not sender:
            return
        body = self.env._(
            "<p>Your mail “%(subject)s” was not logged: none of its addresses belongs to a "
            "contact in the CRM. Create the contact first, then send it to the logging "
            "address again.</p>",
            subject=html_escape(message_dict.get("subject") or ""),
        )
        self._routing_create_bounce_email(email_from, body, message)

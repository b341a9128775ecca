# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController
from odoo.addons.mail.tools.discuss import Store


class CrmThreadController(ThreadController):
    # Read/write, as Odoo's own route: reading a feed marks its messages done for the
    # user (set_message_done). Odoo keeps an overridden route's mode anyway.
    @http.route()
    def mail_thread_messages(
        self,
        thread_model,
        thread_id,
        search_term=None,
        before=None,
        after=None,
        around=None,
        limit=30,
    ):
        """The chatter of a person or an organisation shows its gathered feed
        (res.partner._crm_message_feed); every other chatter is Odoo's."""
        feed = None
        if thread_model == "res.partner":
            # One query: the partner (archived too) if the user may read it, with only
            # its kind (its whole row would cost more than the rest of the preparation).
            Partner = request.env["res.partner"].with_context(active_test=False)
            partner = Partner.search_fetch([("id", "=", int(thread_id))], ["crm_kind"])
            if partner:
                feed = partner._crm_message_feed()
        if feed is None:
            return super().mail_thread_messages(
                thread_model,
                thread_id,
                search_term=search_term,
                before=before,
                after=after,
                around=around,
                limit=limit,
            )
        feed_domain, newest_ids = feed
        domain = [*feed_domain, ("message_type", "!=", "user_notification")]
        res = request.env["mail.message"]._crm_feed_fetch(
            domain,
            search_term=search_term,
            before=before,
            after=after,
            around=around,
            limit=limit,
            newest_ids=newest_ids,
        )
        messages = res.pop("messages")
        if not request.env.user._is_public():
            messages.set_message_done()
        return {
            **res,
            "data": Store(messages, for_current_user=True).get_result(),
            "messages": Store.many_ids(messages),
        }

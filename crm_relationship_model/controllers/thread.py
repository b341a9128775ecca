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
        (res.partner._crm_message_feed_newest, or _crm_message_feed_domain for a search,
        newer messages, a page around a message and a household); every other chatter
        is Odoo's."""
        newest_ids = feed_domain = None
        if thread_model == "res.partner":
            # One query: the partner (archived too) if the user may read it, with only
            # its kind (its whole row would cost more than the rest of the preparation).
            Partner = request.env["res.partner"].with_context(active_test=False)
            partner = Partner.search_fetch([("id", "=", int(thread_id))], ["crm_kind"])
            if partner and not (search_term or after or around is not None):
                newest_ids = partner._crm_message_feed_newest()
            if partner and newest_ids is None:
                feed_domain = partner._crm_message_feed_domain()
        Message = request.env["mail.message"]
        if newest_ids is not None:
            res = Message._crm_feed_newest_page(newest_ids, before=before, limit=limit)
        elif feed_domain is not None:
            domain = [*feed_domain, ("message_type", "!=", "user_notification")]
            res = Message._crm_feed_fetch(
                domain,
                search_term=search_term,
                before=before,
                after=after,
                around=around,
                limit=limit,
            )
        else:
            return super().mail_thread_messages(
                thread_model,
                thread_id,
                search_term=search_term,
                before=before,
                after=after,
                around=around,
                limit=limit,
            )
        messages = res.pop("messages")
        if not request.env.user._is_public():
            messages.set_message_done()
        messages._crm_prefetch_thread_names()
        return {
            **res,
            "data": Store(messages, for_current_user=True).get_result(),
            "messages": Store.many_ids(messages),
        }

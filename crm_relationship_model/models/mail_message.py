# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.osv import expression


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _crm_feed_fetch(
        self, domain, search_term=None, before=None, after=None, around=None, limit=30
    ):
        """Odoo's page of messages (_message_fetch) for a gathered feed, filled up.

        Odoo drops the messages of documents the user may not read after applying the
        page's limit, which the plain chatter never meets (one document). A feed gathers
        many documents: a short page would make the web client believe the history ends.
        So the page is read in windows larger than the page; when the user's part of a
        window is short and the window itself was full (read without access rules, ids
        only), the next window, twice as large, is read too. Searches, newer messages and
        pages around a message keep Odoo's own fetch."""
        if search_term or after or around is not None or self.env.is_superuser():
            return self._message_fetch(
                domain,
                search_term=search_term,
                before=before,
                after=after,
                around=around,
                limit=limit,
            )
        messages = self.browse()
        # A first window of twice the page: what the user may not read rarely leaves
        # it short, and one round is cheaper than two.
        cursor, window = before, limit * 2
        # A few rounds at most, in case a user may read almost nothing of a feed.
        for _round in range(4):
            page = expression.AND([domain, [("id", "<", cursor)]]) if cursor else domain
            messages |= self.search(page, limit=window, order="id DESC")
            if len(messages) >= limit:
                break
            # Short: the history ends here, or the user may not read part of the window.
            raw_ids = list(self.sudo()._search(page, limit=window, order="id DESC"))
            if len(raw_ids) < window:
                break
            cursor, window = raw_ids[-1], window * 2
        return {"messages": messages.sorted("id", reverse=True)[:limit]}

    @api.model
    def _crm_feed_newest_page(self, newest_ids, before=None, limit=30):
        """A page of a gathered feed read among its newest messages: newest_ids (before,
        limit) gives the ids of the feed's newest messages, whoever may read them
        (res.partner._crm_message_feed_newest); the user's part of a window of twice
        the page is kept, and when it is short while the window was full, the next
        window, twice as large, is read too (as _crm_feed_fetch does)."""
        messages = self.browse()
        cursor, window = before, limit * 2
        for _round in range(4):
            ids = newest_ids(cursor, window)
            # Searched by id: the user's access rules, no other condition to evaluate.
            messages |= self.search([("id", "in", ids)], order="id DESC")
            if len(messages) >= limit or len(ids) < window:
                break
            cursor, window = ids[-1], window * 2
        return {"messages": messages.sorted("id", reverse=True)[:limit]}

    def _crm_prefetch_thread_names(self):
        """Read the names of the documents these messages are on, and nothing else of
        them, before the chatter's page is serialised. The page shows each document's
        name; reading it alone fetched the document's whole row, once per model. A
        gathered feed's page is on documents of several models (leads, orders), where
        the plain chatter's is on one partner."""
        by_model = {}
        for message in self:
            # Partners are read whole for the authors anyway (and their names need more
            # than the name); channels show no document name.
            if message.res_id and message.model not in (False, "res.partner", "discuss.channel"):
                by_model.setdefault(message.model, set()).add(message.res_id)
        for model_name, ids in by_model.items():
            Model = self.env.get(model_name)
            if Model is None or Model._rec_name not in Model._fields:
                continue
            # sudo: the serialisation reads these names as superuser too.
            Model.sudo().browse(ids).fetch([Model._rec_name])

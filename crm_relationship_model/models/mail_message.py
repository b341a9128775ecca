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
        So the page is taken from raw windows of the feed (read without access rules,
        ids only), each then read with the user's rules, until the page is full or the
        history ends; the window doubles each round. Searches, newer messages and
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
        cursor, window = before, limit
        # A few rounds at most, in case a user may read almost nothing of a feed.
        for _round in range(4):
            page = expression.AND([domain, [("id", "<", cursor)]]) if cursor else domain
            raw_ids = list(self.sudo()._search(page, limit=window, order="id DESC"))
            if raw_ids:
                messages |= self.search([("id", "in", raw_ids)], order="id DESC")
            if len(messages) >= limit or len(raw_ids) < window:
                break
            cursor, window = raw_ids[-1], window * 2
        return {"messages": messages.sorted("id", reverse=True)[:limit]}

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
        When a page comes back short, the next raw page is looked at until the page is
        full or the history really ends."""
        res = self._message_fetch(
            domain, search_term=search_term, before=before, after=after, around=around, limit=limit
        )
        messages = res["messages"]
        if search_term or after or around is not None or len(messages) >= limit or self.env.is_superuser():
            return res
        cursor = before
        # A few rounds at most: each looks at one more raw page.
        for _round in range(5):
            page = expression.AND([domain, [("id", "<", cursor)]]) if cursor else domain
            raw_ids = list(self.sudo()._search(page, limit=limit, order="id DESC"))
            if len(raw_ids) < limit:
                break  # the history ends within this raw page: nothing more to show
            cursor = raw_ids[-1]
            messages |= self.search(
                expression.AND([domain, [("id", "<", cursor)]]), limit=limit, order="id DESC"
            )
            if len(messages) >= limit:
                break
        res["messages"] = messages.sorted("id", reverse=True)[:limit]
        return res

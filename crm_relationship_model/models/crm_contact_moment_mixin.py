# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

# Message types that are contact moments when they sit on another document: mail and
# chatter posts. Odoo's own notifications (tracking, assignments) are left out there.
MOMENT_MESSAGE_TYPES = ("email", "comment", "email_outgoing")
# How many of each list of a feed's messages (per partner: on it, by it, to it) the
# first round of finding a page reads (_crm_partners_feed_newest_ids).
FEED_FIRST_ROUND = 10


class CrmContactMomentMixin(models.AbstractModel):
    """Contact moments: kept on the role (work) or the person (private), gathered in the
    chatter of persons, organisations and households. Nothing is copied: the feeds are
    domains over mail.message and mail.activity, read with the user's own access rights.
    The chatter's route reads them (controllers/thread.py, res_partner._thread_to_store)."""

    _name = "crm.contact.moment.mixin"
    _description = "Gathered Contact Moments"

    crm_activity_count = fields.Integer(
        "Planned Activities",
        compute="_compute_crm_activity_counts",
        help="Planned activities of this record and of the records its chatter gathers "
        "(a person's roles, an organisation's contacts).",
    )
    crm_activity_overdue_count = fields.Integer(
        "Overdue Activities", compute="_compute_crm_activity_counts"
    )

    # ------------------------------------------------------------------
    # What a chatter gathers
    # ------------------------------------------------------------------

    def _crm_feed_partner_ids(self):
        """The partners whose contact moments this record's chatter gathers, itself
        included, or None when it keeps Odoo's plain chatter: a person gathers its roles
        (current, past, archived), an organisation all its contacts (roles, addresses).
        Read with the user's rights: partners they may not read stay out."""
        self.ensure_one()
        if self.crm_kind == "person":
            return [self.id, *self._crm_roles_by_person([self.id])[self.id]]
        if self.crm_kind == "organisation":
            return self.with_context(active_test=False).search([("id", "child_of", self.id)]).ids
        return None

    def _crm_feed_partners_query(self):
        """The same partners as _crm_feed_partner_ids, as the SQL of their ids (with
        the user's record rules), for a query that reads them itself; None for a plain
        chatter."""
        self.ensure_one()
        Partner = self.with_context(active_test=False)
        if self.crm_kind == "person":
            roles = Partner._search(self._crm_person_roles_domain([self.id]))
            return SQL("SELECT %s::int UNION ALL %s", self.id, roles.select())
        if self.crm_kind == "organisation":
            return Partner._search([("id", "child_of", self.id)]).select()
        return None

    def _crm_message_feed_domain(self):
        """The mail.message domain of this record's chatter, or None for a plain one:
        the messages on the gathered partners, and the mails and posts on any other
        document (leads, orders, invoices) written by or to them."""
        partner_ids = self._crm_feed_partner_ids()
        if partner_ids is None:
            return None
        return expression.OR(
            [
                [("model", "=", "res.partner"), ("res_id", "in", partner_ids)],
                self._crm_moments_by_or_to_domain(partner_ids),
            ]
        )

    def _crm_message_feed_newest(self):
        """For a person's or an organisation's chatter, a function (before, limit) ->
        the ids of its feed's newest `limit` messages before that message id (all when
        before is None), whoever may read them and without Odoo's user notifications;
        None for other chatters. The chatter's pages are read among them
        (mail.message._crm_feed_newest_page), without the feed's domain.

        One ordered query per single condition finds them on the (model, res_id, id),
        author and recipient indexes; their OR in one query made PostgreSQL walk the
        message ids backwards past other records' messages
        (tests/benchmarks/bench_contact_moments.py)."""
        # The partners are read in the same query: one round trip less.
        partners = self._crm_feed_partners_query()
        if partners is None:
            return None

        def newest_ids(before, limit):
            return self._crm_partners_feed_newest_ids(partners, before, limit)

        return newest_ids

    @api.model
    def _crm_partners_feed_newest_ids(self, partners, before, limit):
        """The ids of the newest `limit` messages of the feed of these partners (ids, or
        the SQL of their ids; as _crm_message_feed_domain gathers it) before that message
        id, user notifications left out; read without access rules (ids only: the page
        is then searched among them with the user's rights). The domain's messages are
        exactly those of the lists read here (per partner: on it, by it, to it), so the
        newest of their newest are the domain's newest.

        Most lists hold few of the newest, so a first round reads only a few of each
        list (FEED_FIRST_ROUND). A list that gave all it was asked for, while even its
        oldest id read is among the newest `limit`, may hold more of them: its
        partners' lists are read again up to `limit`, which is then exact. For a person
        with 20 roles that reads a third of the rows of reading `limit` of every list
        (tests/benchmarks/bench_contact_moments.py)."""
        self.env["mail.message"].flush_model(
            ["model", "res_id", "author_id", "message_type", "partner_ids"]
        )
        per_list = min(limit, FEED_FIRST_ROUND)
        rows = self._crm_feed_list_heads(partners, before, per_list)
        newest = sorted({message_id for __, __, message_id in rows}, reverse=True)
        if per_list < limit:
            # The oldest id that is among the newest `limit` read so far (or none).
            floor = newest[limit - 1] if len(newest) >= limit else 0
            heads = defaultdict(list)
            for partner_id, branch, message_id in rows:
                heads[partner_id, branch].append(message_id)
            again = sorted(
                {
                    partner_id
                    for (partner_id, __), ids in heads.items()
                    if len(ids) >= per_list and min(ids) > floor
                }
            )
            if again:
                rows += self._crm_feed_list_heads(again, before, limit)
                newest = sorted({message_id for __, __, message_id in rows}, reverse=True)
        return newest[:limit]

    @api.model
    def _crm_feed_list_heads(self, partners, before, per_list):
        """(partner id, list, message id) of the newest `per_list` messages of each list
        of these partners (ids, or the SQL of their ids) before that message id: 1 the
        messages on the partner, 2 the mails and posts it wrote, 3 those addressed to
        it. One ordered query per list on the (model, res_id, id), author and recipient
        indexes: their OR in one query made PostgreSQL walk the message ids backwards
        past other records' messages."""
        if not isinstance(partners, SQL):
            partners = SQL("SELECT unnest(%s::int[])", list(partners))
        rel_before = SQL("AND r.mail_message_id < %s", before) if before else SQL()
        before = SQL("AND m.id < %s", before) if before else SQL()
        return self.env.execute_query(
            SQL(
                """
                WITH p(id) AS MATERIALIZED (%(partners)s)
                SELECT p.id, 1, newest.id FROM p
                CROSS JOIN LATERAL (
                    SELECT m.id FROM mail_message m
                     WHERE m.model = 'res.partner' AND m.res_id = p.id
                       AND m.message_type != 'user_notification' %(before)s
                     ORDER BY m.id DESC LIMIT %(limit)s) AS newest
                UNION ALL
                SELECT p.id, 2, newest.id FROM p
                CROSS JOIN LATERAL (
                    SELECT m.id FROM mail_message m
                     WHERE m.author_id = p.id AND m.message_type = ANY(%(types)s) %(before)s
                     ORDER BY m.id DESC LIMIT %(limit)s) AS newest
                UNION ALL
                SELECT p.id, 3, newest.id FROM p
                CROSS JOIN LATERAL (
                    SELECT r.mail_message_id AS id FROM mail_message_res_partner_rel r
                     WHERE r.res_partner_id = p.id %(rel_before)s
                       AND EXISTS (
                           SELECT FROM mail_message m WHERE m.id = r.mail_message_id
                              AND m.message_type = ANY(%(types)s))
                     ORDER BY r.mail_message_id DESC LIMIT %(limit)s) AS newest
                """,
                partners=partners,
                types=list(MOMENT_MESSAGE_TYPES),
                before=before,
                rel_before=rel_before,
                limit=per_list,
            )
        )

    @api.model
    def _crm_moments_by_or_to_domain(self, partner_ids):
        """The mails and posts on any document written by or addressed to these partners."""
        # The messages addressed to them, looked up first in the recipients table (by
        # its partner index): as a sub-query inside the OR, PostgreSQL could use no
        # index and walked the whole message table backwards for a person with few
        # messages (tests/benchmarks/bench_contact_moments.py).
        self.env["mail.message"].flush_model(["partner_ids"])
        addressed = [
            message_id
            for (message_id,) in self.env.execute_query(
                SQL(
                    "SELECT mail_message_id FROM mail_message_res_partner_rel"
                    " WHERE res_partner_id = ANY(%s)",
                    partner_ids,
                )
            )
        ]
        return [
            ("message_type", "in", MOMENT_MESSAGE_TYPES),
            "|",
            ("author_id", "in", partner_ids),
            ("id", "in", addressed),
        ]

    def _crm_activity_feed_domain(self):
        """The mail.activity domain of this record's chatter, or None for a plain one."""
        partner_ids = self._crm_feed_partner_ids()
        if partner_ids is None:
            return None
        return [("res_model", "=", "res.partner"), ("res_id", "in", partner_ids)]

    def _crm_activities_domain(self):
        """The activities this record shows: its chatter's, gathered or its own."""
        domain = self._crm_activity_feed_domain()
        if domain is None:
            domain = [("res_model", "=", "res.partner"), ("res_id", "=", self.id)]
        return domain

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------

    @api.depends_context("uid")
    def _compute_crm_activity_counts(self):
        today = fields.Date.context_today(self)
        Activity = self.env["mail.activity"]
        for partner in self:
            if not partner.id:
                partner.crm_activity_count = partner.crm_activity_overdue_count = 0
                continue
            activities = Activity.search_fetch(partner._crm_activities_domain(), ["date_deadline"])
            partner.crm_activity_count = len(activities)
            partner.crm_activity_overdue_count = len(
                activities.filtered(lambda activity: activity.date_deadline < today)
            )

    @api.readonly
    def action_open_crm_activities(self):
        """The planned activities this record's chatter gathers, in a list."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.mail_activity_action_contact_moments"
        )
        action.update(
            domain=self._crm_activities_domain(),
            display_name=self.env._("Activities of %(name)s", name=self.display_name),
        )
        return action

    def action_log_contact_moment(self):
        """Log a moment for a person: from the person (private unless a role is chosen)
        or from one of its roles (in the context of that role)."""
        self.ensure_one()
        person = self.role_person_id if self.crm_kind == "role" else self
        if person.crm_kind != "person":
            raise UserError(
                self.env._(
                    "%(name)s is not a person or a person's role: log on its chatter instead.",
                    name=self.display_name,
                )
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.crm_contact_moment_wizard_action"
        )
        action["context"] = {"default_person_id": person.id, "default_record_id": self.id}
        return action

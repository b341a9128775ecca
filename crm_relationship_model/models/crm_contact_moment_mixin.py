# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

# Message types that are contact moments when they sit on another document: mail and
# chatter posts. Odoo's own notifications (tracking, assignments) are left out there.
MOMENT_MESSAGE_TYPES = ("email", "comment", "email_outgoing")


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
        partner_ids = self._crm_feed_partner_ids()
        if partner_ids is None:
            return None

        def newest_ids(before, limit):
            return self._crm_partners_feed_newest_ids(partner_ids, before, limit)

        return newest_ids

    @api.model
    def _crm_partners_feed_newest_ids(self, partner_ids, before, limit):
        """The ids of the newest `limit` messages of the feed of these partners (as
        _crm_message_feed_domain gathers it) before that message id, user notifications
        left out; read without access rules (ids only: the page is then searched among
        them with the user's rights). The domain's messages are exactly those of these
        branches, so the newest of their newest are the domain's newest."""
        self.env["mail.message"].flush_model(
            ["model", "res_id", "author_id", "message_type", "partner_ids"]
        )
        before = SQL("AND m.id < %s", before) if before else SQL()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM (
                    SELECT newest.id FROM unnest(%(partners)s::int[]) AS p(id)
                    CROSS JOIN LATERAL (
                        SELECT m.id FROM mail_message m
                         WHERE m.model = 'res.partner' AND m.res_id = p.id
                           AND m.message_type != 'user_notification' %(before)s
                         ORDER BY m.id DESC LIMIT %(limit)s) AS newest
                    UNION
                    SELECT newest.id FROM unnest(%(partners)s::int[]) AS p(id)
                    CROSS JOIN LATERAL (
                        SELECT m.id FROM mail_message m
                         WHERE m.author_id = p.id AND m.message_type = ANY(%(types)s) %(before)s
                         ORDER BY m.id DESC LIMIT %(limit)s) AS newest
                    UNION
                    SELECT newest.id FROM unnest(%(partners)s::int[]) AS p(id)
                    CROSS JOIN LATERAL (
                        SELECT m.id FROM mail_message_res_partner_rel r
                          JOIN mail_message m ON m.id = r.mail_message_id
                         WHERE r.res_partner_id = p.id
                           AND m.message_type = ANY(%(types)s) %(before)s
                         ORDER BY r.mail_message_id DESC LIMIT %(limit)s) AS newest
                ) AS feed
                ORDER BY id DESC LIMIT %(limit)s
                """,
                partners=partner_ids,
                types=list(MOMENT_MESSAGE_TYPES),
                before=before,
                limit=limit,
            )
        )
        return [message_id for (message_id,) in rows]

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

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL


class CrmHouseholdMailingRecipient(models.Model):
    """One row per household that someone lives in today: who a letter or a mailing
    goes to, with the joint salutation and the address.

    A database view over the households (its ids are the households'). A member opted
    out when their email is on Odoo's blacklist, or when they lack a consent that
    mailings need (res.partner._crm_mailing_consent_domain(), built into the view): their
    address is not used, and a household whose members all opted out is marked as such.
    """

    _name = "crm.household.mailing.recipient"
    # Email Marketing writes its traces only for mail threads.
    _inherit = ["mail.thread"]
    _description = "Household Mailing Recipient"
    _auto = False
    _order = "name, id"
    # Read only by Email Marketing (mass_mailing), when it is installed: it offers this
    # model as the recipients of a mailing. Harmless without it.
    _mailing_enabled = True
    # What the view reads: flushed before it is searched.
    _depends = {
        "res.partner": [
            "active", "city", "country_id", "crm_kind", "email", "email_normalized",
            "household_salutation", "lang", "name", "state_id", "street", "street2", "zip",
        ],
        "crm.household.member": [
            "date_end", "date_start", "household_id", "person_id", "relation_rank",
        ],
        "mail.blacklist": ["active", "email"],
        "privacy.consent": ["accepted", "active", "activity_id", "partner_id"],
        "privacy.activity": ["active", "crm_mailing_consent_required"],
    }  # fmt: skip

    household_id = fields.Many2one("res.partner", readonly=True)
    name = fields.Char(readonly=True)
    salutation = fields.Char("Joint Salutation", readonly=True)
    email = fields.Char(
        readonly=True,
        help="The household's own email, or else a current member's, the head's first; "
        "addresses on the blacklist, and of members without the consent mailings need, are "
        "never used.",
    )
    street = fields.Char(readonly=True)
    street2 = fields.Char(readonly=True)
    zip = fields.Char(readonly=True)
    city = fields.Char(readonly=True)
    state_id = fields.Many2one("res.country.state", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    lang = fields.Char("Language", readonly=True)
    member_count = fields.Integer("Number of Members", readonly=True)
    opt_out = fields.Boolean(
        "Opted Out",
        readonly=True,
        help="Every member of the household opted out, or lacks the consent mailings need.",
    )
    customer_status = fields.Selection(
        related="household_id.household_status", string="Customer Status"
    )
    segment_ids = fields.Many2many(related="household_id.crm_segment_ids", string="Segments")
    person_ids = fields.Many2many(
        "res.partner",
        string="Members",
        compute="_compute_person_ids",
        search="_search_person_ids",
        help="The persons who live in the household today.",
    )

    # The day "today" is for the view: the user's (as a membership's state says), which
    # the reading transaction sets; PostgreSQL's CURRENT_DATE is UTC's, a day off around
    # midnight in the user's time zone.
    TODAY_SETTING = "crm_household.today"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        today = SQL(
            "COALESCE(NULLIF(current_setting(%s, TRUE), '')::date, CURRENT_DATE)",
            self.TODAY_SETTING,
        )
        # The persons a mailing may reach as far as consent goes, as a subquery.
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        consenting = Partner._search(Partner._crm_mailing_consent_domain()).subselect()
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(view)s AS (
                    SELECT h.id, h.id AS household_id, h.name,
                           h.household_salutation AS salutation,
                           CASE WHEN own_bl.id IS NULL AND h.email_normalized IS NOT NULL
                                THEN h.email ELSE reachable.email END AS email,
                           h.street, h.street2, h.zip, h.city, h.state_id, h.country_id, h.lang,
                           members.member_count,
                           members.member_count = members.opted_out AS opt_out
                      FROM res_partner h
                      JOIN LATERAL (
                            SELECT COUNT(*) AS member_count,
                                   COUNT(*) FILTER (
                                        WHERE bl.id IS NOT NULL OR p.id NOT IN (%(consenting)s)
                                   ) AS opted_out
                              FROM crm_household_member m
                              JOIN res_partner p ON p.id = m.person_id
                         LEFT JOIN mail_blacklist bl
                                ON bl.email = p.email_normalized AND bl.active
                             WHERE m.household_id = h.id
                               AND (m.date_start IS NULL OR m.date_start <= %(today)s)
                               AND (m.date_end IS NULL OR m.date_end >= %(today)s)
                           ) members ON members.member_count > 0
                 LEFT JOIN mail_blacklist own_bl
                        ON own_bl.email = h.email_normalized AND own_bl.active
                 LEFT JOIN LATERAL (
                            SELECT p.email
                              FROM crm_household_member m
                              JOIN res_partner p ON p.id = m.person_id
                             WHERE m.household_id = h.id
                               AND (m.date_start IS NULL OR m.date_start <= %(today)s)
                               AND (m.date_end IS NULL OR m.date_end >= %(today)s)
                               AND p.email_normalized IS NOT NULL
                               AND p.id IN (%(consenting)s)
                               AND NOT EXISTS (
                                    SELECT 1 FROM mail_blacklist bl
                                     WHERE bl.email = p.email_normalized AND bl.active)
                          ORDER BY m.relation_rank, m.date_start, m.id
                             LIMIT 1
                           ) reachable ON TRUE
                     WHERE h.crm_kind = 'household' AND h.active
                )
                """,
                view=SQL.identifier(self._table),
                consenting=consenting,
                today=today,
            )
        )

    def _crm_set_today(self):
        """Tell the view which day today is for this user, for this transaction: once,
        unless the day changes (another user's time zone, midnight)."""
        cr = self.env.cr
        today = fields.Date.to_string(fields.Date.context_today(self))
        if cr.cache.get(self.TODAY_SETTING) == today:
            return
        cr.execute(SQL("SELECT set_config(%s, %s, TRUE)", self.TODAY_SETTING, today))
        cr.cache[self.TODAY_SETTING] = today

        # The setting ends with the transaction; so does what the cursor remembers.
        def forget():
            cr.cache.pop(self.TODAY_SETTING, None)

        cr.postcommit.add(forget)
        cr.postrollback.add(forget)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        self._crm_set_today()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _fetch_query(self, query, fields):
        self._crm_set_today()
        return super()._fetch_query(query, fields)

    def _compute_person_ids(self):
        members = self.env["crm.household.member"].search_fetch(
            [("household_id", "in", self.ids), ("state", "=", "current")],
            ["household_id", "person_id"],
        )
        for recipient in self:
            recipient.person_ids = members.filtered(
                lambda m, r=recipient: m.household_id.id == r.id
            ).person_id

    def _search_person_ids(self, operator, value):
        if operator in ("any", "not any"):
            condition = [("person_id", "any", value)]
        elif operator in ("in", "=", "ilike", "not in", "!=", "not ilike") and value:
            positive = {"not in": "in", "!=": "=", "not ilike": "ilike"}
            condition = [("person_id", positive.get(operator, operator), value)]
        else:
            raise UserError(self.env._("Search the members of a household by person."))
        query = self.env["crm.household.member"]._search([("state", "=", "current"), *condition])
        households = query.subselect(SQL.identifier(query.table, "household_id"))
        negative = operator in ("not any", "not in", "!=", "not ilike")
        return [("id", "not in" if negative else "in", households)]

    @api.model
    def _mailing_get_default_domain(self, mailing):
        """Email Marketing's default recipients: households not all of whose members
        opted out."""
        return [("opt_out", "=", False)]

    def action_open_household(self):
        self.ensure_one()
        return self.household_id.get_formview_action()

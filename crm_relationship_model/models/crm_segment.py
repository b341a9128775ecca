# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
from random import randint

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval

# Context key under which a refresh writes the members of rule segments.
REFRESH_KEY = "crm_segment_refresh"
SEGMENT_KINDS = [("person", "Persons"), ("organisation", "Organisations")]


class CrmSegment(models.Model):
    """A group of persons, organisations or households, chosen by hand (manual
    segment) or by a rule over the record's fields (rule segment). Who is in a segment
    is kept over time in crm.segment.membership (entered and left on)."""

    _name = "crm.segment"
    _description = "Customer Segment"
    _order = "applies_to, sequence, name, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)
    applies_to = fields.Selection(
        SEGMENT_KINDS,
        required=True,
        default="person",
        help="The kind of record the segment holds.",
    )
    rule_domain = fields.Char(
        "Rule",
        help="Records of the kind that match this rule are the segment's members; the "
        "scheduled refresh keeps them up to date. Empty: a manual segment, whose members "
        "are chosen by hand.",
    )
    is_rule = fields.Boolean("Rule Segment", compute="_compute_is_rule", store=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "crm_segment_res_partner_rel",
        "segment_id",
        "partner_id",
        string="Members",
        help="Who is in the segment now.",
    )
    partner_count = fields.Integer("Number of Members", compute="_compute_partner_count")
    membership_ids = fields.One2many("crm.segment.membership", "segment_id", string="History")
    date_refreshed = fields.Datetime("Last Refreshed", readonly=True, copy=False)

    _sql_constraints = [
        (
            "name_kind_unique",
            "UNIQUE (name, applies_to)",
            "A segment with this name already exists for this kind.",
        ),
    ]

    @api.depends("rule_domain")
    def _compute_is_rule(self):
        for segment in self:
            segment.is_rule = bool(segment._crm_rule_text())

    def _compute_partner_count(self):
        counts = {}
        if self.ids:
            self.flush_recordset(["partner_ids"])
            counts = dict(
                self.env.execute_query(
                    SQL(
                        """SELECT segment_id, COUNT(*) FROM crm_segment_res_partner_rel
                            WHERE segment_id = ANY(%s) GROUP BY segment_id""",
                        self.ids,
                    )
                )
            )
        for segment in self:
            segment.partner_count = counts.get(segment.id, 0)

    def _crm_rule_text(self):
        text = (self.rule_domain or "").strip()
        return "" if text in ("", "[]") else text

    # ------------------------------------------------------------------
    # The rule: parsed, checked when saved
    # ------------------------------------------------------------------

    @api.model
    def _crm_rule_eval_context(self):
        """What a rule may use besides literals, as Odoo's domain editor writes them."""
        today = fields.Date.context_today(self)
        return {
            "datetime": safe_datetime,
            "relativedelta": relativedelta,
            "context_today": lambda: datetime.datetime.combine(today, datetime.time()),
            "uid": self.env.uid,
            "user": self.env.user,
        }

    def _crm_rule(self):
        """The rule as a domain; a ValidationError naming the segment if it is none."""
        self.ensure_one()
        text = self._crm_rule_text()
        if not text:
            return []
        try:
            domain = safe_eval(text, self._crm_rule_eval_context())
        except Exception as error:  # noqa: BLE001 - any parse error is the user's input
            raise ValidationError(
                self.env._(
                    "The rule of segment %(segment)s is not a valid domain: %(error)s",
                    segment=self.name,
                    error=error,
                )
            ) from error
        if not isinstance(domain, (list, tuple)):
            raise ValidationError(
                self.env._(
                    "The rule of segment %(segment)s is not a list of conditions.",
                    segment=self.name,
                )
            )
        return list(domain)

    def _crm_rule_domain(self):
        """The domain of the records the rule selects: the rule, of the segment's kind."""
        self.ensure_one()
        return expression.AND([self._crm_rule(), [("crm_kind", "=", self.applies_to)]])

    @api.constrains("rule_domain", "applies_to")
    def _check_rule_domain(self):
        Partner = self.env["res.partner"].sudo()
        kind_fields = Partner._crm_segment_kind_fields()
        labels = dict(self._fields["applies_to"]._description_selection(self.env))
        for segment in self.filtered("is_rule"):
            domain = segment._crm_rule()
            for leaf in domain:
                if isinstance(leaf, str) and leaf in ("&", "|", "!"):
                    continue
                if not isinstance(leaf, (list, tuple)) or len(leaf) != 3:
                    raise ValidationError(
                        self.env._(
                            "The rule of segment %(segment)s has a condition that is not "
                            "(field, operator, value): %(leaf)s",
                            segment=segment.name,
                            leaf=leaf,
                        )
                    )
                path = leaf[0]
                if not isinstance(path, str):
                    continue  # TRUE_LEAF / FALSE_LEAF
                segment._crm_check_rule_path(Partner, path)
                first = path.split(".")[0]
                kinds = kind_fields.get(first)
                if kinds is not None and segment.applies_to not in kinds:
                    raise ValidationError(
                        self.env._(
                            "The rule of segment %(segment)s uses the field %(field)s, which "
                            "%(kind)s do not have.",
                            segment=segment.name,
                            field=Partner._fields[first].string or first,
                            kind=labels.get(segment.applies_to, segment.applies_to).lower(),
                        )
                    )
            try:
                Partner._search(segment._crm_rule_domain())
            except (ValueError, KeyError, TypeError, AssertionError) as error:
                raise ValidationError(
                    self.env._(
                        "The rule of segment %(segment)s is not a valid domain: %(error)s",
                        segment=segment.name,
                        error=error,
                    )
                ) from error

    def _crm_check_rule_path(self, Partner, path):
        model = Partner
        for name in path.split("."):
            field = model._fields.get(name)
            if field is None:
                raise ValidationError(
                    self.env._(
                        "The rule of segment %(segment)s uses the field %(field)s, which does "
                        "not exist on %(model)s.",
                        segment=self.name,
                        field=name,
                        model=model._description,
                    )
                )
            if field.relational:
                model = self.env[field.comodel_name]

    # ------------------------------------------------------------------
    # Create / write: members by hand only in manual segments; history kept
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        segments = super().create(vals_list)
        with_members = segments.filtered("partner_ids")
        if with_members:
            with_members._crm_check_manual_members()
            with_members._crm_sync_history()
        if not self.env.context.get(REFRESH_KEY):
            segments.filtered("is_rule").action_refresh()
        return segments

    def write(self, vals):
        result = super().write(vals)
        if "partner_ids" in vals:
            self._crm_check_manual_members()
            self._crm_sync_history()
        if {"rule_domain", "applies_to"} & set(vals) and not self.env.context.get(REFRESH_KEY):
            # A changed rule takes effect at once.
            self.filtered("is_rule").action_refresh()
        return result

    def _crm_check_manual_members(self):
        """Members are of the segment's kind, and given by hand only to manual segments."""
        if self.env.context.get(REFRESH_KEY):
            return
        ruled = self.filtered("is_rule")
        if ruled:
            raise UserError(
                self.env._(
                    "The members of %(segment)s follow its rule: change the rule, or empty "
                    "it to choose the members by hand.",
                    segment=ruled[0].name,
                )
            )
        self.env["res.partner"].flush_model(["crm_kind"])
        self.flush_recordset(["partner_ids", "applies_to"])
        wrong = self.env.execute_query(
            SQL(
                """SELECT s.id, p.id FROM crm_segment s
                     JOIN crm_segment_res_partner_rel r ON r.segment_id = s.id
                     JOIN res_partner p ON p.id = r.partner_id
                    WHERE s.id = ANY(%s) AND p.crm_kind IS DISTINCT FROM s.applies_to
                    LIMIT 1""",
                self.ids,
            )
        )
        if wrong:
            segment = self.browse(wrong[0][0])
            partner = self.env["res.partner"].browse(wrong[0][1]).sudo()
            labels = dict(self._fields["applies_to"]._description_selection(self.env))
            raise ValidationError(
                self.env._(
                    "%(partner)s cannot be in %(segment)s: that segment holds %(kind)s only.",
                    partner=partner.display_name,
                    segment=segment.name,
                    kind=labels.get(segment.applies_to, segment.applies_to).lower(),
                )
            )

    def _crm_sync_history(self, day=None):
        """Open a history line for each new member, close it for each one that left:
        two statements for all these segments."""
        if not self:
            return
        day = day or fields.Date.context_today(self)
        self.flush_recordset(["partner_ids"])
        self.env["crm.segment.membership"].flush_model()
        cr = self.env.cr
        # Set differences (EXCEPT), not anti-joins: their plans do not depend on the
        # statistics of rows a refresh has just changed.
        cr.execute(
            SQL(
                """UPDATE crm_segment_membership h
                      SET date_left = %(day)s, write_uid = %(uid)s,
                          write_date = now() at time zone 'UTC'
                     FROM (SELECT segment_id, partner_id FROM crm_segment_membership
                            WHERE segment_id = ANY(%(ids)s) AND date_left IS NULL
                           EXCEPT
                           SELECT segment_id, partner_id FROM crm_segment_res_partner_rel
                            WHERE segment_id = ANY(%(ids)s)) AS gone
                    WHERE h.segment_id = gone.segment_id AND h.partner_id = gone.partner_id
                      AND h.date_left IS NULL""",
                day=day,
                uid=self.env.uid,
                ids=self.ids,
            )
        )
        left = cr.rowcount
        cr.execute(
            SQL(
                """INSERT INTO crm_segment_membership
                          (segment_id, partner_id, date_entered,
                           create_uid, create_date, write_uid, write_date)
                   SELECT new.segment_id, new.partner_id, %(day)s, %(uid)s,
                          now() at time zone 'UTC', %(uid)s, now() at time zone 'UTC'
                     FROM (SELECT segment_id, partner_id FROM crm_segment_res_partner_rel
                            WHERE segment_id = ANY(%(ids)s)
                           EXCEPT
                           SELECT segment_id, partner_id FROM crm_segment_membership
                            WHERE segment_id = ANY(%(ids)s) AND date_left IS NULL) AS new""",
                day=day,
                uid=self.env.uid,
                ids=self.ids,
            )
        )
        entered = cr.rowcount
        self.env["crm.segment.membership"].invalidate_model()
        return entered, left

    # ------------------------------------------------------------------
    # Refresh: the members of rule segments, set-based
    # ------------------------------------------------------------------

    def action_refresh(self):
        """Bring the members of these rule segments up to date now, and their history.
        Returns {segment id: (entered, left)}."""
        result = {}
        Partner = self.env["res.partner"].sudo()
        Partner.flush_model()
        cr = self.env.cr
        Partner._crm_rfm_no_jit()
        day = fields.Date.context_today(self)
        for segment in self.sudo().filtered("is_rule"):
            query = Partner._search(segment._crm_rule_domain())
            matches = query.select(SQL.identifier("res_partner", "id"))
            # The rule is evaluated once (a materialised CTE: on a million partners each
            # evaluation is a scan), for who left and who entered alike; both parts of
            # the statement see the members as they were before it.
            cr.execute(
                SQL(
                    """WITH matches(id) AS MATERIALIZED (%(matches)s),
                       gone AS (
                           DELETE FROM crm_segment_res_partner_rel r
                            USING (SELECT partner_id FROM crm_segment_res_partner_rel
                                    WHERE segment_id = %(segment)s
                                   EXCEPT SELECT id FROM matches) AS gone
                            WHERE r.segment_id = %(segment)s
                              AND r.partner_id = gone.partner_id)
                       INSERT INTO crm_segment_res_partner_rel (segment_id, partner_id)
                       SELECT %(segment)s, new.id
                         FROM (SELECT id FROM matches
                               EXCEPT SELECT partner_id FROM crm_segment_res_partner_rel
                                       WHERE segment_id = %(segment)s) AS new(id)""",
                    segment=segment.id,
                    matches=matches,
                )
            )
            result[segment.id] = segment._crm_sync_history(day)
        ruled = self.filtered("is_rule")
        if ruled:
            ruled.sudo().with_context(**{REFRESH_KEY: True}).write(
                {"date_refreshed": fields.Datetime.now()}
            )
            self.invalidate_model(["partner_ids", "partner_count"])
            self.env["res.partner"].invalidate_model(["crm_segment_ids"])
        return result

    @api.model
    def _crm_refresh_all(self):
        """Refresh every active rule segment (the last step of the scheduled job)."""
        return self.search([("is_rule", "=", True)]).action_refresh()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_open_members(self):
        self.ensure_one()
        action = self.env["res.partner"]._crm_segment_members_action(self.applies_to)
        action.update(
            display_name=self.name,
            domain=[("crm_segment_ids", "in", self.ids)],
        )
        return action

    def action_open_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.crm_segment_membership_action"
        )
        action.update(
            display_name=self.env._("History of %(segment)s", segment=self.name),
            domain=[("segment_id", "=", self.id)],
        )
        return action

    def action_crm_sales_analysis(self):
        """Sales and margin of the segment's members, by month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.sale_report_action_crm_segment_value"
        )
        members = self.partner_ids
        partner_ids = sorted(
            {pid for pids in members._crm_purchase_scope().values() for pid in pids}
        )
        action.update(
            display_name=self.env._("Value of %(segment)s", segment=self.name),
            domain=[("partner_id", "in", partner_ids)],
        )
        return action

    # ------------------------------------------------------------------
    # Mailing: who a mail to the segment reaches
    # ------------------------------------------------------------------

    def _crm_segment_mailing_model(self):
        """The model a mailing to this segment is sent to (one record per mail)."""
        self.ensure_one()
        return "res.partner"

    def _crm_segment_mailing_domain(self):
        """The recipients of a mailing to this segment: its members with an email
        address that is not on the blacklist, and (persons) who consent to mailings
        where a processing activity requires it."""
        self.ensure_one()
        return [
            ("crm_segment_ids", "in", self.ids),
            ("email_normalized", "!=", False),
            ("is_blacklisted", "=", False),
            *self.env["res.partner"]._crm_mailing_consent_domain(),
        ]

    def _crm_segment_mailing_recipients(self):
        self.ensure_one()
        return self.env[self._crm_segment_mailing_model()].search(
            self._crm_segment_mailing_domain()
        )

    def action_crm_mail_segment(self):
        """A mailing to the segment: Email Marketing's when it is installed, else Odoo's
        mass mail composer on the recipients."""
        self.ensure_one()
        model = self._crm_segment_mailing_model()
        domain = self._crm_segment_mailing_domain()
        if "mailing.mailing" in self.env:
            return {
                "type": "ir.actions.act_window",
                "res_model": "mailing.mailing",
                "view_mode": "form",
                "target": "current",
                "context": {
                    "default_mailing_model_id": self.env["ir.model"]._get_id(model),
                    "default_mailing_domain": repr(domain),
                    "default_subject": self.name,
                },
            }
        recipients = self.env[model].search(domain)
        if not recipients:
            raise UserError(
                self.env._(
                    "No one in %(segment)s can be mailed: no member has an email address "
                    "that is not blacklisted.",
                    segment=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_composition_mode": "mass_mail",
                "default_model": model,
                "default_res_ids": recipients.ids,
                "default_subject": self.name,
            },
        }

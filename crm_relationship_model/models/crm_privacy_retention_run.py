# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .crm_contact_moment_mixin import MOMENT_MESSAGE_TYPES

MANAGER_GROUP = "privacy.group_data_protection_manager"
PROPOSE_BATCH = 5000
ERASE_BATCH = 20


class CrmPrivacyRetentionRun(models.Model):
    """The retention job: first a dry run that lists the persons whose retention
    period has passed for every processing activity that concerns them, then, when a
    data protection manager confirms, their erasure. Both run as background jobs.

    A person is listed when nothing happened with them within the period: no order, no
    invoice, no contact moment, no role ending; and when they have no open request, no
    current role and no legal hold. A person concerned by an activity without a retention
    period (0 months) is kept."""

    _name = "crm.privacy.retention.run"
    _description = "Retention Run"
    _inherit = ["mail.thread", "crm.job.mixin"]
    _order = "id desc"
    _crm_job_cron_xmlid = "crm_relationship_model.ir_cron_crm_privacy_retention_run_job"
    _crm_job_batch_size = PROPOSE_BATCH

    name = fields.Char(default=lambda self: self.env._("Retention"), required=True)
    phase = fields.Selection(
        [("propose", "Dry Run"), ("erase", "Erasure")],
        default="propose",
        required=True,
        readonly=True,
    )
    date_reference = fields.Date(
        "Reference Date",
        default=fields.Date.context_today,
        readonly=True,
        help="The retention periods are counted back from this day.",
    )
    line_ids = fields.One2many("crm.privacy.retention.line", "run_id", "Persons", readonly=True)
    proposed_count = fields.Integer("Proposed", compute="_compute_counts")
    erased_count = fields.Integer("Erased", compute="_compute_counts")
    held_count = fields.Integer("Under Legal Hold", readonly=True)

    def _compute_counts(self):
        counts = {
            (run, state): count
            for run, state, count in self.env["crm.privacy.retention.line"]._read_group(
                [("run_id", "in", self.ids)], ["run_id", "state"], ["__count"]
            )
        }
        for run in self:
            run.proposed_count = sum(
                counts.get((run, state), 0) for state in ("proposed", "erased", "skipped")
            )
            run.erased_count = counts.get((run, "erased"), 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_propose(self):
        """Start the dry run."""
        self.line_ids.unlink()
        self.write({"phase": "propose", "date_reference": fields.Date.context_today(self)})
        return self.action_job_start()

    def action_erase(self):
        """Erase the proposed persons (data protection managers only)."""
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a data protection manager erases persons."))
        for run in self:
            if run.phase != "propose" or run.job_state != "done":
                raise UserError(self.env._("Erase the persons of a finished dry run."))
        self.write({"phase": "erase"})
        return self.action_job_start()

    @api.model
    def _cron_propose(self):
        """Monthly: a dry run for the data protection officer to review."""
        run = self.create({"name": self.env._("Monthly retention")})
        run.action_propose()
        return run

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------

    def _crm_job_prepare(self):
        if self.phase == "erase":
            return self.env["crm.privacy.retention.line"].search_count(
                [("run_id", "=", self.id), ("state", "=", "proposed")]
            )
        self.held_count = 0
        return (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_count([("crm_kind", "=", "person")])
        )

    def _crm_job_step(self, batch_size):
        if self.phase == "erase":
            return self._erase_batch(ERASE_BATCH)
        return self._propose_batch(batch_size)

    def _propose_batch(self, batch_size):
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT id FROM res_partner WHERE crm_kind = 'person' AND id > %s"
                    " ORDER BY id LIMIT %s",
                    self.job_cursor,
                    batch_size,
                )
            )
        ]
        if not ids:
            return 0, 0
        cutoffs = self._retention_cutoffs(ids)
        lines = []
        held = 0
        if cutoffs:
            for person_id, last, hold in self._last_activity(list(cutoffs)):
                if last is not None and last >= cutoffs[person_id][0]:
                    continue
                if hold:
                    held += 1
                    continue
                lines.append(
                    {
                        "run_id": self.id,
                        "person_id": person_id,
                        "activity_id": cutoffs[person_id][1],
                        "date_last_activity": last,
                    }
                )
        self.env["crm.privacy.retention.line"].create(lines)
        self.write({"job_cursor": ids[-1], "held_count": self.held_count + held})
        remaining = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM res_partner WHERE crm_kind = 'person' AND id > %s",
                ids[-1],
            )
        )[0][0]
        return len(ids), remaining

    def _retention_cutoffs(self, person_ids):
        """{person id: (cut-off date, activity)} for the persons of this batch that
        every processing activity concerning them allows to erase: the cut-off is the
        latest one, of the activity with the longest period."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        activities = self.env["privacy.activity"].search([("subject_find", "=", True)])
        cutoffs = {}
        kept = set()
        for activity in activities:
            domain = [("id", "in", person_ids), *safe_eval(activity.subject_domain or "[]")]
            concerned = Partner.search(domain).ids
            if not activity.crm_retention_months:
                kept.update(concerned)
                continue
            cutoff = self.date_reference - relativedelta(months=activity.crm_retention_months)
            for person_id in concerned:
                if person_id not in cutoffs or cutoff < cutoffs[person_id][0]:
                    cutoffs[person_id] = (cutoff, activity.id)
        return {pid: value for pid, value in cutoffs.items() if pid not in kept}

    def _last_activity(self, person_ids):
        """(person id, date of the last thing that happened with them, legal hold) for
        the persons that may be erased at all: no open request, no current role, not a
        user, not yet erased. One query for the batch."""
        today = self.date_reference
        return self.env.execute_query(
            SQL(
                """
                WITH person AS (
                    SELECT id, crm_legal_hold, create_date::date AS created
                      FROM res_partner
                     WHERE id = ANY(%(ids)s) AND crm_date_erased IS NULL
                       AND NOT EXISTS (
                           SELECT 1 FROM res_users u WHERE u.partner_id = res_partner.id)
                       AND NOT EXISTS (
                           SELECT 1 FROM crm_privacy_request r
                            WHERE r.person_id = res_partner.id
                              AND r.state IN ('new', 'in_progress'))
                       AND NOT EXISTS (
                           SELECT 1 FROM res_partner role
                            WHERE role.role_person_id = res_partner.id
                              AND role.crm_kind = 'role' AND role.active
                              AND (role.role_date_end IS NULL OR role.role_date_end >= %(today)s))
                ),
                scope AS (
                    SELECT id AS person_id, id AS partner_id FROM person
                    UNION ALL
                    SELECT p.role_person_id, p.id FROM res_partner p
                      WHERE p.role_person_id = ANY(%(ids)s) AND p.crm_kind = 'role'
                    UNION ALL
                    SELECT p.parent_id, p.id FROM res_partner p
                      WHERE p.parent_id = ANY(%(ids)s) AND p.crm_kind IS DISTINCT FROM 'role'
                ),
                moment AS (
                    SELECT s.person_id, max(so.date_order)::date AS day
                      FROM scope s JOIN sale_order so ON so.partner_id = s.partner_id
                     GROUP BY s.person_id
                    UNION ALL
                    SELECT s.person_id, max(coalesce(am.invoice_date, am.date))
                      FROM scope s JOIN account_move am ON am.partner_id = s.partner_id
                     GROUP BY s.person_id
                    UNION ALL
                    SELECT s.person_id, max(m.date)::date
                      FROM scope s JOIN mail_message m
                        ON m.model = 'res.partner' AND m.res_id = s.partner_id
                     WHERE m.message_type = ANY(%(types)s)
                     GROUP BY s.person_id
                    UNION ALL
                    SELECT s.person_id, max(m.date)::date
                      FROM scope s JOIN mail_message m ON m.author_id = s.partner_id
                     GROUP BY s.person_id
                    UNION ALL
                    SELECT s.person_id, max(m.date)::date
                      FROM scope s
                      JOIN mail_message_res_partner_rel rel ON rel.res_partner_id = s.partner_id
                      JOIN mail_message m ON m.id = rel.mail_message_id
                     GROUP BY s.person_id
                    UNION ALL
                    SELECT p.role_person_id, max(p.role_date_end)
                      FROM res_partner p
                     WHERE p.role_person_id = ANY(%(ids)s) AND p.crm_kind = 'role'
                     GROUP BY p.role_person_id
                )
                SELECT person.id,
                       greatest(person.created, max(moment.day)),
                       coalesce(person.crm_legal_hold, false)
                  FROM person LEFT JOIN moment ON moment.person_id = person.id
                 GROUP BY person.id, person.created, person.crm_legal_hold
                """,
                ids=person_ids,
                today=today,
                types=list(MOMENT_MESSAGE_TYPES),
            )
        )

    def _erase_batch(self, batch_size):
        Line = self.env["crm.privacy.retention.line"]
        lines = Line.search(
            [("run_id", "=", self.id), ("state", "=", "proposed")], limit=batch_size
        )
        manager = self.job_user_id
        for line in lines:
            person = line.person_id.with_user(manager).with_context(active_test=False)
            # Whatever changed since the dry run (a hold set, an erasure done) wins.
            if person.sudo().crm_legal_hold or person.sudo().crm_date_erased:
                line.write({"state": "skipped"})
                continue
            person.crm_privacy_erase()
            line.write({"state": "erased"})
        remaining = Line.search_count([("run_id", "=", self.id), ("state", "=", "proposed")])
        return len(lines), remaining

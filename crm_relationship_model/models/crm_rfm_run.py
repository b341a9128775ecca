# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import api, fields, models
from odoo.tools import SQL

LAST_BOUNDARIES_PARAM = "crm_relationship_model.rfm_last_boundaries"


class CrmRfmRun(models.Model):
    """One refresh of the RFM scores, the customer values and the rule segments: a
    job (crm.job.mixin) processed by the scheduled action in committed batches, first
    the customers by id, then the rule segments one by one."""

    _name = "crm.rfm.run"
    _inherit = ["crm.job.mixin"]
    _description = "RFM Refresh"
    _order = "id desc"
    _crm_job_cron_xmlid = "crm_relationship_model.ir_cron_crm_rfm_refresh"
    _crm_job_batch_size = 50_000

    date = fields.Date("Scored On", readonly=True, default=fields.Date.context_today)
    phase = fields.Selection(
        [("score", "Scoring Customers"), ("segments", "Refreshing Segments")],
        default="score",
        readonly=True,
    )
    window_months = fields.Integer("Window (Months)", readonly=True)
    boundaries = fields.Text(
        readonly=True,
        help="Per kind: the boundaries of recency (days), frequency (orders) and monetary "
        "value used by this run.",
    )
    scored_count = fields.Integer("Customers Scored", readonly=True)
    buyer_count = fields.Integer(
        "Customers Who Bought", readonly=True, help="Customers with a sale in the window."
    )
    segment_count = fields.Integer("Segments Refreshed", readonly=True)

    @api.depends("date")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._("RFM refresh of %(date)s", date=run.date or "")

    # ------------------------------------------------------------------
    # The job
    # ------------------------------------------------------------------

    def _crm_job_prepare(self):
        Partner = self.env["res.partner"].sudo()
        settings = Partner._crm_rfm_settings()
        today = fields.Date.context_today(self)
        # Leftovers of runs that stopped half-way.
        self.env.cr.execute(
            SQL(
                """DELETE FROM crm_rfm_figure f USING crm_rfm_run r
                    WHERE r.id = f.run_id AND r.job_state NOT IN ('queued', 'running')"""
            )
        )
        buyers = Partner._crm_rfm_collect(self.id, settings, today)
        boundaries = Partner._crm_rfm_boundaries(self.id, settings, today)
        self.env["ir.config_parameter"].sudo().set_param(
            LAST_BOUNDARIES_PARAM, json.dumps(boundaries)
        )
        customers = self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM res_partner WHERE crm_kind = ANY(%s)",
                Partner._crm_rfm_kinds(),
            )
        )[0][0]
        self.write(
            {
                "date": today,
                "phase": "score",
                "window_months": settings["window_months"],
                "boundaries": json.dumps(boundaries),
                "scored_count": 0,
                "buyer_count": buyers,
                "segment_count": 0,
            }
        )
        return customers + self.env["crm.segment"].search_count([("is_rule", "=", True)])

    def _crm_job_step(self, batch_size):
        Partner = self.env["res.partner"].sudo()
        Segment = self.env["crm.segment"].sudo()
        if self.phase == "score":
            settings = Partner._crm_rfm_settings()
            done, last_id = Partner._crm_rfm_score_batch(
                self.id, self.job_cursor, batch_size, json.loads(self.boundaries or "{}"),
                settings, self.date,
            )  # fmt: skip
            if done:
                self.write({"job_cursor": last_id, "scored_count": self.scored_count + done})
            else:
                self.write({"phase": "segments", "job_cursor": 0})
                # The rules read the scores just written: plans from fresh statistics.
                self.env.cr.execute("ANALYZE res_partner")
        else:
            segment = Segment.search(
                [("is_rule", "=", True), ("id", ">", self.job_cursor)], order="id", limit=1
            )
            done = len(segment)
            if segment:
                segment.action_refresh()
                self.write({"job_cursor": segment.id, "segment_count": self.segment_count + 1})
            else:
                return 0, 0
        return done, max(self.job_total - self.job_done - done, 1)

    def _crm_job_finish(self):
        self.env.cr.execute(SQL("DELETE FROM crm_rfm_figure WHERE run_id = %s", self.id))
        return super()._crm_job_finish()

    def _crm_rfm_boundaries_of(self, kind):
        """The [recency, frequency, monetary] boundaries this run used for a kind."""
        self.ensure_one()
        return json.loads(self.boundaries or "{}").get(kind)

    @api.model
    def _crm_rfm_cron(self):
        """The scheduled action: start a refresh when none is waiting, then process the
        next batch (Odoo calls again while work remains)."""
        if not self.search_count([("job_state", "in", ("queued", "running"))]):
            self.create({})._crm_job_queue()
            # The job's own query reads the queued run from the table.
            self.env.flush_all()
        self._crm_job_run_batches()

    def action_refresh_now(self):
        """Settings' button: a new refresh, processed in the background."""
        run = self.create({})
        run.action_job_start()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }

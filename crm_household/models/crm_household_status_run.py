# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL


class CrmHouseholdStatusRun(models.Model):
    """One recomputation of every household's customer status, run as a job
    (crm.job.mixin): a cron worker processes the households in batches of ids that
    commit, with a progress bar on this record, never inside a web request."""

    _name = "crm.household.status.run"
    _inherit = ["crm.job.mixin"]
    _description = "Household Status Recomputation"
    _order = "id desc"
    _crm_job_cron_xmlid = "crm_household.ir_cron_household_status_run"
    _crm_job_batch_size = 2000

    name = fields.Char(compute="_compute_name")
    status_date = fields.Date(
        "Status On",
        required=True,
        default=fields.Date.context_today,
        help="The day the statuses are computed for (today unless set).",
    )
    changed_count = fields.Integer(
        "Statuses Changed", readonly=True, copy=False, help="Households given a new status."
    )
    batch_size = fields.Integer(
        help="Technical: households per committed batch (the default when empty).",
    )

    def action_job_start(self):
        # The mixin queues with sudo (the cron runs as the user who started it); only
        # who may edit a run may start it.
        self.check_access("write")
        return super().action_job_start()

    @api.depends("status_date", "create_date")
    def _compute_name(self):
        for run in self:
            run.name = self.env._(
                "Customer statuses on %(date)s", date=run.status_date or fields.Date.today()
            )

    def _crm_job_prepare(self):
        self.changed_count = 0
        return self._household_status_remaining(0)

    def _household_status_remaining(self, after_id):
        return self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM res_partner WHERE crm_kind = 'household' AND id > %s",
                after_id,
            )
        )[0][0]

    def _crm_job_step(self, batch_size):
        """The next batch of households after the cursor, by id: their statuses in one
        grouped query, only the changed ones written."""
        batch_size = self.sudo().batch_size or batch_size
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        Partner.flush_model(["crm_kind"])
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT id FROM res_partner WHERE crm_kind = 'household' AND id > %s
                       ORDER BY id LIMIT %s""",
                    self.job_cursor,
                    batch_size,
                )
            )
        ]
        if not ids:
            return 0, 0
        changes = Partner.browse(ids)._recompute_household_status(today=self.status_date)
        self.write(
            {
                "job_cursor": ids[-1],
                "changed_count": self.changed_count + sum(changes.values()),
            }
        )
        return len(ids), self._household_status_remaining(ids[-1])

    @api.model
    def _cron_queue_nightly_run(self):
        """The nightly scheduled action: queue a run, which the job's cron processes."""
        if not self.sudo().search_count([("job_state", "in", ("queued", "running"))]):
            self.sudo().create({}).action_job_start()

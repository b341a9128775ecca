# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class CrmJobMixin(models.AbstractModel):
    """A run of long work, processed outside any HTTP request.

    The run record is the job: ``action_job_start()`` queues it and triggers the
    model's scheduled action (``_crm_job_cron_xmlid``), whose code is
    ``model._crm_job_run_batches()``. Each call processes one batch of the oldest
    queued or running run of the model in the cron's own transaction, which Odoo
    commits after the call; Odoo 18's cron progress (``_notify_progress``) makes
    the cron call again while work remains. A worker killed mid-batch loses only
    that uncommitted batch: the run's cursor did not move, so the next call redoes
    it and nothing is processed twice. The run's row is taken with ``FOR UPDATE
    SKIP LOCKED``, so two workers never process the same run at once.

    A model using it implements:

    - ``_crm_job_prepare()``: called once when the run starts; returns the number
      of items to process (shown as the progress total);
    - ``_crm_job_step(batch_size)``: processes the next batch after
      ``job_cursor`` (moving it) and returns ``(done, remaining)``;
    - ``_crm_job_finish()``: optional, called in the transaction of the last batch.
    """

    _name = "crm.job.mixin"
    _description = "Background Job Run"
    _crm_job_cron_xmlid = None
    _crm_job_batch_size = 1000

    job_state = fields.Selection(
        [
            ("draft", "Not Started"),
            ("queued", "Queued"),
            ("running", "Running"),
            ("done", "Done"),
            ("failed", "Failed"),
        ],
        string="Job Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    job_done = fields.Integer("Processed", readonly=True, copy=False)
    job_total = fields.Integer("To Process", readonly=True, copy=False)
    job_progress = fields.Float(
        "Progress", compute="_compute_job_progress", help="Percentage of the items processed."
    )
    job_cursor = fields.Integer(
        readonly=True,
        copy=False,
        help="Technical: the last item processed, so an interrupted run continues after it.",
    )
    job_user_id = fields.Many2one("res.users", "Started By", readonly=True, copy=False)
    job_date_queued = fields.Datetime("Queued On", readonly=True, copy=False)
    job_date_start = fields.Datetime("Started On", readonly=True, copy=False)
    job_date_done = fields.Datetime("Finished On", readonly=True, copy=False)
    job_error = fields.Text("Error", readonly=True, copy=False)

    @api.depends("job_done", "job_total", "job_state")
    def _compute_job_progress(self):
        for run in self:
            if run.job_state == "done":
                run.job_progress = 100.0
            elif run.job_total:
                run.job_progress = min(100.0, 100.0 * run.job_done / run.job_total)
            else:
                run.job_progress = 0.0

    # ------------------------------------------------------------------
    # Starting
    # ------------------------------------------------------------------

    def action_job_start(self):
        """Queue the runs and wake the scheduled action; returns at once."""
        self._crm_job_check_start()
        self._crm_job_queue()
        self.env.ref(self._crm_job_cron_xmlid).sudo()._trigger()
        return True

    def _crm_job_check_start(self):
        for run in self:
            if run.job_state in ("queued", "running"):
                raise UserError(
                    self.env._(
                        "%(run)s is already queued or running; wait for it to finish.",
                        run=run.display_name,
                    )
                )

    def _crm_job_queue(self):
        self.sudo().write(
            {
                "job_state": "queued",
                "job_done": 0,
                "job_total": 0,
                "job_cursor": 0,
                "job_error": False,
                "job_user_id": self.env.user.id,
                "job_date_queued": fields.Datetime.now(),
                "job_date_start": False,
                "job_date_done": False,
            }
        )

    def _crm_job_run_now(self):
        """Process the runs to the end in the current transaction (tests, shell)."""
        self._crm_job_queue()
        for run in self.sudo():
            while run.job_state in ("queued", "running"):
                run._crm_job_process_batch()
        return self

    # ------------------------------------------------------------------
    # Processing (the scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _crm_job_run_batches(self):
        """One batch of the oldest run that no other worker is processing."""
        self.flush_model(["job_state"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE job_state IN ('queued', 'running') "
                "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return
        run = self.sudo().browse(row[0])
        done, remaining = run._crm_job_process_batch()
        others = self.sudo().search_count(
            [("job_state", "in", ("queued", "running")), ("id", "!=", run.id)]
        )
        self.env["ir.cron"]._notify_progress(
            done=max(done, 1), remaining=remaining + (1 if others else 0)
        )

    def _crm_job_process_batch(self):
        """Returns (done, remaining) of the batch; a failure marks the run failed."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                if self.job_state == "queued":
                    total = self._crm_job_prepare()
                    self.write(
                        {
                            "job_state": "running",
                            "job_total": total or 0,
                            "job_date_start": fields.Datetime.now(),
                        }
                    )
                done, remaining = self._crm_job_step(self._crm_job_batch_size)
                values = {"job_done": self.job_done + done}
                if not remaining:
                    self._crm_job_finish()
                    values.update(job_state="done", job_date_done=fields.Datetime.now())
                self.write(values)
                self.env.flush_all()
        except Exception as error:  # noqa: BLE001 - the run records why it stopped
            self.env.invalidate_all()
            # The message of a user error is written for users; anything else may carry
            # data from the records (never in a user-visible field), so only its kind.
            message = (
                error.args[0]
                if isinstance(error, UserError)
                else self.env._(
                    "%(kind)s: see the server log of %(date)s.",
                    kind=type(error).__name__,
                    date=fields.Datetime.now(),
                )
            )
            _logger.exception("%s %s failed", self._name, self.id)
            self.write(
                {
                    "job_state": "failed",
                    "job_error": message,
                    "job_date_done": fields.Datetime.now(),
                }
            )
            return 0, 0
        return done, remaining

    # ------------------------------------------------------------------
    # What a job does (implemented by the model using the mixin)
    # ------------------------------------------------------------------

    def _crm_job_prepare(self):
        return 0

    def _crm_job_step(self, batch_size):
        raise NotImplementedError

    def _crm_job_finish(self):
        return True

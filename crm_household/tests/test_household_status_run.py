# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_status_run")
class TestHouseholdStatusRun(CrmHouseholdCommon):
    """Recomputing every household's status as a job: batches by id that move the
    cursor, a progress that reaches 100 %, one run at a time. (A cron worker killed
    mid-batch is tried on a real server by tests/test_replica.py.)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].set_param("crm_household.customer_months", 24)
        cls.households = cls.env["res.partner"]
        for index in range(5):
            cls.households |= cls._create_household(f"Batchhuis {index}")
        cls._confirmed_order(cls.households[1], cls.today - relativedelta(days=3))
        cls._confirmed_order(cls.households[3], cls.today - relativedelta(months=30))
        cls.Run = cls.env["crm.household.status.run"]
        cls.all_households = (
            cls.env["res.partner"]
            .with_context(active_test=False)
            .search([("crm_kind", "=", "household")])
        )

    def _run_batch(self):
        # As the scheduled action sees it: what the test wrote is committed there.
        self.env.flush_all()
        self.Run._crm_job_run_batches()

    def _process(self, run):
        calls = 0
        while run.job_state in ("queued", "running") and calls < 100:
            self._run_batch()
            calls += 1
        return calls

    def test_a_run_recomputes_every_household_in_batches(self):
        before = {h.id: h.household_status for h in self.all_households}
        run = self.Run.create({"batch_size": 2})
        run.action_job_start()
        self.assertEqual(run.job_state, "queued")
        calls = self._process(run)
        self.assertEqual(run.job_state, "done")
        total = len(self.all_households)
        self.assertEqual(calls, -(-total // 2), "one call per batch of two")
        self.assertEqual((run.job_total, run.job_done, run.job_progress), (total, total, 100.0))
        self.assertEqual(run.job_cursor, max(self.all_households.ids))
        changed = [h for h in self.all_households if h.household_status != before[h.id]]
        self.assertIn(self.households[1], changed)
        self.assertEqual(run.changed_count, len(changed))
        self.assertEqual(self.households[1].household_status, "customer")
        self.assertEqual(self.households[3].household_status, "former_customer")
        self.assertEqual(self.households[0].household_status, "prospect")

    def test_each_batch_continues_after_the_cursor(self):
        run = self.Run.create({"batch_size": 1})
        run.action_job_start()
        ids = sorted(self.all_households.ids)
        target = ids.index(self.households[3].id)
        for _batch in range(target):
            self._run_batch()
        self.assertEqual(run.job_state, "running")
        self.assertEqual(run.job_cursor, ids[target - 1])
        self.assertEqual(run.job_done, target)
        self.assertTrue(0 < run.job_progress < 100)
        # Not reached yet: the household after the cursor keeps its status.
        self.assertEqual(self.households[3].household_status, "prospect")
        self._run_batch()
        self.assertEqual(self.households[3].household_status, "former_customer")
        self._process(run)
        self.assertEqual(run.job_done, len(ids))

    def test_starting_queues_the_job_and_wakes_its_cron(self):
        cron = self.env.ref("crm_household.ir_cron_household_status_run")
        self.assertEqual(cron.code, "model._crm_job_run_batches()")
        run = self.Run.create({})
        run.action_job_start()
        self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]))
        self.assertEqual(run.job_user_id, self.env.user)
        with self.assertRaises(UserError):
            run.action_job_start()
        # The nightly action does not queue a second run beside it.
        self.env["res.partner"]._cron_recompute_household_status()
        self.assertEqual(self.Run.search_count([("job_state", "=", "queued")]), 1)

    def test_a_sales_manager_starts_a_run_from_the_form(self):
        Run = self.Run.with_user(self.user_sales_manager)
        with Form(Run) as form:
            self.assertEqual(form.status_date, self.today)
        run = form.record
        run.action_job_start()
        self.assertEqual(run.job_state, "queued")
        self.assertIn(str(self.today), run.name)

    def test_a_salesman_sees_runs_and_starts_none(self):
        run = self.Run.create({})
        self.assertEqual(run.with_user(self.user_salesman).job_state, "draft")
        with self.assertRaises(AccessError):
            self.Run.with_user(self.user_salesman).create({})
        with self.assertRaises(AccessError):
            run.with_user(self.user_salesman).action_job_start()
        self.assertEqual(run.job_state, "draft")

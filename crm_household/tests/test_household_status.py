# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CrmHouseholdCommon

HOUSEHOLD_FORM = "crm_household.res_partner_household_view_form"


@tagged("post_install", "-at_install", "crm_hh_status")
class TestHouseholdStatus(CrmHouseholdCommon):
    """The customer status, computed from the household's purchases over time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household = cls._create_household(
            "Statushuis",
            members=[(cls.person, "head", {"date_start": cls.today - relativedelta(years=5)})],
        )
        cls.other_household = cls._create_household("Ander Huis")
        cls.env["ir.config_parameter"].set_param("crm_household.customer_months", 24)

    def _recompute(self, households=None, today=None):
        (households or self.household)._recompute_household_status(today=today)
        return (households or self.household).household_status

    def test_a_new_household_is_a_prospect(self):
        self.assertEqual(self.other_household.household_status, "prospect")
        self.assertEqual(self.other_household.household_status_date, self.today)
        self.assertEqual(self._recompute(self.other_household), "prospect")

    def test_status_over_time(self):
        """Customer after an order, former customer when the customer period has passed
        without another, customer again after a new order."""
        self.assertEqual(self._recompute(), "prospect")
        self._confirmed_order(self.person, self.today - relativedelta(months=1))
        self.assertEqual(self._recompute(), "customer")
        self.assertEqual(self.household.household_status_date, self.today)
        later = self.today + relativedelta(months=22)
        self.assertEqual(self._recompute(today=later), "customer", "still within 24 months")
        later = self.today + relativedelta(months=24)
        self.assertEqual(self._recompute(today=later), "former_customer")
        self.assertEqual(self.household.household_status_date, later)
        with freeze_time(later):
            self._confirmed_order(self.person, later)
            self.assertEqual(self._recompute(), "customer")

    def test_the_scheduled_action_recomputes_all_households(self):
        self._confirmed_order(self.person, self.today - relativedelta(months=30))
        self._confirmed_order(self.other_household, self.today - relativedelta(days=2))
        self.env["res.partner"]._cron_recompute_household_status()
        # It queues a run, which the job's scheduled action processes.
        Run = self.env["crm.household.status.run"]
        run = Run.search([("job_state", "=", "queued")])
        self.assertEqual(len(run), 1)
        for _batch in range(10):
            self.env.flush_all()  # committed, where the scheduled action reads it
            Run._crm_job_run_batches()
        self.assertEqual(run.job_state, "done")
        self.assertEqual(self.household.household_status, "former_customer")
        self.assertEqual(self.other_household.household_status, "customer")
        cron = self.env.ref("crm_household.ir_cron_household_status")
        self.assertEqual(cron.code, "model._cron_recompute_household_status()")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))

    def test_an_order_does_not_change_the_status_until_recomputed(self):
        """No write-time dependency on orders: confirming one costs the household nothing."""
        self._confirmed_order(self.person, self.today)
        self.env.invalidate_all()
        self.assertEqual(self.household.household_status, "prospect")
        self.household.action_recompute_household_status()
        self.assertEqual(self.household.household_status, "customer")

    def test_only_confirmed_orders_count(self):
        self.env["sale.order"].create({"partner_id": self.person.id})  # a quotation
        cancelled = self._confirmed_order(self.person, self.today)
        cancelled._action_cancel()
        self.assertEqual(self._recompute(), "prospect")

    def test_orders_in_a_members_role_are_not_the_households(self):
        self._confirmed_order(self.role, self.today)
        self.assertEqual(self._recompute(), "prospect")

    def test_former_members_count_only_while_they_lived_there(self):
        anna = self.other_person
        member = self._add_member(
            self.household, anna, "partner", date_start=self.today - relativedelta(years=3)
        )
        member.date_end = self.today - relativedelta(years=1)
        self._confirmed_order(anna, self.today - relativedelta(months=2))  # after moving out
        self.assertEqual(self._recompute(), "prospect")
        self._confirmed_order(anna, self.today - relativedelta(years=2))  # while living there
        self.assertEqual(self._recompute(), "former_customer")

    def test_current_members_bring_their_purchases(self):
        """Someone who moves in is the household's customer from day one."""
        newcomer = self._create_person("Nieuwe Klant")
        self._confirmed_order(newcomer, self.today - relativedelta(months=6))
        self._add_member(self.other_household, newcomer)
        self.assertEqual(self._recompute(self.other_household), "customer")

    def test_future_members_do_not_count_yet(self):
        newcomer = self._create_person("Toekomstige Klant")
        self._confirmed_order(newcomer, self.today - relativedelta(months=1))
        self._add_member(
            self.other_household, newcomer, date_start=self.today + relativedelta(days=10)
        )
        self.assertEqual(self._recompute(self.other_household), "prospect")

    def test_a_status_set_by_hand_is_kept_with_its_reason(self):
        with self.assertRefused(ValidationError, "Say why the status"):
            self.household.write(
                {"household_status_override": True, "household_status": "customer"}
            )
        self.household.write(
            {
                "household_status_override": True,
                "household_status": "customer",
                "household_status_reason": "Family of the owner",
            }
        )
        self.env["crm.household.status.run"].create({})._crm_job_run_now()
        self.household.action_recompute_household_status()
        self.assertEqual(self.household.household_status, "customer")
        # Released: computed again at once.
        self.household.household_status_override = False
        self.assertEqual(self.household.household_status, "prospect")

    def test_override_in_the_form(self):
        form = Form(self.household, view=HOUSEHOLD_FORM)
        with self.assertRaises(AssertionError):
            form.household_status = "customer"  # read-only unless set by hand
        form.household_status_override = True
        form.household_status = "former_customer"
        form.household_status_reason = "Moved abroad, orders through a reseller"
        form.save()
        self.assertEqual(self.household.household_status, "former_customer")

    def test_customer_period_is_a_setting(self):
        self._confirmed_order(self.person, self.today - relativedelta(months=7))
        settings = self.env["res.config.settings"].create({"crm_household_customer_months": 6})
        settings.execute()
        self.assertEqual(self._recompute(), "former_customer")
        self.env["ir.config_parameter"].set_param("crm_household.customer_months", 12)
        self.assertEqual(self._recompute(), "customer")

    def test_households_own_orders_count(self):
        self._confirmed_order(self.other_household, self.today)
        self.assertEqual(self._recompute(self.other_household), "customer")

    def test_purchase_history_of_a_household_covers_its_members(self):
        self._confirmed_order(self.person, self.today, amount=500.0)
        self._confirmed_order(self.household, self.today, amount=300.0)
        self._confirmed_order(self.role, self.today, amount=1000.0)  # the organisation's
        self.env.invalidate_all()
        self.assertEqual(self.household.crm_purchase_total, 800.0)
        self.assertEqual(self.household.crm_order_count, 2)
        action = self.household.action_crm_view_orders()
        self.assertEqual(
            self.env["sale.order"].search(action["domain"]).partner_id,
            self.person | self.household,
        )

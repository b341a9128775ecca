# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..tools import rfm
from .common import CrmRelationshipCommon
from .test_purchase_history import PurchaseHistoryCommon

PARAM = "crm_relationship_model.rfm_%s"


def percentile_disc(values, fraction):
    """PostgreSQL's percentile_disc: the first value whose position reaches fraction."""
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)) - 1, 0)]


class RfmCommon(PurchaseHistoryCommon):
    assertRefused = CrmRelationshipCommon.assertRefused

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        # Only this class's sales are scored: the quintiles are then known exactly.
        cls.env.flush_all()
        cls.env.cr.execute("UPDATE sale_order SET state = 'cancel' WHERE state = 'sale'")
        cls.env.cr.execute(
            "UPDATE account_move SET state = 'cancel' "
            "WHERE move_type = 'out_refund' AND state = 'posted'"
        )
        cls.env.invalidate_all()
        cls.product_a.standard_price = 60.0
        cls.product_b.standard_price = 0.0
        cls.Partner = cls.env["res.partner"]
        cls.set_param = cls.env["ir.config_parameter"].sudo().set_param

    def _ago(self, days):
        return fields.Datetime.to_string(
            fields.Datetime.now().replace(hour=10, minute=0, second=0) - relativedelta(days=days)
        )

    def _refresh(self):
        result = self.Partner.crm_refresh_rfm()
        self.env.invalidate_all()
        return result

    def _last_run(self):
        return self.env["crm.rfm.run"].search([], limit=1)


@tagged("post_install", "-at_install", "crm_rm_rfm")
class TestRfm(RfmCommon):
    def test_quintiles_with_ties(self):
        counts = [1, 1, 1, 1, 1, 1, 2, 3, 4, 5]
        persons = self.Partner.create(
            [{"crm_kind": "person", "name": f"Klant {i}"} for i in range(len(counts))]
        )
        for i, (person, count) in enumerate(zip(persons, counts, strict=True)):
            for n in range(count):
                self._order(person, self.product_b, 100.0, date=self._ago(10 * i + n))
        self._refresh()
        boundaries = self._last_run()._crm_rfm_boundaries_of("person")
        values = {
            "r": [10 * i for i in range(len(counts))],
            "f": counts,
            "m": [100.0 * c for c in counts],
        }
        expected = {
            key: [percentile_disc(v, q) for q in rfm.QUINTILES] for key, v in values.items()
        }
        self.assertEqual(boundaries, [expected["r"], expected["f"], expected["m"]])
        self.assertEqual(expected["f"], [1, 1, 1, 3])
        for i, person in enumerate(persons):
            self.assertEqual(person.crm_rfm_recency, rfm.score_recency(10 * i, expected["r"]))
            self.assertEqual(person.crm_rfm_frequency, rfm.score_up(counts[i], expected["f"]))
            self.assertEqual(
                person.crm_rfm_monetary, rfm.score_up(100.0 * counts[i], expected["m"])
            )
            self.assertEqual(
                person.crm_rfm_segment,
                rfm.segment_of(
                    person.crm_rfm_recency, person.crm_rfm_frequency, person.crm_rfm_monetary
                ),
            )
        # Ties share a score: the six customers of one order all score 1 on frequency.
        self.assertEqual(set(persons[:6].mapped("crm_rfm_frequency")), {1})
        self.assertEqual(persons.mapped("crm_rfm_frequency")[6:], [4, 4, 5, 5])
        self.assertEqual(persons[0].crm_rfm_score, "511")
        # The most orders and money, but the longest ago: one not to lose.
        self.assertEqual(persons[-1].crm_rfm_score, "155")
        self.assertEqual(persons[-1].crm_rfm_segment, "cannot_lose")

    def test_a_customer_with_one_order(self):
        # Alone in the database: every boundary is their own figure, which passes none.
        self._order(self.jan, self.product_a, 100.0, date=self._ago(3))
        self._refresh()
        self.assertEqual(
            (self.jan.crm_rfm_recency, self.jan.crm_rfm_frequency, self.jan.crm_rfm_monetary),
            (5, 1, 1),
        )
        self.assertEqual(self.jan.crm_rfm_segment, "new")
        self.assertEqual(self.jan.crm_rfm_order_count, 1)
        self.assertEqual(self.jan.crm_rfm_last_order_date, self.today - relativedelta(days=3))
        self.assertFalse(self.colleague.crm_rfm_segment, "no purchase: not scored")
        self.assertFalse(self.colleague.crm_rfm_recency)

    def test_credit_notes_reduce_the_value_and_the_margin(self):
        self._order(self.jan, self.product_a, 1000.0, date=self._ago(5))
        self.init_invoice(
            "out_refund", self.jan, amounts=[300.0], post=True, invoice_date=self.today
        )
        self._refresh()
        self.assertAlmostEqual(self.jan.crm_rfm_amount, 700.0)
        # Sold for 1000 at a cost of 60: 940 margin, less the 300 given back.
        self.assertAlmostEqual(self.jan.crm_margin, 640.0)
        self.assertAlmostEqual(self.jan.crm_margin_rate, round(100 * 640 / 700, 2))

    def test_other_currencies_are_converted_to_the_company_currency(self):
        other = self.setup_other_currency("EUR", rates=[("2000-01-01", 4.0)])
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR list", "currency_id": other.id}
        )
        self._order(self.jan, self.product_b, 400.0, pricelist_id=pricelist.id, date=self._ago(1))
        self._order(self.jan, self.product_b, 30.0, date=self._ago(2))
        self._refresh()
        self.assertAlmostEqual(self.jan.crm_rfm_amount, 130.0)
        self.assertAlmostEqual(self.jan.crm_margin, 130.0, msg="product B costs nothing")
        self.assertEqual(self.jan.crm_value_currency_id, self.env.company.currency_id)

    def test_role_purchases_count_for_the_person_and_the_organisation(self):
        self._order(self.jan, self.product_b, 10.0, date=self._ago(1))
        self._order(self.jan_at_acme, self.product_b, 200.0, date=self._ago(2))
        self._order(self.colleague_at_acme, self.product_b, 50.0, date=self._ago(3))
        self._refresh()
        self.assertEqual((self.jan.crm_rfm_order_count, self.jan.crm_rfm_amount), (2, 210.0))
        self.assertEqual((self.acme.crm_rfm_order_count, self.acme.crm_rfm_amount), (2, 250.0))
        self.assertFalse(self.jan_at_acme.crm_rfm_segment, "roles are not scored")
        self.assertFalse(self.globex.crm_rfm_segment)

    def test_the_window_leaves_older_sales_out(self):
        self._order(self.jan, self.product_b, 100.0, date=self._ago(800))
        self._order(self.colleague, self.product_b, 100.0, date=self._ago(20))
        self._refresh()
        self.assertFalse(self.jan.crm_rfm_segment, "26 months ago: outside 24")
        self.set_param(PARAM % "window_months", "36")
        self._refresh()
        self.assertEqual(self.jan.crm_rfm_order_count, 1)
        self.assertEqual(self._last_run().window_months, 36)

    def test_a_window_of_no_months_is_refused(self):
        self._order(self.jan, self.product_b, 100.0, date=self._ago(20))
        self._refresh()
        for months in ("0", "-3"):
            self.set_param(PARAM % "window_months", months)
            runs = self.env["crm.rfm.run"].search_count([])
            with self.assertRefused(UserError, f"positive number of months, not {months}"):
                self._refresh()
            self.assertEqual(self.jan.crm_rfm_order_count, 1, "nothing written")
            self.assertEqual(self.env["crm.rfm.run"].search_count([]), runs)
        with self.assertRefused(ValidationError, "positive number of months, not 0"):
            self.env["res.config.settings"].create({"crm_rfm_window_months": 0})
        self.set_param(PARAM % "window_months", "24")
        with self.assertRefused(ValidationError, "Frequency Boundaries.*four ascending"):
            self.env["res.config.settings"].create({"crm_rfm_frequency_bounds": "5, 3, 2, 1"})

    def test_fixed_boundaries(self):
        self.set_param(PARAM % "boundaries", "fixed")
        self.set_param(PARAM % "recency_days", "30, 90, 180, 365")
        self.set_param(PARAM % "frequency", "1, 2, 3, 5")
        self.set_param(PARAM % "monetary", "100, 250, 500, 1000")
        self._order(self.jan, self.product_b, 600.0, date=self._ago(100))
        for days in (5, 6, 7, 8, 9, 10):
            self._order(self.colleague, self.product_b, 500.0, date=self._ago(days))
        self._refresh()
        self.assertEqual(self.jan.crm_rfm_score, "314")  # 100 days, 1 order, 600
        self.assertEqual(self.colleague.crm_rfm_score, "555")
        self.assertEqual(self.colleague.crm_rfm_segment, "champions")
        self.assertEqual(self._last_run()._crm_rfm_boundaries_of("person")[1], [1, 2, 3, 5])

    def test_low_or_negative_margins_are_served_differently(self):
        self.set_param(PARAM % "low_margin_rate", "10")
        self._order(self.jan, self.product_a, 50.0, date=self._ago(1))  # cost 60: -10
        self._order(self.colleague, self.product_a, 65.0, date=self._ago(1))  # 7.7 %
        self._order(self.acme, self.product_a, 100.0, date=self._ago(1))  # 40 %
        self._refresh()
        self.assertTrue(self.jan.crm_serve_differently)
        self.assertAlmostEqual(self.jan.crm_margin, -10.0)
        self.assertTrue(self.colleague.crm_serve_differently)
        self.assertFalse(self.acme.crm_serve_differently)
        served = self.Partner.search([("crm_serve_differently", "=", True)])
        self.assertEqual(
            served & (self.jan | self.colleague | self.acme), self.jan | self.colleague
        )

    def test_value_by_segment_and_month(self):
        self._order(self.jan, self.product_a, 100.0, date=self._ago(2))
        self._refresh()
        groups = self.env["sale.report"]._read_group(
            [("partner_id", "=", self.jan.id), ("state", "=", "sale")],
            ["crm_rfm_segment", "date:month"],
            ["price_subtotal:sum", "margin:sum"],
        )
        [(segment, __, amount, margin)] = groups
        self.assertEqual((segment, amount, margin), ("new", 100.0, 40.0))

    def test_scores_are_the_refresh_s_only(self):
        self._order(self.jan, self.product_b, 100.0, date=self._ago(2))
        self._refresh()
        for field_name, value in (
            ("crm_rfm_recency", 1), ("crm_rfm_segment", "lost"), ("crm_margin", 1e6),
        ):  # fmt: skip
            with self.subTest(field=field_name):
                with self.assertRefused(UserError, "computed by the RFM refresh"):
                    self.jan.write({"name": "Jan Anders", field_name: value})
                self.assertEqual(self.jan.name, "Jan Jansen")
        with self.assertRefused(UserError, "computed by the RFM refresh"):
            self.Partner.create({"crm_kind": "person", "name": "X", "crm_rfm_monetary": 5})
        self.assertEqual(self.jan.crm_rfm_segment, "new")

    def test_the_ready_made_segments_follow_the_scores(self):
        self._order(self.jan, self.product_b, 100.0, date=self._ago(2))
        self._refresh()
        new = self.env.ref("crm_relationship_model.crm_segment_person_new")
        self.assertIn(self.jan, new.partner_ids)
        self.assertEqual(self.jan.crm_segment_ids, new)
        self.assertEqual(self.jan.crm_segment_membership_ids.date_entered, self.today)
        # Translatable names, a rule each, for persons and organisations.
        ready = self.env["crm.segment"].search([("rule_domain", "like", "crm_rfm_segment")])
        self.assertEqual(
            set(ready.filtered(lambda s: s.applies_to == "person").mapped("name")),
            {label for __, label in rfm.RFM_SEGMENTS},
        )
        self.assertTrue(self.env["crm.segment"]._fields["name"].translate)

    def test_the_scheduled_refresh_works_in_batches_with_progress(self):
        persons = self.Partner.create(
            [{"crm_kind": "person", "name": f"Batch {i}"} for i in range(7)]
        )
        for i, person in enumerate(persons):
            self._order(person, self.product_b, 100.0 * (i + 1), date=self._ago(i + 1))
        Run = self.env["crm.rfm.run"]
        with patch.object(type(Run), "_crm_job_batch_size", 3):
            Run._crm_rfm_cron()
            run = Run.search([], limit=1)
            self.assertEqual(run.job_state, "running")
            self.assertEqual(run.job_done, 3)
            progress = [run.job_progress]
            while run.job_state == "running":
                Run._crm_rfm_cron()
                progress.append(run.job_progress)
        self.assertEqual(run.job_state, "done")
        self.assertEqual(progress, sorted(progress))
        self.assertEqual(progress[-1], 100.0)
        self.assertGreater(run.segment_count, 0)
        everyone = self.Partner.sudo().with_context(active_test=False)
        self.assertEqual(
            run.scored_count,
            everyone.search_count([("crm_kind", "in", self.Partner._crm_rfm_kinds())]),
        )
        self.env.invalidate_all()
        scores = persons.mapped("crm_rfm_score")
        self._refresh()
        self.assertEqual(persons.mapped("crm_rfm_score"), scores, "same as a refresh at once")

    def test_access_to_scores_and_refresh(self):
        self._order(self.jan, self.product_b, 100.0, date=self._ago(2))
        self._refresh()
        salesman = new_test_user(self.env, "crm_rfm_salesman", "sales_team.group_sale_salesman")
        employee = new_test_user(self.env, "crm_rfm_employee", "base.group_user")
        manager = new_test_user(self.env, "crm_rfm_manager", "sales_team.group_sale_manager")
        self.assertEqual(self.jan.with_user(salesman).crm_rfm_segment, "new")
        with self.assertRaises(AccessError):
            self.jan.with_user(employee).read(["crm_rfm_score"])
        with self.assertRaises(AccessError):
            self.Partner.with_user(salesman).crm_refresh_rfm()
        with self.assertRaises(AccessError):
            self.env["crm.rfm.run"].with_user(salesman).create({})
        self.assertEqual(self.Partner.with_user(manager).crm_refresh_rfm()["segments"], 24)

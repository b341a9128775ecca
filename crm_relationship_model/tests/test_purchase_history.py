# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

PURCHASE_FIELDS = [
    "crm_purchase_total",
    "crm_last_purchase_date",
    "crm_order_count",
    "crm_quotation_count",
    "crm_invoiced_amount",
    "crm_credited_amount",
    "crm_top_category_ids",
]


class PurchaseHistoryCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Purchase figures are read with the user's own access rights: a salesman's.
        cls.env.user.groups_id += cls.env.ref("sales_team.group_sale_salesman_all_leads")
        Partner = cls.env["res.partner"]
        cls.category_tools = cls.env["product.category"].create({"name": "Tools"})
        cls.category_paint = cls.env["product.category"].create({"name": "Paint"})
        cls.product_a.categ_id = cls.category_tools
        cls.product_b.categ_id = cls.category_paint
        (cls.product_a + cls.product_b).taxes_id = [Command.clear()]
        cls.acme = Partner.create({"crm_kind": "organisation", "name": "Acme BV"})
        cls.globex = Partner.create({"crm_kind": "organisation", "name": "Globex NV"})
        cls.jan = Partner.create({"crm_kind": "person", "name": "Jan Jansen"})
        cls.colleague = Partner.create({"crm_kind": "person", "name": "Piet Pietersen"})
        cls.jan_at_acme = Partner.create(
            {
                "crm_kind": "role",
                "role_person_id": cls.jan.id,
                "parent_id": cls.acme.id,
                "role_date_start": "2019-01-01",
            }
        )
        cls.colleague_at_acme = Partner.create(
            {"crm_kind": "role", "role_person_id": cls.colleague.id, "parent_id": cls.acme.id}
        )

    @classmethod
    def _order(cls, partner, product, price, confirm=True, date="2024-03-01", **values):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "date_order": date,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_uom_qty": 1, "price_unit": price}
                    )
                ],
                **values,
            }
        )
        if confirm:
            order.action_confirm()
            order.date_order = date
        return order


@tagged("post_install", "-at_install", "crm_rm_purchase_history")
class TestPurchaseHistory(PurchaseHistoryCommon):
    def test_cancelled_orders_and_quotations_are_not_purchases(self):
        self._order(self.jan, self.product_a, 100.0)
        self._order(self.jan, self.product_a, 40.0, confirm=False)
        cancelled = self._order(self.jan, self.product_a, 70.0)
        cancelled._action_cancel()

        self.assertEqual(self.jan.crm_purchase_total, 100.0)
        self.assertEqual(self.jan.crm_order_count, 1)
        self.assertEqual(self.jan.crm_quotation_count, 1)

    def test_credit_notes_reduce_invoiced_amount(self):
        self.init_invoice("out_invoice", self.jan, amounts=[300.0], post=True)
        self.init_invoice("out_refund", self.jan, amounts=[50.0], post=True)
        self.init_invoice("out_invoice", self.jan, amounts=[999.0])  # draft: not counted

        self.assertEqual(self.jan.crm_invoiced_amount, 250.0)
        self.assertEqual(self.jan.crm_credited_amount, 50.0)

    def test_orders_in_another_currency_are_converted(self):
        other = self.setup_other_currency("EUR", rates=[("2000-01-01", 4.0)])
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR list", "currency_id": other.id}
        )
        self._order(self.jan, self.product_a, 400.0, pricelist_id=pricelist.id)
        self._order(self.jan, self.product_b, 30.0)
        self.assertAlmostEqual(self.jan.crm_purchase_total, 130.0)
        # The same figure as Odoo's own sales analysis shows.
        [[report_total]] = self.env["sale.report"]._read_group(
            [("partner_id", "=", self.jan.id), ("state", "=", "sale")],
            aggregates=["price_subtotal:sum"],
        )
        self.assertAlmostEqual(self.jan.crm_purchase_total, report_total)
        self.assertEqual(self.jan.crm_purchase_currency_id, self.env.company.currency_id)

    def test_role_purchase_counts_for_person_and_organisation(self):
        self._order(self.jan, self.product_a, 10.0)  # private
        self._order(self.jan_at_acme, self.product_b, 200.0)  # in his role at Acme
        self._order(self.colleague_at_acme, self.product_a, 3000.0)  # a colleague's

        self.assertEqual(self.jan.crm_purchase_total, 210.0)
        self.assertEqual(self.acme.crm_purchase_total, 3200.0)
        self.assertEqual(self.colleague.crm_purchase_total, 3000.0)
        self.assertEqual(self.jan_at_acme.crm_purchase_total, 200.0)

    def test_person_who_changes_jobs_keeps_old_role_history(self):
        self._order(self.jan_at_acme, self.product_a, 500.0, date="2020-05-01")
        self.jan_at_acme.role_date_end = "2022-12-31"
        new_role = self.env["res.partner"].create(
            {
                "crm_kind": "role",
                "role_person_id": self.jan.id,
                "parent_id": self.globex.id,
                "role_date_start": "2023-01-01",
            }
        )
        self._order(new_role, self.product_b, 80.0, date="2024-06-01")

        self.assertEqual(self.jan.crm_purchase_total, 580.0)
        self.assertEqual(self.jan.crm_order_count, 2)
        self.assertEqual(str(self.jan.crm_last_purchase_date), "2024-06-01")
        self.assertEqual(self.acme.crm_purchase_total, 500.0)
        self.assertEqual(self.globex.crm_purchase_total, 80.0)

    def test_figures_cover_the_same_roles_whether_role_ids_was_read_or_not(self):
        self._order(self.jan_at_acme, self.product_a, 500.0, date="2020-05-01")
        self.jan_at_acme.action_archive()
        for read_role_ids_first in (False, True):
            self.jan.invalidate_recordset()
            if read_role_ids_first:
                # As the form does: the figures then take the roles from the cache.
                self.assertIn(self.jan_at_acme, self.jan.role_ids)
            self.assertEqual(self.jan.crm_purchase_total, 500.0)
            self.assertEqual(self.jan.crm_order_count, 1)
        # A role added after role_ids was read is in it when the figures are read again.
        new_role = self.env["res.partner"].create(
            {"crm_kind": "role", "role_person_id": self.jan.id, "parent_id": self.globex.id}
        )
        self._order(new_role, self.product_b, 80.0)
        self.assertIn(new_role, self.jan.role_ids)
        self.jan.invalidate_recordset(["crm_purchase_total"])
        self.assertEqual(self.jan.crm_purchase_total, 580.0)

    def test_preferred_categories_by_amount(self):
        self._order(self.jan, self.product_a, 10.0)
        self._order(self.jan, self.product_b, 500.0)
        self.assertEqual(self.jan.crm_top_category_ids[0], self.category_paint)
        self.assertEqual(
            set(self.jan.crm_top_category_ids), {self.category_paint, self.category_tools}
        )

    def test_recent_orders_show_private_and_role_orders(self):
        private = self._order(self.jan, self.product_a, 10.0, date="2024-01-01")
        business = self._order(self.jan_at_acme, self.product_a, 20.0, date="2024-02-01")
        self.assertEqual(self.jan.crm_recent_order_ids, business + private)
        self.assertEqual(self.acme.crm_recent_order_ids, business)

    def test_tab_details_are_read_when_the_tab_asks(self):
        """The Purchase History tab's widget reads invoicing, categories and recent
        orders in one call; the form itself no longer reads them."""
        private = self._order(self.jan, self.product_b, 10.0, date="2024-01-01")
        business = self._order(self.jan_at_acme, self.product_a, 20.0, date="2024-02-01")
        self.init_invoice("out_invoice", self.jan, amounts=[300.0], post=True)
        data = self.jan.crm_purchase_details_data()
        self.assertEqual(data["currency_id"], self.env.company.currency_id.id)
        self.assertEqual(data["invoiced"], 300.0)
        self.assertEqual(data["credited"], 0.0)
        self.assertEqual([category["name"] for category in data["categories"]], ["Tools", "Paint"])
        self.assertEqual([order["id"] for order in data["orders"]], (business + private).ids)
        first = data["orders"][0]
        self.assertEqual(first["name"], business.name)
        self.assertEqual(first["partner"], self.jan_at_acme.display_name)
        self.assertEqual(first["amount_untaxed"], 20.0)
        self.assertEqual((first["state"], first["state_label"]), ("sale", "Sales Order"))
        self.assertEqual(first["date_order"], "2024-02-01 00:00:00")
        # The form's own read holds none of it: the widget fetches it when shown.
        view = self.env.ref("crm_relationship_model.res_partner_person_view_form")
        fields = self.env["res.partner"].get_views([(view.id, "form")])["models"]["res.partner"]
        for name in ("crm_invoiced_amount", "crm_top_category_ids", "crm_recent_order_ids"):
            self.assertNotIn(name, fields["fields"])

    def test_tab_details_follow_the_salesman_rules(self):
        """A salesman who sees only his own orders gets only those in the tab."""
        salesman = new_test_user(
            self.env, "details_salesman", groups="sales_team.group_sale_salesman"
        )
        mine = self._order(self.jan, self.product_a, 10.0, user_id=salesman.id)
        self._order(self.jan, self.product_b, 99.0, user_id=self.env.user.id)
        data = self.jan.with_user(salesman).crm_purchase_details_data()
        self.assertEqual([order["id"] for order in data["orders"]], mine.ids)
        self.assertEqual([category["name"] for category in data["categories"]], ["Tools"])

    def test_orders_action_groups_private_and_role_orders(self):
        private = self._order(self.jan, self.product_a, 10.0)
        business = self._order(self.jan_at_acme, self.product_a, 20.0)
        action = self.jan.action_crm_view_orders()
        orders = self.env["sale.order"].search(action["domain"])
        self.assertEqual(orders, private + business)
        self.assertEqual(action["context"]["group_by"], ["partner_id"])
        analysis = self.jan.action_crm_sales_analysis()
        self.assertEqual(analysis["res_model"], "sale.report")
        self.assertTrue(self.env["sale.report"].search_count(analysis["domain"]))

    def test_figures_on_the_form(self):
        self._order(self.jan_at_acme, self.product_a, 125.0)
        view = self.env.ref("crm_relationship_model.res_partner_person_view_form")
        with Form(self.jan, view=view) as form:
            self.assertEqual(form.crm_purchase_total, 125.0)
            self.assertEqual(form.crm_order_count, 1)

    def test_query_count_flat_in_number_of_persons(self):
        Partner = self.env["res.partner"]
        persons = Partner.create(
            [{"crm_kind": "person", "name": f"Person {index}"} for index in range(80)]
        )
        roles = Partner.create(
            [
                {"crm_kind": "role", "role_person_id": person.id, "parent_id": self.acme.id}
                for person in persons
            ]
        )
        for partner in (persons[:40] + roles[40:])[::4]:
            self._order(partner, self.product_a, 10.0)

        def read_figures(records):
            records.invalidate_recordset()
            records.read(PURCHASE_FIELDS)

        read_figures(persons[:1])  # warm the ORM's own caches, not our data
        # The roles, the orders with their totals; the roles again, the categories and
        # the invoices (what only the form shows).
        with self.assertQueryCount(6):
            read_figures(persons[:1])
        with self.assertQueryCount(6):
            read_figures(persons)

    def test_list_figures_read_the_orders_once(self):
        """What the persons list shows costs the persons' access check, their roles
        and one query on the orders, however many persons it shows, and not the
        categories or the invoices."""
        Partner = self.env["res.partner"]
        persons = Partner.create(
            [{"crm_kind": "person", "name": f"Listed {index}"} for index in range(40)]
        )
        for person in persons[::5]:
            self._order(person, self.product_a, 10.0)
            self._order(person, self.product_b, 5.0, confirm=False)
        list_fields = ["crm_purchase_total", "crm_purchase_currency_id", "crm_last_purchase_date"]
        persons[:1].read(list_fields)  # warm the ORM's own caches
        for records in (persons[:1], persons):
            records.invalidate_recordset()
            with self.assertQueryCount(3):
                values = records.read(list_fields)
        totals = {row["id"]: row["crm_purchase_total"] for row in values}
        self.assertEqual(sum(totals.values()), 80.0)
        self.assertEqual(totals[persons[0].id], 10.0)
        self.assertEqual(persons[0].crm_quotation_count, 1)


@tagged("post_install", "-at_install", "crm_rm_purchase_history")
class TestPurchaseHistoryRpc(HttpCase):
    """The figures an integration reads over XML-RPC are those the screens show."""

    def test_rpc_figures_match_the_form(self):
        salesman = new_test_user(
            self.env,
            login="history_salesman",
            password="history_salesman_pw",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        Partner = self.env["res.partner"]
        organisation = Partner.create({"crm_kind": "organisation", "name": "Rpc BV"})
        person = Partner.create({"crm_kind": "person", "name": "Rpc Person"})
        role = Partner.create(
            {"crm_kind": "role", "role_person_id": person.id, "parent_id": organisation.id}
        )
        product = self.env["product.product"].create({"name": "Rpc product", "list_price": 42.0})
        for partner, price in ((person, 10.0), (role, 32.0)):
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": product.id, "price_unit": price})],
                }
            )
            order.action_confirm()

        rpc = self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            salesman.id,
            "history_salesman_pw",
            "res.partner",
            "read",
            [[person.id, organisation.id]],
            {"fields": ["crm_purchase_total", "crm_order_count", "crm_last_purchase_date"]},
        )
        view = self.env.ref("crm_relationship_model.res_partner_person_view_form")
        screen = Form(person.with_user(salesman), view=view)
        self.assertEqual(rpc[0]["crm_purchase_total"], screen.crm_purchase_total)
        self.assertEqual(rpc[0]["crm_purchase_total"], 42.0)
        self.assertEqual(rpc[0]["crm_order_count"], 2)
        self.assertEqual(rpc[1]["crm_purchase_total"], 32.0)
        self.assertEqual(rpc[0]["crm_last_purchase_date"], str(screen.crm_last_purchase_date))

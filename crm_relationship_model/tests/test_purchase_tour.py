# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .common import CrmTourCase, PhoneTourMixin

TOUR = "crm_relationship_model_purchase_tour"


class PurchaseTourCase(CrmTourCase):
    """A salesman runs static/tests/tours/crm_relationship_model_purchase_tour.js: the
    Purchase History tab of a person reads its invoicing, categories and recent orders
    when it is opened, and an order opens from it."""

    tour_salesman_login = "crm_rm_purchase_salesman"
    tour_salesman_name = "Purchase Salesman"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.person = Partner.create({"crm_kind": "person", "name": "Petra Aankoop"})
        organisation = Partner.create({"crm_kind": "organisation", "name": "Tour Verf BV"})
        role = Partner.create(
            {"crm_kind": "role", "role_person_id": cls.person.id, "parent_id": organisation.id}
        )
        paint = cls.env["product.category"].create({"name": "Tour Paint"})
        product = cls.env["product.product"].create(
            {"name": "Tour Brush", "categ_id": paint.id, "list_price": 100.0, "taxes_id": False}
        )
        for name, partner, date in (
            ("TOURPO-PRIVATE", cls.person, "2024-01-10"),
            ("TOURPO-ROLE", role, "2024-05-10"),
        ):
            order = cls.env["sale.order"].create(
                {
                    "name": name,
                    "partner_id": partner.id,
                    "user_id": cls.salesman.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.action_confirm()
            order.date_order = date
        journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.person.id,
                "journal_id": journal.id,
                "invoice_line_ids": [
                    Command.create({"name": "Advice", "quantity": 1, "price_unit": 300.0})
                ],
            }
        )
        invoice.action_post()
        # The tab shows the figures a salesman may read: his own orders, the invoices.
        cls.salesman.groups_id += cls.env.ref("account.group_account_invoice")

    def _run_purchase_tour(self):
        self._run_tour(
            f"/odoo/action-crm_relationship_model.res_partner_person_action/{self.person.id}",
            TOUR,
        )


@tagged("post_install", "-at_install", "is_tour", "crm_rm_purchase_history")
class TestPurchaseTourDesktop(PurchaseTourCase):
    def test_purchase_tour_desktop(self):
        self._run_purchase_tour()


@tagged("post_install", "-at_install", "is_tour", "crm_rm_purchase_history")
class TestPurchaseTourMobile(PhoneTourMixin, PurchaseTourCase):
    def test_purchase_tour_mobile(self):
        self._run_purchase_tour()

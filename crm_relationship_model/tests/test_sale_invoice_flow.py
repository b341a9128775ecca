# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_sale_invoice_flow")
class TestSaleInvoiceFlow(CrmRelationshipCommon, AccountTestInvoicingCommon):
    """The standard flows (quotation, confirmation, invoice, payment) on every kind.

    AccountTestInvoicingCommon gives a company with a chart of accounts, taxes and
    products, and an accountant as the environment's user; the salesman sells.
    """

    def _sell(self, partner):
        """Quotation by the salesman, confirmed; invoiced, posted and paid by accounting."""
        order = (
            self.env["sale.order"]
            .with_user(self.user_salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": self.product_a.id, "product_uom_qty": 2})
                    ],
                }
            )
        )
        self.assertEqual(order.state, "draft")
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        invoice = order.with_env(self.env)._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        payments = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({})
            ._create_payments()
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(order.invoice_status, "invoiced")
        return order, invoice, payments

    def test_order_for_a_role_belongs_to_its_organisation(self):
        order, invoice, payment = self._sell(self.role)
        self.assertEqual(order.partner_id, self.role)
        self.assertEqual(order.partner_id.commercial_partner_id, self.organisation)
        self.assertEqual(invoice.commercial_partner_id, self.organisation)
        self.assertEqual(payment.partner_id, self.organisation)
        self.assertEqual(self.organisation.sale_order_count, 1)
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "child_of", self.person.id)]),
            "a business order is not the person's private order",
        )

    def test_private_order_belongs_to_the_person(self):
        order, invoice, payment = self._sell(self.person)
        self.assertEqual(invoice.partner_id, self.person)
        self.assertEqual(invoice.commercial_partner_id, self.person)
        self.assertEqual(payment.partner_id, self.person)
        self.assertEqual(self.person.sale_order_count, 1)
        self.assertEqual(self.organisation.sale_order_count, 0)

    def test_order_for_an_organisation_belongs_to_it(self):
        order, invoice, payment = self._sell(self.organisation)
        self.assertEqual(invoice.commercial_partner_id, self.organisation)
        self.assertEqual(payment.partner_id, self.organisation)

    def test_role_order_is_invoiced_to_the_invoice_address_of_the_organisation(self):
        accounts = self.env["res.partner"].create(
            {"type": "invoice", "parent_id": self.organisation.id, "name": "Crediteuren"}
        )
        order, invoice, __ = self._sell(self.role)
        self.assertEqual(order.partner_invoice_id, accounts)
        self.assertEqual(invoice.partner_id, accounts)
        self.assertEqual(invoice.commercial_partner_id, self.organisation)

    def test_ended_role_keeps_its_orders(self):
        order, invoice, __ = self._sell(self.role)
        self.role.action_end_role()
        self.role.role_date_end = self.role.role_date_start
        self.assertEqual(self.role.role_state, "past")
        self.assertEqual(order.partner_id, self.role)
        self.assertEqual(invoice.commercial_partner_id, self.organisation)

    def test_person_with_orders_cannot_be_deleted(self):
        order, __, __ = self._sell(self.other_person)
        count = self._partner_count()
        with self.assertRefused(UserError, "Anna Bakker has sales orders .* archive it instead"):
            self.other_person.with_user(self.user_sales_manager).unlink()
        self.assertEqual(self._partner_count(), count)
        self.other_person.with_user(self.user_sales_manager).action_archive()
        self.assertFalse(self.other_person.active)
        self.assertEqual(order.partner_id, self.other_person)

    def test_role_with_orders_cannot_be_deleted(self):
        role = self._create_role(self.other_person, self.other_organisation, function="Buyer")
        self._sell(role)
        with self.assertRefused(UserError, "has sales orders or invoices .* archive it instead"):
            role.with_user(self.user_sales_manager).unlink()
        self.assertTrue(role.exists())

    def test_organisation_with_invoices_cannot_be_deleted(self):
        organisation = self._create_organisation("Alleen Facturen BV")
        self.init_invoice("out_invoice", partner=organisation, products=self.product_a, post=True)
        with self.assertRefused(UserError, "Alleen Facturen BV has sales orders or invoices"):
            organisation.with_user(self.user_sales_manager).unlink()
        self.assertTrue(organisation.exists())

    def test_role_without_history_can_be_deleted_by_a_manager(self):
        role = self._create_role(self.other_person, self.other_organisation, function="Temp")
        role.with_user(self.user_sales_manager).unlink()
        self.assertFalse(role.exists())

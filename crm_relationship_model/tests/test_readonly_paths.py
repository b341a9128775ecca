# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmRelationshipCommon

# Model methods the web client and RPC clients call that only read: declared
# read-only, Odoo's /web/dataset/call_kw and call_button serve them from the replica.
READONLY_METHODS = (
    "crm_find_likely_persons",
    "crm_purchase_details_data",
    "action_crm_view_orders",
    "action_crm_view_invoices",
    "action_crm_sales_analysis",
    "action_crm_invoice_analysis",
    "action_open_crm_claims",
    "action_open_crm_open_offers",
    "action_open_crm_activities",
    "action_open_person",
    "action_open_roles",
)
# Buttons that write or log, so they stay on the primary.
READ_WRITE_METHODS = (
    "action_end_role",
    "action_log_contact_moment",
    "action_open_crm_sensitive_data",
)


@tagged("post_install", "-at_install", "crm_rm_readonly")
class TestReadonlyPaths(CrmRelationshipCommon):
    """Our read paths are declared read-only and write nothing, so a replica (a read-only
    transaction) serves them; the paths that write are not declared. (Served on a real
    streaming replica by tests/test_replica.py.)"""

    def _in_readonly_transaction(self, call):
        """Run call in a read-only transaction, as on a replica: a write fails."""
        with self.env.cr.savepoint(flush=True):
            self.env.cr.execute("SET LOCAL transaction_read_only = on")
            result = call()
            self.env.flush_all()
        return result

    def test_the_read_paths_are_declared_readonly(self):
        Partner = type(self.env["res.partner"])
        for name in READONLY_METHODS:
            self.assertTrue(getattr(getattr(Partner, name), "_readonly", False), name)
        for name in READ_WRITE_METHODS:
            self.assertFalse(getattr(getattr(Partner, name), "_readonly", False), name)

    def test_the_read_paths_write_nothing(self):
        person = self.person.with_user(self.user_salesman)
        found = self._in_readonly_transaction(
            lambda: person.crm_find_likely_persons(name=self.person.name, email=self.person.email)
        )
        self.assertIn(self.person.id, [row["id"] for row in found])
        details = self._in_readonly_transaction(person.crm_purchase_details_data)
        self.assertEqual(details["currency_id"], self.env.company.currency_id.id)
        for name in READONLY_METHODS[2:]:
            record = self.role if name == "action_open_person" else person
            action = self._in_readonly_transaction(getattr(record, name))
            self.assertTrue(action.get("type") or action.get("res_model"), name)

    def test_a_write_fails_in_a_readonly_transaction(self):
        # The check above can fail: a write there is refused.
        with self.assertRaises(Exception) as caught, self.env.cr.savepoint():
            self.env.cr.execute("SET LOCAL transaction_read_only = on")
            self.role.action_end_role()
            self.env.flush_all()
        self.assertIn("read-only", str(caught.exception))

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CrmQueryCountMixin, CrmRelationshipCommon, new_portal_user


@tagged("post_install", "-at_install", "crm_rm_complaints")
class TestOpenOffers(CrmQueryCountMixin, CrmRelationshipCommon):
    """Open offers are quotations sent and not confirmed yet, over the partners the
    purchase history covers. The salesman reads only their own and unassigned orders
    (Odoo's "Personal Orders" rule), so their counts leave the manager's offer out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Windmill Blade", "list_price": 900.0, "type": "consu"}
        )
        cls.colleague = cls._create_person("Piet Pietersen")
        cls.colleague_role = cls._create_role(cls.colleague, cls.organisation, function="CFO")
        salesman, manager = cls.user_salesman, cls.user_sales_manager
        cls.offer_private = cls._quotation(cls.person, salesman, state="sent")
        cls.offer_role = cls._quotation(cls.role, manager, state="sent")
        cls.offer_colleague = cls._quotation(cls.colleague_role, False, state="sent")
        cls.draft = cls._quotation(cls.person, salesman)
        cls.confirmed = cls._quotation(cls.role, salesman)
        cls.confirmed.action_confirm()
        cls.cancelled = cls._quotation(cls.person, salesman, state="sent")
        cls.cancelled._action_cancel()
        cls.portal_person = new_portal_user(cls.env, "crm_rm_offers_portal", cls.person)

    @classmethod
    def _quotation(cls, partner, user, state=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id if user else False,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        if state:
            order.state = state
        return order

    def _offers(self, partner, user):
        action = partner.with_user(user).action_open_crm_open_offers()
        return self.env["sale.order"].with_user(user).search(action["domain"])

    def test_sent_quotations_are_open_offers(self):
        self.assertEqual(self.person.crm_open_offer_count, 2)
        self.assertEqual(self.organisation.crm_open_offer_count, 2)
        self.assertEqual(self.other_person.crm_open_offer_count, 0)
        self.assertEqual(self.colleague.crm_open_offer_count, 1)

    def test_sales_manager_counts_and_lists_all(self):
        person = self.person.with_user(self.user_sales_manager)
        self.assertEqual(person.crm_open_offer_count, 2)
        self.assertEqual(
            self._offers(self.person, self.user_sales_manager),
            self.offer_private + self.offer_role,
        )
        self.assertEqual(
            self._offers(self.organisation, self.user_sales_manager),
            self.offer_role + self.offer_colleague,
        )

    def test_salesman_counts_and_lists_what_they_may_read(self):
        salesman = self.user_salesman
        self.assertEqual(self.person.with_user(salesman).crm_open_offer_count, 1)
        self.assertEqual(self.organisation.with_user(salesman).crm_open_offer_count, 1)
        self.assertEqual(self._offers(self.person, salesman), self.offer_private)
        self.assertEqual(self._offers(self.organisation, salesman), self.offer_colleague)

    def test_portal_user_gets_nothing(self):
        # Odoo lets the portal user read their own sent quotation, but not count offers.
        portal = self.portal_person
        self.offer_private.message_subscribe(partner_ids=self.person.ids)  # as sending does
        self.assertTrue(self.offer_private.with_user(portal).has_access("read"))
        partner = portal.partner_id.with_user(portal)
        self.assertEqual(partner.crm_open_offer_count, 0)
        with self.assertRaises(AccessError):
            partner.action_open_crm_open_offers()

    def test_count_on_the_forms(self):
        for partner, view in (
            (self.person, "res_partner_person_view_form"),
            (self.organisation, "res_partner_organisation_view_form"),
        ):
            form = Form(partner, view=self.env.ref(f"crm_relationship_model.{view}"))
            self.assertEqual(form.crm_open_offer_count, 2)

    def test_query_count_flat_in_number_of_persons(self):
        Partner = self.env["res.partner"]
        persons = Partner.create(
            [{"crm_kind": "person", "name": f"Prospect {index}"} for index in range(20)]
        )
        roles = Partner.create(
            [
                {"crm_kind": "role", "role_person_id": person.id, "parent_id": self.organisation.id}
                for person in persons
            ]
        )
        for partner in persons + roles:
            self._quotation(partner, self.user_salesman, state="sent")
        counts = {}
        salesman_persons = persons.with_user(self.user_salesman)
        salesman_persons[:1].read(["crm_open_offer_count"])  # warm the ORM's caches
        for size in (2, 20):
            with self._count_queries(counts, size):
                salesman_persons[:size].read(["crm_open_offer_count"])
        self._assert_flat(counts)
        salesman_persons.invalidate_recordset()
        with self.assertQueryCount(counts[20]):
            self.assertEqual(salesman_persons.mapped("crm_open_offer_count"), [2] * 20)

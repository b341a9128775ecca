# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.crm_relationship_model.tests.common import CrmQueryCountMixin, new_portal_user

from .common import CrmHouseholdCommon

CLAIM_FIELDS = ["crm_claim_count", "crm_open_claim_count", "crm_closed_claim_count"]


@tagged("post_install", "-at_install", "crm_hh_complaints")
class TestHouseholdComplaints(CrmQueryCountMixin, CrmHouseholdCommon):
    """A household's complaints and open offers are its current members' private ones:
    not those of their roles (the organisation's), nor a former member's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.former = cls._create_person("Vera Vertrokken")
        cls.household = cls._create_household(
            "Klachtenhuis",
            members=[
                (cls.person, "head"),
                (cls.other_person, "partner", {"date_start": cls.today - relativedelta(years=2)}),
                (
                    cls.former,
                    "other",
                    {
                        "date_start": cls.today - relativedelta(years=3),
                        "date_end": cls.today - relativedelta(years=1),
                    },
                ),
            ],
        )
        Claim = cls.env["crm.claim"]
        cls.claim_private = Claim.create({"name": "Sofa stained", "partner_id": cls.person.id})
        cls.claim_partner = Claim.create(
            {
                "name": "Late delivery",
                "partner_id": cls.other_person.id,
                "date_closed": "2025-03-01 10:00:00",
            }
        )
        cls.claim_role = Claim.create({"name": "Wrong invoice", "partner_id": cls.role.id})
        cls.claim_former = Claim.create({"name": "Old lamp", "partner_id": cls.former.id})
        cls.offer_private = cls._sent_quotation(cls.person)
        cls.offer_role = cls._sent_quotation(cls.role)

    @classmethod
    def _sent_quotation(cls, partner):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.user_salesman.id,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )
        order.state = "sent"
        return order

    def assertClaimCounts(self, partner, total, open_count):
        self.assertEqual(
            (partner.crm_claim_count, partner.crm_open_claim_count, partner.crm_closed_claim_count),
            (total, open_count, total - open_count),
        )

    def test_household_counts_its_current_members_private_claims(self):
        self.assertClaimCounts(self.household, 2, 1)
        claims = self.env["crm.claim"].search(self.household.action_open_crm_claims()["domain"])
        self.assertEqual(claims, self.claim_private + self.claim_partner)

    def test_member_moving_out_takes_their_claims(self):
        self.household.household_member_ids.filtered(
            lambda m: m.person_id == self.other_person
        ).date_end = self.today - relativedelta(days=1)
        self.household.invalidate_recordset(CLAIM_FIELDS)
        self.assertClaimCounts(self.household, 1, 1)

    def test_household_counts_its_members_private_open_offers(self):
        self.assertEqual(self.household.crm_open_offer_count, 1)
        action = self.household.action_open_crm_open_offers()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), self.offer_private)

    def test_counts_on_the_household_form(self):
        view = self.env.ref("crm_household.res_partner_household_view_form")
        form = Form(self.household, view=view)
        self.assertEqual(form.crm_open_claim_count, 1)
        self.assertEqual(form.crm_closed_claim_count, 1)
        self.assertEqual(form.crm_open_offer_count, 1)
        arch = etree.fromstring(self.env["res.partner"].get_view(view.id)["arch"])
        [button] = arch.xpath("//button[field[@name='claim_count']]")
        self.assertEqual(button.get("invisible"), "1")

    def test_counts_per_group(self):
        for user in (self.user_salesman, self.user_sales_manager):
            household = self.household.with_user(user)
            self.assertClaimCounts(household, 2, 1)
            self.assertEqual(household.crm_open_offer_count, 1)
        portal = new_portal_user(self.env, "crm_hh_claims_portal", self.person)
        partner = portal.partner_id.with_user(portal)
        self.assertClaimCounts(partner, 0, 0)
        self.assertEqual(partner.crm_open_offer_count, 0)
        with self.assertRaises(AccessError):
            partner.action_open_crm_claims()

    def test_query_count_flat_in_number_of_households(self):
        Partner = self.env["res.partner"]
        persons = Partner.create(
            [{"crm_kind": "person", "name": f"Bewoner {index}"} for index in range(20)]
        )
        households = Partner.browse(
            [
                self._create_household(f"Huis {index}", members=[(p, "head")]).id
                for index, p in enumerate(persons)
            ]
        )
        self.env["crm.claim"].create(
            [{"name": f"Klacht {p.name}", "partner_id": p.id} for p in persons]
        )
        fields_read = [*CLAIM_FIELDS, "crm_open_offer_count"]
        counts = {}
        households[:1].read(fields_read)  # warm the ORM's own caches, not our data
        for size in (2, 20):
            with self._count_queries(counts, size):
                households[:size].read(fields_read)
        self._assert_flat(counts)
        households.invalidate_recordset()
        self.assertEqual(households.mapped("crm_claim_count"), [1] * 20)

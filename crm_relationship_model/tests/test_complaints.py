# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, tagged

from .common import CrmQueryCountMixin, CrmRelationshipCommon, new_portal_user

CLAIM_FIELDS = ["crm_claim_count", "crm_open_claim_count", "crm_closed_claim_count"]


class ComplaintsCommon(CrmRelationshipCommon):
    """Jan de Vries complains privately (open), as CTO at Windmolen BV (closed) and in
    his past role at Polder Consult (open); a colleague at Windmolen BV and the
    organisation itself complain too; Anna Bakker once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls._create_person("Piet Pietersen")
        cls.colleague_role = cls._create_role(cls.colleague, cls.organisation, function="CFO")
        cls.claim_private = cls._claim(cls.person, "Late delivery at home")
        cls.claim_role = cls._claim(cls.role, "Wrong invoice", date_closed="2025-01-10 12:00:00")
        cls.claim_past_role = cls._claim(cls.past_role, "Broken laptop")
        cls.claim_colleague = cls._claim(cls.colleague_role, "Rude driver")
        cls.claim_organisation = cls._claim(cls.organisation, "Damaged pallet")
        cls.claim_other = cls._claim(cls.other_person, "Missing manual")

    @classmethod
    def _claim(cls, partner, name, env=None, **vals):
        env = env or cls.env
        return env["crm.claim"].create({"name": name, "partner_id": partner.id, **vals})

    def assertClaimCounts(self, partner, total, open_count):
        self.assertEqual(
            (partner.crm_claim_count, partner.crm_open_claim_count, partner.crm_closed_claim_count),
            (total, open_count, total - open_count),
            partner.display_name,
        )


@tagged("post_install", "-at_install", "crm_rm_complaints")
class TestComplaints(CrmQueryCountMixin, ComplaintsCommon):
    def test_person_counts_its_own_and_its_roles_claims(self):
        self.assertClaimCounts(self.person, 3, 2)
        self.assertClaimCounts(self.other_person, 1, 1)

    def test_organisation_counts_its_own_and_its_contacts_claims(self):
        self.assertClaimCounts(self.organisation, 3, 2)
        self.assertClaimCounts(self.other_organisation, 1, 1)

    def test_closing_date_closes_a_claim(self):
        # crm_claim's stages have no closed flag: a claim is closed by its closing date.
        self.claim_private.date_closed = "2025-02-01 09:00:00"
        self.person.invalidate_recordset(CLAIM_FIELDS)
        self.assertClaimCounts(self.person, 3, 1)

    def test_archived_claims_are_not_counted(self):
        self.claim_past_role.action_archive()
        self.person.invalidate_recordset(CLAIM_FIELDS)
        self.assertClaimCounts(self.person, 2, 1)

    def test_action_lists_the_counted_claims(self):
        action = self.person.action_open_crm_claims()
        self.assertEqual(action["res_model"], "crm.claim")
        self.assertIn("kanban", action["view_mode"], "a phone opens the cards")
        claims = self.env["crm.claim"].search(action["domain"])
        self.assertEqual(claims, self.claim_private + self.claim_role + self.claim_past_role)
        self.assertEqual(action["context"]["default_partner_id"], self.person.id)
        action = self.organisation.action_open_crm_claims()
        self.assertEqual(
            self.env["crm.claim"].search(action["domain"]),
            self.claim_role + self.claim_colleague + self.claim_organisation,
        )

    def test_open_and_closed_filters(self):
        domain = self.person.action_open_crm_claims()["domain"]
        search = self.env.ref("crm_relationship_model.crm_claim_view_search")
        self.assertIn("filter_crm_open", search.arch)
        Claim = self.env["crm.claim"]
        self.assertEqual(
            Claim.search(domain + self.person._crm_open_claim_domain()),
            self.claim_private + self.claim_past_role,
        )

    def test_counts_on_the_forms(self):
        for partner, xml_id in (
            (self.person, "res_partner_person_view_form"),
            (self.organisation, "res_partner_organisation_view_form"),
        ):
            view = self.env.ref(f"crm_relationship_model.{xml_id}")
            form = Form(partner, view=view)
            self.assertEqual(form.crm_open_claim_count, 2)
            self.assertEqual(form.crm_closed_claim_count, 1)
            # crm_claim's own button (direct children only) gives way to ours.
            arch = etree.fromstring(self.env["res.partner"].get_view(view.id)["arch"])
            [button] = arch.xpath("//button[field[@name='claim_count']]")
            self.assertEqual(button.get("invisible"), "1")

    def test_query_count_flat_in_number_of_persons(self):
        Partner = self.env["res.partner"]
        persons = Partner.create(
            [{"crm_kind": "person", "name": f"Complainer {index}"} for index in range(20)]
        )
        roles = Partner.create(
            [
                {"crm_kind": "role", "role_person_id": person.id, "parent_id": self.organisation.id}
                for person in persons
            ]
        )
        self.env["crm.claim"].create(
            [
                {"name": f"Claim {index}", "partner_id": partner.id}
                for index, partner in enumerate(persons + roles)
            ]
        )
        counts = {}
        persons[:1].read(CLAIM_FIELDS)  # warm the ORM's own caches, not our data
        for size in (2, 20):
            with self._count_queries(counts, size):
                persons[:size].read(CLAIM_FIELDS)
        self._assert_flat(counts)
        persons.invalidate_recordset()
        with self.assertQueryCount(counts[20]):
            self.assertEqual(persons.mapped("crm_claim_count"), [2] * 20)


@tagged("post_install", "-at_install", "crm_rm_complaints")
class TestComplaintsAccess(ComplaintsCommon):
    """Counts and lists follow the user's rights: crm_claim's multi-company rule keeps
    another company's claims out, portal users get nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Windmolen Export"})
        cls.user_sales_manager.company_ids += cls.other_company
        cls.claim_other_company = cls._claim(
            cls.role, "Export complaint", company_id=cls.other_company.id
        )
        cls.portal_person = new_portal_user(cls.env, "crm_rm_claims_portal", cls.person)

    def test_salesman_counts_what_they_may_read(self):
        person = self.person.with_user(self.user_salesman)
        self.assertClaimCounts(person, 3, 2)
        claims = self.env["crm.claim"].with_user(self.user_salesman)
        self.assertEqual(
            claims.search(person.action_open_crm_claims()["domain"]),
            self.claim_private + self.claim_role + self.claim_past_role,
        )

    def test_sales_manager_of_both_companies_counts_both(self):
        companies = (self.env.company + self.other_company).ids
        person = self.person.with_user(self.user_sales_manager).with_context(
            allowed_company_ids=companies
        )
        self.assertClaimCounts(person, 4, 3)
        organisation = self.organisation.with_user(self.user_sales_manager).with_context(
            allowed_company_ids=companies
        )
        self.assertClaimCounts(organisation, 4, 3)
        claims = self.env["crm.claim"].with_user(self.user_sales_manager)
        claims = claims.with_context(allowed_company_ids=companies)
        self.assertIn(
            self.claim_other_company, claims.search(person.action_open_crm_claims()["domain"])
        )

    def test_portal_user_gets_nothing(self):
        for user in (self.user_portal, self.portal_person):
            partner = user.partner_id.with_user(user)
            self.assertClaimCounts(partner, 0, 0)
            with self.assertRaises(AccessError):
                partner.action_open_crm_claims()


@tagged("post_install", "-at_install", "crm_rm_complaints")
class TestComplaintMails(ComplaintsCommon, HttpCase):
    """A claim's mails are mails on another document written by or to the gathered
    partners: the aggregated feeds show them as they come, nothing is copied."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.msg_by_role = cls.claim_role.message_post(
            body="Claim: Jan writes about the wrong invoice",
            author_id=cls.role.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        cls.msg_to_person = cls.claim_private.message_post(
            body="Claim: our answer to Jan at home",
            partner_ids=[cls.person.id],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.msg_colleague = cls.claim_colleague.message_post(
            body="Claim: Piet writes about the driver",
            author_id=cls.colleague_role.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    def _feed(self, partner, user=None):
        user = user or self.user_sales_manager
        self.authenticate(user.login, f"{user.login}-pw")
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": partner.id, "limit": 30},
        )
        return result["messages"], result["data"]

    def test_person_feed_shows_the_claims_mails(self):
        message_ids, data = self._feed(self.person)
        self.assertIn(self.msg_by_role.id, message_ids)
        self.assertIn(self.msg_to_person.id, message_ids)
        self.assertNotIn(self.msg_colleague.id, message_ids)
        # Each says where it belongs: on the claim.
        messages = {message["id"]: message for message in data["mail.message"]}
        self.assertEqual(
            messages[self.msg_by_role.id]["thread"],
            {"id": self.claim_role.id, "model": "crm.claim"},
        )

    def test_organisation_feed_shows_its_contacts_claim_mails(self):
        message_ids, __ = self._feed(self.organisation, user=self.user_salesman)
        self.assertIn(self.msg_by_role.id, message_ids)
        self.assertIn(self.msg_colleague.id, message_ids)
        self.assertNotIn(self.msg_to_person.id, message_ids)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_adoption")
class TestAdoption(CrmRelationshipCommon):
    """Plain Odoo contacts, as a database has them before the addon, classified."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create({"name": "Acme Plain", "is_company": True})
        cls.globex = Partner.create({"name": "Globex Plain", "is_company": True})
        # One human: at two companies and as a private customer, by name and mobile.
        cls.jan_acme = cls._plain(
            "Jan Plantinga", cls.acme, email="jan@acme.example", mobile="+31 6 1234 5678"
        )
        cls.jan_globex = cls._plain(
            "Jan Plantinga", cls.globex, email="jan@globex.example", mobile="06-12345678"
        )
        cls.jan_private = cls._plain(
            "Jan  Plantinga", email="jan@home.example", mobile="0031 (0)6 12 34 56 78"
        )
        # One human by email, at two companies, no private contact.
        cls.piet_acme = cls._plain("Piet Smit", cls.acme, email="piet@smit.example")
        cls.piet_globex = cls._plain("P. Smit", cls.globex, email="PIET@smit.example")
        # Namesakes: the same name, nothing else in common.
        cls.anna_acme = cls._plain("Anna Visser", cls.acme, phone="010 111 1111")
        cls.anna_globex = cls._plain("Anna Visser", cls.globex, phone="020 222 2222")
        # A shared mailbox is no evidence.
        cls.kees = cls._plain("Kees Info", cls.globex, email="info@globex.example")
        cls.lotte = cls._plain("Lotte Info", cls.globex, email="info@globex.example")
        cls.invoice_address = Partner.create(
            {"name": "Acme Billing", "parent_id": cls.acme.id, "type": "invoice"}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.jan_acme.id,
                "order_line": [
                    (
                        0,
                        0,
                        {"product_id": cls._product().id, "product_uom_qty": 3, "price_unit": 70},
                    )
                ],
            }
        )
        cls.order_total = cls.order.amount_total
        cls.message = cls.jan_globex.message_post(body="Met at the fair")
        cls.adoption_run = cls.env["crm.adoption.run"]._adopt_existing_contacts()
        cls.env.invalidate_all()

    @classmethod
    def _plain(cls, name, company=None, **vals):
        return cls.env["res.partner"].create(
            {"name": name, "parent_id": company.id if company else False, **vals}
        )

    @classmethod
    def _product(cls):
        return cls.env["product.product"].create({"name": "Adoption Widget", "list_price": 70})

    def test_companies_become_organisations(self):
        self.assertEqual((self.acme | self.globex).mapped("crm_kind"), ["organisation"] * 2)

    def test_private_contact_becomes_the_person_of_the_same_human(self):
        self.assertEqual(self.jan_private.crm_kind, "person")
        self.assertEqual((self.jan_acme | self.jan_globex).mapped("crm_kind"), ["role"] * 2)
        self.assertEqual(self.jan_acme.role_person_id, self.jan_private)
        self.assertEqual(self.jan_globex.role_person_id, self.jan_private)
        self.assertEqual(self.jan_private.firstname, "Jan")
        self.assertEqual(self.jan_private.lastname, "Plantinga")

    def test_same_email_across_companies_is_one_new_person(self):
        person = self.piet_acme.role_person_id
        self.assertEqual(person.crm_kind, "person")
        self.assertEqual(self.piet_globex.role_person_id, person)
        self.assertNotIn(person, self.piet_acme | self.piet_globex)
        self.assertEqual(person.name, "Piet Smit")
        # The role's name follows its person; its work email stays on the role.
        self.assertEqual(self.piet_globex.name, "Piet Smit")
        self.assertEqual(self.piet_globex.email, "PIET@smit.example")
        self.assertFalse(person.email)

    def test_namesakes_stay_apart_and_are_not_listed(self):
        # Nothing but the name in common (other phones): no evidence to review.
        first, second = self.anna_acme.role_person_id, self.anna_globex.role_person_id
        self.assertTrue(first and second)
        self.assertNotEqual(first, second)
        pair = self.env["crm.duplicate.pair"].search(
            [
                ("partner_a_id", "=", min(first.id, second.id)),
                ("partner_b_id", "=", max(first.id, second.id)),
            ]
        )
        self.assertFalse(pair)

    def test_shared_mailbox_joins_no_one(self):
        self.assertNotEqual(self.kees.role_person_id, self.lotte.role_person_id)

    def test_roles_start_undated_and_current(self):
        roles = self.jan_acme | self.piet_acme | self.anna_globex
        self.assertFalse(any(roles.mapped("role_date_start")))
        self.assertEqual(set(roles.mapped("role_state")), {"current"})

    def test_addresses_and_documents_stay_where_they_were(self):
        self.assertFalse(self.invoice_address.crm_kind)
        self.assertEqual(self.invoice_address.parent_id, self.acme)
        self.assertEqual(self.order.partner_id, self.jan_acme)
        self.assertEqual(self.order.amount_total, self.order_total)
        self.assertEqual(self.message.res_id, self.jan_globex.id)
        self.assertEqual(self.message.model, "res.partner")

    def test_summary_counts_what_was_done(self):
        run = self.adoption_run
        self.assertEqual(run.state, "done")
        self.assertGreaterEqual(run.organisation_count, 2)
        self.assertGreaterEqual(run.role_count, 8)
        self.assertGreaterEqual(run.joined_role_count, 3)
        self.assertIn("became roles", run.summary)

    def test_second_run_changes_nothing(self):
        before = self._partner_count()
        run = self.env["crm.adoption.run"]._adopt_existing_contacts()
        self.assertEqual((run.organisation_count, run.person_count, run.role_count), (0, 0, 0))
        self.assertEqual(self._partner_count(), before)

    def test_run_continues_after_an_interruption(self):
        """Organisations classified, then stopped: the next run does the rest once."""
        Partner = self.env["res.partner"]
        company = Partner.create({"name": "Initech Plain", "is_company": True})
        worker = self._plain("Milton Waddams", company, email="milton@initech.example")
        run = self.env["crm.adoption.run"].create({})
        run._classify_organisations(commit=False, batch_size=1)
        self.env.invalidate_all()
        self.assertEqual(company.crm_kind, "organisation")
        self.assertFalse(worker.crm_kind)
        run._run()
        self.env.invalidate_all()
        self.assertEqual(worker.crm_kind, "role")
        self.assertEqual(run.organisation_count, 0)
        self.assertEqual(run.role_count, 1)

    def test_new_contact_of_a_classified_company_joins_the_existing_person(self):
        company = self._create_organisation("Umbrella")
        contact = self._plain("Jan de Vries", company, email="jan@devries.example")
        self.env["crm.adoption.run"]._adopt_existing_contacts()
        self.env.invalidate_all()
        self.assertEqual(contact.role_person_id, self.person)

    def test_users_partners_are_left_alone(self):
        partner = self.user_salesman.partner_id
        partner.write({"parent_id": self.organisation.id})
        self.env["crm.adoption.run"]._adopt_existing_contacts()
        self.env.invalidate_all()
        self.assertFalse(partner.crm_kind)

    def test_query_count_does_not_grow_with_contacts(self):
        counts = []
        # The first size warms Odoo's caches (defaults, access rules) up.
        for size in (1, 3, 12):
            company = self.env["res.partner"].create({"name": f"Size {size}", "is_company": True})
            for index in range(size):
                self._plain(
                    f"Size{size} Person{index}", company, email=f"s{size}.{index}@x.example"
                )
            self.env.flush_all()
            start = self.env.cr.sql_log_count
            self.env["crm.adoption.run"]._adopt_existing_contacts()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[1], counts[2])

    def test_batches_of_one_classify_every_contact_once(self):
        """Each batch starts after the last id of the one before it."""
        Partner = self.env["res.partner"]
        companies = Partner.create([{"name": f"Batch Co {i}", "is_company": True} for i in (1, 2)])
        contacts = Partner.browse()
        for index in range(3):
            contacts |= self._plain(f"Batch Private{index}", email=f"bp{index}@x.example")
            contacts |= self._plain(
                f"Batch Worker{index}", companies[index % 2], email=f"bw{index}@x.example"
            )
        run = self.env["crm.adoption.run"]._adopt_existing_contacts(batch_size=1)
        self.env.invalidate_all()
        self.assertEqual(set(companies.mapped("crm_kind")), {"organisation"})
        self.assertEqual(sorted(contacts.mapped("crm_kind")), ["person"] * 3 + ["role"] * 3)
        self.assertEqual((run.organisation_count, run.person_count, run.role_count), (2, 3, 3))

    def test_duplicate_keys_are_indexed_again_after_the_run(self):
        """The keys are written without their indexes, which the run builds at the end."""
        self.env.cr.execute(
            """SELECT indexname FROM pg_indexes WHERE tablename = 'crm_duplicate_key'
                ORDER BY indexname"""
        )
        self.assertEqual(
            [row[0] for row in self.env.cr.fetchall()],
            ["crm_duplicate_key_key_index", "crm_duplicate_key_partner_index"],
        )
        persons = self.env["res.partner"]._crm_find_likely_persons(
            "Piet Smit", "piet@smit.example", None, None
        )
        self.assertIn(self.piet_acme.role_person_id, persons)

    def test_only_managers_run_it_from_the_menu(self):
        run = self.env["crm.adoption.run"].create({})
        with self.assertRefused(Exception, "sales managers|not allowed"):
            run.with_user(self.user_salesman).action_run()
        self.assertEqual(run.state, "draft")

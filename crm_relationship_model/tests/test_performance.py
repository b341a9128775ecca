# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.tests import Form, tagged, users, warmup

from .common import CrmQueryCountMixin, CrmRelationshipCommon

PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"
PERSON_LIST = "crm_relationship_model.res_partner_person_view_list"


@tagged("post_install", "-at_install", "is_query_count", "crm_rm_performance")
class TestPerformance(CrmQueryCountMixin, CrmRelationshipCommon):
    """Query counts stay flat: they do not grow with the number of roles or persons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        organisations = cls.env["res.partner"].create(
            [{"crm_kind": "organisation", "name": f"Organisatie {i:02d} BV"} for i in range(20)]
        )
        cls.person_2_roles = cls._create_person("Twee Rollen")
        cls.person_20_roles = cls._create_person("Twintig Rollen")
        for person, count in ((cls.person_2_roles, 2), (cls.person_20_roles, 20)):
            cls.env["res.partner"].create(
                [
                    {
                        "crm_kind": "role",
                        "role_person_id": person.id,
                        "parent_id": organisation.id,
                        "function": f"Functie {i}",
                        "crm_department": "Verkoop",
                        "email": f"rol{i}@{person.id}.example",
                        # Every other role has ended: both states are computed.
                        "role_date_start": cls.today - relativedelta(years=i + 2),
                        "role_date_end": (cls.today - relativedelta(years=1)) if i % 2 else False,
                    }
                    for i, organisation in enumerate(organisations[:count])
                ]
            )
        cls.persons_2 = cls.env["res.partner"].create(
            [{"crm_kind": "person", "name": f"Klein {i}"} for i in range(2)]
        )
        cls.persons_20 = cls.env["res.partner"].create(
            [{"crm_kind": "person", "name": f"Groot {i}"} for i in range(20)]
        )
        for persons in (cls.persons_2, cls.persons_20):
            cls.env["res.partner"].create(
                [
                    {
                        "crm_kind": "role",
                        "role_person_id": person.id,
                        "parent_id": organisations[i].id,
                        "function": "Adviseur",
                    }
                    for i, person in enumerate(persons)
                ]
            )

    def _person_form_spec(self):
        """What the person form reads (fields and sub-fields of its one2many lists),
        plus the position summary, counters and role_ids the work history reads."""
        person = self.person_2_roles.with_env(self.env)
        spec = dict(Form(person, view=PERSON_FORM)._view["fields_spec"])
        self.assertIn("person_role_ids", spec)
        spec.update(crm_position_summary={}, role_count={}, current_role_count={})
        spec["role_ids"] = {
            "fields": {
                "display_name": {},
                "function": {},
                "crm_department": {},
                "role_state": {},
                "role_date_start": {},
                "role_date_end": {},
                "email": {},
                "parent_id": {"fields": {"display_name": {}}},
            },
        }
        return spec

    @users("crm_rm_salesman")
    @warmup
    def test_opening_a_person_costs_the_same_with_2_or_20_roles(self):
        spec = self._person_form_spec()
        counts = {}
        for key, person in (("2 roles", self.person_2_roles), ("20 roles", self.person_20_roles)):
            # The Profile tab reads 4 queries; the complaint and open offer counts (grouped
            # counts over the roles the form read already) and crm_claim's own hidden
            # button's count 3; the segments and their history (Customer Value tab) 2.
            # 47 before the Purchase History tab's invoicing, categories and recent orders
            # were read by the tab when opened, and the claims counted in one query; 1 for
            # the work history's role rows (display names), read on their own since the
            # roles' purchases in the Positions list no longer read whole role rows (the
            # form as the web client reads it: 37.9 to 33.3 ms for a salesman).
            with self._count_queries(counts, key), self.assertQueryCount(crm_rm_salesman=44):
                [values] = person.with_env(self.env).web_read(spec)
            self.assertEqual(len(values["person_role_ids"]), int(key.split()[0]))
            self.assertEqual(values["role_count"], int(key.split()[0]))
            self.assertEqual(
                {role["role_state"] for role in values["role_ids"]}, {"current", "past"}
            )
        if self.warm:
            self.assertEqual(counts["2 roles"], counts["20 roles"], counts)

    @users("crm_rm_salesman")
    @warmup
    def test_listing_persons_costs_the_same_for_2_or_20(self):
        fields_spec = {
            name: {}
            for name in ("name", "crm_position_summary", "email", "phone", "city", "role_count")
        }
        counts = {}
        for key, persons in (("2", self.persons_2), ("20", self.persons_20)):
            with self._count_queries(counts, key), self.assertQueryCount(crm_rm_salesman=7):
                rows = persons.with_env(self.env).web_read(fields_spec)
            self.assertTrue(all(row["crm_position_summary"] for row in rows))
        if self.warm:
            self.assertEqual(counts["2"], counts["20"], counts)

    @users("crm_rm_salesman")
    @warmup
    def test_role_state_costs_no_query_per_role(self):
        Partner = self.env["res.partner"]
        counts = {}
        for key, person in (("2", self.person_2_roles), ("20", self.person_20_roles)):
            roles = Partner.search([("role_person_id", "=", person.id)])
            with self._count_queries(counts, key), self.assertQueryCount(crm_rm_salesman=3):
                states = roles.mapped("role_state")
            self.assertEqual(set(states), {"current", "past"})
            with (
                self._count_queries(counts, f"search {key}"),
                self.assertQueryCount(crm_rm_salesman=3),
            ):
                Partner.search([("role_person_id", "=", person.id), ("role_state", "=", "past")])
        if self.warm:
            self.assertEqual(counts["2"], counts["20"], counts)
            self.assertEqual(counts["search 2"], counts["search 20"], counts)

    def test_kind_lists_have_an_index_in_the_partners_order(self):
        # A list of one kind in res.partner's order (complete_name, id desc): without it
        # PostgreSQL walked the name index past every partner of other kinds.
        self.assertEqual(self.env["res.partner"]._order, "complete_name ASC, id DESC")
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'res_partner' AND indexname = %s",
            ["res_partner_crm_kind_complete_name_index"],
        )
        [(definition,)] = self.env.cr.fetchall()
        self.assertIn("(crm_kind, complete_name, id DESC)", definition)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CrmRelationshipCommon, new_portal_user

# Fault codes of Odoo's XML-RPC (odoo/addons/base/controllers/rpc.py).
FAULT_USER_ERROR = 2  # UserError, ValidationError: a message for the user, no traceback
FAULT_ACCESS_ERROR = 4


@tagged("post_install", "-at_install", "crm_rm_role")
class TestRoleRpc(CrmRelationshipCommon, HttpCase):
    """The model as an integration uses it: XML-RPC as a salesman with a password."""

    def _rpc(self, model, method, *args, user=None, **kwargs):
        user = user or self.user_salesman
        password = f"{user.login}-pw"
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        self.assertEqual(uid, user.id, "the integration logs in")
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)

    def _count(self, domain=()):
        return self._rpc(
            "res.partner", "search_count", list(domain), context={"active_test": False}
        )

    def _assert_refused(self, message, model, method, *args, code=FAULT_USER_ERROR, **kwargs):
        """The call fails with a message that says what to fix, and writes nothing."""
        count = self._count()
        with mute_logger("odoo.http"), self.assertRaises(Fault) as catcher:
            self._rpc(model, method, *args, **kwargs)
        self.assertEqual(catcher.exception.faultCode, code, catcher.exception.faultString)
        self.assertRegex(catcher.exception.faultString, message)
        self.assertEqual(self._count(), count, "nothing was written")
        return catcher.exception

    def test_integration_creates_person_organisation_and_role(self):
        person_id = self._rpc(
            "res.partner",
            "create",
            {"crm_kind": "person", "name": "Berg, Willem van den", "email": "willem@home.example"},
        )
        organisation_id = self._rpc(
            "res.partner", "create", {"crm_kind": "organisation", "name": "Zeilmakerij BV"}
        )
        start = (self.today - timedelta(days=30)).isoformat()
        role_id = self._rpc(
            "res.partner",
            "create",
            {
                "crm_kind": "role",
                "role_person_id": person_id,
                "parent_id": organisation_id,
                "function": "Sales Director",
                "crm_department": "Sales",
                "role_date_start": start,
                "email": "willem@zeilmakerij.example",
            },
        )
        [person] = self._rpc(
            "res.partner",
            "read",
            [person_id],
            ["name", "firstname", "lastname", "role_ids", "role_count", "is_company"],
        )
        self.assertEqual(
            (person["name"], person["firstname"], person["lastname"]),
            ("Willem van den Berg", "Willem", "van den Berg"),
        )
        self.assertEqual((person["role_ids"], person["role_count"]), ([role_id], 1))
        self.assertFalse(person["is_company"])
        [role] = self._rpc(
            "res.partner",
            "read",
            [role_id],
            ["name", "display_name", "commercial_partner_id", "role_state", "role_date_start"],
        )
        self.assertEqual(role["name"], "Willem van den Berg")
        self.assertEqual(role["display_name"], "Zeilmakerij BV, Willem van den Berg")
        self.assertEqual(role["commercial_partner_id"][0], organisation_id)
        self.assertEqual(role["role_state"], "current")
        self.assertEqual(role["role_date_start"], start)
        [organisation] = self._rpc("res.partner", "read", [organisation_id], ["role_ids"])
        self.assertEqual(organisation["role_ids"], [role_id])

    def test_integration_finds_current_roles_by_status(self):
        current = self._rpc(
            "res.partner",
            "search",
            [["role_person_id", "=", self.person.id], ["role_state", "=", "current"]],
        )
        self.assertEqual(current, self.role.ids)
        past = self._rpc(
            "res.partner",
            "search_read",
            [["role_person_id", "=", self.person.id], ["role_state", "in", ["past"]]],
            fields=["function", "role_state"],
        )
        self.assertEqual(
            past, [{"id": self.past_role.id, "function": "Consultant", "role_state": "past"}]
        )

    def test_integration_records_a_job_change(self):
        yesterday = (self.today - timedelta(days=1)).isoformat()
        self._rpc("res.partner", "write", [self.role.id], {"role_date_end": yesterday})
        new_role_id = self._rpc(
            "res.partner",
            "create",
            {
                "crm_kind": "role",
                "role_person_id": self.person.id,
                "parent_id": self.other_organisation.id,
                "function": "Partner",
                "role_date_start": self.today.isoformat(),
            },
        )
        states = {
            row["id"]: row["role_state"]
            for row in self._rpc(
                "res.partner",
                "search_read",
                [["role_person_id", "=", self.person.id]],
                fields=["role_state"],
            )
        }
        self.assertEqual(
            states,
            {self.past_role.id: "past", self.role.id: "past", new_role_id: "current"},
        )

    def test_role_without_person_is_refused(self):
        self._assert_refused(
            "A role needs a person",
            "res.partner",
            "create",
            {"crm_kind": "role", "parent_id": self.organisation.id, "function": "CFO"},
        )

    def test_role_without_organisation_is_refused(self):
        self._assert_refused(
            "A role needs an organisation",
            "res.partner",
            "create",
            {"crm_kind": "role", "role_person_id": self.other_person.id},
        )

    def test_role_linking_the_wrong_kinds_is_refused(self):
        self._assert_refused(
            "Polder Consult is not a person",
            "res.partner",
            "create",
            {
                "crm_kind": "role",
                "role_person_id": self.other_organisation.id,
                "parent_id": self.organisation.id,
            },
        )
        self._assert_refused(
            "Anna Bakker is not an organisation",
            "res.partner",
            "create",
            {
                "crm_kind": "role",
                "role_person_id": self.person.id,
                "parent_id": self.other_person.id,
            },
        )

    def test_role_ending_before_it_starts_is_refused(self):
        self._assert_refused(
            "ends .* before it starts .* Correct the end date",
            "res.partner",
            "create",
            {
                "crm_kind": "role",
                "role_person_id": self.other_person.id,
                "parent_id": self.organisation.id,
                "role_date_start": "2024-05-01",
                "role_date_end": "2024-04-01",
            },
        )
        self._assert_refused(
            "Correct the end date",
            "res.partner",
            "write",
            [self.role.id],
            {"role_date_end": "2000-01-01"},
        )
        [role] = self._rpc("res.partner", "read", [self.role.id], ["role_date_end"])
        self.assertFalse(role["role_date_end"])

    def test_moving_a_role_is_refused_even_with_a_crafted_context(self):
        for values in (
            {"parent_id": self.other_organisation.id},
            {"role_person_id": self.other_person.id},
        ):
            with self.subTest(values=values):
                self._assert_refused(
                    "cannot be moved .* End it .* start a new role",
                    "res.partner",
                    "write",
                    [self.role.id],
                    values,
                    context={"crm_skip_role_sync": True},
                )
        [role] = self._rpc("res.partner", "read", [self.role.id], ["parent_id", "role_person_id"])
        self.assertEqual(role["parent_id"][0], self.organisation.id)
        self.assertEqual(role["role_person_id"][0], self.person.id)

    def test_person_with_a_parent_is_refused(self):
        self._assert_refused(
            "cannot have a parent company",
            "res.partner",
            "create",
            {"crm_kind": "person", "name": "Piet Parent", "parent_id": self.organisation.id},
        )

    def test_salesman_cannot_delete_over_rpc(self):
        self._assert_refused(
            "not allowed to delete",
            "res.partner",
            "unlink",
            [self.other_person.id],
            code=FAULT_ACCESS_ERROR,
        )

    def test_manager_is_told_to_archive_a_person_with_roles(self):
        self._assert_refused(
            "has roles .* archive it instead",
            "res.partner",
            "unlink",
            [self.person.id],
            user=self.user_sales_manager,
        )
        self._rpc(
            "res.partner",
            "write",
            [self.person.id],
            {"active": False},
            user=self.user_sales_manager,
        )
        archived = self._rpc(
            "res.partner",
            "search",
            [
                ["id", "in", [self.person.id, self.role.id, self.past_role.id]],
                ["active", "=", False],
            ],
        )
        self.assertEqual(
            sorted(archived), sorted([self.person.id, self.role.id, self.past_role.id])
        )

    def test_portal_user_cannot_read_a_birthdate_over_rpc(self):
        portal = new_portal_user(self.env, "crm_rm_portal_rpc", self.person)
        [own] = self._rpc("res.partner", "read", [self.person.id], ["name"], user=portal)
        self.assertEqual(own["name"], "Jan de Vries")
        with mute_logger("odoo.http"), self.assertRaises(Fault) as catcher:
            self._rpc("res.partner", "read", [self.person.id], ["birthdate_date"], user=portal)
        self.assertEqual(catcher.exception.faultCode, FAULT_ACCESS_ERROR)
        self.assertIn("birthdate_date", catcher.exception.faultString)

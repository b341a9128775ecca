# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CrmHouseholdCommon

# Fault code of Odoo's XML-RPC for UserError and ValidationError (a message, no traceback).
FAULT_USER_ERROR = 2


@tagged("post_install", "-at_install", "crm_hh_rpc")
class TestHouseholdRpc(CrmHouseholdCommon, HttpCase):
    """Households as an integration uses them: XML-RPC as a salesman with a password."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household = cls._create_household("RPC Huis", **cls.address_canal)
        cls.other_household = cls._create_household("RPC Dijkhuis", **cls.address_dike)

    def _rpc(self, model, method, *args, **kwargs):
        user = self.user_salesman
        password = f"{user.login}-pw"
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        self.assertEqual(uid, user.id, "the integration logs in")
        result = self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)
        self.env.invalidate_all()
        return result

    def _counts(self):
        return (
            self.env["crm.household.member"].search_count([]),
            self.env["res.partner"].with_context(active_test=False).search_count([]),
        )

    def _assert_refused(self, message, model, method, *args, **kwargs):
        """The call fails with a message that says what to fix, and writes nothing."""
        counts = self._counts()
        with mute_logger("odoo.http"), self.assertRaises(Fault) as catcher:
            self._rpc(model, method, *args, **kwargs)
        self.assertEqual(
            catcher.exception.faultCode, FAULT_USER_ERROR, catcher.exception.faultString
        )
        self.assertRegex(catcher.exception.faultString, message)
        self.assertEqual(self._counts(), counts, "nothing was written")

    def test_integration_creates_a_household_with_its_members(self):
        household_id = self._rpc(
            "res.partner",
            "create",
            {
                "crm_kind": "household",
                "street": "Laan 1",
                "city": "Delft",
                "household_member_ids": [
                    [0, 0, {"person_id": self.person.id, "relation": "head"}],
                    [0, 0, {"person_id": self.other_person.id, "relation": "partner"}],
                ],
            },
        )
        [household] = self._rpc(
            "res.partner",
            "read",
            [household_id],
            ["name", "household_salutation", "household_member_count", "household_status"],
        )
        self.assertEqual(household["name"], "De Vries-Bakker")
        self.assertEqual(household["household_salutation"], "Dear Jan de Vries and Anna Bakker")
        self.assertEqual(household["household_member_count"], 2)
        self.assertEqual(household["household_status"], "prospect")
        persons = self._rpc(
            "res.partner",
            "search_read",
            [["household_id", "=", household_id]],
            fields=["name", "street", "city", "household_id"],
            order="name",
        )
        self.assertEqual(
            [(p["name"], p["street"], p["city"], p["household_id"][0]) for p in persons],
            [
                ("Anna Bakker", "Laan 1", "Delft", household_id),
                ("Jan de Vries", "Laan 1", "Delft", household_id),
            ],
        )

    def test_integration_moves_a_person_and_reads_the_history(self):
        start = (self.today - timedelta(days=365)).isoformat()
        member_id = self._rpc(
            "crm.household.member",
            "create",
            {"household_id": self.household.id, "person_id": self.person.id, "date_start": start},
        )
        # The end date is the last day there: yesterday, for a move today.
        yesterday = (self.today - timedelta(days=1)).isoformat()
        self._rpc("crm.household.member", "write", [member_id], {"date_end": yesterday})
        self._rpc(
            "crm.household.member",
            "create",
            {
                "household_id": self.other_household.id,
                "person_id": self.person.id,
                "relation": "head",
                "date_start": self.today.isoformat(),
            },
        )
        history = self._rpc(
            "crm.household.member",
            "search_read",
            [["person_id", "=", self.person.id]],
            fields=["household_id", "date_start", "date_end", "state", "address"],
        )
        self.assertEqual(
            [(h["household_id"][0], h["state"], h["address"]) for h in history],
            [
                (self.other_household.id, "current", "Dijkweg 5, 1619 AA Andijk, Netherlands"),
                (self.household.id, "past", "Prinsengracht 263, 1016 GV Amsterdam, Netherlands"),
            ],
        )
        [person] = self._rpc("res.partner", "read", [self.person.id], ["household_id", "city"])
        self.assertEqual(
            (person["household_id"][0], person["city"]), (self.other_household.id, "Andijk")
        )

    def test_integration_sets_the_household_of_a_person(self):
        self._rpc(
            "res.partner", "write", [self.other_person.id], {"household_id": self.household.id}
        )
        self.assertEqual(self.other_person.household_id, self.household)
        self.assertEqual(self.other_person.city, "Amsterdam")

    def test_household_address_change_reaches_the_members(self):
        self._add_member(self.household, self.person)
        self._rpc("res.partner", "write", [self.household.id], {"street": "Herengracht 1"})
        self.assertEqual(self.person.street, "Herengracht 1")

    def test_status_on_demand(self):
        self._add_member(self.household, self.person)
        self._confirmed_order(self.person, self.today)
        self._rpc("res.partner", "action_recompute_household_status", [self.household.id])
        self.assertEqual(self.household.household_status, "customer")

    def test_one_per_household_selection(self):
        self._add_member(self.household, self.person, "head")
        self._add_member(self.household, self.other_person, "partner")
        rows = self._rpc(
            "crm.household.mailing.recipient",
            "search_read",
            [["person_ids", "in", [self.person.id, self.other_person.id]]],
            fields=["name", "salutation", "street", "city"],
        )
        self.assertEqual(
            rows,
            [
                {
                    "id": self.household.id,
                    "name": "RPC Huis",
                    "salutation": "Dear Jan de Vries and Anna Bakker",
                    "street": "Prinsengracht 263",
                    "city": "Amsterdam",
                }
            ],
        )

    def test_person_in_two_households_is_refused(self):
        self._add_member(self.household, self.person)
        self._assert_refused(
            "cannot live in RPC Dijkhuis and RPC Huis at the same time",
            "crm.household.member",
            "create",
            {"household_id": self.other_household.id, "person_id": self.person.id},
        )

    def test_two_current_heads_are_refused(self):
        self._add_member(self.household, self.person, "head")
        self._assert_refused(
            "RPC Huis cannot have two heads at the same time",
            "crm.household.member",
            "create",
            {
                "household_id": self.household.id,
                "person_id": self.other_person.id,
                "relation": "head",
            },
        )

    def test_a_member_who_is_not_a_person_is_refused(self):
        self._assert_refused(
            "Windmolen BV is not a person",
            "crm.household.member",
            "create",
            {"household_id": self.household.id, "person_id": self.organisation.id},
        )
        self._assert_refused(
            "is not a person",
            "res.partner",
            "create",
            {
                "crm_kind": "household",
                "name": "Half Huis",
                "household_member_ids": [[0, 0, {"person_id": self.role.id}]],
            },
        )

    def test_moving_out_before_moving_in_is_refused(self):
        self._assert_refused(
            "cannot move out of RPC Huis .* before moving in",
            "crm.household.member",
            "create",
            {
                "household_id": self.household.id,
                "person_id": self.person.id,
                "date_start": self.today.isoformat(),
                "date_end": (self.today - timedelta(days=1)).isoformat(),
            },
        )

    def test_deleting_a_household_with_members_is_refused(self):
        self._add_member(self.household, self.person)
        self.user_salesman.groups_id += self.env.ref("sales_team.group_sale_manager")
        self._assert_refused(
            "has members .* archive it instead", "res.partner", "unlink", [self.household.id]
        )
        self._rpc("res.partner", "write", [self.household.id], {"active": False})
        self.assertFalse(self.household.active)

    def test_deleting_a_household_with_orders_is_refused(self):
        self._confirmed_order(self.household, self.today)
        self.user_salesman.groups_id += self.env.ref("sales_team.group_sale_manager")
        self._assert_refused(
            "RPC Huis has sales orders or invoices", "res.partner", "unlink", [self.household.id]
        )

    def test_writing_a_members_address_is_refused(self):
        self._add_member(self.household, self.person)
        self._assert_refused(
            "their private address is the household's",
            "res.partner",
            "write",
            [self.person.id],
            {"city": "Rotterdam"},
        )
        self.assertEqual(self.person.city, "Amsterdam")

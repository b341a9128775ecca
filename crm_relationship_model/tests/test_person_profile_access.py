# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from xmlrpc.client import Fault

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CrmRelationshipCommon, new_portal_user
from .test_role_rpc import FAULT_ACCESS_ERROR

# Values no refusal may show.
OCCUPATION = "Geheim beroep 4711"
INTEREST = "Geheime hobby 4711"
PROFILE_READ = [
    "crm_occupation",
    "crm_employment_status",
    "crm_education_level_id",
    "crm_income_band_id",
    "crm_interest_ids",
    "crm_preferred_channel",
    "crm_preferred_daypart",
    "crm_preferred_weekday_ids",
    "crm_stated_category_ids",
    "crm_club_role_ids",
]
VOCABULARIES = (
    "crm.education.level",
    "crm.income.band",
    "crm.interest",
    "crm.interest.category",
    "crm.weekday",
)


class PersonProfileAccessCommon(CrmRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.interest = cls.env["crm.interest"].create({"name": INTEREST})
        cls.person.write(
            {
                "crm_occupation": OCCUPATION,
                "crm_employment_status": "student",
                "crm_preferred_channel": "sms",
                "crm_interest_ids": [Command.set(cls.interest.ids)],
                "crm_education_level_id": cls.env.ref(
                    "crm_relationship_model.crm_education_level_bachelor"
                ).id,
            }
        )
        # A private customer with portal access, whose own partner has a profile.
        cls.user_portal_person = new_portal_user(cls.env, "crm_rm_portal_profile", cls.person)
        cls.sales_users = cls.user_salesman | cls.user_sales_manager
        # Exporting is a right of its own; with it, the profile's groups still hold.
        export = cls.env.ref("base.group_allow_export")
        (cls.sales_users | cls.user_portal_person).write({"groups_id": [Command.link(export.id)]})

    def _assert_no_leak(self, text):
        self.assertNotIn(OCCUPATION, text)
        self.assertNotIn(INTEREST, text)


@tagged("post_install", "-at_install", "crm_rm_profile")
class TestPersonProfileAccess(PersonProfileAccessCommon):
    """Who reads and writes a profile, and its lists, through the ORM."""

    def test_sales_users_read_write_search_and_export_the_profile(self):
        for user in self.sales_users:
            with self.subTest(user=user.login):
                person = self.person.with_user(user)
                [values] = person.read(PROFILE_READ)
                self.assertEqual(values["crm_occupation"], self.person.crm_occupation)
                self.assertEqual(values["crm_interest_ids"], self.interest.ids)
                person.write({"crm_occupation": f"Teacher ({user.login})"})
                self.assertEqual(self.person.crm_occupation, f"Teacher ({user.login})")
                found = person.search([("crm_employment_status", "=", "student")])
                self.assertIn(self.person, found)
                rows = person.export_data(["name", "crm_occupation", "crm_interest_ids/name"])
                self.assertEqual(
                    rows["datas"], [[self.person.name, f"Teacher ({user.login})", INTEREST]]
                )

    def test_salesmen_read_the_lists_and_managers_configure_them(self):
        for model in VOCABULARIES:
            with self.subTest(model=model):
                Model = self.env[model]
                self.assertTrue(Model.with_user(self.user_salesman).has_access("read"))
                self.assertFalse(Model.with_user(self.user_salesman).has_access("create"))
                self.assertFalse(Model.with_user(self.user_salesman).has_access("write"))
                for operation in ("read", "create", "write", "unlink"):
                    self.assertTrue(Model.with_user(self.user_sales_manager).has_access(operation))
                self.assertFalse(Model.with_user(self.user_portal).has_access("read"))
        with self.assertRaises(AccessError):
            self.env["crm.interest"].with_user(self.user_salesman).create({"name": "Golf"})
        golf = self.env["crm.interest"].with_user(self.user_sales_manager).create({"name": "Golf"})
        self.assertEqual(golf.name, "Golf")

    def test_employees_read_the_profile_but_do_not_write_it(self):
        person = self.person.with_user(self.user_employee)
        [values] = person.read(["crm_occupation", "crm_employment_status"])
        self.assertEqual(values["crm_occupation"], OCCUPATION)
        with self.assertRaises(AccessError):
            person.write({"crm_occupation": "Changed"})
        self.assertEqual(self.person.crm_occupation, OCCUPATION)

    def test_portal_users_see_nothing_of_their_own_profile(self):
        Partner = self.env["res.partner"].with_user(self.user_portal_person)
        own = Partner.browse(self.user_portal_person.partner_id.id)
        self.assertEqual(own, self.person)
        self.assertFalse(
            set(PROFILE_READ) & set(Partner.fields_get()), "no profile field is listed"
        )
        self.assertEqual(own.read(["name"])[0]["name"], self.person.name, "their name they read")
        for field in PROFILE_READ:
            with self.subTest(field=field):
                with self.assertRaises(AccessError) as catcher:
                    own.read([field])
                self._assert_no_leak(str(catcher.exception))
        with self.assertRaises(AccessError) as catcher:
            Partner.search([("crm_occupation", "=", OCCUPATION)])
        self._assert_no_leak(str(catcher.exception))
        with self.assertRaises(AccessError) as catcher:
            own.export_data(["crm_occupation"])
        self._assert_no_leak(str(catcher.exception))
        with self.assertRaises(AccessError):
            own.write({"crm_occupation": "Changed"})
        self.assertEqual(self.person.crm_occupation, OCCUPATION)

    def test_portal_users_do_not_read_the_lists(self):
        for model in VOCABULARIES:
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.user_portal_person).search([])


@tagged("post_install", "-at_install", "crm_rm_profile")
class TestPersonProfileRpc(PersonProfileAccessCommon, HttpCase):
    """The same over XML-RPC, as an integration or a portal user's client calls it."""

    def _rpc(self, user, model, method, *args, **kwargs):
        password = f"{user.login}-pw"
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        self.assertEqual(uid, user.id)
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)

    def _assert_rpc_refused(self, user, model, method, *args, **kwargs):
        with mute_logger("odoo.http"), self.assertRaises(Fault) as catcher:
            self._rpc(user, model, method, *args, **kwargs)
        self.assertEqual(catcher.exception.faultCode, FAULT_ACCESS_ERROR)
        self._assert_no_leak(catcher.exception.faultString)

    def test_sales_users_read_write_search_and_export_over_rpc(self):
        for user in self.sales_users:
            with self.subTest(user=user.login):
                [values] = self._rpc(user, "res.partner", "read", [self.person.id], PROFILE_READ)
                self.assertEqual(values["crm_employment_status"], "student")
                self.assertEqual(values["crm_interest_ids"], self.interest.ids)
                self._rpc(
                    user,
                    "res.partner",
                    "write",
                    [self.person.id],
                    {"crm_preferred_channel": "post", "crm_occupation": OCCUPATION},
                )
                ids = self._rpc(
                    user, "res.partner", "search", [("crm_preferred_channel", "=", "post")]
                )
                self.assertIn(self.person.id, ids)
                rows = self._rpc(
                    user,
                    "res.partner",
                    "export_data",
                    [self.person.id],
                    ["crm_occupation", "crm_preferred_channel"],
                )
                self.assertEqual(rows["datas"], [[OCCUPATION, "Post"]])

    def test_portal_user_is_refused_everything_of_the_profile_over_rpc(self):
        user = self.user_portal_person
        person_id = self.person.id
        [own] = self._rpc(user, "res.partner", "read", [person_id], ["name"])
        self.assertEqual(own["name"], self.person.name)
        self._assert_rpc_refused(user, "res.partner", "read", [person_id], ["crm_occupation"])
        self._assert_rpc_refused(user, "res.partner", "read", [person_id], ["crm_interest_ids"])
        self._assert_rpc_refused(
            user, "res.partner", "search", [("crm_occupation", "ilike", "Geheim")]
        )
        self._assert_rpc_refused(
            user, "res.partner", "export_data", [person_id], ["crm_occupation"]
        )
        self._assert_rpc_refused(
            user, "res.partner", "write", [person_id], {"crm_occupation": "Changed"}
        )
        self._assert_rpc_refused(user, "crm.interest", "search_read", [], ["name"])
        fields = self._rpc(user, "res.partner", "fields_get", [], attributes=["string"])
        self.assertFalse(set(PROFILE_READ) & set(fields))
        self.assertEqual(self.person.crm_occupation, OCCUPATION, "nothing was written")

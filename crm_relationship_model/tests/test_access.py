# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CrmRelationshipCommon, new_portal_user


@tagged("post_install", "-at_install", "crm_rm_access")
class TestAccess(CrmRelationshipCommon):
    """Who reads, writes, creates and deletes each kind (security/)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.internal_users = (
            cls.user_salesman
            | cls.user_salesman_all_leads
            | cls.user_salesman_contacts
            | cls.user_sales_manager
            | cls.user_employee
        )
        cls.sales_users = cls.internal_users - cls.user_employee
        # A customer's employee with portal access: their user's partner is their role.
        cls.user_portal_role = new_portal_user(cls.env, "crm_rm_portal_role", cls.role)
        # A private customer with portal access: their user's partner is the person.
        cls.user_portal_person = new_portal_user(cls.env, "crm_rm_portal_person", cls.other_person)
        cls.other_person.birthdate_date = "1990-02-03"

    def _kinds(self):
        return {
            "person": self.person,
            "organisation": self.organisation,
            "role": self.role,
        }

    def _new_of_each_kind(self, env):
        """A person, an organisation and a role, without history, made in env."""
        person = self._create_person("Nieuw Persoon", env=env)
        organisation = self._create_organisation("Nieuw BV", env=env)
        role = self._create_role(person, organisation, env=env, function="Stagiair")
        return {"person": person, "organisation": organisation, "role": role}

    def test_internal_users_read_every_kind(self):
        for user in self.internal_users:
            for kind, partner in self._kinds().items():
                with self.subTest(user=user.login, kind=kind):
                    values = partner.with_user(user).read(["name", "crm_kind", "birthdate_date"])
                    self.assertEqual(values[0]["crm_kind"], kind)

    def test_sales_users_create_and_write_every_kind(self):
        for user in self.sales_users:
            with self.subTest(user=user.login):
                env = self.env(user=user)
                created = self._new_of_each_kind(env)
                self.assertEqual(created["role"].commercial_partner_id, created["organisation"])
                for partner in self._kinds().values():
                    partner.with_user(user).write({"comment": f"Checked by {user.login}"})
                    self.assertEqual(partner.comment, f"<p>Checked by {user.login}</p>")
                self.person.with_user(user).birthdate_date = "1980-05-18"

    def test_employees_outside_sales_cannot_create_or_write(self):
        env = self.env(user=self.user_employee)
        with self.assertRaises(AccessError):
            self._create_person("Niet Toegestaan", env=env)
        for kind, partner in self._kinds().items():
            with self.subTest(kind=kind), self.assertRaises(AccessError):
                partner.with_user(self.user_employee).write({"comment": "no"})

    def test_salesmen_cannot_delete_any_kind(self):
        created = self._new_of_each_kind(self.env)
        for user in (self.user_salesman, self.user_salesman_all_leads, self.user_employee):
            for kind in ("role", "person", "organisation"):
                with self.subTest(user=user.login, kind=kind), self.assertRaises(AccessError):
                    created[kind].with_user(user).unlink()
        self.assertTrue(all(record.exists() for record in created.values()))

    def test_contact_creation_right_does_not_delete_relationship_records(self):
        """Odoo gives new users Contact Creation; it must not bypass the sales managers."""
        created = self._new_of_each_kind(self.env)
        for kind in ("role", "person", "organisation"):
            with self.subTest(kind=kind), self.assertRaises(AccessError):
                created[kind].with_user(self.user_salesman_contacts).unlink()
        address = self.env["res.partner"].create({"name": "Unclassified Contact"})
        address.with_user(self.user_salesman_contacts).unlink()
        self.assertFalse(address.exists(), "unclassified partners keep Odoo's rights")

    def test_sales_managers_delete_kinds_without_history(self):
        created = self._new_of_each_kind(self.env(user=self.user_sales_manager))
        for kind in ("role", "person", "organisation"):
            created[kind].with_user(self.user_sales_manager).unlink()
            self.assertFalse(created[kind].exists(), kind)

    def test_administrators_delete_any_partner(self):
        created = self._new_of_each_kind(self.env)
        for kind in ("role", "person", "organisation"):
            created[kind].with_user(self.user_admin).unlink()
            self.assertFalse(created[kind].exists(), kind)

    def test_portal_user_reads_only_their_own_commercial_partner(self):
        portal = self.user_portal_role
        self.assertEqual(portal.partner_id, self.role)
        readable = (self.role | self.organisation).with_user(portal).read(["name"])
        self.assertEqual({row["id"] for row in readable}, {self.role.id, self.organisation.id})
        for other in (self.person, self.other_person, self.other_organisation, self.past_role):
            with self.subTest(partner=other.display_name), self.assertRaises(AccessError):
                other.with_user(portal).read(["name"])
        visible = self.env["res.partner"].with_user(portal).search([("crm_kind", "!=", False)])
        self.assertEqual(visible, self.organisation | self.role)

    def test_portal_person_does_not_see_the_roles_of_others(self):
        portal = self.user_portal_person
        person = self.other_person.with_user(portal)
        self.assertEqual(person.name, "Anna Bakker")
        self._create_role(self.other_person, self.organisation, function="Buyer")
        self.env.invalidate_all()
        self.assertFalse(person.role_ids, "roles belong to organisations the portal cannot read")
        [values] = person.read(
            ["role_ids", "person_role_ids", "role_count", "crm_position_summary"]
        )
        self.assertEqual(
            (values["role_ids"], values["person_role_ids"], values["role_count"]), ([], [], 0)
        )
        self.assertFalse(values["crm_position_summary"])
        self.assertFalse(self.person.with_user(portal).has_access("read"))

    def test_portal_users_cannot_write_create_or_delete(self):
        for portal, own in (
            (self.user_portal_role, self.role),
            (self.user_portal_person, self.other_person),
        ):
            with self.subTest(user=portal.login):
                with self.assertRaises(AccessError):
                    own.with_user(portal).write({"comment": "mine"})
                with self.assertRaises(AccessError):
                    self._create_person("Portaal Persoon", env=self.env(user=portal))
                with self.assertRaises(AccessError):
                    own.with_user(portal).unlink()

    def test_birthdate_is_hidden_from_portal_users(self):
        person = self.other_person.with_user(self.user_portal_person)
        self.assertEqual(person.read(["name"])[0]["name"], "Anna Bakker")
        with self.assertRaises(AccessError):
            person.read(["birthdate_date"])
        self.assertNotIn("birthdate_date", person.fields_get())
        self.assertIn(
            "birthdate_date", self.other_person.with_user(self.user_employee).fields_get()
        )

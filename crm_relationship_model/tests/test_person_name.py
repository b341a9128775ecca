# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from unittest.mock import patch

from lxml import etree

from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, tagged

from ..tools.names import FIRST_LAST, LAST_FIRST, LAST_FIRST_COMMA, split_person_name
from .common import CrmRelationshipCommon

PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"

# (first name, last name, the name composed in each of partner_firstname's orders)
PARTICLE_NAMES = [
    ("Jan Willem", "van Dijk", {
        FIRST_LAST: "Jan Willem van Dijk",
        LAST_FIRST: "van Dijk Jan Willem",
        LAST_FIRST_COMMA: "van Dijk, Jan Willem",
    }),
    ("Fatima", "El Amrani", {
        FIRST_LAST: "Fatima El Amrani",
        LAST_FIRST: "El Amrani Fatima",
        LAST_FIRST_COMMA: "El Amrani, Fatima",
    }),
    ("Ahmed", "bin Said", {
        FIRST_LAST: "Ahmed bin Said",
        LAST_FIRST: "bin Said Ahmed",
        LAST_FIRST_COMMA: "bin Said, Ahmed",
    }),
]  # fmt: skip
ORDERS = (FIRST_LAST, LAST_FIRST, LAST_FIRST_COMMA)


class NameOrderMixin:
    @contextmanager
    def name_order(self, order):
        """partner_firstname's setting, as an administrator sets it in General Settings."""
        parameter = self.env["ir.config_parameter"].sudo()
        previous = parameter.get_param("partner_names_order")
        parameter.set_param("partner_names_order", order)
        try:
            with self.subTest(order=order):
                yield
        finally:
            parameter.set_param("partner_names_order", previous or FIRST_LAST)


@tagged("post_install", "-at_install", "crm_rm_person")
class TestPersonName(NameOrderMixin, CrmRelationshipCommon):
    def test_split_rule_keeps_particles_with_the_last_name(self):
        for first, last, names in PARTICLE_NAMES:
            for order in ORDERS:
                with self.subTest(name=names[order], order=order):
                    self.assertEqual(split_person_name(names[order], order), (first, last))
        self.assertEqual(split_person_name("Vries, Jan de"), ("Jan", "de Vries"))
        self.assertEqual(split_person_name("Madonna", LAST_FIRST), (False, "Madonna"))
        self.assertEqual(split_person_name("  "), (False, False))

    def test_typed_names_split_right_in_every_order(self):
        for order in ORDERS:
            with self.name_order(order):
                for first, last, names in PARTICLE_NAMES:
                    person = self._create_person(names[order])
                    self.assertEqual(
                        (person.firstname, person.lastname, person.name),
                        (first, last, names[order]),
                    )

    def test_names_and_roles_follow_the_name_order(self):
        for order in ORDERS:
            with self.name_order(order):
                first, last, names = PARTICLE_NAMES[0]
                person = self.env["res.partner"].create(
                    {"crm_kind": "person", "firstname": first, "lastname": last}
                )
                role = self._create_role(person, self.organisation, function="Buyer")
                self.assertEqual(person.name, names[order])
                self.assertEqual(role.name, names[order])
                self.assertEqual((role.firstname, role.lastname), (first, last))
                person.lastname = "van den Berg"
                composed = self.env["res.partner"]._crm_compose_name(first, "van den Berg")
                self.assertEqual(person.name, composed)
                self.assertEqual(role.name, composed)

    def test_person_form_shows_one_set_of_name_fields_in_the_name_order(self):
        for order in (FIRST_LAST, LAST_FIRST):
            with self.name_order(order):
                form = Form(
                    self.env["res.partner"].with_context(default_crm_kind="person"),
                    view=PERSON_FORM,
                )
                form.firstname = "Jan Willem"
                form.lastname = "van Dijk"
                person = form.save()
                self.assertEqual(person.name, PARTICLE_NAMES[0][2][order])
        arch = etree.fromstring(self.env.ref(PERSON_FORM).get_combined_arch())
        [title] = arch.xpath("//div[hasclass('oe_title')]")
        # One first name; the last name before or after it, as the order says.
        self.assertEqual(len(title.xpath(".//field[@name='firstname']")), 1)
        self.assertEqual(len(title.xpath(".//field[@name='lastname']")), 2)
        self.assertFalse(title.xpath(".//div[hasclass('oe_edit_only')]"))

    def test_a_retyped_name_reaches_the_roles(self):
        self.person.name = "Berg, Johan van den"
        for partner in (self.person, self.role, self.past_role):
            self.assertEqual(
                (partner.firstname, partner.lastname, partner.name),
                ("Johan", "van den Berg", "Johan van den Berg"),
            )

    def test_a_person_without_any_name_is_refused(self):
        count = self._partner_count()
        with self.assertRefused(ValidationError, "A person needs a name"):
            self.env["res.partner"].create(
                {"crm_kind": "person", "firstname": False, "lastname": False, "email": "x@y.z"}
            )
        with self.assertRefused(ValidationError, "fill in the first name, the last name"):
            self.person.write({"firstname": False, "lastname": False})
        self.assertEqual(self.person.name, "Jan de Vries")
        self.assertEqual(self._partner_count(), count)

    def test_csv_import_splits_the_names(self):
        for order in (FIRST_LAST, LAST_FIRST):
            with self.name_order(order):
                typed = PARTICLE_NAMES[0][2][order]
                csv = f'name,crm_kind\n{typed},person\n"Amrani, Fatima El",person\n'
                wizard = self.env["base_import.import"].create(
                    {
                        "res_model": "res.partner",
                        "file": csv.encode(),
                        "file_type": "text/csv",
                        "file_name": "persons.csv",
                    }
                )
                result = wizard.execute_import(
                    ["name", "crm_kind"],
                    ["name", "crm_kind"],
                    {"has_headers": True, "separator": ",", "quoting": '"'},
                )
                self.assertFalse(result["messages"], result["messages"])
                persons = self.env["res.partner"].browse(result["ids"])
                self.assertEqual(
                    [(p.firstname, p.lastname, p.name) for p in persons],
                    [
                        ("Jan Willem", "van Dijk", typed),
                        ("Fatima", "El Amrani", PARTICLE_NAMES[1][2][order]),
                    ],
                )

    def test_birthdate_is_the_oca_field_with_its_age(self):
        self.assertEqual(str(self.person.birthdate_date), "1980-05-17")
        self.assertGreaterEqual(self.person.age, 45)

    def test_a_batch_of_names_reads_the_name_order_once(self):
        Partner = self.env["res.partner"]
        Parameter = type(self.env["ir.config_parameter"])
        reads = []
        original = Parameter.get_param

        def get_param(parameter, key, default=False):
            reads.append(key)
            return original(parameter, key, default)

        for order in (FIRST_LAST, LAST_FIRST):
            with self.name_order(order), patch.object(Parameter, "get_param", get_param):
                reads.clear()
                with Partner._crm_names_order_fixed():
                    parts = [Partner._crm_split_name(names[order]) for *_, names in PARTICLE_NAMES]
                    composed = [Partner._crm_compose_name(*part) for part in parts]
                self.assertEqual(reads.count("partner_names_order"), 1)
                self.assertEqual(parts, [(first, last) for first, last, _ in PARTICLE_NAMES])
                self.assertEqual(composed, [names[order] for *_, names in PARTICLE_NAMES])
                # Outside the batch the setting is read again, as it may have changed.
                Partner._crm_split_name("Jan de Vries")
                self.assertEqual(reads.count("partner_names_order"), 2)


@tagged("post_install", "-at_install", "crm_rm_person")
class TestPersonNameRpc(NameOrderMixin, CrmRelationshipCommon, HttpCase):
    """create and write over XML-RPC, as an integration calls them."""

    def _rpc(self, method, *args):
        user = self.user_salesman
        password = f"{user.login}-pw"
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        return self.xmlrpc_object.execute_kw(db, uid, password, "res.partner", method, list(args))

    def test_names_split_over_rpc_in_both_orders(self):
        for order in (FIRST_LAST, LAST_FIRST):
            with self.name_order(order):
                for first, last, names in PARTICLE_NAMES:
                    person_id = self._rpc("create", {"crm_kind": "person", "name": names[order]})
                    [person] = self._rpc("read", [person_id], ["firstname", "lastname", "name"])
                    self.assertEqual(
                        (person["firstname"], person["lastname"], person["name"]),
                        (first, last, names[order]),
                    )
                self._rpc("write", [person_id], {"name": PARTICLE_NAMES[0][2][order]})
                [person] = self._rpc("read", [person_id], ["firstname", "lastname"])
                self.assertEqual(
                    (person["firstname"], person["lastname"]), ("Jan Willem", "van Dijk")
                )

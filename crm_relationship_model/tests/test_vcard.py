# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import vobject
from dateutil.relativedelta import relativedelta

from odoo.tests import HttpCase, tagged

from .common import CrmRelationshipCommon


@tagged("post_install", "-at_install", "crm_rm_vcard")
class TestVcard(CrmRelationshipCommon, HttpCase):
    """A salesman downloads a person's vCard as the web client does (the "Download
    (vCard)" action, then its URL): names apart, each current position, work and
    private addresses told apart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person.mobile = "+31 6 3333 3333"
        cls.board = cls._create_organisation("Zuiderzee Advies")
        cls.board_role = cls._create_role(
            cls.person,
            cls.board,
            function="Board Member",
            crm_department="Supervisory Board",
            role_date_start=cls.today - relativedelta(months=3),
            email="jan@zuiderzee.example",
            mobile="+31 6 4444 4444",
        )
        cls.future_role = cls._create_role(
            cls.person,
            cls.other_organisation,
            function="Partner",
            role_date_start=cls.today + relativedelta(months=1),
        )

    def _download_vcard(self, partner, user):
        self.authenticate(user.login, f"{user.login}-pw")
        action = (
            self.env.ref("web.download_contact")
            .with_user(user)
            .with_context(active_model="res.partner", active_ids=partner.ids, active_id=partner.id)
            .run()
        )
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/vcard")
        return vobject.readOne(response.content.decode())

    def _lines(self, card, name):
        return card.contents.get(name, [])

    def _types(self, line):
        return {value.upper() for value in line.params.get("TYPE", [])}

    def test_name_is_split_in_first_and_last_name(self):
        card = self._download_vcard(self.person, self.user_salesman)
        self.assertEqual(card.n.value.given, "Jan")
        self.assertEqual(card.n.value.family, "de Vries")
        self.assertEqual(card.fn.value, "Jan de Vries")

    def test_each_current_role_gives_its_organisation_and_job_title(self):
        card = self._download_vcard(self.person, self.user_salesman)
        positions = {line.group: (tuple(line.value), None) for line in self._lines(card, "org")}
        for line in self._lines(card, "title"):
            positions[line.group] = (positions[line.group][0], line.value)
        self.assertEqual(
            sorted(positions.values()),
            [
                (("Windmolen BV",), "CTO"),
                (("Zuiderzee Advies", "Supervisory Board"), "Board Member"),
            ],
        )

    def test_ended_and_future_roles_are_left_out(self):
        card = self._download_vcard(self.person, self.user_salesman)
        organisations = [line.value[0] for line in self._lines(card, "org")]
        self.assertNotIn("Polder Consult", organisations)
        self.assertEqual(len(organisations), 2)
        self.assertNotIn("Consultant", [line.value for line in self._lines(card, "title")])
        self.assertNotIn("Partner", [line.value for line in self._lines(card, "title")])

    def test_work_and_private_emails_are_told_apart(self):
        card = self._download_vcard(self.person, self.user_salesman)
        emails = {line.value: self._types(line) for line in self._lines(card, "email")}
        self.assertEqual(
            set(emails),
            {"jan@devries.example", "jan.devries@windmolen.example", "jan@zuiderzee.example"},
        )
        self.assertIn("HOME", emails["jan@devries.example"])
        self.assertNotIn("WORK", emails["jan@devries.example"])
        self.assertIn("WORK", emails["jan.devries@windmolen.example"])
        self.assertIn("WORK", emails["jan@zuiderzee.example"])

    def test_work_and_private_phones_are_told_apart(self):
        card = self._download_vcard(self.person, self.user_salesman)
        phones = {line.value: self._types(line) for line in self._lines(card, "tel")}
        self.assertEqual(
            phones,
            {
                "+31 6 1111 1111": {"VOICE", "HOME"},
                "+31 6 3333 3333": {"CELL", "HOME"},
                "+31 20 222 2222": {"VOICE", "WORK"},
                "+31 6 4444 4444": {"CELL", "WORK"},
            },
        )

    def test_work_lines_are_grouped_with_their_organisation(self):
        card = self._download_vcard(self.person, self.user_salesman)
        group = next(
            line.group for line in self._lines(card, "org") if line.value[0] == "Windmolen BV"
        )
        self.assertTrue(group)
        grouped = {
            (line.name, line.value)
            for name in ("email", "tel")
            for line in self._lines(card, name)
            if line.group == group
        }
        self.assertEqual(
            grouped,
            {("EMAIL", "jan.devries@windmolen.example"), ("TEL", "+31 20 222 2222")},
        )

    def test_person_without_email_phone_or_roles(self):
        card = self._download_vcard(self.other_person, self.user_salesman)
        self.assertEqual(card.n.value.family, self.other_person.lastname)
        self.assertFalse(self._lines(card, "email") or self._lines(card, "tel"))
        self.assertFalse(self._lines(card, "org") or self._lines(card, "title"))

    def test_organisation_vcard_is_odoos(self):
        card = self._download_vcard(self.organisation, self.user_salesman)
        self.assertEqual(card.fn.value, "Windmolen BV")
        self.assertEqual(card.email.value, "info@windmolen.example")
        self.assertEqual(card.org.value, ["Windmolen BV"])

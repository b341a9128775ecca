# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import CrmHouseholdCommon


@tagged("post_install", "-at_install", "crm_hh_mailing")
class TestHouseholdMailing(CrmHouseholdCommon):
    """One letter or mail per household, from any selection of persons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.anna = cls.other_person
        cls.anna.email = "anna@bakker.example"
        cls.household = cls._create_household(
            members=[(cls.person, "head"), (cls.anna, "partner")], **cls.address_canal
        )
        cls.piet = cls._create_person("Piet Jansen", email="piet@jansen.example")
        cls.other_household = cls._create_household(
            members=[(cls.piet, "head")], **cls.address_dike
        )
        cls.alone = cls._create_person("Lies Alleen", email="lies@alleen.example")
        cls.moved_out = cls._create_person("Bram Weg", email="bram@weg.example")
        cls._add_member(cls.other_household, cls.moved_out, date_start=cls._days(-50))
        cls.moved_out.action_move_out_of_household()
        cls.Recipient = cls.env["crm.household.mailing.recipient"]
        cls.Partner = Partner

    def _rows(self, partners):
        action = partners.action_open_household_mailing()
        self.assertEqual(action["res_model"], "crm.household.mailing.recipient")
        return self.Recipient.search(action["domain"])

    def test_two_persons_of_one_household_give_one_row(self):
        rows = self._rows(self.person | self.anna)
        self.assertEqual(rows.household_id, self.household)
        self.assertRecordValues(
            rows,
            [
                {
                    "name": "De Vries-Bakker",
                    "salutation": "Dear Jan de Vries and Anna Bakker",
                    "street": "Prinsengracht 263",
                    "zip": "1016 GV",
                    "city": "Amsterdam",
                    "country_id": self.netherlands.id,
                    "member_count": 2,
                    # The household has no email of its own: the head's.
                    "email": "jan@devries.example",
                    "opt_out": False,
                }
            ],
        )

    def test_any_selection_gives_each_current_household_once(self):
        selection = self.person | self.anna | self.piet | self.alone | self.moved_out | self.role
        rows = self._rows(selection)
        self.assertEqual(rows.household_id, self.household | self.other_household)
        self.assertEqual(len(rows), 2)
        # A household chosen directly counts as itself.
        self.assertEqual(self._rows(self.other_household).household_id, self.other_household)

    def test_members_who_opted_out_are_respected(self):
        self.env["mail.blacklist"]._add(self.person.email)
        # Jan opted out: he does not bring his household in, Anna does.
        self.assertFalse(self._rows(self.person))
        rows = self._rows(self.person | self.anna)
        self.assertEqual(rows.household_id, self.household)
        self.assertEqual(rows.email, "anna@bakker.example", "an address that did not opt out")
        self.assertFalse(rows.opt_out)
        # Everyone in the household opted out: it is left out of mailings.
        self.env["mail.blacklist"]._add(self.anna.email)
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertFalse(self._rows(self.person | self.anna))
        row = self.Recipient.browse(self.household.id)
        self.assertTrue(row.opt_out)
        self.assertFalse(row.email)
        self.assertNotIn(
            self.household.id,
            self.Recipient.search(self.Recipient._mailing_get_default_domain(None)).ids,
        )

    def test_the_households_own_email_comes_first(self):
        self.household.email = "thuis@devries.example"
        self.env.flush_all()
        self.assertEqual(self.Recipient.browse(self.household.id).email, "thuis@devries.example")
        self.env["mail.blacklist"]._add("thuis@devries.example")
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(self.Recipient.browse(self.household.id).email, "jan@devries.example")

    def test_rows_follow_the_members_of_today(self):
        rows = self.Recipient.search([("person_ids", "in", self.moved_out.ids)])
        self.assertFalse(rows, "Bram moved out")
        rows = self.Recipient.search([("person_ids", "in", (self.person | self.piet).ids)])
        self.assertEqual(rows.household_id, self.household | self.other_household)
        self.assertEqual(
            self.Recipient.browse(self.household.id).person_ids, self.person | self.anna
        )
        rows = self.Recipient.search(
            [("person_ids", "any", [("email", "=", "piet@jansen.example")])]
        )
        self.assertEqual(rows.household_id, self.other_household)
        empty = self._create_household("Leeg Huis")
        self.assertNotIn(empty.id, self.Recipient.search([]).ids, "no one to write to")

    def test_today_is_the_users_day_not_the_servers(self):
        # 23:30 in UTC is already the next day in Amsterdam: who moves in on that day
        # is a member for the user, in the ORM and in the rows alike.
        user = self.env.user
        user.tz = "Europe/Amsterdam"
        with freeze_time("2026-03-10 23:30:00"):
            newcomer = self._create_person("Nina Nieuw", email="nina@nieuw.example")
            household = self._create_household("Huis Nieuw")
            member = self._add_member(household, newcomer, "head", date_start=date(2026, 3, 11))
            self.assertEqual(member.state, "current")
            rows = self.Recipient.search([("person_ids", "in", newcomer.ids)])
            self.assertEqual(rows.household_id, household)
            self.assertIn(household.id, self.Recipient.search([]).ids)
            self.assertEqual(self.Recipient.browse(household.id).member_count, 1)
        with freeze_time("2026-03-10 22:30:00"):  # still the 10th in Amsterdam
            self.Recipient.invalidate_model()
            self.assertNotIn(household.id, self.Recipient.search([]).ids)

    def test_export_gives_one_line_per_household(self):
        rows = self._rows(self.person | self.anna | self.piet)
        lines = rows.export_data(["name", "salutation", "street", "zip", "city", "country_id"])[
            "datas"
        ]
        self.assertEqual(
            sorted(lines),
            [
                ["De Vries-Bakker", "Dear Jan de Vries and Anna Bakker", "Prinsengracht 263",
                 "1016 GV", "Amsterdam", "Netherlands"],
                ["Jansen family", "Dear Piet Jansen", "Dijkweg 5", "1619 AA", "Andijk",
                 "Netherlands"],
            ],
        )  # fmt: skip

    def test_recipients_model_for_email_marketing(self):
        # Email Marketing offers models whose class says _mailing_enabled; without it
        # installed the attribute is not read at all.
        self.assertTrue(self.Recipient._mailing_enabled)
        self.assertEqual(
            self.Recipient._mailing_get_default_domain(None), [("opt_out", "=", False)]
        )
        self.env.flush_all()
        recipients = self.Recipient.browse(self.household.id)._message_get_default_recipients()
        self.assertEqual(recipients[self.household.id]["email_to"], "jan@devries.example")

    def test_mailing_list_action_is_offered_on_contact_lists(self):
        action = self.env.ref("crm_household.res_partner_action_household_mailing")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        result = action.with_context(
            active_model="res.partner", active_ids=(self.person | self.anna).ids
        ).run()
        self.assertEqual(self.Recipient.search(result["domain"]).household_id, self.household)


@tagged("post_install", "-at_install", "crm_hh_mailing")
class TestHouseholdMassMailing(CrmHouseholdCommon):
    """With Email Marketing installed: a mailing to households, one mail each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if "mailing.mailing" not in cls.env:
            cls.skipTest(cls, "Email Marketing (mass_mailing) is not installed")
        cls.other_person.email = "anna@bakker.example"
        cls.household = cls._create_household(
            members=[(cls.person, "head"), (cls.other_person, "partner")], **cls.address_canal
        )
        cls.piet = cls._create_person("Piet Jansen", email="piet@jansen.example")
        cls.other_household = cls._create_household(members=[(cls.piet, "head")])

    def test_a_mailing_reaches_each_household_once(self):
        self.env["mail.blacklist"]._add(self.piet.email)
        model = self.env["ir.model"]._get("crm.household.mailing.recipient")
        self.assertIn(model, self.env["ir.model"].search([("is_mailing_enabled", "=", True)]))
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "Nieuws voor {{ object.name }}",
                "body_html": "<p><t t-out='object.salutation'/>,</p><p>Ons nieuws.</p>",
                "mailing_model_id": model.id,
                "keep_archives": True,
            }
        )
        self.assertEqual(mailing.mailing_model_real, "crm.household.mailing.recipient")
        # Households whose members all opted out are left out by default.
        self.assertEqual(mailing.mailing_domain, repr([("opt_out", "=", False)]))
        persons = (self.person | self.other_person | self.piet).ids
        mailing.mailing_domain = repr([("opt_out", "=", False), ("person_ids", "in", persons)])
        self.env.flush_all()
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.household.ids))
        mailing.action_send_mail()
        self.env.invalidate_all()
        traces = self.env["mailing.trace"].search([("mass_mailing_id", "=", mailing.id)])
        self.assertEqual(traces.mapped("res_id"), self.household.ids)
        self.assertEqual(traces.email, "jan@devries.example")
        mail = self.env["mail.mail"].search([("mailing_id", "=", mailing.id)])
        self.assertIn("Dear Jan de Vries and Anna Bakker", mail.body_html)
        # The mailing is among the household's contact moments.
        action = self.household.action_open_household_messages()
        self.assertIn(mail.mail_message_id, self.env["mail.message"].search(action["domain"]))

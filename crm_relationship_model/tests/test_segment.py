# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users, warmup

from .common import CrmQueryCountMixin, CrmRelationshipCommon

PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"


class SegmentCommon(CrmRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Segment = cls.env["crm.segment"]
        # A town no demo contact lives in.
        cls.person.city = "Spaarnwoude"

    def _stays(self, segment, partner):
        return [
            (stay.date_entered.isoformat(), stay.date_left.isoformat() if stay.date_left else None)
            for stay in self.env["crm.segment.membership"].search(
                [("segment_id", "=", segment.id), ("partner_id", "=", partner.id)],
                order="date_entered, id",
            )
        ]


@tagged("post_install", "-at_install", "crm_rm_segment")
class TestSegment(SegmentCommon):
    def test_a_rule_segment_holds_the_records_of_its_kind_that_match(self):
        haarlem = self.Segment.create(
            {
                "name": "Haarlemmers",
                "applies_to": "person",
                "rule_domain": "[('city', '=', 'Spaarnwoude')]",
            }
        )
        self.organisation.city = "Spaarnwoude"
        haarlem.action_refresh()
        self.assertEqual(haarlem.partner_ids, self.person, "the organisation is no person")
        self.assertEqual(self.person.crm_segment_ids, haarlem)
        self.assertEqual(haarlem.partner_count, 1)
        self.assertTrue(haarlem.is_rule and haarlem.date_refreshed)

    def test_entry_and_exit_dates_are_kept_across_time(self):
        with freeze_time("2026-01-10"):
            haarlem = self.Segment.create(
                {
                    "name": "Haarlemmers",
                    "applies_to": "person",
                    "rule_domain": "[('city', '=', 'Spaarnwoude')]",
                }
            )
            self.assertEqual(self._stays(haarlem, self.person), [("2026-01-10", None)])
        with freeze_time("2026-02-20"):
            self.person.city = "Leiden"
            haarlem.action_refresh()
            self.assertFalse(haarlem.partner_ids)
        with freeze_time("2026-04-05"):
            self.person.city = "Spaarnwoude"
            haarlem.action_refresh()
            # Nothing changed: a second refresh the same day opens no second stay.
            haarlem.action_refresh()
        self.assertEqual(
            self._stays(haarlem, self.person),
            [("2026-01-10", "2026-02-20"), ("2026-04-05", None)],
        )
        # Who entered in the second quarter: a filter on the history.
        Stay = self.env["crm.segment.membership"]
        entered_q2 = Stay.search(
            [
                ("segment_id", "=", haarlem.id),
                ("date_entered", ">=", "2026-04-01"),
                ("date_entered", "<=", "2026-06-30"),
            ]
        )
        self.assertEqual(entered_q2.partner_id, self.person)
        self.assertTrue(entered_q2.is_current)
        self.assertEqual(
            Stay.search(
                [("id", "in", haarlem.membership_ids.ids), ("is_current", "=", False)]
            ).date_left.isoformat(),
            "2026-02-20",
        )
        # ... and from the partner's side: the persons who entered a segment in Q2.
        self.assertIn(
            self.person,
            self.env["res.partner"].search(
                [("crm_segment_membership_ids.date_entered", ">=", "2026-04-01")]
            ),
        )

    def test_manual_members_are_chosen_on_the_form_with_their_history(self):
        vip = self.Segment.create({"name": "VIP", "applies_to": "person"})
        with freeze_time("2026-03-01"):
            with Form(self.other_person, view=PERSON_FORM) as form:
                form.crm_segment_ids.add(vip)
        self.assertEqual(vip.partner_ids, self.other_person)
        with freeze_time("2026-05-01"):
            self.other_person.crm_segment_ids = [Command.unlink(vip.id)]
        self.assertEqual(self._stays(vip, self.other_person), [("2026-03-01", "2026-05-01")])
        with freeze_time("2026-06-01"):
            vip.partner_ids = [Command.link(self.person.id)]
        self.assertEqual(self._stays(vip, self.person), [("2026-06-01", None)])

    def test_members_of_a_rule_segment_are_not_chosen_by_hand(self):
        rule = self.Segment.create(
            {
                "name": "Haarlemmers",
                "applies_to": "person",
                "rule_domain": "[('city', '=', 'Spaarnwoude')]",
            }
        )
        with self.assertRefused(UserError, "follow its rule"):
            self.other_person.crm_segment_ids = [Command.link(rule.id)]
        with self.assertRefused(UserError, "follow its rule"):
            rule.partner_ids = [Command.link(self.other_person.id)]
        self.assertEqual(rule.partner_ids, self.person)
        self.assertEqual(len(rule.membership_ids), 1)

    def test_a_member_of_another_kind_is_refused(self):
        vip = self.Segment.create({"name": "VIP", "applies_to": "person"})
        with self.assertRefused(ValidationError, "Windmolen BV cannot be in VIP.*persons"):
            self.organisation.crm_segment_ids = [Command.link(vip.id)]
        self.assertFalse(vip.partner_ids)
        self.assertFalse(vip.membership_ids)

    def test_a_changed_rule_takes_effect_at_once(self):
        segment = self.Segment.create(
            {
                "name": "Stad",
                "applies_to": "person",
                "rule_domain": "[('city', '=', 'Spaarnwoude')]",
            }
        )
        self.other_person.city = "Delft"
        segment.rule_domain = "[('city', '=', 'Delft')]"
        self.assertEqual(segment.partner_ids, self.other_person)

    # ------------------------------------------------------------------
    # Bad input: a clear error, nothing written
    # ------------------------------------------------------------------

    def _assert_rule_refused(self, rule, message, applies_to="person"):
        count = self.Segment.with_context(active_test=False).search_count([])
        with self.assertRefused(ValidationError, message):
            self.Segment.create({"name": "Fout", "applies_to": applies_to, "rule_domain": rule})
        self.assertEqual(self.Segment.with_context(active_test=False).search_count([]), count)

    def test_an_invalid_rule_is_refused_when_saved(self):
        self._assert_rule_refused("[('city', '=', ", "not a valid domain")
        self._assert_rule_refused("'Spaarnwoude'", "not a list of conditions")
        self._assert_rule_refused("[('city', 'is like', 'H')]", "not a valid domain")
        self._assert_rule_refused("[('city', '=')]", "not \\(field, operator, value\\)")

    def test_a_rule_on_a_field_that_does_not_exist_names_it(self):
        self._assert_rule_refused("[('crm_shoe_size', '>', 42)]", "crm_shoe_size.*does not exist")
        self._assert_rule_refused(
            "[('country_id.crm_climate', '=', 'wet')]", "crm_climate.*does not exist on Country"
        )

    def test_a_rule_on_a_field_the_kind_does_not_have_names_it(self):
        self._assert_rule_refused(
            "[('crm_occupation', '=', 'Nurse')]", "field Occupation.*organisations do not have",
            applies_to="organisation",
        )  # fmt: skip
        self._assert_rule_refused(
            "[('role_state', '=', 'current')]", "field Role Status.*persons do not have"
        )
        segment = self.Segment.create(
            {
                "name": "Verpleging",
                "applies_to": "person",
                "rule_domain": "[('crm_occupation', '=', 'Nurse')]",
            }
        )
        with self.assertRefused(ValidationError, "Occupation.*organisations do not have"):
            segment.applies_to = "organisation"
        self.assertEqual(segment.applies_to, "person")

    # ------------------------------------------------------------------
    # A segment as a mailing target
    # ------------------------------------------------------------------

    def test_a_person_segment_mails_its_members_not_the_blacklisted(self):
        vip = self.Segment.create({"name": "VIP", "applies_to": "person"})
        blacklisted = self._create_person("Geen Post", email="nee@example.com")
        no_email = self._create_person("Zonder Adres")
        self.env["mail.blacklist"].sudo()._add("nee@example.com")
        vip.partner_ids = [Command.set((self.person | blacklisted | no_email).ids)]
        self.assertEqual(vip._crm_segment_mailing_recipients(), self.person)
        action = vip.action_crm_mail_segment()
        self.assertEqual(action["context"]["default_res_ids"], self.person.ids)
        composer = (
            self.env["mail.compose.message"]
            .with_context(**action["context"])
            .create({"body": "<p>Aanbieding</p>", "subject": "VIP"})
        )
        composer._action_send_mail()
        mails = self.env["mail.mail"].search([("subject", "=", "VIP")])
        self.assertEqual(mails.recipient_ids, self.person)

    def test_a_segment_nobody_can_be_mailed_says_so(self):
        vip = self.Segment.create({"name": "VIP", "applies_to": "person"})
        vip.partner_ids = self._create_person("Zonder Adres")
        with self.assertRefused(UserError, "No one in VIP can be mailed"):
            vip.action_crm_mail_segment()

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------

    def test_salesmen_read_segments_managers_define_them(self):
        vip = self.Segment.create({"name": "VIP", "applies_to": "person"})
        vip.partner_ids = self.person
        Segment = self.Segment.with_user(self.user_salesman)
        self.assertEqual(Segment.search([("id", "=", vip.id)]).partner_ids, self.person)
        self.assertEqual(self.person.with_user(self.user_salesman).crm_segment_ids, vip)
        with self.assertRaises(AccessError):
            Segment.create({"name": "Eigen", "applies_to": "person"})
        with self.assertRaises(AccessError):
            vip.with_user(self.user_salesman).rule_domain = "[('city', '=', 'Spaarnwoude')]"
        with self.assertRaises(AccessError):
            vip.with_user(self.user_salesman).unlink()
        self.assertFalse(vip.rule_domain)
        manager = self.Segment.with_user(self.user_sales_manager)
        rule = manager.create(
            {
                "name": "Haarlemmers",
                "applies_to": "person",
                "rule_domain": "[('city', '=', 'Spaarnwoude')]",
            }
        )
        self.assertEqual(rule.partner_ids, self.person)
        rule.action_refresh()
        rule.unlink()

    def test_other_employees_see_segments_on_forms_but_no_scores(self):
        vip = self.Segment.create({"name": "VIP", "applies_to": "person"})
        vip.partner_ids = self.person
        person = self.person.with_user(self.user_employee)
        self.assertEqual(person.crm_segment_ids.name, "VIP")
        with self.assertRaises(AccessError):
            person.read(["crm_rfm_segment"])
        with self.assertRaises(AccessError):
            self.Segment.with_user(self.user_employee).create({"name": "X", "applies_to": "person"})

    def test_portal_users_see_no_segments(self):
        portal = self.user_portal
        with self.assertRaises(AccessError):
            self.Segment.with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["crm.segment.membership"].with_user(portal).search([])


@tagged("post_install", "-at_install", "is_query_count", "crm_rm_segment")
class TestSegmentPerformance(CrmQueryCountMixin, SegmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        segments = cls.Segment.create(
            [{"name": f"Segment {i:02d}", "applies_to": "person"} for i in range(20)]
        )
        cls.person_1 = cls._create_person("Een Segment")
        cls.person_20 = cls._create_person("Twintig Segmenten")
        segments[0].partner_ids = cls.person_1
        for segment in segments:
            segment.partner_ids |= cls.person_20

    @users("crm_rm_salesman")
    @warmup
    def test_opening_a_person_costs_the_same_with_1_or_20_segments(self):
        person = self.person_1.with_env(self.env)
        spec = dict(Form(person, view=PERSON_FORM)._view["fields_spec"])
        self.assertIn("crm_segment_ids", spec)
        self.assertIn("crm_rfm_segment", spec)
        self.assertIn("crm_segment_membership_ids", spec)
        counts = {}
        for key, partner in (("1", self.person_1), ("20", self.person_20)):
            # The whole form, its Customer Value tab with the scores and segment history included.
            with self._count_queries(counts, key), self.assertQueryCount(crm_rm_salesman=43):
                [values] = partner.with_env(self.env).web_read(spec)
            self.assertEqual(len(values["crm_segment_ids"]), int(key))
            self.assertEqual(len(values["crm_segment_membership_ids"]), int(key))
        if self.warm:
            self.assertEqual(counts["1"], counts["20"], counts)

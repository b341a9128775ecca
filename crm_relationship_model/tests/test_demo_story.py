# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged

DEMO = "crm_relationship_model."


@tagged("post_install", "-at_install", "crm_rm_demo_story")
class TestDemoStory(TransactionCase):
    """The demo data's contact moments as a new user meets them in the gathered chatters:
    the same domains the chatter searches (_crm_message_feed_domain and
    _crm_activity_feed_domain). Needs a database installed with demo data, as
    setup/test.sh makes one. Dates in the demo are relative to the day it was loaded, so
    "upcoming" and "overdue" are checked against that day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person = cls.env.ref(DEMO + "res_partner_demo_janwillem", raise_if_not_found=False)
        if not cls.person:
            cls.skipTest(cls, "The database has no demo data")
        cls.current_role = cls.env.ref(DEMO + "res_partner_demo_role_janwillem_nordlicht")
        cls.ended_role = cls.env.ref(DEMO + "res_partner_demo_role_janwillem_polderlicht")
        cls.lead = cls.env.ref(DEMO + "crm_lead_demo_nordlicht_waltershof")
        cls.Message = cls.env["mail.message"]

    def _feed(self, partner):
        """The messages the chatter of this partner lists (as the thread controller)."""
        domain = partner._crm_message_feed_domain()
        self.assertIsNotNone(domain, f"{partner.display_name} has a gathered chatter")
        return self.Message.search([*domain, ("message_type", "!=", "user_notification")])

    @staticmethod
    def _moments(messages):
        """Contact moments: mails, notes, and calls or meetings marked done. Not the
        "Contact created" notes and tracking Odoo writes by itself."""
        return messages.filtered(
            lambda m: (
                m.message_type in ("email", "comment", "email_outgoing") or m.mail_activity_type_id
            )
        )

    def _moments_on(self, messages, partner):
        return self._moments(messages).filtered(
            lambda m: m.model == "res.partner" and m.res_id == partner.id
        )

    def _loaded_on(self, record):
        """The day the demo data was loaded (its dates are relative to it)."""
        return record.create_date.date()

    def test_person_feed_gathers_itself_and_its_roles(self):
        self.assertEqual(self.current_role.role_state, "current")
        self.assertEqual(self.ended_role.role_state, "past")
        feed = self._feed(self.person)
        for record in (self.person, self.current_role, self.ended_role):
            self.assertTrue(
                self._moments_on(feed, record),
                f"{self.person.name}'s chatter shows moments of {record.display_name}",
            )
        # Mails in and out, notes and done calls or meetings, not only one kind.
        moments = self._moments(feed)
        self.assertTrue(moments.filtered(lambda m: m.message_type == "email"))
        self.assertTrue(
            moments.filtered(
                lambda m: (
                    m.message_type == "comment" and m.subtype_id == self.env.ref("mail.mt_comment")
                )
            )
        )
        self.assertTrue(
            moments.filtered(
                lambda m: (
                    m.message_type == "comment" and m.subtype_id == self.env.ref("mail.mt_note")
                )
            )
        )
        self.assertTrue(moments.mail_activity_type_id)
        # Each says which record it is on: the person and two roles, each its own label.
        labels = set(
            self._moments(feed).filtered(lambda m: m.model == "res.partner").mapped("record_name")
        )
        self.assertGreaterEqual(len(labels), 3)
        # Over the years, oldest first in creation order (the chatter's order is by id).
        dated = self._moments_on(feed, self.ended_role).sorted("id")
        self.assertLessEqual(
            dated[0].date.date(), self._loaded_on(dated[0]) - relativedelta(years=5)
        )
        self.assertEqual(dated.mapped("date"), sorted(dated.mapped("date")))

    def test_person_feed_holds_mails_on_other_documents(self):
        """The mails on the Nordlicht opportunity, one written by his role and one to it."""
        on_lead = self._moments(self._feed(self.person)).filtered(
            lambda m: m.model == "crm.lead" and m.res_id == self.lead.id
        )
        self.assertIn(self.current_role, on_lead.author_id)
        self.assertIn(self.current_role, on_lead.partner_ids)
        self.assertEqual(self.lead.partner_id, self.current_role)

    def test_ended_roles_history_lies_within_their_dates(self):
        for xmlid in (
            "res_partner_demo_role_janwillem_polderlicht",
            "res_partner_demo_role_mehmet_vandermeer",
            "res_partner_demo_role_thomas_delinde",
        ):
            role = self.env.ref(DEMO + xmlid)
            self.assertEqual(role.role_state, "past", role.display_name)
            moments = self._moments_on(self._feed(role.role_person_id), role)
            self.assertGreaterEqual(len(moments), 2, role.display_name)
            for message in moments:
                self.assertTrue(
                    role.role_date_start <= message.date.date() <= role.role_date_end,
                    f"{message.subject or message.body} ({message.date}) on "
                    f"{role.display_name}, held {role.role_date_start} - {role.role_date_end}",
                )

    def test_organisation_feed_keeps_its_former_people(self):
        for organisation_xmlid, role_xmlid in (
            ("res_partner_demo_polderlicht", "res_partner_demo_role_janwillem_polderlicht"),
            ("res_partner_demo_vandermeer", "res_partner_demo_role_mehmet_vandermeer"),
            ("res_partner_demo_delinde", "res_partner_demo_role_thomas_delinde"),
        ):
            organisation = self.env.ref(DEMO + organisation_xmlid)
            former_role = self.env.ref(DEMO + role_xmlid)
            self.assertEqual(former_role.parent_id, organisation)
            self.assertEqual(former_role.role_state, "past")
            feed = self._feed(organisation)
            self.assertTrue(
                self._moments_on(feed, former_role),
                f"{organisation.name}'s chatter keeps {former_role.role_person_id.name}'s moments",
            )
        # And what the person wrote in a later job is not Polderlicht's.
        polderlicht = self._feed(self.env.ref(DEMO + "res_partner_demo_polderlicht"))
        self.assertFalse(self._moments_on(polderlicht, self.current_role))

    def test_activities_gathered_planned_and_overdue(self):
        domain = self.person._crm_activity_feed_domain()
        activities = self.env["mail.activity"].search(domain)
        self.assertEqual(self.person.crm_activity_count, len(activities))
        self.assertGreaterEqual(self.person.crm_activity_overdue_count, 1)
        self.assertIn(self.person.id, activities.mapped("res_id"))
        self.assertIn(self.current_role.id, activities.mapped("res_id"))
        overdue = activities.filtered(lambda a: a.date_deadline < self._loaded_on(a))
        upcoming = activities.filtered(lambda a: a.date_deadline > self._loaded_on(a))
        self.assertTrue(overdue, "an activity was overdue on the day the demo was loaded")
        self.assertTrue(upcoming, "and one was still to do")
        # The showroom visit planned from the role is an upcoming meeting and an activity.
        meeting = upcoming.calendar_event_id
        self.assertEqual(len(meeting), 1)
        self.assertIn(self.current_role, meeting.partner_ids)
        self.assertGreater(meeting.start, meeting.create_date)

    def test_meetings_of_the_roles_count_for_the_person(self):
        events = self.env["calendar.event"].search(
            [("partner_ids", "in", [self.current_role.id, self.ended_role.id])]
        )
        past = events.filtered(lambda e: e.stop < e.create_date)
        self.assertTrue(past, "a meeting that took place")
        self.assertTrue(events - past, "and one to come")
        self.assertGreaterEqual(self.person.meeting_count, len(events))

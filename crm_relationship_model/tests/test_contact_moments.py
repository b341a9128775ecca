# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.mail.tools.discuss import Store

from .common import CrmRelationshipCommon


class ContactMomentsCommon(CrmRelationshipCommon):
    """Jan de Vries's moments, each where it belongs.

    Jan is CTO at Windmolen BV (current role) and was a consultant at Polder Consult
    (past role); Piet is his colleague at Windmolen. A lead of another salesman carries
    a mail Jan wrote in his role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.colleague = cls._create_person("Piet Jansen")
        cls.colleague_role = cls._create_role(
            cls.colleague, cls.organisation, function="CFO", email="piet@windmolen.example"
        )
        cls.customer = Partner.create({"name": "Plain Customer", "email": "plain@example.com"})
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Windmolen renewal",
                "partner_id": cls.role.id,
                "user_id": cls.user_salesman.id,
            }
        )
        cls.other_user_lead = cls.env["crm.lead"].create(
            {
                "name": "Windmolen expansion (not the salesman's)",
                "partner_id": cls.role.id,
                "user_id": cls.user_sales_manager.id,
            }
        )
        cls.msg_private = cls._note(cls.person, "Private: birthday card sent")
        cls.msg_role = cls._note(cls.role, "Role: CTO meeting notes")
        cls.msg_past_role = cls._note(cls.past_role, "Past role: consultancy wrap-up")
        cls.msg_colleague = cls._note(cls.colleague_role, "Colleague: budget talk")
        cls.msg_organisation = cls._note(cls.organisation, "Organisation: new office")
        cls.msg_lead_by_role = cls.lead.message_post(
            body="Lead: mail from Jan in his role",
            author_id=cls.role.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        cls.msg_lead_to_person = cls.lead.message_post(
            body="Lead: mail to Jan's private address",
            partner_ids=[cls.person.id],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.msg_lead_unrelated = cls.lead.message_post(
            body="Lead: internal remark", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        cls.msg_hidden_lead = cls.other_user_lead.message_post(
            body="Other salesman's lead: mail from Jan",
            author_id=cls.role.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        cls.msg_customer = cls._note(cls.customer, "Plain customer note")

    @classmethod
    def _note(cls, record, body):
        return record.message_post(body=body, message_type="comment", subtype_xmlid="mail.mt_note")


@tagged("post_install", "-at_install", "crm_rm_contact_moments")
class TestContactMomentFeeds(ContactMomentsCommon, HttpCase):
    """The feeds as the web client asks for them: /mail/thread/messages."""

    def _feed(self, partner, user=None, **params):
        user = user or self.user_sales_manager
        self.authenticate(user.login, f"{user.login}-pw")
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": partner.id, "limit": 30, **params},
        )
        return result["messages"]

    def assertFeed(self, message_ids, shows, leaves_out):
        for message in shows:
            self.assertIn(message.id, message_ids, f"{message.preview!r} should be shown")
        for message in leaves_out:
            self.assertNotIn(message.id, message_ids, f"{message.preview!r} should be left out")
        self.assertEqual(message_ids, sorted(message_ids, reverse=True), "newest first")

    def test_person_feed(self):
        self.assertFeed(
            self._feed(self.person),
            shows=[
                self.msg_private,
                self.msg_role,
                self.msg_past_role,
                self.msg_lead_by_role,
                self.msg_lead_to_person,
                self.msg_hidden_lead,
            ],
            leaves_out=[
                self.msg_colleague,
                self.msg_organisation,
                self.msg_lead_unrelated,
                self.msg_customer,
            ],
        )

    def test_organisation_feed(self):
        self.assertFeed(
            self._feed(self.organisation),
            shows=[
                self.msg_organisation,
                self.msg_role,
                self.msg_colleague,
                self.msg_lead_by_role,
            ],
            leaves_out=[
                self.msg_private,
                self.msg_past_role,
                self.msg_lead_to_person,
                self.msg_lead_unrelated,
                self.msg_customer,
            ],
        )

    def test_role_and_plain_partner_keep_their_own_chatter(self):
        self.assertFeed(
            self._feed(self.role),
            shows=[self.msg_role],
            leaves_out=[self.msg_private, self.msg_past_role, self.msg_lead_by_role],
        )
        self.assertFeed(
            self._feed(self.customer), shows=[self.msg_customer], leaves_out=[self.msg_private]
        )

    def test_archived_person_keeps_its_feed(self):
        self.person.action_archive()  # its roles are archived with it
        self.assertFeed(
            self._feed(self.person),
            shows=[self.msg_private, self.msg_role, self.msg_past_role],
            leaves_out=[self.msg_colleague],
        )

    def test_each_message_says_where_it_belongs(self):
        self.authenticate(self.user_sales_manager.login, "crm_rm_manager-pw")
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": self.person.id, "limit": 30},
        )
        messages = {message["id"]: message for message in result["data"]["mail.message"]}
        threads = {
            (thread["model"], thread["id"]): thread for thread in result["data"]["mail.thread"]
        }
        on_role = messages[self.msg_role.id]
        self.assertEqual(on_role["thread"], {"id": self.role.id, "model": "res.partner"})
        self.assertEqual(threads[("res.partner", self.role.id)]["name"], self.role.display_name)
        on_lead = messages[self.msg_lead_by_role.id]
        self.assertEqual(on_lead["thread"], {"id": self.lead.id, "model": "crm.lead"})
        self.assertEqual(threads[("crm.lead", self.lead.id)]["name"], "Windmolen renewal")

    def test_salesman_sees_only_what_they_may_read(self):
        # A salesman reads only their own leads (and unassigned ones): the mail Jan wrote
        # on another salesman's lead stays out of the salesman's feed, the rest is there.
        self.assertFeed(
            self._feed(self.person, user=self.user_salesman),
            shows=[
                self.msg_private,
                self.msg_role,
                self.msg_lead_by_role,
                self.msg_lead_to_person,
            ],
            leaves_out=[self.msg_hidden_lead],
        )
        self.assertIn(self.msg_hidden_lead.id, self._feed(self.person))

    def test_page_is_filled_past_unreadable_messages(self):
        # Forty newer mails on a lead the salesman may not read: Odoo would drop them
        # after taking its page of 30 and return an empty page, which the web client
        # reads as the end of the history. The feed fills the page instead.
        for index in range(40):
            self.other_user_lead.message_post(
                body=f"Unreadable {index}",
                author_id=self.role.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        message_ids = self._feed(self.person, user=self.user_salesman)
        self.assertIn(self.msg_private.id, message_ids)
        self.assertIn(self.msg_role.id, message_ids)

    def test_older_pages(self):
        for index in range(35):
            self._note(self.past_role, f"Old consultancy note {index}")
        first = self._feed(self.person)
        self.assertEqual(len(first), 30)
        older = self._feed(self.person, before=first[-1])
        self.assertTrue(older)
        self.assertLess(max(older), min(first))
        self.assertIn(self.msg_private.id, older)

    def test_portal_user_gets_nothing(self):
        portal = self.user_portal
        self.authenticate(portal.login, "crm_rm_portal-pw")
        result = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "res.partner", "thread_id": self.person.id, "limit": 30},
        )
        self.assertEqual(result["messages"], [])

    def test_posting_from_the_feed_posts_on_the_record_itself(self):
        self.authenticate(self.user_salesman.login, "crm_rm_salesman-pw")
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "res.partner",
                "thread_id": self.person.id,
                "post_data": {
                    "body": "Posted in Jan's chatter",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_note",
                },
            },
        )
        message = self.env["mail.message"].search([("body", "ilike", "Posted in Jan's chatter")])
        self.assertEqual((message.model, message.res_id), ("res.partner", self.person.id))
        self.assertIn(message.id, self._feed(self.person))
        self.assertNotIn(message.id, self._feed(self.organisation))

    def test_activities_of_roles_in_the_person_chatter(self):
        today = fields.Date.context_today(self.person)
        on_role = self.role.activity_schedule(
            "mail.mail_activity_data_call",
            date_deadline=today - relativedelta(days=2),
            summary="Call back about the renewal",
            user_id=self.user_salesman.id,
        )
        private = self.person.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=today + relativedelta(days=3),
            user_id=self.user_salesman.id,
        )
        on_colleague = self.colleague_role.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.user_salesman.id
        )
        self.authenticate(self.user_salesman.login, "crm_rm_salesman-pw")
        data = self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "res.partner",
                "thread_id": self.person.id,
                "request_list": ["activities"],
            },
        )
        activities = {activity["id"]: activity for activity in data["mail.activity"]}
        self.assertEqual(set(activities), {on_role.id, private.id})
        self.assertEqual(activities[on_role.id]["res_id"], self.role.id)
        self.assertEqual(activities[on_role.id]["res_name"], self.role.display_name)
        self.assertEqual(activities[on_role.id]["state"], "overdue")
        (thread,) = [t for t in data["mail.thread"] if t["id"] == self.person.id]
        self.assertEqual(sorted(thread["activities"]), sorted([on_role.id, private.id]))

        person = self.person.with_user(self.user_salesman)
        self.assertEqual(person.crm_activity_count, 2)
        self.assertEqual(person.crm_activity_overdue_count, 1)
        organisation = self.organisation.with_user(self.user_salesman)
        self.assertEqual(organisation.crm_activity_count, 2)  # Jan's role and Piet's role
        action = organisation.action_open_crm_activities()
        self.assertEqual(
            set(self.env["mail.activity"].search(action["domain"]).ids),
            {on_role.id, on_colleague.id},
        )
        # A role's own chatter keeps its own activities only.
        self.assertEqual(self.role.crm_activity_count, 1)


@tagged("post_install", "-at_install", "crm_rm_contact_moments")
class TestContactMomentsOrm(ContactMomentsCommon):
    def test_feed_query_count_is_flat(self):
        """The first page costs the same number of queries for 2 roles with 30 messages as
        for 20 roles with 300 messages."""
        small = self._person_with_history("Small History", roles=2, per_role=15)
        large = self._person_with_history("Large History", roles=20, per_role=15)
        Message = self.env["mail.message"].with_user(self.user_salesman)

        def first_page(person):
            newest_ids = person.with_user(self.user_salesman)._crm_message_feed_newest()
            messages = Message._crm_feed_newest_page(newest_ids, limit=30)["messages"]
            Store(messages, for_current_user=True).get_result()
            return messages

        counts = {}
        # The second round is compared: the first one fills the caches both share.
        for person in (small, large, small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            with self.assertQueryCount(__system__=30, crm_rm_salesman=30):
                self.assertEqual(len(first_page(person)), 30)
            self.env.flush_all()
            counts[person.name] = self.cr.sql_log_count - before
        self.assertEqual(counts[small.name], counts[large.name], counts)

    def test_pages_read_among_the_newest_ids_are_the_domains_pages(self):
        """The route reads each page among the feed's newest ids (faster than its
        domain): page after page, for an administrator and for a salesman who may not
        read part of the feed, the pages are those the feed's domain gives."""
        for index in range(12):
            self._note(self.role if index % 3 else self.person, f"Paged note {index}")
        self.lead.message_post(body="Lead: a later mail by Jan", author_id=self.role.id,
                               message_type="email")  # fmt: skip
        self.other_user_lead.message_post(
            body="Not the salesman's: a later mail by Jan", author_id=self.role.id,
            message_type="email",
        )  # fmt: skip
        for user in (self.env.user, self.user_salesman):
            person = self.person.with_user(user)
            newest_ids = person._crm_message_feed_newest()
            domain = [
                *person._crm_message_feed_domain(),
                ("message_type", "!=", "user_notification"),
            ]
            Message = self.env["mail.message"].with_user(user)
            before, pages = None, []
            while True:
                plain = Message._crm_feed_fetch(domain, before=before, limit=4)["messages"]
                fast = Message._crm_feed_newest_page(newest_ids, before=before, limit=4)["messages"]
                self.assertEqual(fast.ids, plain.ids, f"page {len(pages) + 1} for {user.name}")
                if not plain:
                    break
                pages.append(plain.ids)
                before = plain.ids[-1]
            self.assertGreater(len(pages), 4)
            self.assertEqual(
                [i for page in pages for i in page], Message.search(domain, order="id DESC").ids
            )

    def test_page_reads_only_the_names_of_other_documents(self):
        """Before a feed's page is serialised, the names of the documents it is on are
        read in one query per model, not their whole rows."""
        on_lead = self.lead.message_post(body="A mail on the lead", author_id=self.role.id,
                                         message_type="email")  # fmt: skip
        note = self._note(self.person, "A private note")
        messages = on_lead | note
        self.env.invalidate_all()
        messages.fetch(["model", "res_id"])
        with self.assertQueryCount(1):
            messages._crm_prefetch_thread_names()
        with self.assertQueryCount(0):
            self.assertEqual(self.lead.sudo().display_name, self.lead.name)

    def test_newest_ids_are_exact_when_one_list_holds_most(self):
        """A page's newest ids are found reading a few of each list first: when one
        list (here the notes on the person) holds more of the newest than that, it is
        read again, and the ids are still exactly the feed domain's newest."""
        person = self._person_with_history("Busy History", roles=3, per_role=4)
        for index in range(45):
            self._note(person, f"Private note {index}")
        role = person.role_ids[0]
        self.lead.message_post(body="A mail by the role", author_id=role.id,
                               message_type="email")  # fmt: skip
        for index in range(6):
            self._note(role, f"Later role note {index}")
        partner_ids = person._crm_feed_partner_ids()
        domain = [*person._crm_message_feed_domain(), ("message_type", "!=", "user_notification")]
        Message = self.env["mail.message"].sudo()
        newest = list(Message._search(domain, order="id DESC"))
        self.assertGreater(len(newest), 60)
        Partner = self.env["res.partner"]
        for before in (None, newest[10], newest[40]):
            expected = [message_id for message_id in newest if not before or message_id < before]
            self.assertEqual(
                Partner._crm_partners_feed_newest_ids(partner_ids, before, 60), expected[:60]
            )
            self.assertEqual(
                Partner._crm_partners_feed_newest_ids(partner_ids, before, 5), expected[:5]
            )

    def _person_with_history(self, name, roles, per_role):
        person = self._create_person(name)
        organisations = self.env["res.partner"].create(
            [{"crm_kind": "organisation", "name": f"{name} Org {i}"} for i in range(roles)]
        )
        for organisation in organisations:
            role = self._create_role(person, organisation, function="Advisor")
            for index in range(per_role):
                self._note(role, f"{name} note {index}")
        return person

    def test_meetings_of_roles_count_for_the_person(self):
        start = fields.Datetime.now()
        meeting = self.env["calendar.event"].create(
            {
                "name": "Quarterly review at Windmolen",
                "start": start,
                "stop": start + relativedelta(hours=1),
                "partner_ids": [Command.link(self.role.id)],
            }
        )
        private = self.env["calendar.event"].create(
            {
                "name": "Lunch",
                "start": start,
                "stop": start + relativedelta(hours=1),
                "partner_ids": [Command.link(self.person.id)],
            }
        )
        colleague = self.env["calendar.event"].create(
            {
                "name": "Budget",
                "start": start,
                "stop": start + relativedelta(hours=1),
                "partner_ids": [Command.link(self.colleague_role.id)],
            }
        )
        person = self.person.with_user(self.user_salesman)
        self.assertEqual(person.meeting_count, 2)
        action = person.schedule_meeting()
        events = self.env["calendar.event"].search(action["domain"])
        self.assertEqual(set(events.ids), {meeting.id, private.id})
        self.assertEqual(self.organisation.meeting_count, 2)  # Jan's role and Piet's
        self.assertNotIn(colleague, events)

    def _wizard(self, record, user=None):
        record = record.with_user(user or self.user_salesman)
        action = record.action_log_contact_moment()
        return Form(
            self.env[action["res_model"]]
            .with_user(user or self.user_salesman)
            .with_context(**action["context"])
        )

    def test_log_call_in_the_context_of_a_role(self):
        wizard = self._wizard(self.person)
        self.assertEqual(wizard.record_id, self.person)  # private unless a role is chosen
        wizard.record_id = self.role
        wizard.moment_type = "call"
        wizard.body = "<p>Talked about the renewal</p>"
        wizard.save().action_log()
        message = self.role.message_ids[0]
        self.assertIn("Talked about the renewal", message.body)
        self.assertEqual(
            message.mail_activity_type_id, self.env.ref("mail.mail_activity_data_call")
        )
        self.assertEqual(message.author_id, self.user_salesman.partner_id)
        self.assertFalse(self.person.message_ids.filtered(lambda m: "renewal" in (m.body or "")))

    def test_log_from_a_role_row_and_private_note(self):
        wizard = self._wizard(self.past_role)
        self.assertEqual(wizard.person_id, self.person)
        self.assertEqual(wizard.record_id, self.past_role)
        wizard.record_id = self.person
        wizard.body = "<p>Sent flowers</p>"
        wizard.save().action_log()
        self.assertIn("Sent flowers", self.person.message_ids[0].body)
        self.assertTrue(self.person.message_ids[0].subtype_id.internal)

    def test_schedule_activity_on_a_role(self):
        wizard = self._wizard(self.person)
        wizard.record_id = self.role
        wizard.moment_type = "activity"
        self.assertTrue(wizard.activity_type_id)
        self.assertTrue(wizard.date_deadline)
        wizard.summary = "Send the offer"
        wizard.save().action_log()
        activity = self.role.activity_ids
        self.assertEqual(activity.summary, "Send the offer")
        self.assertEqual(activity.user_id, self.user_salesman)
        self.assertEqual(self.person.crm_activity_count, 1)

    def test_refusals(self):
        messages = self.env["mail.message"].search_count([])
        wizard = self._wizard(self.person)
        wizard.record_id = self.role
        with self.assertRaises(AssertionError):
            wizard.save()  # the text is required on the form
        record = (
            self.env["crm.contact.moment.wizard"]
            .with_user(self.user_salesman)
            .create({"person_id": self.person.id, "record_id": self.role.id, "moment_type": "call"})
        )
        with self.assertRefused(UserError, "Write what was said"):
            record.action_log()
        record.write({"record_id": self.colleague_role.id, "body": "<p>Hello</p>"})
        with self.assertRefused(UserError, "neither Jan de Vries nor one of their roles"):
            record.action_log()
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        with self.assertRefused(UserError, "is not a person"):
            self.organisation.action_log_contact_moment()

    def test_portal_user_cannot_log(self):
        portal = self.user_portal
        with self.assertRaises(AccessError):
            self.env["crm.contact.moment.wizard"].with_user(portal).create(
                {"person_id": self.person.id, "record_id": self.person.id, "body": "<p>x</p>"}
            )

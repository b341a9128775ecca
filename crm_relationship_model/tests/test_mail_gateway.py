# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import CrmRelationshipCommon

MAIL = """Return-Path: <{email_from}>
From: {email_from}
To: {to}
Cc: {cc}
Delivered-To: {delivered_to}
Subject: {subject}
Date: Mon, 23 Nov 2026 10:00:00 +0100
Message-ID: <{message_id}@mail.example.com>
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


@tagged("post_install", "-at_install", "crm_rm_mail_gateway")
class TestMailGateway(CrmRelationshipCommon):
    """Inbound mail through the real gateway (message_process, as fetchmail calls it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "crm.example.com", "catchall_alias": "catchall", "bounce_alias": "bounce"}
        )
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.log_alias = cls.env.ref("crm_relationship_model.mail_alias_crm_log")
        cls.log_alias.alias_domain_id = cls.alias_domain
        # A lead alias: mail to it makes a lead whose author is the best-matching partner.
        cls.lead_alias = cls.env["mail.alias"].create(
            {
                "alias_name": "sales",
                "alias_model_id": cls.env["ir.model"]._get_id("crm.lead"),
                "alias_domain_id": cls.alias_domain.id,
                "alias_contact": "everyone",
            }
        )
        cls.colleague = cls._create_person("Piet Jansen", email="piet@jansen.example")
        cls.colleague_role = cls._create_role(
            cls.colleague, cls.organisation, function="CFO", email="piet@windmolen.example"
        )
        cls.counter = 0

    def _process(
        self,
        email_from,
        to="sales@crm.example.com",
        cc="",
        delivered_to=None,
        subject="Hello",
        body="Hello there",
        extra="",
    ):
        type(self).counter += 1
        message_id = f"crm-rm-gateway-{self.counter}"
        raw = MAIL.format(
            email_from=email_from,
            to=to,
            cc=cc,
            delivered_to=delivered_to or to,
            subject=subject,
            body=body,
            message_id=message_id,
            extra=extra,
        )
        self.env["mail.thread"].message_process(False, raw)
        return raw, f"<{message_id}@mail.example.com>"

    def _lead_author(self, email_from):
        _raw, message_id = self._process(email_from, subject=f"Question from {email_from}")
        message = self.env["mail.message"].search([("message_id", "=", message_id)])
        self.assertEqual(message.model, "crm.lead")
        return message.author_id

    def test_work_address_lands_on_the_current_role(self):
        self.assertEqual(self._lead_author("jan.devries@windmolen.example"), self.role)

    def test_private_address_lands_on_the_person(self):
        self.assertEqual(self._lead_author("Jan <jan@devries.example>"), self.person)

    def test_shared_address_prefers_the_current_role(self):
        # Jan uses his private address for work too: the current role wins.
        self.role.email = "jan@devries.example"
        self.assertEqual(self._lead_author("jan@devries.example"), self.role)

    def test_ended_role_does_not_beat_the_person(self):
        self.past_role.email = "jan@devries.example"
        self.assertEqual(self._lead_author("jan@devries.example"), self.person)
        # An address only an ended role has still finds that role.
        self.past_role.email = "jan@polder.example"
        self.assertEqual(self._lead_author("jan@polder.example"), self.past_role)

    def test_plain_partner_with_the_same_address_loses_to_the_person(self):
        plain = self.env["res.partner"].create({"name": "Old Jan", "email": "jan@devries.example"})
        self.assertNotEqual(self._lead_author("jan@devries.example"), plain)

    def test_reply_to_a_mail_sent_from_a_role_chatter(self):
        sent = self.role.message_post(
            body="Our offer",
            partner_ids=[self.role.id],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        _raw, message_id = self._process(
            "jan.devries@windmolen.example",
            to="catchall@crm.example.com",
            subject="Re: Our offer",
            body="Thanks, we accept.",
            extra=f"In-Reply-To: {sent.message_id}\nReferences: {sent.message_id}\n",
        )
        reply = self.env["mail.message"].search([("message_id", "=", message_id)])
        self.assertEqual((reply.model, reply.res_id), ("res.partner", self.role.id))
        self.assertEqual(reply.author_id, self.role)
        self.assertEqual(reply.parent_id, sent)

    # ------------------------------------------------------------------
    # The CRM logging address (in Bcc)
    # ------------------------------------------------------------------

    def _log(self, to, cc="", email_from=None, subject="Offer"):
        email_from = email_from or self.user_salesman.email_formatted
        partners = self.env["res.partner"].with_context(active_test=False).search_count([])
        _raw, message_id = self._process(
            email_from, to=to, cc=cc, delivered_to="crm-log@crm.example.com", subject=subject
        )
        self.assertEqual(
            self.env["res.partner"].with_context(active_test=False).search_count([]),
            partners,
            "the logging address never creates a partner",
        )
        return self.env["mail.message"].search([("message_id", "=", message_id)])

    def test_logging_address_in_bcc_logs_on_the_current_role(self):
        logged = self._log(to="Jan <jan.devries@windmolen.example>")
        self.assertEqual((logged.model, logged.res_id), ("res.partner", self.role.id))
        self.assertEqual(logged.author_id, self.user_salesman.partner_id)
        self.assertEqual(logged.message_type, "email")
        self.assertEqual(logged.subject, "Offer")

    def test_logging_address_private_recipient_and_two_recipients(self):
        logged = self._log(to="jan@devries.example", cc="piet@windmolen.example")
        self.assertEqual(
            sorted(logged.mapped("res_id")), sorted([self.person.id, self.colleague_role.id])
        )
        self.assertEqual(len(logged), 2)

    def test_logging_address_unknown_address_creates_nothing(self):
        mails = self.env["mail.mail"].search_count([])
        logged = self._log(to="stranger@nowhere.example")
        self.assertFalse(logged)
        # The colleague who sent it is told nothing was logged.
        self.assertEqual(self.env["mail.mail"].search_count([]), mails + 1)

    def test_logging_address_mail_from_a_contact_is_logged_on_them(self):
        logged = self._log(to="someone@crm.example.com", email_from="jan.devries@windmolen.example")
        self.assertEqual(logged.res_id, self.role.id)

    def test_same_mail_twice_is_logged_once(self):
        raw, message_id = self._process(
            self.user_salesman.email_formatted,
            to="jan.devries@windmolen.example",
            delivered_to="crm-log@crm.example.com",
        )
        self.env["mail.thread"].message_process(False, raw)
        self.assertEqual(
            self.env["mail.message"].search_count([("message_id", "=", message_id)]), 1
        )

    def test_renamed_logging_address_still_works(self):
        settings = Form(self.env["res.config.settings"])
        self.assertEqual(settings.crm_log_alias_name, "crm-log")
        self.assertEqual(settings.crm_log_alias_domain, "crm.example.com")
        settings.crm_log_alias_name = "log-it"
        settings.save().execute()
        self.assertEqual(self.log_alias.alias_full_name, "log-it@crm.example.com")
        _raw, message_id = self._process(
            self.user_salesman.email_formatted,
            to="jan.devries@windmolen.example",
            delivered_to="log-it@crm.example.com",
        )
        logged = self.env["mail.message"].search([("message_id", "=", message_id)])
        self.assertEqual(logged.res_id, self.role.id)

    def test_only_administrators_change_the_address(self):
        for user in (self.user_salesman, self.user_sales_manager):
            with self.assertRaises(AccessError):
                self.env["res.config.settings"].with_user(user).create(
                    {"crm_log_alias_name": "hijack"}
                ).execute()
        self.assertEqual(self.log_alias.alias_name, "crm-log")

    def test_role_ended_since_the_address_was_used(self):
        self.role.role_date_end = self.today - relativedelta(days=1)
        self.person.email = False
        self.assertEqual(self._lead_author("jan.devries@windmolen.example"), self.role)

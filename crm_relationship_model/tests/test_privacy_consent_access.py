# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmPrivacyConsentCommon


@tagged("post_install", "-at_install", "crm_rm_privacy_consent")
class TestPrivacyConsentAccess(CrmPrivacyConsentCommon):
    """The OCA's data protection user reads consents and their history, its manager (and
    our officer, who is one) records them; nobody edits the history; salesmen see neither,
    only whether a person may be mailed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consent = cls._give_consent(cls.person, cls.newsletter, crm_source="paper")
        cls.event = cls.consent.crm_event_ids

    def _assert_refused(self, call, exception=AccessError):
        with self.assertRaises(exception) as catcher:
            call()
        message = str(catcher.exception)
        for value in ("Jan de Vries", "v2", "monthly newsletter", "paper"):
            self.assertNotIn(value, message)

    def test_the_officer_is_a_data_protection_manager(self):
        self.assertTrue(self.user_officer.has_group("privacy.group_data_protection_manager"))
        self.assertTrue(self.user_officer.has_group("privacy.group_data_protection_user"))

    def test_the_data_protection_user_reads_and_cannot_change(self):
        consent = self.consent.with_user(self.user_dp_user)
        self.assertEqual(consent.crm_consent_version, "v2")
        self.assertEqual(consent.crm_event_ids.event_type, "given")
        self._assert_refused(lambda: consent.write({"accepted": False}))
        self._assert_refused(
            lambda: self.Consent.with_user(self.user_dp_user).create(
                {"partner_id": self.other_person.id, "activity_id": self.newsletter.id}
            )
        )
        self._assert_refused(
            lambda: self.Event.with_user(self.user_dp_user).create(
                {
                    "partner_id": self.person.id,
                    "activity_id": self.newsletter.id,
                    "event_type": "withdrawn",
                    "date": "2026-01-01 00:00:00",
                    "user_id": self.user_dp_user.id,
                }
            )
        )
        self.consent.invalidate_recordset()
        self.assertTrue(self.consent.accepted)

    def test_managers_record_consents_and_nobody_edits_the_history(self):
        for user in (self.user_dp_manager, self.user_officer):
            with self.subTest(user=user.login):
                consent = self.consent.with_user(user)
                consent.accepted = False
                consent.accepted = True
                event = self.event.with_user(user)
                self._assert_refused(
                    lambda e=event: e.write({"event_type": "withdrawn"}), UserError
                )
                self._assert_refused(lambda e=event: e.unlink(), UserError)
                # Nor can they make one up.
                self._assert_refused(
                    lambda u=user: self.Event.with_user(u).create(
                        {
                            "partner_id": self.person.id,
                            "activity_id": self.newsletter.id,
                            "event_type": "given",
                            "date": "2026-01-01 00:00:00",
                            "user_id": u.id,
                        }
                    )
                )
        self.assertEqual(
            self.consent.crm_event_ids.mapped("user_id"),
            self.user_officer | self.user_dp_manager | self.env.user,
        )

    def test_salesmen_and_portal_users_see_no_consent(self):
        for user in (self.user_salesman, self.user_sales_manager, self.user_portal):
            with self.subTest(user=user.login):
                Consent = self.Consent.with_user(user)
                Event = self.Event.with_user(user)
                calls = [
                    lambda C=Consent: C.search([("partner_id", "=", self.person.id)]),
                    lambda C=Consent: C.browse(self.consent.id).read(["crm_consent_version"]),
                    lambda C=Consent: C.browse(self.consent.id).write({"accepted": False}),
                    lambda E=Event: E.browse(self.event.id).read(["consent_text"]),
                    lambda E=Event: E.search([]),
                ]
                for call in calls:
                    with mute_logger("odoo.models"):
                        self._assert_refused(call)
        self.consent.invalidate_recordset()
        self.assertTrue(self.consent.accepted)

    def test_salesmen_see_who_may_be_mailed(self):
        Partner = self.env["res.partner"].with_user(self.user_salesman)
        self.assertTrue(Partner.browse(self.person.id).crm_mailing_consent)
        self.assertFalse(Partner.browse(self.other_person.id).crm_mailing_consent)
        found = Partner.search(
            [
                ("id", "in", (self.person | self.other_person).ids),
                ("crm_mailing_consent", "=", True),
            ]
        )
        self.assertEqual(found, self.person)

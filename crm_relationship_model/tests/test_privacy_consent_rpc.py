# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from xmlrpc.client import Fault

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import CrmPrivacyConsentCommon

JAN_EMAIL = "jan@devries.example"
JAN_MOBILE = "+31633333333"


class PrivacyConsentHttpCommon(CrmPrivacyConsentCommon, HttpCase):
    def _rpc(self, user, model, method, *args, **kwargs):
        password = f"{user.login}-pw"
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, password, {})
        return self.xmlrpc_object.execute_kw(db, uid, password, model, method, list(args), kwargs)

    def _answer_by_link(self, consent, accept):
        """What the person does with the OCA's emailed link: no login, a token."""
        response = self.url_open(consent._url(accept))
        self.assertEqual(response.status_code, 200)
        consent.invalidate_recordset()
        return response


@tagged("post_install", "-at_install", "crm_rm_privacy_consent")
class TestPrivacyConsentRpc(PrivacyConsentHttpCommon):
    """Consents given and withdrawn from outside: an RPC client, and the person through
    the OCA's emailed link. Both reach the history and the blacklists."""

    def test_a_withdrawal_over_xmlrpc_is_dated_logged_and_blacklisted(self):
        consent = self._give_consent(self.person, self.newsletter)
        self._rpc(self.user_officer, "privacy.consent", "write", consent.ids, {"accepted": False})
        consent.invalidate_recordset()
        self.assertFalse(consent.accepted)
        self.assertTrue(consent.crm_date_withdrawn)
        event = self._events(consent)[-1]
        self.assertRecordValues(
            event, [{"event_type": "withdrawn", "user_id": self.user_officer.id}]
        )
        self.assertTrue(self._email_blacklisted(JAN_EMAIL))
        self.assertTrue(self._phone_blacklisted(JAN_MOBILE))
        # Read back over RPC, as a client would.
        [row] = self._rpc(
            self.user_dp_user,
            "privacy.consent",
            "read",
            consent.ids,
            ["crm_date_given", "crm_date_withdrawn", "crm_source", "crm_consent_version"],
        )
        self.assertTrue(row["crm_date_withdrawn"])
        self.assertEqual(row["crm_consent_version"], "v2")

    def test_an_import_over_xmlrpc_that_withdraws_before_giving_writes_nothing(self):
        with mute_logger("odoo.http"), self.assertRaises(Fault) as catcher:
            self._rpc(
                self.user_officer,
                "privacy.consent",
                "create",
                {
                    "partner_id": self.other_person.id,
                    "activity_id": self.newsletter.id,
                    "crm_date_given": "2026-02-01 08:00:00",
                    "crm_date_withdrawn": "2025-12-01 08:00:00",
                    "crm_source": "import",
                },
            )
        self.assertIn("before it was given", catcher.exception.faultString)
        self.assertFalse(self.Consent.search([("partner_id", "=", self.other_person.id)]))
        self.assertFalse(self.Event.search([("partner_id", "=", self.other_person.id)]))

    def test_the_emailed_links_confirm_withdraw_and_give_again(self):
        consent = self._give_consent(self.person, self.newsletter, crm_source="web_form")
        self.assertFalse(consent.crm_date_confirmed)
        # Double opt-in: the person confirms through the link emailed to them.
        response = self._answer_by_link(consent, True)
        self.assertIn("accepted", response.text)
        self.assertTrue(consent.crm_date_confirmed)
        self.assertEqual(consent.crm_source, "web_form", "how it was obtained stays")
        # And later withdraws through the other link.
        response = self._answer_by_link(consent, False)
        self.assertIn("rejected", response.text)
        self.assertFalse(consent.accepted)
        self.assertTrue(consent.crm_date_withdrawn)
        self.assertTrue(self._email_blacklisted(JAN_EMAIL))
        self.assertTrue(self._phone_blacklisted(JAN_MOBILE))
        events = self._events(consent)
        self.assertEqual(events.mapped("event_type"), ["given", "confirmed", "withdrawn"])
        public = self.env.ref("base.public_user")
        self.assertEqual(events[1:].user_id, public)
        self.assertEqual(set(events[1:].mapped("source")), {"email_confirmation"})
        self.assertIn("Remote IP", events[2].metadata)
        # Given again through the link: off the blacklists, confirmed at once.
        self._answer_by_link(consent, True)
        self.assertTrue(consent.accepted)
        self.assertFalse(consent.crm_date_withdrawn)
        self.assertEqual(consent.crm_date_confirmed, consent.crm_date_given)
        self.assertFalse(self._email_blacklisted(JAN_EMAIL))
        self.assertFalse(self._phone_blacklisted(JAN_MOBILE))
        self.assertEqual(self._events(consent)[-2:].mapped("event_type"), ["given", "confirmed"])

    def test_a_request_answered_through_the_link_is_given_by_email(self):
        self.newsletter.action_new_consents()
        consent = self.newsletter.consent_ids.filtered(lambda c: c.partner_id == self.person)
        self._answer_by_link(consent, True)
        self.assertRecordValues(
            consent,
            [{"accepted": True, "state": "answered", "crm_source": "email_confirmation"}],
        )
        self.assertEqual(consent.crm_date_confirmed, consent.crm_date_given)
        self.assertEqual(self._events(consent).mapped("event_type"), ["given", "confirmed"])

    def test_a_wrong_token_changes_nothing(self):
        consent = self._give_consent(self.person, self.newsletter)
        url = consent._url(False).replace(consent._token(), "0" * 128)
        with mute_logger("odoo.http"):
            response = self.url_open(url)
        self.assertEqual(response.status_code, 404)
        consent.invalidate_recordset()
        self.assertTrue(consent.accepted)
        self.assertEqual(len(self._events(consent)), 1)

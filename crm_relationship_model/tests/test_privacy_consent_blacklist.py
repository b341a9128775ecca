# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import CrmPrivacyConsentCommon

JAN_EMAIL = "jan@devries.example"
JAN_PHONE = "+31611111111"
JAN_MOBILE = "+31633333333"


@tagged("post_install", "-at_install", "crm_rm_privacy_consent")
class TestPrivacyConsentBlacklist(CrmPrivacyConsentCommon):
    """Withdrawing a consent that mailings need puts the person on Odoo's blacklists
    (email, and phone for SMS) through the OCA's sync action; giving it again takes them
    off."""

    def test_an_activity_for_mailings_syncs_the_blacklists_through_the_oca_action(self):
        action = self.env.ref("privacy_consent.sync_blacklist")
        self.assertEqual(self.newsletter.server_action_id, action)
        self.assertEqual(self.newsletter.crm_lawful_basis, "consent")
        self.assertIn("_crm_sync_blacklists", action.code)
        # Flagged later, in the form: the same.
        form = Form(self.analytics)
        form.crm_mailing_consent_required = True
        self.assertEqual(form.crm_lawful_basis, "legitimate_interests", "a basis chosen stays")
        form.save()
        self.assertEqual(self.analytics.server_action_id, action)

    def test_a_withdrawal_must_reach_the_blacklists(self):
        other = self.env["ir.actions.server"].create(
            {
                "name": "Something else",
                "model_id": self.env["ir.model"]._get_id("privacy.consent"),
                "state": "code",
                "code": "pass",
            }
        )
        with self.assertRefused(ValidationError, "must reach the blacklists"):
            self.newsletter.server_action_id = other
        multi = self.env["ir.actions.server"].create(
            {
                "name": "Blacklists and more",
                "model_id": self.env["ir.model"]._get_id("privacy.consent"),
                "state": "multi",
                "child_ids": [(6, 0, (other | self.newsletter.server_action_id).ids)],
            }
        )
        self.newsletter.server_action_id = multi
        consent = self._give_consent(self.person, self.newsletter)
        consent.accepted = False
        self.assertTrue(self._email_blacklisted(JAN_EMAIL))

    def test_withdrawing_blacklists_email_and_phones_and_giving_again_lifts_it(self):
        consent = self._give_consent(self.person, self.newsletter.with_user(self.user_officer))
        consent = consent.with_user(self.user_officer)
        self.assertFalse(self._email_blacklisted(JAN_EMAIL))
        consent.accepted = False
        self.assertTrue(self._email_blacklisted(JAN_EMAIL))
        self.assertTrue(self._phone_blacklisted(JAN_PHONE))
        self.assertTrue(self._phone_blacklisted(JAN_MOBILE))
        self.assertTrue(self.person.is_blacklisted)
        blacklisted = self.env["mail.blacklist"].search([("email", "=", JAN_EMAIL)])
        self.assertIn("Consent to Newsletter", "".join(blacklisted.message_ids.mapped("body")))
        consent.accepted = True
        self.assertFalse(self._email_blacklisted(JAN_EMAIL))
        self.assertFalse(self._phone_blacklisted(JAN_PHONE))
        self.assertFalse(self._phone_blacklisted(JAN_MOBILE))
        # The work email and phone of his role are not his private ones: untouched.
        consent.accepted = False
        self.assertFalse(self._email_blacklisted("jan.devries@windmolen.example"))
        self.assertFalse(self._phone_blacklisted("+31202222222"))

    def test_a_pending_request_blacklists_no_one(self):
        self.newsletter.action_new_consents()
        consent = self.newsletter.consent_ids.filtered(lambda c: c.partner_id == self.person)
        self.assertRecordValues(consent, [{"state": "draft", "accepted": False}])
        self.assertFalse(self._email_blacklisted(JAN_EMAIL))
        self.assertFalse(self._phone_blacklisted(JAN_MOBILE))

    def test_activities_mailings_do_not_need_leave_the_phone_blacklist_alone(self):
        # The OCA's own use of its action: email only, as before.
        self.analytics.server_action_id = self.env.ref("privacy_consent.sync_blacklist")
        consent = self._give_consent(self.person, self.analytics)
        consent.accepted = False
        self.assertTrue(self._email_blacklisted(JAN_EMAIL))
        self.assertFalse(self._phone_blacklisted(JAN_MOBILE))

    def test_blanking_the_metadata_syncs_nothing_and_blanks_the_history(self):
        # What the erasure of a person does: clear the blacklists, then the metadata.
        consent = self._give_consent(self.person, self.newsletter)
        consent.with_context(subject_answering=True).action_answer(False, "Remote IP: 10.0.0.1")
        self.assertTrue(self._email_blacklisted(JAN_EMAIL))
        self.env["mail.blacklist"].search([("email", "=", JAN_EMAIL)]).unlink()
        self.env["phone.blacklist"].search([("number", "in", [JAN_PHONE, JAN_MOBILE])]).unlink()
        consent.write({"last_metadata": False})
        self.assertFalse(self._email_blacklisted(JAN_EMAIL))
        self.assertFalse(self._phone_blacklisted(JAN_MOBILE))
        self.assertFalse(any(consent.crm_event_ids.mapped("metadata")))
        self.assertEqual(consent.crm_event_ids.mapped("event_type"), ["withdrawn", "given"])

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import CrmPrivacyConsentCommon


@tagged("post_install", "-at_install", "crm_rm_privacy_consent")
class TestPrivacyConsentMailing(CrmPrivacyConsentCommon):
    """Every mailing to persons leaves out those without the consent mailings need:
    res.partner._crm_mailing_consent_domain(), which Email Marketing's default domain
    (res.partner._mailing_get_default_domain) adds; it works without mass_mailing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.piet = cls._create_person("Piet Jansen", email="piet@jansen.example")
        cls.candidates = (
            cls.person | cls.other_person | cls.piet | cls.role | cls.past_role | cls.organisation
        )

    def _mailable(self, domain=None):
        Partner = self.env["res.partner"]
        domain = Partner._crm_mailing_consent_domain() if domain is None else domain
        return Partner.with_context(active_test=False).search(
            [("id", "in", self.candidates.ids), *domain]
        )

    def test_persons_without_consent_are_left_out(self):
        self._give_consent(self.piet, self.newsletter)
        # Jan was asked and has not answered; Anna was never asked.
        self.Consent.create({"partner_id": self.person.id, "activity_id": self.newsletter.id})
        self.assertEqual(self._mailable(), self.piet | self.organisation)
        # Email Marketing's default domain for contacts, called as it calls it.
        default = self.env["res.partner"]._mailing_get_default_domain(None)
        self.assertEqual(self._mailable(default), self.piet | self.organisation)
        # The computed flag says the same, per partner.
        self.assertEqual(
            self.candidates.filtered("crm_mailing_consent"), self.piet | self.organisation
        )

    def test_a_new_person_has_no_consent_yet(self):
        new = self.env["res.partner"].new({"crm_kind": "person", "name": "Nieuw"})
        self.assertFalse(new.crm_mailing_consent)
        self.newsletter.crm_mailing_consent_required = False
        self.assertTrue(self.env["res.partner"].new({"crm_kind": "person"}).crm_mailing_consent)

    def test_roles_follow_their_persons_consent(self):
        consent = self._give_consent(self.person, self.newsletter)
        self.assertEqual(
            self._mailable(), self.person | self.role | self.past_role | self.organisation
        )
        consent.accepted = False
        self.assertEqual(self._mailable(), self.organisation)

    def test_every_activity_mailings_need_counts_and_only_those(self):
        self._give_consent(self.person, self.newsletter)
        self._give_consent(self.piet, self.analytics)
        self.assertNotIn(self.piet, self._mailable(), "analytics is not for mailings")
        events = self.env["privacy.activity"].create(
            {"name": "Event Invitations", "crm_mailing_consent_required": True}
        )
        self.assertNotIn(self.person, self._mailable(), "no consent to the invitations yet")
        self._give_consent(self.person, events)
        self.assertIn(self.person, self._mailable())
        # An archived activity, or an archived consent, no longer counts.
        events.active = False
        self.assertIn(self.person, self._mailable())
        self.person.privacy_consent_ids.filtered(
            lambda c: c.activity_id == self.newsletter
        ).active = False
        self.assertNotIn(self.person, self._mailable())

    def test_without_activities_for_mailings_everyone_may_be_mailed(self):
        self.newsletter.crm_mailing_consent_required = False
        self.assertEqual(self._mailable(), self.candidates)
        self.assertEqual(
            self.env["res.partner"].search_count([("crm_mailing_consent", "=", False)]), 0
        )

    def test_the_domain_is_one_query_on_any_number_of_persons(self):
        Partner = self.env["res.partner"]
        Partner.create([{"crm_kind": "person", "name": f"Person {i}"} for i in range(50)])
        self.env.flush_all()
        with self.assertQueryCount(1):
            Partner.search_count(Partner._crm_mailing_consent_domain())

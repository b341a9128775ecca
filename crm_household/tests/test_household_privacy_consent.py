# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.crm_relationship_model.tests.common import CrmPrivacyConsentCommon

from .common import CrmHouseholdCommon


class HouseholdConsentCommon(CrmHouseholdCommon, CrmPrivacyConsentCommon):
    """Jan (head) and Anna live at the canal; the newsletter needs their consent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anna = cls.other_person
        cls.anna.email = "anna@bakker.example"
        cls.household = cls._create_household(
            members=[(cls.person, "head"), (cls.anna, "partner")], **cls.address_canal
        )
        cls.Recipient = cls.env["crm.household.mailing.recipient"]

    def _row(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.Recipient.browse(self.household.id)

    def _default_rows(self):
        self.env.flush_all()
        return self.Recipient.search(self.Recipient._mailing_get_default_domain(None))


@tagged("post_install", "-at_install", "crm_hh_privacy_consent", "crm_rm_privacy_consent")
class TestHouseholdMailingConsent(HouseholdConsentCommon):
    """The one-per-household mailing leaves out members without the consent mailings
    need, as it leaves out those on the blacklist."""

    def test_a_household_without_any_consent_is_left_out(self):
        row = self._row()
        self.assertTrue(row.opt_out)
        self.assertFalse(row.email)
        self.assertNotIn(self.household, self._default_rows().household_id)
        action = (self.person | self.anna).action_open_household_mailing()
        self.assertFalse(self.Recipient.search(action["domain"]))

    def test_the_address_is_of_a_member_who_consented(self):
        self._give_consent(self.anna, self.newsletter)
        row = self._row()
        self.assertFalse(row.opt_out)
        self.assertEqual(row.email, "anna@bakker.example", "not the head's: he did not consent")
        self.assertIn(self.household, self._default_rows().household_id)
        # Jan without consent does not bring the household in; Anna does.
        self.assertFalse(
            self.Recipient.search(self.person.action_open_household_mailing()["domain"])
        )
        self.assertEqual(
            self.Recipient.search(self.anna.action_open_household_mailing()["domain"]).household_id,
            self.household,
        )
        self._give_consent(self.person, self.newsletter)
        self.assertEqual(self._row().email, "jan@devries.example", "the head's first again")

    def test_without_activities_for_mailings_nothing_changes(self):
        self.newsletter.crm_mailing_consent_required = False
        row = self._row()
        self.assertFalse(row.opt_out)
        self.assertEqual(row.email, "jan@devries.example")


@tagged("post_install", "-at_install", "crm_hh_privacy_consent", "crm_rm_privacy_consent")
class TestHouseholdConsentWithdrawal(HouseholdConsentCommon, HttpCase):
    """A withdrawal from outside, over XML-RPC or through the OCA's emailed link, reaches
    the blacklist and the household's mailing row."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.jan_consent = cls._give_consent(cls.person, cls.newsletter)
        cls.anna_consent = cls._give_consent(cls.anna, cls.newsletter)

    def _assert_jan_withdrew(self):
        self.assertTrue(self._email_blacklisted("jan@devries.example"))
        self.assertTrue(self._phone_blacklisted("+31633333333"))
        row = self._row()
        self.assertEqual(row.email, "anna@bakker.example")
        self.assertFalse(row.opt_out)
        self.assertFalse(
            self.Recipient.search(self.person.action_open_household_mailing()["domain"])
        )

    def test_withdrawal_over_xmlrpc(self):
        self.assertEqual(self._row().email, "jan@devries.example")
        db = self.env.cr.dbname
        login, password = self.user_officer.login, f"{self.user_officer.login}-pw"
        uid = self.xmlrpc_common.authenticate(db, login, password, {})
        self.xmlrpc_object.execute_kw(
            db, uid, password, "privacy.consent", "write",
            [self.jan_consent.ids, {"accepted": False}],
        )  # fmt: skip
        self._assert_jan_withdrew()
        # Anna withdraws too: the household is left out.
        self.xmlrpc_object.execute_kw(
            db, uid, password, "privacy.consent", "write",
            [self.anna_consent.ids, {"crm_date_withdrawn": "2099-01-01 00:00:00"}],
        )  # fmt: skip
        self.assertTrue(self._row().opt_out)
        self.assertNotIn(self.household, self._default_rows().household_id)

    def test_withdrawal_through_the_emailed_link(self):
        response = self.url_open(self.jan_consent._url(False))
        self.assertEqual(response.status_code, 200)
        self._assert_jan_withdrew()
        self.assertEqual(self.jan_consent.crm_event_ids[:1].event_type, "withdrawn")
        # He changes his mind with the other link: the head's address again.
        self.url_open(self.jan_consent._url(True))
        self.assertFalse(self._email_blacklisted("jan@devries.example"))
        self.assertEqual(self._row().email, "jan@devries.example")

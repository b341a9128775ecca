# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CrmPrivacyConsentCommon

PERSON_FORM = "crm_relationship_model.res_partner_person_view_form"


@tagged("post_install", "-at_install", "crm_rm_privacy_consent")
class TestPrivacyConsent(CrmPrivacyConsentCommon):
    """A consent per person and purpose: the current state on the OCA's record, its
    history in events that are never changed."""

    def test_giving_dates_it_and_keeps_the_text_agreed_to(self):
        with freeze_time("2026-03-01 09:00:00"):
            consent = self._give_consent(self.person, self.newsletter, crm_source="web_form")
        self.assertRecordValues(
            consent,
            [
                {
                    "accepted": True,
                    "state": "answered",
                    "crm_date_given": self._dt("2026-03-01 09:00:00"),
                    "crm_date_withdrawn": False,
                    "crm_date_confirmed": False,
                    "crm_source": "web_form",
                    "crm_consent_version": "v2",
                }
            ],
        )
        self.assertIn("monthly newsletter", consent.crm_consent_text)
        # The activity's text changes later: what Jan agreed to does not.
        self.newsletter.write(
            {"crm_consent_text": "<p>Weekly offers too.</p>", "crm_consent_version": "v3"}
        )
        self.assertEqual(consent.crm_consent_version, "v2")
        self.assertIn("monthly newsletter", consent.crm_consent_text)
        [event] = self._events(consent)
        self.assertRecordValues(
            event,
            [
                {
                    "event_type": "given",
                    "date": self._dt("2026-03-01 09:00:00"),
                    "source": "web_form",
                    "consent_version": "v2",
                    "partner_id": self.person.id,
                    "activity_id": self.newsletter.id,
                    "user_id": self.env.uid,
                }
            ],
        )
        self.assertIn("monthly newsletter", event.consent_text)

    def test_the_text_is_kept_in_the_persons_language(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.newsletter.with_context(
            lang="nl_NL"
        ).crm_consent_text = "<p>Ja, stuur mij de maandelijkse nieuwsbrief.</p>"
        self.other_person.lang = "nl_NL"
        consent = self._give_consent(self.other_person, self.newsletter)
        self.assertIn("maandelijkse nieuwsbrief", consent.crm_consent_text)

    def test_withdrawing_and_giving_again_write_history_never_overwritten(self):
        with freeze_time("2026-03-01 09:00:00"):
            consent = self._give_consent(self.person, self.newsletter, crm_source="paper")
        with freeze_time("2026-04-01 10:00:00"):
            consent.accepted = False
        self.assertRecordValues(
            consent,
            [
                {
                    "accepted": False,
                    "crm_date_given": self._dt("2026-03-01 09:00:00"),
                    "crm_date_withdrawn": self._dt("2026-04-01 10:00:00"),
                }
            ],
        )
        with freeze_time("2026-05-01 11:00:00"):
            consent.write({"accepted": True, "crm_source": "phone"})
        self.assertRecordValues(
            consent,
            [
                {
                    "accepted": True,
                    "crm_date_given": self._dt("2026-05-01 11:00:00"),
                    "crm_date_withdrawn": False,
                    "crm_source": "phone",
                }
            ],
        )
        events = self._events(consent)
        self.assertEqual(
            [(e.event_type, str(e.date), e.source) for e in events],
            [
                ("given", "2026-03-01 09:00:00", "paper"),
                ("withdrawn", "2026-04-01 10:00:00", False),
                ("given", "2026-05-01 11:00:00", "phone"),
            ],
        )
        # Writing something else adds nothing.
        consent.crm_consent_version = "v2"
        self.assertEqual(self._events(consent), events)

    def test_an_import_sets_acceptance_from_the_dates(self):
        consent = self.Consent.create(
            {
                "partner_id": self.person.id,
                "activity_id": self.newsletter.id,
                "crm_date_given": "2025-01-10 08:00:00",
                "crm_date_withdrawn": "2025-06-10 08:00:00",
                "crm_source": "import",
                "crm_consent_version": "v1",
            }
        )
        self.assertRecordValues(
            consent, [{"accepted": False, "state": "answered", "crm_consent_version": "v1"}]
        )
        self.assertEqual(
            [(e.event_type, str(e.date)) for e in self._events(consent)],
            [("given", "2025-01-10 08:00:00"), ("withdrawn", "2025-06-10 08:00:00")],
        )
        # Given again later, by date alone: the withdrawal is history.
        consent.crm_date_given = "2025-09-01 08:00:00"
        self.assertRecordValues(consent, [{"accepted": True, "crm_date_withdrawn": False}])

    def test_a_consent_withdrawn_before_it_was_given_is_refused(self):
        consents = self.Consent.search_count([])
        with self.assertRefused(ValidationError, r"withdrawn on .*2025.*given on .*2026"):
            self.Consent.create(
                {
                    "partner_id": self.person.id,
                    "activity_id": self.newsletter.id,
                    "crm_date_given": "2026-02-01 08:00:00",
                    "crm_date_withdrawn": "2025-12-01 08:00:00",
                }
            )
        self.assertEqual(self.Consent.search_count([]), consents)
        self.assertFalse(self.Event.search([("partner_id", "=", self.person.id)]))
        # The same on an existing consent: nothing of the write remains.
        with freeze_time("2026-03-01 09:00:00"):
            consent = self._give_consent(self.person, self.newsletter)
        events = self._events(consent)
        with self.assertRefused(ValidationError, r"Jan de Vries.*Newsletter.*withdrawn on"):
            consent.write({"crm_date_withdrawn": "2026-02-01 08:00:00"})
        self.assertRecordValues(consent, [{"accepted": True, "crm_date_withdrawn": False}])
        self.assertEqual(self._events(consent), events)

    def test_acceptance_at_odds_with_the_dates_is_refused(self):
        with self.assertRefused(ValidationError, "accepted when it was given and not withdrawn"):
            self.Consent.create(
                {
                    "partner_id": self.person.id,
                    "activity_id": self.newsletter.id,
                    "accepted": True,
                    "crm_date_given": "2025-01-10 08:00:00",
                    "crm_date_withdrawn": "2025-06-10 08:00:00",
                }
            )

    def test_accepted_by_default_is_presumed_not_given(self):
        self.analytics.write(
            {
                "subject_find": True,
                "subject_domain": repr([("id", "=", self.person.id)]),
                "consent_required": "manual",
                "default_consent": True,
            }
        )
        self.analytics.action_new_consents()
        consent = self.analytics.consent_ids
        self.assertRecordValues(
            consent, [{"accepted": True, "state": "draft", "crm_date_given": False}]
        )
        self.assertFalse(self._events(consent))
        # Jan answers no: a refusal of what was presumed.
        consent.accepted = False
        self.assertTrue(consent.crm_date_withdrawn)
        self.assertEqual(self._events(consent).mapped("event_type"), ["withdrawn"])

    def test_the_history_is_append_only(self):
        consent = self._give_consent(self.person, self.newsletter)
        event = self._events(consent)
        for env in (self.env(user=self.user_officer), self.env(su=True)):
            with self.subTest(user=env.user.login, su=env.su):
                with self.assertRaises(UserError):
                    event.with_env(env).write({"event_type": "withdrawn"})
                with self.assertRaises(UserError):
                    event.with_env(env).unlink()
        self.assertEqual(event.event_type, "given")
        # The erasure of a person blanks what identifies them, nothing else.
        event._crm_erase_metadata()
        self.assertRecordValues(event, [{"event_type": "given", "metadata": False}])

    def test_a_form_records_a_consent_given_by_phone(self):
        form = Form(self.Consent.with_user(self.user_officer))
        form.partner_id = self.other_person
        form.activity_id = self.newsletter
        form.accepted = True
        form.crm_source = "phone"
        consent = form.save()
        self.assertTrue(consent.crm_date_given)
        self.assertEqual(consent.crm_consent_version, "v2")
        self.assertEqual(self._events(consent).user_id, self.user_officer)
        # The consent form shows its history; unticking withdraws.
        form = Form(consent.with_user(self.user_officer))
        self.assertEqual(len(form.crm_event_ids), 1)
        form.accepted = False
        form.save()
        self.assertTrue(consent.crm_date_withdrawn)
        form = Form(consent.with_user(self.user_officer))
        self.assertEqual(len(form.crm_event_ids), 2)
        self.assertEqual(consent.crm_event_ids.mapped("event_type"), ["withdrawn", "given"])

    def test_the_person_form_shows_the_consent_per_purpose(self):
        self._give_consent(self.person, self.newsletter)
        self.Consent.create(
            {"partner_id": self.person.id, "activity_id": self.analytics.id, "accepted": False}
        )

        def has_page(user):
            arch = (
                self.env["res.partner"]
                .with_user(user)
                .get_view(self.env.ref(PERSON_FORM).id)["arch"]
            )
            return bool(
                etree.fromstring(arch).xpath(
                    "//page[@name='crm_privacy']//field[@name='privacy_consent_ids']"
                )
            )

        for user in (self.user_dp_user, self.user_dp_manager, self.user_officer):
            self.assertTrue(has_page(user), user.login)
        for user in (self.user_salesman, self.user_sales_manager):
            self.assertFalse(has_page(user), user.login)
        form = Form(self.person.with_user(self.user_dp_user), view=PERSON_FORM)
        rows = {
            form.privacy_consent_ids.edit(i).activity_id.name: form.privacy_consent_ids.edit(i)
            for i in range(len(form.privacy_consent_ids))
        }
        self.assertEqual(set(rows), {"Newsletter", "Web Analytics"})
        self.assertTrue(rows["Newsletter"].accepted)
        self.assertTrue(rows["Newsletter"].crm_date_given)
        self.assertFalse(rows["Web Analytics"].accepted)
        self.assertTrue(form.crm_mailing_consent)

    def _dt(self, value):
        return fields.Datetime.to_datetime(value)

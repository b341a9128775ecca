# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_qweb import QWebException

from .common import CrmPrivacyConsentCommon

REPORT = "crm_relationship_model.privacy_activity_register_report"


@tagged("post_install", "-at_install", "crm_rm_privacy_consent")
class TestPrivacyRegister(CrmPrivacyConsentCommon):
    """The register of processing (GDPR art. 30) on the OCA's activities, printed as one
    document."""

    def test_a_form_fills_the_register(self):
        form = Form(self.env["privacy.activity"].with_user(self.user_officer))
        form.name = "Loyalty Programme"
        form.crm_lawful_basis = "contract"
        form.crm_retention_months = 36
        form.crm_special_categories = False
        form.crm_subject_categories = "Members of the loyalty programme"
        form.crm_data_categories = "Name, address, purchases"
        form.crm_recipients = "Printing house for the member card"
        form.crm_consent_version = "2026-01"
        activity = form.save()
        self.assertRecordValues(
            activity,
            [
                {
                    "crm_lawful_basis": "contract",
                    "crm_retention_months": 36,
                    "crm_recipients": "Printing house for the member card",
                    "crm_mailing_consent_required": False,
                    "server_action_id": False,
                }
            ],
        )

    def test_a_negative_retention_is_refused(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.newsletter.crm_retention_months = -1
        self.assertEqual(self.newsletter.crm_retention_months, 24)

    def test_the_register_prints_every_active_activity(self):
        self.env["privacy.activity"].create({"name": "Old Campaign", "active": False})
        self.analytics.crm_special_categories = True
        action = (
            self.env["privacy.activity"].with_user(self.user_dp_user).action_print_crm_register()
        )
        self.assertEqual(action["report_name"], "crm_relationship_model.privacy_activity_register")
        activities = self.env["privacy.activity"].browse(action["context"]["active_ids"])
        self.assertLessEqual(self.newsletter | self.analytics, activities)
        self.assertEqual(activities, self.env["privacy.activity"].search([]))
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.user_dp_user)
            ._render_qweb_html(REPORT, activities.ids)[0]
        )
        for text in (
            "Register of Processing Activities",
            "Newsletter",
            "Web Analytics",
            "Customers and prospects",
            "Name, email address, mobile number",
            "Our mailing service provider",
            "24",
            "Legitimate Interests",
            "Mailings need this consent.",
            "Version",
            "v2",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Old Campaign", html)
        self.assertEqual(html.count("Special Categories Processed"), len(activities))

    def test_the_register_renders_as_pdf(self):
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            # Odoo renders HTML in tests unless told to run wkhtmltopdf.
            report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
            content, kind = report._render_qweb_pdf(REPORT, (self.newsletter | self.analytics).ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))

    def test_only_data_protection_users_read_and_print_the_register(self):
        for user in (self.user_salesman, self.user_sales_manager, self.user_employee):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as catcher:
                    self.env["privacy.activity"].with_user(user).search([]).read(["crm_recipients"])
                self.assertNotIn("mailing service provider", str(catcher.exception))
                # The template stops at the first activity it may not read.
                with self.assertRaises(QWebException) as catcher:
                    self.env["ir.actions.report"].with_user(user)._render_qweb_html(
                        REPORT, self.newsletter.ids
                    )
                self.assertNotIn("mailing service provider", str(catcher.exception))
                self.assertNotIn("Newsletter", str(catcher.exception))
                self.assertIn("not allowed to access", str(catcher.exception))
        # The OCA's user reads, its manager (and our officer) changes.
        activity = self.newsletter.with_user(self.user_dp_user)
        self.assertEqual(activity.crm_recipients, "Our mailing service provider")
        with self.assertRaises(AccessError) as catcher:
            activity.crm_recipients = "Everyone"
        self.assertNotIn("mailing service provider", str(catcher.exception))
        for user in (self.user_dp_manager, self.user_officer):
            self.newsletter.with_user(user).crm_recipients = f"Set by {user.login}"
            self.assertEqual(self.newsletter.crm_recipients, f"Set by {user.login}")

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LAWFUL_BASES = [
    ("consent", "Consent"),
    ("contract", "Contract"),
    ("legal_obligation", "Legal Obligation"),
    ("vital_interests", "Vital Interests"),
    ("public_task", "Public Task"),
    ("legitimate_interests", "Legitimate Interests"),
]
# The OCA's action that keeps the blacklists in step with a consent; this addon gives it
# the phone blacklist too (data/privacy_consent_data.xml).
SYNC_BLACKLIST_ACTION = "privacy_consent.sync_blacklist"


class PrivacyActivity(models.Model):
    """A processing activity of the register (GDPR art. 30): what it processes about whom,
    who receives it, on which lawful basis (art. 6(1)) and how long the persons it concerns
    are kept; for a consent-based activity the text persons agree to, and whether mailings
    need that consent."""

    _inherit = "privacy.activity"

    crm_lawful_basis = fields.Selection(
        LAWFUL_BASES,
        "Lawful Basis",
        tracking=True,
        help="The ground of GDPR art. 6(1) this processing rests on.",
    )
    crm_retention_months = fields.Integer(
        "Retention (Months)",
        tracking=True,
        help="How long after the last order, invoice, request, role or contact moment a "
        "person concerned is kept; 0 keeps them as long as the activity runs.",
    )
    crm_subject_categories = fields.Text(
        "Categories of Persons",
        help="Whose data is processed, e.g. customers, prospects, their household members, "
        "contact persons at organisations (GDPR art. 30(1)(c)).",
    )
    crm_data_categories = fields.Text(
        "Categories of Data",
        help="Which personal data is processed, e.g. name and contact details, purchase "
        "history, profile (GDPR art. 30(1)(c)).",
    )
    crm_recipients = fields.Text(
        "Recipients",
        help="Who the data is disclosed to, inside and outside the organisation, third "
        "countries included (GDPR art. 30(1)(d) and (e)); the processors are listed apart.",
    )
    crm_special_categories = fields.Boolean(
        "Special Categories Processed",
        tracking=True,
        help="Health, political opinion, religion, trade union membership, ethnic origin, "
        "sexual orientation or similar data (GDPR art. 9) is processed here.",
    )
    crm_consent_text = fields.Html(
        "Consent Text",
        translate=True,
        sanitize_style=True,
        help="What a person agrees to; a consent records the text and version of the day "
        "it was given, in the person's language.",
    )
    crm_consent_version = fields.Char(
        "Consent Text Version",
        tracking=True,
        help="Change it whenever the consent text changes in substance: consents given "
        "before keep the version they agreed to.",
    )
    crm_mailing_consent_required = fields.Boolean(
        "Mailings Need This Consent",
        tracking=True,
        help="Mass mailings (and the one-per-household mailing) leave out persons without "
        "this consent, and withdrawing it puts the person's email and phone numbers on the "
        "blacklists.",
    )

    @api.constrains("crm_retention_months")
    def _check_crm_retention_months(self):
        for activity in self:
            if activity.crm_retention_months < 0:
                raise ValidationError(
                    self.env._(
                        "The retention period of %(activity)s cannot be negative; use 0 to "
                        "keep its persons as long as it runs.",
                        activity=activity.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Consent for mailings: the blacklists follow it
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._crm_mailing_consent_defaults(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._crm_mailing_consent_defaults(vals)
        return super().write(vals)

    def _crm_mailing_consent_defaults(self, vals):
        """An activity that mailings need asks for consent, and syncs the blacklists
        through the OCA's action unless another one is chosen."""
        if not vals.get("crm_mailing_consent_required"):
            return
        vals.setdefault("crm_lawful_basis", "consent")
        if "server_action_id" not in vals and not any(self.mapped("server_action_id")):
            action = self.env.ref(SYNC_BLACKLIST_ACTION, raise_if_not_found=False)
            if action:
                vals["server_action_id"] = action.id

    @api.onchange("crm_mailing_consent_required")
    def _onchange_crm_mailing_consent_required(self):
        if self.crm_mailing_consent_required:
            self.crm_lawful_basis = self.crm_lawful_basis or "consent"
            if not self.server_action_id:
                self.server_action_id = self.env.ref(SYNC_BLACKLIST_ACTION, False)

    @api.constrains("crm_mailing_consent_required", "server_action_id")
    def _check_crm_mailing_consent_syncs_blacklist(self):
        action = self.env.ref(SYNC_BLACKLIST_ACTION, raise_if_not_found=False)
        for activity in self.filtered("crm_mailing_consent_required"):
            chosen = activity.server_action_id
            if action and action not in chosen | chosen.child_ids:
                raise ValidationError(
                    self.env._(
                        "Mailings need the consent of %(activity)s, so a withdrawal must "
                        'reach the blacklists: its server action must be "%(action)s" (or '
                        "a multi action that runs it).",
                        activity=activity.display_name,
                        action=action.name,
                    )
                )

    def action_new_consents(self):
        # "Accepted by default" is presumed: such consents are not dated as given.
        return super(
            PrivacyActivity, self.with_context(crm_consent_presumed=True)
        ).action_new_consents()

    # ------------------------------------------------------------------
    # The register
    # ------------------------------------------------------------------

    def action_print_crm_register(self):
        """The whole register of processing, every active activity, whatever is selected."""
        activities = self.search([])
        return self.env.ref(
            "crm_relationship_model.privacy_activity_register_report"
        ).report_action(activities)

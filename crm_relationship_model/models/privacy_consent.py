# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_datetime

CONSENT_SOURCES = [
    ("web_form", "Web Form"),
    ("email_confirmation", "Email Confirmation"),
    ("phone", "Phone"),
    ("paper", "Paper"),
    ("import", "Import"),
]
DATE_FIELDS = ("crm_date_given", "crm_date_confirmed", "crm_date_withdrawn")
EVENT_OF_DATE = {
    "crm_date_given": "given",
    "crm_date_confirmed": "confirmed",
    "crm_date_withdrawn": "withdrawn",
}
# Set by action_new_consents: an activity's "Accepted by default" is presumed, not given.
PRESUMED_CONTEXT = "crm_consent_presumed"


class PrivacyConsent(models.Model):
    """A person's consent to one processing activity (the OCA's record, one per person and
    activity: the current state) with what a regulator asks to see: when it was given,
    confirmed and withdrawn, how it was obtained, and the text and version agreed to.

    Every change that gives, confirms or withdraws it, whatever the path (a form, an
    import, RPC, the OCA's emailed link), appends an event to its history. Ticking or
    unticking "Accepted" dates it now; writing the dates (an import of consents collected
    elsewhere) sets "Accepted" from them."""

    _inherit = "privacy.consent"

    crm_date_given = fields.Datetime(
        "Date Given", tracking=True, copy=False, help="When the person gave this consent."
    )
    crm_date_withdrawn = fields.Datetime(
        "Date Withdrawn",
        tracking=True,
        copy=False,
        help="When the person withdrew or refused this consent.",
    )
    crm_date_confirmed = fields.Datetime(
        "Date Confirmed",
        tracking=True,
        copy=False,
        help="Double opt-in: when the person confirmed it through the link emailed to them.",
    )
    crm_source = fields.Selection(
        CONSENT_SOURCES,
        "Obtained Through",
        tracking=True,
        copy=False,
        help="How the consent was obtained.",
    )
    crm_consent_version = fields.Char(
        "Version Agreed To",
        tracking=True,
        copy=False,
        help="The version of the activity's consent text the person agreed to.",
    )
    crm_consent_text = fields.Html(
        "Text Agreed To",
        copy=False,
        sanitize_style=True,
        help="The consent text as the person read it, in their language, the day they gave it.",
    )
    crm_event_ids = fields.One2many(
        "crm.privacy.consent.event", "consent_id", "History", readonly=True
    )

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    @api.constrains("crm_date_given", "crm_date_withdrawn", "accepted")
    def _check_crm_consent_dates(self):
        for consent in self:
            given, withdrawn = consent.crm_date_given, consent.crm_date_withdrawn
            if given and withdrawn and withdrawn < given:
                raise ValidationError(
                    self.env._(
                        "The consent of %(person)s to %(activity)s cannot have been withdrawn "
                        "on %(withdrawn)s, before it was given on %(given)s.",
                        person=consent.partner_id.display_name,
                        activity=consent.activity_id.display_name,
                        withdrawn=format_datetime(self.env, withdrawn),
                        given=format_datetime(self.env, given),
                    )
                )
            if (given or withdrawn) and consent.accepted != bool(given and not withdrawn):
                raise ValidationError(
                    self.env._(
                        "The consent of %(person)s to %(activity)s is accepted when it was "
                        "given and not withdrawn: set its dates, or tick or untick "
                        "Accepted, not both at odds.",
                        person=consent.partner_id.display_name,
                        activity=consent.activity_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Create / write: dates, snapshot, history
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            self._crm_prepare_consent_vals(vals, self.browse(), now)
        consents = super().create(vals_list)
        consents._crm_log_consent_events(dict.fromkeys(consents.ids, {}), vals_list)
        return consents

    def write(self, vals):
        if not {"accepted", "state", *DATE_FIELDS} & set(vals):
            # Not an answer: the activity's action (the blacklists) has nothing to sync,
            # as the OCA's help says; an erasure blanking the metadata must not put the
            # person's address back on a blacklist it just cleared.
            result = super(PrivacyConsent, self.with_context(crm_consent_no_action=True)).write(
                vals
            )
            if "last_metadata" in vals and not vals["last_metadata"]:
                self.crm_event_ids._crm_erase_metadata()
            return result
        now = fields.Datetime.now()
        before = {consent.id: consent._crm_consent_dates() for consent in self}
        all_vals = []
        # Each consent moves from its own state: given now, or withdrawn now.
        for consent in self:
            consent_vals = dict(vals)
            consent._crm_prepare_consent_vals(consent_vals, consent, now)
            super(PrivacyConsent, consent).write(consent_vals)
            all_vals.append(consent_vals)
        self._crm_log_consent_events(before, all_vals)
        return True

    def _run_action(self):
        if self.env.context.get("crm_consent_no_action"):
            return None
        return super()._run_action()

    def _crm_consent_dates(self):
        return {fname: self[fname] for fname in DATE_FIELDS}

    @api.model
    def _crm_prepare_consent_vals(self, vals, consent, now):
        """Complete vals for one consent (empty on create): the dates that "Accepted"
        implies, or "Accepted" from the dates; the text and version on a new giving."""
        answering = bool(self.env.context.get("subject_answering"))
        old_given = bool(consent.crm_date_given) and not consent.crm_date_withdrawn
        # Dates written (an import, RPC); a form's empty dates on a new consent are not.
        dated = [
            fname
            for fname in ("crm_date_given", "crm_date_withdrawn")
            if fname in vals and (vals[fname] or consent[fname])
        ]
        if dated:
            given = vals.get("crm_date_given", consent.crm_date_given)
            withdrawn = vals.get("crm_date_withdrawn", consent.crm_date_withdrawn)
            # Given again after a withdrawal: the withdrawal is history now.
            if (
                given
                and "crm_date_withdrawn" not in vals
                and withdrawn
                and fields.Datetime.to_datetime(given) > withdrawn
            ):
                vals["crm_date_withdrawn"] = withdrawn = False
            vals.setdefault("accepted", bool(given) and not withdrawn)
        elif "accepted" in vals:
            presumed = not consent and self.env.context.get(PRESUMED_CONTEXT)
            if vals["accepted"] and not old_given and not presumed:
                vals.update(crm_date_given=now, crm_date_withdrawn=False)
                vals.setdefault("crm_date_confirmed", now if answering else False)
            elif vals["accepted"] and answering and not consent.crm_date_confirmed:
                vals["crm_date_confirmed"] = now
            elif (
                not vals["accepted"]
                and consent
                and not consent.crm_date_withdrawn
                and (old_given or consent.accepted or answering)
            ):
                vals["crm_date_withdrawn"] = now
            elif not vals["accepted"] and not consent and answering:
                vals["crm_date_withdrawn"] = now
        if vals.get("crm_date_given") and vals["crm_date_given"] != consent.crm_date_given:
            if answering and not vals.get("crm_source"):
                vals["crm_source"] = "email_confirmation"
            if not vals.get("crm_consent_text") or not vals.get("crm_consent_version"):
                activity = consent.activity_id or self.env["privacy.activity"].browse(
                    vals.get("activity_id")
                )
                partner = consent.partner_id or self.env["res.partner"].browse(
                    vals.get("partner_id")
                )
                activity = activity.sudo().with_context(lang=partner.sudo().lang or None)
                # What the person read, unless the import or web form says otherwise.
                if not vals.get("crm_consent_text"):
                    vals["crm_consent_text"] = activity.crm_consent_text
                if not vals.get("crm_consent_version"):
                    vals["crm_consent_version"] = activity.crm_consent_version
        # A consent given, confirmed or withdrawn is an answer, whoever recorded it.
        if any(vals.get(fname) for fname in DATE_FIELDS) and consent.state != "answered":
            vals.setdefault("state", "answered")
        return vals

    def _crm_log_consent_events(self, before, vals_list):
        """Append an event for each date that was set or changed."""
        answering = bool(self.env.context.get("subject_answering"))
        events = []
        for consent, vals in zip(self, vals_list, strict=True):
            old = before.get(consent.id, {})
            # Given again within the same second as before (dates keep seconds): the
            # dates written are still a new giving, and its confirmation.
            new_giving = bool(vals.get("crm_date_given")) and bool(old.get("crm_date_withdrawn"))
            for fname in DATE_FIELDS:
                date = consent[fname]
                rewritten = new_giving and bool(vals.get(fname))
                if not date or (date == old.get(fname) and not rewritten):
                    continue
                event_type = EVENT_OF_DATE[fname]
                given = event_type == "given"
                if given:
                    source = consent.crm_source
                elif answering:
                    source = "email_confirmation"
                else:
                    source = vals.get("crm_source") or False
                events.append(
                    {
                        "consent_id": consent.id,
                        "partner_id": consent.partner_id.id,
                        "activity_id": consent.activity_id.id,
                        "event_type": event_type,
                        "date": date,
                        "source": source,
                        "consent_version": consent.crm_consent_version,
                        "consent_text": given and consent.crm_consent_text,
                        "user_id": self.env.uid,
                        "metadata": vals.get("last_metadata") or False,
                    }
                )
        if events:
            self.env["crm.privacy.consent.event"].sudo().create(events)

    # ------------------------------------------------------------------
    # Blacklists
    # ------------------------------------------------------------------

    def _crm_sync_blacklists(self):
        """What the OCA's "sync blacklist" action runs: an accepted consent takes the
        person's email off Odoo's blacklist, any other puts it on; for an activity that
        mailings need, the same for the person's mobile and phone on the phone blacklist
        (SMS). Whoever may change a consent may sync its blacklists."""
        mail_blacklist = self.env["mail.blacklist"].sudo()
        phone_blacklist = self.env["phone.blacklist"].sudo()
        for consent in self:
            partner = consent.partner_id
            if consent.accepted:
                message = self.env._(
                    "Consent to %(activity)s given.", activity=consent.activity_id.display_name
                )
            else:
                message = self.env._(
                    "Consent to %(activity)s withdrawn or refused.",
                    activity=consent.activity_id.display_name,
                )
            if partner.email:
                if consent.accepted:
                    mail_blacklist._remove(partner.email, message=message)
                else:
                    mail_blacklist._add(partner.email, message=message)
            if not consent.activity_id.crm_mailing_consent_required:
                continue
            numbers = partner._crm_sanitized_phone_numbers()
            if numbers:
                if consent.accepted:
                    phone_blacklist._remove(numbers, message=message)
                else:
                    phone_blacklist._add(numbers, message=message)

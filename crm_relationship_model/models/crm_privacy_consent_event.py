# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .privacy_consent import CONSENT_SOURCES

EVENT_TYPES = [
    ("given", "Given"),
    ("confirmed", "Confirmed"),
    ("withdrawn", "Withdrawn"),
]
# Context key of the one write allowed: the erasure of a person blanks what identifies
# them (the OCA's metadata holds an IP address and a browser), the facts stay.
ERASURE_CONTEXT = "crm_consent_event_erasure"


class CrmPrivacyConsentEvent(models.Model):
    """The history of a consent: every time it was given, confirmed (double opt-in) or
    withdrawn, when, how, with the text version agreed to and who recorded it.

    Append-only: the consent record (privacy.consent, one per person and activity) is the
    current state and may change; its events never do. Written by the consent itself on
    every change (forms, imports, RPC, the OCA's emailed link), never by hand."""

    _name = "crm.privacy.consent.event"
    _description = "Consent History"
    _order = "date desc, id desc"
    _rec_name = "event_type"

    consent_id = fields.Many2one("privacy.consent", readonly=True, index=True, ondelete="set null")
    # Copies of the consent's: the history outlives a deleted consent record.
    partner_id = fields.Many2one(
        "res.partner", "Person", required=True, readonly=True, index=True, ondelete="cascade"
    )
    activity_id = fields.Many2one(
        "privacy.activity", required=True, readonly=True, ondelete="restrict"
    )
    event_type = fields.Selection(EVENT_TYPES, "Event", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    source = fields.Selection(
        CONSENT_SOURCES, "Through", readonly=True, help="How the person gave this answer."
    )
    consent_version = fields.Char("Text Version", readonly=True)
    consent_text = fields.Html("Text Agreed To", readonly=True, sanitize_style=True)
    user_id = fields.Many2one(
        "res.users",
        "Recorded By",
        required=True,
        readonly=True,
        ondelete="restrict",
        help="The user who recorded it; the public user for an answer through the emailed link.",
    )
    metadata = fields.Text(
        readonly=True, help="What the emailed link recorded: browser, IP address, time."
    )
    create_date = fields.Datetime("Recorded On", readonly=True)

    def write(self, vals):
        if self and not self.env.context.get(ERASURE_CONTEXT):
            raise UserError(
                self.env._("The history of a consent cannot be changed: it is append-only.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("The history of a consent cannot be deleted."))

    def _crm_erase_metadata(self):
        """For the erasure of a person: blank the metadata (IP address, browser) of these
        events; what happened, and when, stays."""
        return self.sudo().with_context(**{ERASURE_CONTEXT: True}).write({"metadata": False})

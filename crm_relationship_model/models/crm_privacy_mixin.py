# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import html2plaintext

from ..tools.context import PRIVACY_EXPORT_SENSITIVE_UID

MANAGER_GROUP = "privacy.group_data_protection_manager"
EXPORT_FORMAT = "crm_relationship_model.personal_data"
EXPORT_VERSION = 1
# The documents a person is the customer of, whose chatter is theirs too.
DOCUMENT_MODELS = ("sale.order", "crm.lead", "crm.claim", "account.move")

# What each section of the export reads: model, fields (the identity and the work data
# the person may see, no technical columns). Sections whose records depend on the person
# are found by _crm_privacy_export_records().
# The fields of every kind of message section, and of quotations and orders alike.
MESSAGE_FIELDS = [
    "date", "message_type", "subtype_id", "subject", "body", "model", "res_id",
    "record_name", "author_id",
]  # fmt: skip
ORDER_FIELDS = [
    "name",
    "date_order",
    "state",
    "partner_id",
    "amount_total",
    "currency_id",
    "user_id",
    "order_line",
]
SECTION_FIELDS = {
    "person": (
        "res.partner",
        [
            "name",
            "title",
            "firstname",
            "lastname",
            "email",
            "phone",
            "mobile",
            "street",
            "street2",
            "zip",
            "city",
            "state_id",
            "country_id",
            "lang",
            "birthdate_date",
            "website",
            "comment",
            "vat",
            "ref",
            "category_id",
            "user_id",
            "crm_occupation",
            "crm_employment_status",
            "crm_education_level_id",
            "crm_income_band_id",
            "crm_interest_ids",
            "crm_preferred_channel",
            "crm_preferred_daypart",
            "crm_preferred_weekday_ids",
            "crm_stated_category_ids",
            "create_date",
            "write_date",
        ],
    ),
    "addresses": (
        "res.partner",
        [
            "type",
            "name",
            "email",
            "phone",
            "mobile",
            "street",
            "street2",
            "zip",
            "city",
            "country_id",
            "active",
        ],
    ),
    "roles": (
        "res.partner",
        [
            "name",
            "parent_id",
            "function",
            "role_date_start",
            "role_date_end",
            "role_state",
            "email",
            "phone",
            "mobile",
            "active",
        ],
    ),
    "special_categories": (
        "crm.person.sensitive",
        [
            "health",
            "political_opinion",
            "religion",
            "trade_union",
            "ethnic_origin",
            "sexual_orientation",
            "lifestyle",
            "legal_ground",
            "legal_ground_date",
        ],
    ),
    "contact_moments": ("mail.message", [*MESSAGE_FIELDS, "email_from", "partner_ids"]),
    "document_messages": ("mail.message", MESSAGE_FIELDS),
    "mentions": (
        "mail.message",
        ["date", "message_type", "subject", "body", "model", "res_id", "record_name", "author_id"],
    ),
    "activities": (
        "mail.activity",
        ["activity_type_id", "summary", "note", "date_deadline", "res_model", "res_id", "user_id"],
    ),
    "meetings": (
        "calendar.event",
        ["name", "start", "stop", "allday", "location", "description", "user_id", "partner_ids"],
    ),
    "claims": (
        "crm.claim",
        [
            "name",
            "date",
            "description",
            "resolution",
            "stage_id",
            "email_from",
            "partner_phone",
            "partner_id",
            "date_closed",
        ],
    ),
    "leads": (
        "crm.lead",
        [
            "name",
            "type",
            "contact_name",
            "partner_name",
            "email_from",
            "phone",
            "partner_id",
            "stage_id",
            "expected_revenue",
            "description",
            "active",
        ],
    ),
    "quotations": ("sale.order", ORDER_FIELDS),
    "orders": ("sale.order", ORDER_FIELDS),
    "invoices": (
        "account.move",
        [
            "name",
            "move_type",
            "invoice_date",
            "state",
            "partner_id",
            "invoice_partner_display_name",
            "amount_total",
            "currency_id",
            "payment_state",
        ],
    ),
    "consents": (
        "privacy.consent",
        [
            "activity_id",
            "accepted",
            "state",
            "crm_date_given",
            "crm_date_withdrawn",
            "crm_source",
            "active",
        ],
    ),
    "consent_history": (
        "crm.privacy.consent.event",
        [
            "activity_id",
            "event_type",
            "date",
            "source",
            "consent_version",
            "consent_text",
            "metadata",
        ],
    ),
    "blacklist": ("mail.blacklist", ["email", "active", "create_date"]),
    "phone_blacklist": ("phone.blacklist", ["number", "active", "create_date"]),
    "requests": (
        "crm.privacy.request",
        ["name", "request_type", "date_received", "date_deadline", "state", "date_done", "answer"],
    ),
    "access_log": (
        "crm.sensitive.access.log",
        ["create_date", "user_id", "field_names", "operation"],
    ),
}


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        # A many2one as read() gives it: (id, display name).
        return {"id": value[0], "name": value[1]}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, str):
        # Html fields read as Markup: plain text for JSON and XML-RPC.
        return str(value)
    return value


class CrmPrivacyMixin(models.AbstractModel):
    """The data subject's side of a person: a legal hold, and everything held about
    them as one JSON-serialisable export (``crm_privacy_export()``), in sections that a
    background job can read one at a time (``crm.privacy.request``)."""

    _name = "crm.privacy.mixin"
    _description = "Personal Data of a Person"

    crm_legal_hold = fields.Boolean(
        "Legal Hold",
        copy=False,
        tracking=True,
        groups="privacy.group_data_protection_user",
        help="Kept whatever a request or the retention period says, e.g. for a pending "
        "legal claim. Only a data protection manager lifts it.",
    )
    crm_legal_hold_reason = fields.Text(
        "Reason for the Legal Hold", copy=False, groups="privacy.group_data_protection_user"
    )
    crm_privacy_request_ids = fields.One2many(
        "crm.privacy.request",
        "person_id",
        "Data Subject Requests",
        groups="privacy.group_data_protection_user",
    )
    crm_privacy_request_count = fields.Integer(
        "Requests",
        compute="_compute_crm_privacy_request_count",
        groups="privacy.group_data_protection_user",
    )

    def _compute_crm_privacy_request_count(self):
        counts = dict(
            self.env["crm.privacy.request"]._read_group(
                [("person_id", "in", self.ids)], ["person_id"], ["__count"]
            )
        )
        for partner in self:
            partner.crm_privacy_request_count = counts.get(partner, 0)

    @api.constrains("crm_legal_hold", "crm_legal_hold_reason")
    def _check_crm_legal_hold(self):
        for partner in self:
            if partner.crm_legal_hold and not (partner.crm_legal_hold_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "A legal hold on %(person)s needs its reason (e.g. the claim or "
                        "the authority's order it is kept for).",
                        person=partner.display_name,
                    )
                )
            if partner.crm_legal_hold and partner.crm_kind != "person":
                raise ValidationError(
                    self.env._(
                        "A legal hold is set on a person, not on %(partner)s.",
                        partner=partner.display_name,
                    )
                )

    def _crm_check_legal_hold_write(self, vals):
        """Setting a hold is for data protection users; lifting it for managers."""
        if "crm_legal_hold" not in vals or self.env.su:
            return
        lifting = not vals["crm_legal_hold"] and any(self.sudo().mapped("crm_legal_hold"))
        if lifting and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a data protection manager lifts a legal hold."))

    def action_open_crm_privacy_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.crm_privacy_request_action"
        )
        action["domain"] = [("person_id", "=", self.id)]
        action["context"] = {"default_person_id": self.id}
        return action

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------

    def crm_privacy_export(self, include_sensitive=False):
        """Everything held about this person, as a JSON-serialisable dict (RPC).

        Special categories are included when asked and the user may read them. Not
        read-only (for a replica): that read of special categories writes the access
        log."""
        self.ensure_one()
        self._crm_check_privacy_person()
        if not self.env.user.has_group("privacy.group_data_protection_user"):
            raise AccessError(self.env._("Only data protection users export personal data."))
        may_see = include_sensitive and self.env.user.has_group(
            "crm_relationship_model.group_crm_sensitive_data"
        )
        token = PRIVACY_EXPORT_SENSITIVE_UID.set(self.env.uid if may_see else None)
        try:
            sections = {
                section: self._crm_privacy_export_section(section)
                for section in self._crm_privacy_export_sections()
            }
        finally:
            PRIVACY_EXPORT_SENSITIVE_UID.reset(token)
        return self._crm_privacy_export_envelope(sections)

    def _crm_check_privacy_person(self):
        if self.crm_kind != "person":
            raise UserError(
                self.env._(
                    "Personal data are exported and erased per person; %(partner)s is "
                    "not a person (an organisation's, household's or role's data belong "
                    "to the persons in it).",
                    partner=self.display_name,
                )
            )

    def _crm_privacy_export_sections(self):
        sections = list(SECTION_FIELDS)
        if not PRIVACY_EXPORT_SENSITIVE_UID.get():
            sections.remove("special_categories")
        return sections

    def _crm_privacy_export_envelope(self, sections):
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "generated_at": fields.Datetime.now().isoformat(),
            "person_id": self.id,
            **sections,
        }

    def _crm_privacy_export_section(self, section):
        model, field_names = self._crm_privacy_section_fields(section)
        records = self._crm_privacy_export_records(section)
        if section == "special_categories":
            # Read as the user who asked, so the access log says who.
            records = records.with_user(PRIVACY_EXPORT_SENSITIVE_UID.get())
        names = [name for name in field_names if name in records._fields]
        rows = records.read(names) if records else []
        # Lists of related records with their names, read once per field for the section.
        for name in names:
            field = records._fields[name]
            if field.type not in ("many2many", "one2many"):
                continue
            related = (
                self.env[field.comodel_name]
                .sudo()
                .browse({rid for row in rows for rid in row[name]})
            )
            labels = dict(zip(related.ids, related.mapped("display_name"), strict=True))
            for row in rows:
                row[name] = [{"id": rid, "name": labels.get(rid)} for rid in row[name]]
        for row in rows:
            row["model"] = model
        return [{key: _jsonable(value) for key, value in row.items()} for row in rows]

    def _crm_privacy_readable(self, data):
        """The export as a person reads it: per section its title and, per record, the
        (label, text) of each field that holds something."""
        self.ensure_one()
        titles = self._crm_privacy_section_titles()
        sections = []
        for section, rows in data.items():
            if not isinstance(rows, list) or section not in titles:
                continue
            model = self._crm_privacy_section_fields(section)[0]
            fields_info = self.env[model]._fields
            records = []
            for row in rows:
                items = []
                for key, value in row.items():
                    if key in ("id", "model") or value in (False, None, [], ""):
                        continue
                    field = fields_info.get(key)
                    label = field._description_string(self.env) if field else key
                    if isinstance(value, dict):
                        text = value.get("name")
                    elif isinstance(value, list):
                        text = ", ".join(str(item.get("name") or item.get("id")) for item in value)
                    elif field and field.type == "html":
                        text = html2plaintext(value)
                    elif field and field.type == "selection":
                        text = dict(field._description_selection(self.env)).get(value, value)
                    else:
                        text = value
                    items.append((label, text))
                records.append(items)
            sections.append((titles[section], records))
        return sections

    def _crm_privacy_section_titles(self):
        _ = self.env._
        return {
            "person": _("Person"),
            "addresses": _("Addresses"),
            "roles": _("Roles"),
            "special_categories": _("Special Categories of Personal Data"),
            "contact_moments": _("Contact Moments"),
            "document_messages": _("Messages on Your Documents"),
            "mentions": _("Notes About You"),
            "activities": _("Activities"),
            "meetings": _("Meetings"),
            "claims": _("Complaints"),
            "leads": _("Leads"),
            "quotations": _("Quotations"),
            "orders": _("Orders"),
            "invoices": _("Invoices"),
            "consents": _("Consents"),
            "consent_history": _("Consent History"),
            "blacklist": _("Email Blacklist"),
            "phone_blacklist": _("Phone Blacklist"),
            "requests": _("Your Requests"),
            "access_log": _("Who Read Your Special Categories"),
        }

    @api.model
    def _crm_privacy_section_fields(self, section):
        return SECTION_FIELDS[section]

    def _crm_privacy_scope_ids(self):
        """The partners that are this person: itself, its addresses and its roles."""
        self.ensure_one()
        Partner = self.sudo().with_context(active_test=False)
        return Partner.search(
            [
                "|",
                "|",
                ("id", "=", self.id),
                ("parent_id", "=", self.id),
                ("role_person_id", "=", self.id),
            ]
        ).ids

    def _crm_privacy_emails_and_phones(self, scope):
        partners = self.sudo().with_context(active_test=False).browse(scope)
        emails = {e for e in partners.mapped("email_normalized") if e}
        phones = {p for p in partners.mapped("phone_sanitized") if p}
        return emails, phones

    def _crm_privacy_export_records(self, section):
        """The records of one section, with superuser rights (the export is everything)."""
        self.ensure_one()
        model = self._crm_privacy_section_fields(section)[0]
        domain = self._crm_privacy_section_domain(section, self._crm_privacy_scope_ids())
        return self.env[model].sudo().with_context(active_test=False).search(domain)

    def _crm_privacy_section_domain(self, section, scope):
        """The domain of a section's records; crm_household adds its own sections."""
        emails, phones = self._crm_privacy_emails_and_phones(scope)
        lead_domain = [("partner_id", "in", scope)]
        if emails:
            lead_domain = ["|", ("email_normalized", "in", list(emails)), *lead_domain]
        order_domain = [
            "|",
            "|",
            ("partner_id", "in", scope),
            ("partner_invoice_id", "in", scope),
            ("partner_shipping_id", "in", scope),
        ]
        domains = {
            "person": [("id", "=", self.id)],
            "addresses": [("parent_id", "=", self.id), ("crm_kind", "!=", "role")],
            "roles": [("crm_kind", "=", "role"), ("role_person_id", "=", self.id)],
            "special_categories": [("person_id", "=", self.id)],
            "contact_moments": self._crm_privacy_message_domain(scope),
            "document_messages": self._crm_privacy_documents_domain(
                self._crm_privacy_documents(scope)
            ),
            "mentions": self._crm_privacy_mentions_domain(scope),
            "activities": [("res_model", "=", "res.partner"), ("res_id", "in", scope)],
            "meetings": [("partner_ids", "in", scope)],
            "claims": [("partner_id", "in", scope)],
            "leads": lead_domain,
            "quotations": [("state", "in", ["draft", "sent", "cancel"]), *order_domain],
            "orders": [("state", "=", "sale"), *order_domain],
            "invoices": [("partner_id", "in", scope), ("move_type", "!=", "entry")],
            "consents": [("partner_id", "in", scope)],
            "consent_history": [("partner_id", "in", scope)],
            "blacklist": [("email", "in", list(emails))],
            "phone_blacklist": [("number", "in", list(phones))],
            "requests": [("person_id", "=", self.id)],
            "access_log": [("person_id", "=", self.id)],
        }
        return domains[section]

    @api.model
    def _crm_privacy_documents(self, partner_ids):
        """{model: ids} of the documents whose customer is one of these partners."""
        return {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partner_ids)])
            .ids
            for model in DOCUMENT_MODELS
        }

    @api.model
    def _crm_privacy_documents_domain(self, documents):
        """The messages on these documents ({model: ids}), of every kind."""
        domains = [
            [("model", "=", model), ("res_id", "in", ids)]
            for model, ids in documents.items()
            if ids
        ]
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    def _crm_privacy_mentions_domain(self, scope):
        """Notes about the person on the chatter of their organisations or households."""
        names = self._crm_privacy_identifiers(self.browse(scope).sudo())
        if not names:
            return expression.FALSE_DOMAIN
        return expression.AND(
            [
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "in", self._crm_privacy_about_ids(scope)),
                ],
                expression.OR([[("body", "ilike", name)] for name in names]),
            ]
        )

    def _crm_privacy_message_domain(self, scope):
        """The contact moments of the person's view: on its partners, and the mails and
        posts by or to them on any other document."""
        return expression.OR(
            [
                [("model", "=", "res.partner"), ("res_id", "in", scope)],
                self._crm_moments_by_or_to_domain(scope),
            ]
        )

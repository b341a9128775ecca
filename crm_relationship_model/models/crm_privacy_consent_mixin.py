# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL


class CrmPrivacyConsentMixin(models.AbstractModel):
    """A person's consents on res.partner (the OCA's privacy_consent_ids): whether mailings
    may reach them, and the domain every mailing to persons adds.

    A person may be mailed when they accepted every active processing activity that
    mailings need (privacy.activity.crm_mailing_consent_required); a role follows its
    person's consents. Organisations, households and unclassified partners are not
    persons: consent does not apply to them."""

    _name = "crm.privacy.consent.mixin"
    _description = "Consents of a Person to Mailings"

    crm_mailing_consent = fields.Boolean(
        "Consents to Mailings",
        compute="_compute_crm_mailing_consent",
        search="_search_crm_mailing_consent",
        help="Accepted every processing activity that mailings need (always true for "
        "organisations and households; a role follows its person).",
    )

    def _compute_crm_mailing_consent(self):
        missing = set()
        if self.ids:
            query = self._crm_mailing_consent_missing_sql()
            self.env.cr.execute(SQL("%s AND p.id IN %s", query, tuple(self.ids)))
            missing = {row[0] for row in self.env.cr.fetchall()}
        # A person not saved yet has no consent at all.
        needed = any(not partner._origin.id for partner in self) and bool(
            self.env["privacy.activity"]
            .sudo()
            .search_count([("crm_mailing_consent_required", "=", True)], limit=1)
        )
        for partner in self:
            if partner._origin.id:
                partner.crm_mailing_consent = partner._origin.id not in missing
            else:
                partner.crm_mailing_consent = not (
                    needed and partner.crm_kind in ("person", "role")
                )

    def _search_crm_mailing_consent(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        wanted = value if operator == "=" else not value
        missing = SQL("(%s)", self._crm_mailing_consent_missing_sql())
        return [("id", "not in" if wanted else "in", missing)]

    @api.model
    def _crm_mailing_consent_missing_sql(self):
        """The ids of the persons and roles that lack a consent mailings need: one query,
        on the unique index (partner, activity) of the consents."""
        self.env["res.partner"].flush_model(["crm_kind", "role_person_id"])
        self.env["privacy.consent"].flush_model(["partner_id", "activity_id", "accepted", "active"])
        self.env["privacy.activity"].flush_model(["active", "crm_mailing_consent_required"])
        return SQL(
            """
            SELECT p.id
              FROM res_partner p
             WHERE p.crm_kind IN ('person', 'role')
               AND EXISTS (
                    SELECT 1
                      FROM privacy_activity a
                     WHERE a.active AND a.crm_mailing_consent_required
                       AND NOT EXISTS (
                            SELECT 1
                              FROM privacy_consent c
                             WHERE c.partner_id = COALESCE(p.role_person_id, p.id)
                               AND c.activity_id = a.id
                               AND c.accepted AND c.active))
            """
        )

    @api.model
    def _crm_mailing_consent_domain(self):
        """The partners a mailing may reach as far as consent goes: one overridable place
        for every mailing to persons (Email Marketing's default domain, the household
        mailing, segments). It must not depend on data (crm_household builds it into a
        database view): list activities through a search method, not by id."""
        return [("crm_mailing_consent", "=", True)]

    @api.model
    def _mailing_get_default_domain(self, mailing):
        """Email Marketing (mass_mailing, when installed) starts a mailing to contacts from
        this domain: persons without the consent mailings need are left out."""
        parent = getattr(super(), "_mailing_get_default_domain", None)
        domain = parent(mailing) if parent else []
        return expression.AND([domain, self._crm_mailing_consent_domain()])

    def _crm_sanitized_phone_numbers(self):
        """The mobile and phone of this partner in E.164, for the phone blacklist."""
        self.ensure_one()
        numbers = {self._phone_format(fname=fname) for fname in ("mobile", "phone") if self[fname]}
        return sorted(numbers - {False, None})

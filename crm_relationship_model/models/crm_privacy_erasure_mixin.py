# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.context import ROLE_NAME_SYNC

MANAGER_GROUP = "privacy.group_data_protection_manager"
# Customer documents of the books: they stay, with their amounts, on the same partners.
INVOICE_TYPES = ("out_invoice", "out_refund", "out_receipt")
# Shorter strings are not searched for in texts: they would match far too much.
MIN_IDENTIFIER_LENGTH = 4

# The person's own fields that identify them, cleared by the erasure.
PERSON_CLEARED_FIELDS = (
    "title",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "website",
    "comment",
    "vat",
    "ref",
    "function",
    "image_1920",
    "birthdate_date",
    "crm_occupation",
    "crm_employment_status",
    "crm_education_level_id",
    "crm_income_band_id",
    "crm_preferred_channel",
    "crm_preferred_daypart",
)
PERSON_CLEARED_MANY2MANY = (
    "crm_interest_ids",
    "crm_preferred_weekday_ids",
    "crm_stated_category_ids",
    "category_id",
)
CONTACT_FIELDS = ("email", "phone", "mobile")
ADDRESS_FIELDS = (
    "name",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "email",
    "phone",
    "mobile",
    "comment",
)


class CrmPrivacyErasureMixin(models.AbstractModel):
    """Erasure of a person (GDPR art. 17) that keeps the books: the person and what
    identifies them are anonymised on the same records, so orders, invoices, payments and
    journal entries stay, unchanged in amounts, on the same partners. Invoices inside the
    fiscal retention period keep the customer's name and address on the invoice itself
    until that period ends, when the scheduled job finishes the erasure."""

    _name = "crm.privacy.erasure.mixin"
    _description = "Erasure of a Person"

    crm_date_erased = fields.Datetime("Erased On", readonly=True, copy=False, index=True)
    crm_erasure_scheduled_date = fields.Date(
        "Rest of the Erasure On",
        readonly=True,
        copy=False,
        index=True,
        help="Invoices inside the fiscal retention period keep the customer's name and "
        "address until this day; the rest of the erasure is done then.",
    )

    # ------------------------------------------------------------------
    # Entry point (RPC)
    # ------------------------------------------------------------------

    def crm_privacy_erase(self):
        """Erase this person; returns what was erased, kept and scheduled."""
        self.ensure_one()
        self._crm_check_privacy_person()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only a data protection manager erases a person."))
        person = self.sudo().with_context(active_test=False)
        if person.crm_date_erased:
            raise UserError(
                self.env._(
                    "This person was already erased on %(date)s; there is nothing left to erase.",
                    date=person.crm_date_erased,
                )
            )
        if person.crm_legal_hold:
            raise UserError(
                self.env._(
                    "%(person)s is under a legal hold (%(reason)s) and cannot be erased "
                    "until a data protection manager lifts it.",
                    person=person.display_name,
                    reason=person.crm_legal_hold_reason,
                )
            )
        return person._crm_privacy_erase_now()

    def _crm_privacy_erase_now(self):
        self.ensure_one()
        self.env.flush_all()
        scope = self._crm_privacy_scope_ids()
        partners = self.browse(scope)
        report = {
            "person_id": self.id,
            "date": fields.Datetime.now().isoformat(),
            "erased": defaultdict(list),
            "kept": defaultdict(list),
            "scheduled": {},
        }
        old_name, old_email = self.name, self.email or ""
        identifiers = self._crm_privacy_identifiers(partners)
        kept_moves = self._crm_privacy_keep_invoices(scope, report)
        with self.env.protecting(
            [self.env["account.move"]._fields["invoice_partner_display_name"]], kept_moves
        ):
            self._crm_privacy_scrub_documents(scope, identifiers, report)
            self._crm_privacy_erase_links(scope, report)
            self._crm_privacy_anonymise_partners(partners, report)
            self.env.flush_all()
        if kept_moves:
            report["scheduled"] = {
                "date": self.crm_erasure_scheduled_date.isoformat(),
                "account.move": kept_moves.ids,
            }
        report["erased"] = dict(report["erased"])
        report["kept"] = dict(report["kept"])
        self.env["privacy.log"].create(
            {
                "anonymized_name": old_name or "-",
                "anonymized_email": old_email if "@" in old_email else "-@-",
                "execution_details": self._crm_erasure_summary(report),
                "records_description": "\n".join(
                    f"{model}: {len(ids)}" for model, ids in sorted(report["erased"].items())
                ),
            }
        )
        return report

    @api.model
    def _crm_erasure_summary(self, report):
        lines = [self.env._("Erased on %(date)s:", date=report["date"][:10])]
        lines += [f"- {model}: {len(ids)}" for model, ids in sorted(report["erased"].items())]
        if report["kept"]:
            lines.append(self.env._("Kept for the law:"))
            lines += [f"- {model}: {len(ids)}" for model, ids in sorted(report["kept"].items())]
        if report.get("scheduled"):
            lines.append(
                self.env._(
                    "The rest of the erasure is scheduled for %(date)s.",
                    date=report["scheduled"]["date"],
                )
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------
    # What identifies the person in texts
    # ------------------------------------------------------------------

    def _crm_privacy_identifiers(self, partners):
        """Names, email addresses and phone numbers of the person's partners, as they
        may appear in texts (also HTML-escaped)."""
        values = set()
        for partner in partners:
            values.update(
                [
                    partner.name,
                    partner.complete_name,
                    partner.email,
                    partner.email_normalized,
                    partner.phone,
                    partner.mobile,
                    partner.phone_sanitized,
                ]
            )
            if partner.firstname and partner.lastname:
                values.add(f"{partner.firstname} {partner.lastname}")
                values.add(f"{partner.lastname}, {partner.firstname}")
            if partner.firstname and len(partner.firstname) >= MIN_IDENTIFIER_LENGTH:
                values.add(partner.firstname)
        values = {value.strip() for value in values if value and value.strip()}
        values |= {str(escape(value)) for value in values}
        # Longest first, so a full name goes before its first name.
        return sorted(
            (value for value in values if len(value) >= MIN_IDENTIFIER_LENGTH),
            key=lambda value: (-len(value), value),
        )

    def _crm_privacy_replace_in(self, table, columns, ids, identifiers):
        """Replace the identifiers in these text columns of these rows, in SQL; returns
        the ids of the rows changed."""
        if not ids or not identifiers:
            return []
        pattern = "|".join(re.escape(value) for value in identifiers)
        placeholder = self.env._("[erased]")
        assignments = SQL(", ").join(
            SQL(
                "%s = regexp_replace(%s, %s, %s, 'gi')",
                SQL.identifier(column),
                SQL.identifier(column),
                pattern,
                placeholder,
            )
            for column in columns
        )
        matches = SQL(" OR ").join(
            SQL("%s ~* %s", SQL.identifier(column), pattern) for column in columns
        )
        rows = self.env.execute_query(
            SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s) AND (%s) RETURNING id",
                SQL.identifier(table),
                assignments,
                list(ids),
                matches,
            )
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------
    # Invoices inside the retention period
    # ------------------------------------------------------------------

    def _crm_privacy_keep_invoices(self, scope, report):
        """The posted invoices of the person's own (private) partners that the law keeps:
        their customer's name and address stay on the invoice until the period ends."""
        today = fields.Date.context_today(self)
        private = [pid for pid in scope if self.browse(pid).crm_kind != "role"]
        moves = self.env["account.move"].search(
            [
                ("partner_id", "in", private),
                ("move_type", "in", INVOICE_TYPES),
                ("state", "=", "posted"),
            ]
        )
        kept = moves.browse()
        until = None
        for move in moves:
            years = move.company_id.crm_invoice_retention_years
            end = (move.invoice_date or move.date) + relativedelta(years=years)
            if end > today:
                kept |= move
                until = max(until or end, end)
        for move in kept:
            partner = move.partner_id
            address = partner._display_address(without_company=False)
            move.crm_retained_customer = "\n".join(
                part for part in (move.invoice_partner_display_name, address) if part
            )
            report["kept"]["account.move"].append(move.id)
        if kept:
            self.crm_erasure_scheduled_date = until
        return kept

    # ------------------------------------------------------------------
    # Documents: texts by, to and about the person
    # ------------------------------------------------------------------

    def _crm_privacy_scrub_documents(self, scope, identifiers, report):
        env = self.env
        Message = env["mail.message"]
        messages = Message.search(self._crm_privacy_message_domain(scope))
        private_ids = [pid for pid in scope if self.browse(pid).crm_kind != "role"]
        private = Message.search(
            self._crm_privacy_documents_domain(
                dict(self._crm_privacy_documents(private_ids), **{"res.partner": private_ids})
            )
        )
        # Private contact moments: their bodies, subjects, attachments and tracked values.
        if private:
            private.attachment_ids.unlink()
            private.sudo().tracking_value_ids.unlink()
            private.write(
                {
                    "body": Markup("<p>%s</p>") % env._("(erased)"),
                    "subject": False,
                    "record_name": False,
                }
            )
            report["erased"]["mail.message"].extend(private.ids)
        # Every other message by, to or about them: their names, addresses and numbers.
        about_ids = self._crm_privacy_about_ids(scope)
        about = Message.search([("model", "=", "res.partner"), ("res_id", "in", about_ids)])
        # The person's requests and consents: their chatter tracks the person's name.
        for model in ("crm.privacy.request", "privacy.consent"):
            field = "person_id" if model == "crm.privacy.request" else "partner_id"
            records = (
                env[model].sudo().with_context(active_test=False).search([(field, "in", scope)])
            )
            about |= Message.search([("model", "=", model), ("res_id", "in", records.ids)])
        about |= Message.search(
            self._crm_privacy_documents_domain(self._crm_privacy_documents(scope))
        )
        others = (messages | about) - private
        env.flush_all()
        changed = self._crm_privacy_replace_in(
            "mail_message",
            ["body", "subject", "record_name", "email_from", "reply_to"],
            others.ids,
            identifiers,
        )
        authored = messages.filtered(lambda m: m.author_id.id in scope)
        if authored:
            env.execute_query(
                SQL(
                    "UPDATE mail_message SET email_from = NULL, reply_to = NULL WHERE id = ANY(%s)",
                    authored.ids,
                )
            )
        tracking = (
            env["mail.tracking.value"]
            .sudo()
            .search([("mail_message_id", "in", messages.ids + about.ids)])
        )
        changed_tracking = self._crm_privacy_replace_in(
            "mail_tracking_value",
            ["old_value_char", "new_value_char", "old_value_text", "new_value_text"],
            tracking.ids,
            identifiers,
        )
        mails = env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        report["erased"]["mail.mail"].extend(mails.ids)
        mails.unlink()
        report["erased"]["mail.message"].extend(set(changed) | set(authored.ids) - set(private.ids))
        report["erased"]["mail.tracking.value"].extend(changed_tracking)
        # The documents' own texts: meetings, leads, complaints.
        self._crm_privacy_scrub_records(scope, identifiers, report)
        env.invalidate_all()

    def _crm_privacy_about_ids(self, scope):
        """Partners whose chatter may speak of the person: the organisations of its
        roles (crm_household adds its households)."""
        return self.browse(scope).filtered(lambda p: p.crm_kind == "role").parent_id.ids

    def _crm_privacy_scrub_records(self, scope, identifiers, report):
        env = self.env
        events = (
            env["calendar.event"]
            .with_context(active_test=False)
            .search([("partner_ids", "in", scope)])
        )
        changed = self._crm_privacy_replace_in(
            "calendar_event", ["name", "description", "location"], events.ids, identifiers
        )
        report["erased"]["calendar.event"].extend(changed)
        emails, _phones = self._crm_privacy_emails_and_phones(scope)
        lead_domain = [("partner_id", "in", scope)]
        if emails:
            lead_domain = ["|", ("email_normalized", "in", list(emails)), *lead_domain]
        leads = env["crm.lead"].with_context(active_test=False).search(lead_domain)
        if leads:
            leads.write(
                {
                    "contact_name": False,
                    "email_from": False,
                    "phone": False,
                    "mobile": False,
                    "street": False,
                    "street2": False,
                    "zip": False,
                    "city": False,
                    "email_cc": False,
                    "function": False,
                    "website": False,
                }
            )
            env.flush_all()
            self._crm_privacy_replace_in(
                "crm_lead", ["name", "description", "partner_name"], leads.ids, identifiers
            )
            report["erased"]["crm.lead"].extend(leads.ids)
        claims = (
            env["crm.claim"].with_context(active_test=False).search([("partner_id", "in", scope)])
        )
        if claims:
            claims.write({"email_from": False, "partner_phone": False, "email_cc": False})
            env.flush_all()
            self._crm_privacy_replace_in(
                "crm_claim",
                ["name", "description", "resolution", "cause", "user_fault"],
                claims.ids,
                identifiers,
            )
            report["erased"]["crm.claim"].extend(claims.ids)

    # ------------------------------------------------------------------
    # Links: followers, activities, special categories, blacklists, duplicates
    # ------------------------------------------------------------------

    def _crm_privacy_erase_links(self, scope, report):
        """Records that only link the person to something; crm_household extends it
        with the household memberships."""
        env = self.env
        emails, phones = self._crm_privacy_emails_and_phones(scope)
        for model, domain in (
            ("mail.followers", [("partner_id", "in", scope)]),
            ("mail.activity", [("res_model", "=", "res.partner"), ("res_id", "in", scope)]),
            ("crm.person.sensitive", [("person_id", "=", self.id)]),
            ("mail.blacklist", [("email", "in", list(emails))]),
            ("phone.blacklist", [("number", "in", list(phones))]),
            (
                "crm.duplicate.pair",
                ["|", ("partner_a_id", "in", scope), ("partner_b_id", "in", scope)],
            ),
            (
                "ir.attachment",
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", scope),
                    ("res_field", "=", False),
                ],
            ),
        ):
            records = env[model].sudo().with_context(active_test=False).search(domain)
            if records:
                report["erased"][model].extend(records.ids)
                records.unlink()
        consents = (
            env["privacy.consent"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", scope)])
        )
        if consents:
            consents.write({"last_metadata": False})
            report["erased"]["privacy.consent"].extend(consents.ids)
        banks = (
            env["res.partner.bank"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", scope)])
        )
        if banks:
            banks.write({"acc_holder_name": False})
            report["erased"]["res.partner.bank"].extend(banks.ids)

    # ------------------------------------------------------------------
    # The partners themselves
    # ------------------------------------------------------------------

    def _crm_privacy_anonymise_partners(self, partners, report):
        today = fields.Date.context_today(self)
        person = self
        roles = partners.filtered(lambda p: p.crm_kind == "role")
        addresses = partners - roles - person
        vals = dict.fromkeys(PERSON_CLEARED_FIELDS, False)
        vals.update({name: [(5, 0, 0)] for name in PERSON_CLEARED_MANY2MANY})
        vals.update(
            firstname=False,
            lastname=self.env._("Anonymised person"),
            crm_date_erased=fields.Datetime.now(),
        )
        person.write(vals)
        if addresses:
            addresses.write(dict.fromkeys(ADDRESS_FIELDS, False))
        if roles:
            roles.with_context(**{ROLE_NAME_SYNC: True}).write(dict.fromkeys(CONTACT_FIELDS, False))
            roles.filtered(lambda r: not r.role_date_end or r.role_date_end > today).write(
                {"role_date_end": today}
            )
        # Archived so that lists and look-ups leave it out; its roles stay in the
        # organisations' history, shown as anonymised.
        person.active = False
        roles.filtered("role_archived_with_person").write(
            {"active": True, "role_archived_with_person": False}
        )
        report["erased"]["res.partner"].extend(partners.ids)

    # ------------------------------------------------------------------
    # The rest of the erasure, when the retention period ends
    # ------------------------------------------------------------------

    @api.model
    def _cron_crm_privacy_scheduled_erasure(self, limit=100):
        """Finish the erasures whose invoices' retention period has ended."""
        today = fields.Date.context_today(self)
        domain = [("crm_erasure_scheduled_date", "<=", today)]
        Partner = self.sudo().with_context(active_test=False)
        persons = Partner.search(domain, limit=limit)
        for person in persons:
            person._crm_privacy_finish_erasure()
        remaining = Partner.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(persons), remaining=remaining)
        return persons

    def _crm_privacy_finish_erasure(self):
        self.ensure_one()
        scope = self._crm_privacy_scope_ids()
        moves = self.env["account.move"].search(
            [("partner_id", "in", scope), ("crm_retained_customer", "!=", False)]
        )
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", "account.move"), ("res_id", "in", moves.ids)]
        )
        attachments.unlink()
        moves.write({"crm_retained_customer": False})
        self.env.add_to_compute(moves._fields["invoice_partner_display_name"], moves)
        moves._recompute_recordset(["invoice_partner_display_name"])
        self.crm_erasure_scheduled_date = False
        report = {
            "date": fields.Datetime.now().isoformat(),
            "erased": {"account.move": moves.ids, "ir.attachment": attachments.ids},
            "kept": {},
            "scheduled": {},
        }
        requests = self.env["crm.privacy.request"].search(
            [("person_id", "=", self.id), ("request_type", "=", "erasure")]
        )
        for request in requests:
            request.answer = "\n\n".join(
                filter(None, [request.answer, self._crm_erasure_summary(report)])
            )
        return report

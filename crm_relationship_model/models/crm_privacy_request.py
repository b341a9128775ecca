# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.context import PRIVACY_EXPORT_SENSITIVE_UID

REQUEST_TYPES = [
    ("access", "Access"),
    ("rectification", "Rectification"),
    ("erasure", "Erasure"),
    ("restriction", "Restriction"),
    ("objection", "Objection"),
    ("portability", "Portability"),
]
# GDPR art. 12(3): one month, extendable by two further months with a reason.
ANSWER_MONTHS = 1
MAX_EXTENSION_MONTHS = 2
# The handler is warned this many days before the deadline.
WARNING_DAYS = 7
MANAGER_GROUP = "privacy.group_data_protection_manager"


class CrmPrivacyRequest(models.Model):
    """A data subject's request (GDPR art. 15 to 21), answered within its deadline.

    An access or portability request produces the export (JSON and a readable
    report) as a background job: the sections of ``crm_privacy_export()`` one
    batch each, attached to the request when done."""

    _name = "crm.privacy.request"
    _description = "Data Subject Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "crm.job.mixin"]
    _order = "date_received desc, id desc"
    _crm_job_cron_xmlid = "crm_relationship_model.ir_cron_crm_privacy_request_job"
    _crm_job_batch_size = 1

    name = fields.Char("Reference", readonly=True, copy=False, default="/")
    person_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("crm_kind", "=", "person")],
        ondelete="restrict",
    )
    request_type = fields.Selection(REQUEST_TYPES, "Request", required=True, tracking=True)
    date_received = fields.Date(
        "Received On", required=True, default=fields.Date.context_today, tracking=True
    )
    date_deadline = fields.Date(
        "Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="One month after receipt; up to two months more with a reason (GDPR art. 12(3)).",
    )
    extension_reason = fields.Text(
        "Reason for Extension",
        tracking=True,
        help="Why the answer needs more than a month: required for a later deadline.",
    )
    state = fields.Selection(
        [
            ("new", "Received"),
            ("in_progress", "In Progress"),
            ("done", "Answered"),
            ("refused", "Refused"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Handled By",
        default=lambda self: self.env.user,
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("privacy.group_data_protection_user").id)
        ],
    )
    description = fields.Text("Request Details", help="What the person asked, in their words.")
    include_sensitive = fields.Boolean(
        "Include Special Categories",
        help="The person asked for their special categories of personal data too. They "
        "are exported only when whoever starts the export may read them.",
    )
    date_done = fields.Date("Answered On", readonly=True, tracking=True)
    answer = fields.Text(
        "Outcome",
        readonly=True,
        help="What was exported, erased, kept and scheduled, written when it was done.",
    )
    export_json_id = fields.Many2one("ir.attachment", "Export (JSON)", readonly=True, copy=False)
    export_report_id = fields.Many2one(
        "ir.attachment", "Export (Readable)", readonly=True, copy=False
    )
    export_payload = fields.Json(readonly=True, copy=False, groups="base.group_system")
    export_with_sensitive = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")

    # ------------------------------------------------------------------
    # Deadline
    # ------------------------------------------------------------------

    @api.depends("date_received")
    def _compute_date_deadline(self):
        for request in self:
            request.date_deadline = request.date_received and (
                request.date_received + relativedelta(months=ANSWER_MONTHS)
            )

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = bool(
                request.state in ("new", "in_progress")
                and request.date_deadline
                and request.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Overdue can only be searched as true or false."))
        domain = [
            ("state", "in", ("new", "in_progress")),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.constrains("date_received", "date_deadline", "extension_reason")
    def _check_date_deadline(self):
        for request in self:
            if not request.date_deadline:
                raise ValidationError(self.env._("A request needs a deadline."))
            if request.date_deadline < request.date_received:
                raise ValidationError(
                    self.env._(
                        "The deadline (%(deadline)s) is before the request was received "
                        "(%(received)s); choose a deadline on or after the day of receipt.",
                        deadline=request.date_deadline,
                        received=request.date_received,
                    )
                )
            normal = request.date_received + relativedelta(months=ANSWER_MONTHS)
            longest = normal + relativedelta(months=MAX_EXTENSION_MONTHS)
            if request.date_deadline > longest:
                raise ValidationError(
                    self.env._(
                        "The deadline can be extended by at most two months, to %(date)s.",
                        date=longest,
                    )
                )
            if request.date_deadline > normal and not (request.extension_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "A deadline after %(date)s extends the month the law gives: write "
                        "the reason for the extension, which the person must be told.",
                        date=normal,
                    )
                )

    # ------------------------------------------------------------------
    # Create / write: the reference and the handler's warning
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("crm.privacy.request") or "/"
        requests = super().create(vals_list)
        requests._check_person_kind()
        requests._schedule_deadline_warning()
        return requests

    def write(self, vals):
        result = super().write(vals)
        if "person_id" in vals:
            self._check_person_kind()
        if {"date_deadline", "date_received", "user_id", "state"} & set(vals):
            self._schedule_deadline_warning()
        return result

    def _check_person_kind(self):
        for request in self:
            if request.person_id.crm_kind != "person":
                raise ValidationError(
                    self.env._(
                        "A data subject request is made by a person; %(partner)s is not "
                        "one. Choose the person (an organisation's or a role's data is "
                        "answered through its person).",
                        partner=request.person_id.display_name,
                    )
                )

    def _schedule_deadline_warning(self):
        """One to-do for the handler, due a week before the deadline, while open."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for request in self.sudo():
            request.activity_unlink(["mail.mail_activity_data_todo"])
            if request.state not in ("new", "in_progress") or not request.user_id:
                continue
            due = max(
                request.date_received,
                request.date_deadline - relativedelta(days=WARNING_DAYS),
            )
            request.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=due,
                user_id=request.user_id.id,
                summary=self.env._(
                    "Answer %(request)s by %(deadline)s",
                    request=request.name,
                    deadline=request.date_deadline,
                ),
            )

    # ------------------------------------------------------------------
    # Handling
    # ------------------------------------------------------------------

    def action_start(self):
        self.filtered(lambda r: r.state == "new").write({"state": "in_progress"})
        return True

    def action_refuse(self):
        self._check_open()
        self.write({"state": "refused", "date_done": fields.Date.context_today(self)})
        return True

    def action_done(self):
        self._check_open()
        self.write({"state": "done", "date_done": fields.Date.context_today(self)})
        return True

    def _check_open(self):
        for request in self:
            if request.state in ("done", "refused"):
                raise UserError(self.env._("%(request)s was already closed.", request=request.name))

    def action_lookup(self):
        """Odoo's privacy look-up (for administrators, as Odoo has it), prefilled with
        the person's name and email."""
        self.ensure_one()
        wizard = self.env["privacy.lookup.wizard"].create(
            {"name": self.person_id.name, "email": self.person_id.email or self.person_id.name}
        )
        wizard.action_lookup()
        return wizard.action_open_lines()

    def action_erase(self):
        """Erase the person (managers only); the outcome is written to the request."""
        self.ensure_one()
        if self.request_type != "erasure":
            raise UserError(self.env._("Only an erasure request erases the person."))
        self._check_open()
        report = self.person_id.crm_privacy_erase()
        self.write(
            {
                "answer": self.person_id._crm_erasure_summary(report),
                "state": "done",
                "date_done": fields.Date.context_today(self),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Export as a job
    # ------------------------------------------------------------------

    def action_export(self):
        """Queue the export; the scheduled action attaches it to the request."""
        for request in self:
            if request.request_type not in ("access", "portability"):
                raise UserError(
                    self.env._("Only an access or portability request is answered by an export.")
                )
            request._check_open()
        self.action_start()
        # Decided by who asks for the export, not by the scheduled action's user.
        may_see = self.env.user.has_group("crm_relationship_model.group_crm_sensitive_data")
        for request in self:
            request.sudo().export_with_sensitive = request.include_sensitive and may_see
        return self.action_job_start()

    def _crm_job_check_start(self):
        if not self.env.user.has_group("privacy.group_data_protection_user"):
            raise AccessError(self.env._("Only data protection users answer requests."))
        return super()._crm_job_check_start()

    def _crm_export_sections(self):
        token = PRIVACY_EXPORT_SENSITIVE_UID.set(self.export_with_sensitive or None)
        try:
            return self.person_id._crm_privacy_export_sections()
        finally:
            PRIVACY_EXPORT_SENSITIVE_UID.reset(token)

    def _crm_job_prepare(self):
        self.export_payload = {}
        return len(self._crm_export_sections())

    def _crm_job_step(self, batch_size):
        sections = self._crm_export_sections()
        todo = sections[self.job_cursor : self.job_cursor + batch_size]
        uid = self.job_user_id.id if self.export_with_sensitive else None
        token = PRIVACY_EXPORT_SENSITIVE_UID.set(uid)
        try:
            payload = dict(self.export_payload or {})
            for section in todo:
                payload[section] = self.person_id._crm_privacy_export_section(section)
        finally:
            PRIVACY_EXPORT_SENSITIVE_UID.reset(token)
        self.write({"export_payload": payload, "job_cursor": self.job_cursor + len(todo)})
        return len(todo), len(sections) - self.job_cursor

    def _crm_job_finish(self):
        person = self.person_id
        data = person._crm_privacy_export_envelope(self.export_payload or {})
        stem = self.env._("personal-data-%(ref)s", ref=self.name.replace("/", "-"))
        Attachment = self.env["ir.attachment"]
        json_file = Attachment.create(
            {
                "name": f"{stem}.json",
                "mimetype": "application/json",
                "raw": json.dumps(data, indent=1, ensure_ascii=False, default=str).encode(),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        content, kind = self.env["ir.actions.report"]._render_qweb_pdf(
            "crm_relationship_model.crm_privacy_request_export_report",
            self.ids,
            data={"export": data, "sections": person._crm_privacy_readable(data)},
        )
        report_file = Attachment.create(
            {
                "name": f"{stem}.{kind}",
                "mimetype": "application/pdf" if kind == "pdf" else "text/html",
                "raw": content,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        counts = ", ".join(
            f"{section}: {len(value)}" for section, value in data.items() if isinstance(value, list)
        )
        self.write(
            {
                "export_json_id": json_file.id,
                "export_report_id": report_file.id,
                "export_payload": False,
                "answer": self.env._(
                    "Exported on %(date)s (%(counts)s).",
                    date=fields.Date.context_today(self),
                    counts=counts,
                ),
            }
        )
        self.message_post(
            body=self.env._("The export is ready."),
            attachment_ids=[json_file.id, report_file.id],
            subtype_xmlid="mail.mt_note",
        )

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty


class CrmContactMomentWizard(models.TransientModel):
    """Log a note or a call, or plan an activity, for a person: in the context of one
    of its roles (stored on the role, so it stays with the organisation) or as a
    private moment (stored on the person)."""

    _name = "crm.contact.moment.wizard"
    _description = "Log a Contact Moment"

    person_id = fields.Many2one(
        "res.partner",
        required=True,
        readonly=True,
        domain=[("crm_kind", "=", "person")],
    )
    record_id = fields.Many2one(
        "res.partner",
        "In the Context Of",
        required=True,
        domain="['|', ('id', '=', person_id), "
        "'&', ('crm_kind', '=', 'role'), ('role_person_id', '=', person_id)]",
        context={"active_test": False},
        help="One of the person's roles (the moment stays with the organisation) or the "
        "person itself (a private moment).",
    )
    moment_type = fields.Selection(
        [("note", "Note"), ("call", "Call"), ("activity", "Activity")],
        "Log",
        required=True,
        default="note",
    )
    body = fields.Html("What Was Said", sanitize_style=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        domain="['|', ('res_model', '=', False), ('res_model', '=', 'res.partner')]",
    )
    summary = fields.Char()
    date_deadline = fields.Date("Due Date")
    user_id = fields.Many2one(
        "res.users",
        "Assigned To",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        person = self.env["res.partner"].browse(values.get("person_id"))
        if person and not values.get("record_id"):
            values["record_id"] = person.id
        return values

    @api.onchange("activity_type_id")
    def _onchange_activity_type_id(self):
        activity_type = self.activity_type_id
        if activity_type:
            self.date_deadline = activity_type._get_date_deadline()
            if not self.summary:
                self.summary = activity_type.summary

    @api.onchange("moment_type")
    def _onchange_moment_type(self):
        if self.moment_type == "activity" and not self.activity_type_id:
            self.activity_type_id = self.env["mail.activity"]._default_activity_type_for_model(
                "res.partner"
            )

    def _check_record(self):
        self.ensure_one()
        record = self.record_id
        if record != self.person_id and not (
            record.crm_kind == "role" and record.role_person_id == self.person_id
        ):
            raise UserError(
                self.env._(
                    "%(record)s is neither %(person)s nor one of their roles: choose the "
                    "person (a private moment) or one of their roles.",
                    record=record.display_name,
                    person=self.person_id.display_name,
                )
            )

    def action_log(self):
        """Store the moment on the chosen record and go back to the person's form, whose
        chatter shows it (labelled with the role when on a role)."""
        self._check_record()
        record = self.record_id.with_context(active_test=False)
        if self.moment_type in ("note", "call") and is_html_empty(self.body):
            raise UserError(
                self.env._("Write what was said: a note or a call is logged with its text.")
            )
        if self.moment_type == "note":
            record.message_post(body=self.body, subtype_xmlid="mail.mt_note")
        elif self.moment_type == "call":
            call = record.activity_schedule(
                "mail.mail_activity_data_call",
                summary=self.summary or False,
                user_id=self.env.user.id,
            )
            call.action_feedback(feedback=self.body)
        else:
            if not self.activity_type_id or not self.date_deadline:
                raise UserError(self.env._("Choose the activity type and its due date."))
            record.activity_schedule(
                activity_type_id=self.activity_type_id.id,
                summary=self.summary or False,
                note=self.body if not is_html_empty(self.body) else False,
                date_deadline=self.date_deadline,
                user_id=self.user_id.id or self.env.user.id,
            )
        return {"type": "ir.actions.client", "tag": "soft_reload"}

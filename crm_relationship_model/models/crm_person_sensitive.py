# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

SENSITIVE_GROUP = "crm_relationship_model.group_crm_sensitive_data"
# The special categories of personal data (GDPR art. 9(1)), and the lifestyle notes a
# trade may keep (a wine merchant's tasting club: drinking habits).
SENSITIVE_FIELDS = (
    "health",
    "political_opinion",
    "religion",
    "trade_union",
    "ethnic_origin",
    "sexual_orientation",
    "lifestyle",
)
# The grounds of GDPR art. 9(2) that allow processing them.
LEGAL_GROUNDS = [
    ("explicit_consent", "Explicit consent (a)"),
    ("employment", "Employment and social security law (b)"),
    ("vital_interests", "Vital interests (c)"),
    ("nonprofit", "Members of a not-for-profit body (d)"),
    ("made_public", "Made public by the person (e)"),
    ("legal_claims", "Legal claims (f)"),
    ("public_interest", "Substantial public interest (g)"),
    ("health_care", "Health or social care (h)"),
    ("public_health", "Public health (i)"),
    ("archiving", "Archiving, research or statistics (j)"),
]


class CrmPersonSensitive(models.Model):
    """A person's special categories of personal data, kept apart from the partner:
    only the group "Sensitive Personal Data" reads or writes them, each value needs its
    legal ground, and every read and write is logged (crm.sensitive.access.log). No
    chatter and no tracking, so no value reaches a message."""

    _name = "crm.person.sensitive"
    _description = "Special Categories of Personal Data"
    _rec_name = "person_id"

    person_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("crm_kind", "=", "person")],
    )
    health = fields.Text(groups=SENSITIVE_GROUP)
    political_opinion = fields.Text(groups=SENSITIVE_GROUP)
    religion = fields.Text("Religious or Philosophical Belief", groups=SENSITIVE_GROUP)
    trade_union = fields.Text("Trade Union Membership", groups=SENSITIVE_GROUP)
    ethnic_origin = fields.Text("Racial or Ethnic Origin", groups=SENSITIVE_GROUP)
    sexual_orientation = fields.Text("Sex Life or Sexual Orientation", groups=SENSITIVE_GROUP)
    lifestyle = fields.Text(
        groups=SENSITIVE_GROUP,
        help="Lifestyle notes the trade needs, such as drinking habits for a tasting club.",
    )
    legal_ground = fields.Selection(
        LEGAL_GROUNDS,
        groups=SENSITIVE_GROUP,
        help="The ground of GDPR article 9(2) on which these data are processed.",
    )
    legal_ground_date = fields.Date(
        "Legal Ground Since",
        groups=SENSITIVE_GROUP,
        help="When the ground applied from, e.g. the day the explicit consent was given.",
    )

    _sql_constraints = [
        ("person_unique", "UNIQUE(person_id)", "A person has one record of sensitive data."),
    ]

    # ------------------------------------------------------------------
    # Checks: a person, and a dated legal ground for any value
    # ------------------------------------------------------------------

    @api.constrains("person_id")
    def _check_person(self):
        for record in self:
            if record.person_id.crm_kind != "person":
                raise ValidationError(
                    self.env._(
                        "%(name)s is not a person: sensitive personal data belong to a person.",
                        name=record.person_id.display_name,
                    )
                )

    @api.constrains("legal_ground", "legal_ground_date", *SENSITIVE_FIELDS)
    def _check_legal_ground(self):
        today = fields.Date.context_today(self)
        for record in self.sudo():
            # The message names the fields, never their values.
            if not any(record[name] for name in SENSITIVE_FIELDS):
                continue
            if not record.legal_ground or not record.legal_ground_date:
                raise ValidationError(
                    self.env._(
                        "Sensitive data of %(person)s need their legal ground (GDPR "
                        "article 9(2)) and its date: choose the ground, e.g. explicit "
                        "consent, and the day it applied from.",
                        person=record.person_id.name,
                    )
                )
            if record.legal_ground_date > today:
                raise ValidationError(
                    self.env._(
                        "The legal ground of %(person)s's sensitive data cannot date from "
                        "the future (%(date)s): give the day it applied from.",
                        person=record.person_id.name,
                        date=record.legal_ground_date,
                    )
                )

    # ------------------------------------------------------------------
    # Every read and write by a user is logged
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for record, vals in zip(records, vals_list, strict=True):
            record._crm_log_access("write", vals)
        return records

    def write(self, vals):
        result = super().write(vals)
        self._crm_log_access("write", vals)
        return result

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        self._crm_log_access("read", fields or SENSITIVE_FIELDS)
        return result

    def export_data(self, fields_to_export):
        result = super().export_data(fields_to_export)
        self._crm_log_access("read", [path.split("/")[0] for path in fields_to_export])
        return result

    def _crm_log_access(self, operation, field_names):
        """One line per person for a read or write of sensitive fields by a user (not by
        the system, e.g. data files)."""
        names = sorted(set(field_names) & set(SENSITIVE_FIELDS + ("legal_ground",)))
        if not names or self.env.su or not self:
            return
        self.env["crm.sensitive.access.log"].sudo().create(
            [
                {
                    "user_id": self.env.uid,
                    "person_id": record.person_id.id,
                    "field_names": ", ".join(names),
                    "operation": operation,
                }
                for record in self.sudo()
            ]
        )

    @api.model
    def _crm_action_open_for(self, person):
        """The person's record of sensitive data in a form, made when there is none."""
        person.ensure_one()
        record = self.search([("person_id", "=", person.id)], limit=1)
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Sensitive Data of %(person)s", person=person.name),
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
            "context": {"default_person_id": person.id},
        }
        if record:
            action["res_id"] = record.id
        return action

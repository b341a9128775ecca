# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .crm_segment import REFRESH_KEY

# Fields of the profile that only persons have, besides those of its mixins.
PERSON_ONLY_FIELDS = ("birthdate_date", "age", "person_role_ids", "crm_position_summary")
ROLE_ONLY_FIELDS = (
    "role_person_id", "role_organisation_id", "role_date_start", "role_date_end",
    "role_state", "role_active_on", "crm_department",
)  # fmt: skip


class CrmSegmentMixin(models.AbstractModel):
    """The segments a person, organisation or household is in, now and over time."""

    _name = "crm.segment.mixin"
    _description = "Customer Segments of a Partner"

    crm_segment_ids = fields.Many2many(
        "crm.segment",
        "crm_segment_res_partner_rel",
        "partner_id",
        "segment_id",
        string="Segments",
        groups="base.group_user",
        help="The segments this record is in now.",
    )
    crm_segment_membership_ids = fields.One2many(
        "crm.segment.membership",
        "partner_id",
        string="Segment History",
        groups="base.group_user",
        readonly=True,
    )

    @api.model
    def _crm_segment_kind_fields(self):
        """{field name: the kinds that have it} for the fields only some kinds have: a
        segment's rule may use them only when they are its kind's."""
        person = set(PERSON_ONLY_FIELDS)
        for mixin in ("crm.person.profile.mixin", "crm.person.sensitive.mixin"):
            person |= set(self.env[mixin]._fields) - set(models.MAGIC_COLUMNS) - {"display_name"}
        result = dict.fromkeys(person, {"person"})
        result.update(dict.fromkeys(ROLE_ONLY_FIELDS, {"role"}))
        return result

    @api.model
    def _crm_segment_members_action(self, kind):
        """The list a segment's members open in, by kind."""
        xmlid = {
            "person": "crm_relationship_model.res_partner_person_action",
            "organisation": "crm_relationship_model.res_partner_organisation_action",
        }.get(kind, "contacts.action_contacts")
        return self.env["ir.actions.act_window"]._for_xml_id(xmlid)

    # ------------------------------------------------------------------
    # Members given by hand, from the partner's side
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any(vals.get("crm_segment_ids") for vals in vals_list):
            segments = partners.sudo().crm_segment_ids
            if segments:
                segments._crm_check_manual_members()
                segments._crm_sync_history()
        return partners

    def write(self, vals):
        if "crm_segment_ids" not in vals or self.env.context.get(REFRESH_KEY):
            return super().write(vals)
        before = self._crm_segment_rows()
        result = super().write(vals)
        changed = before ^ self._crm_segment_rows()
        if changed:
            segments = self.env["crm.segment"].sudo().browse({s for s, __ in changed})
            ruled = segments.filtered("is_rule")
            if ruled:
                raise UserError(
                    self.env._(
                        "The members of %(segment)s follow its rule: they cannot be added or "
                        "removed by hand.",
                        segment=ruled[0].name,
                    )
                )
            segments._crm_check_manual_members()
            segments._crm_sync_history()
        return result

    def _crm_segment_rows(self):
        if not self.ids:
            return set()
        self.flush_recordset(["crm_segment_ids"])
        return set(
            self.env.execute_query(
                SQL(
                    "SELECT segment_id, partner_id FROM crm_segment_res_partner_rel "
                    "WHERE partner_id = ANY(%s)",
                    self.ids,
                )
            )
        )

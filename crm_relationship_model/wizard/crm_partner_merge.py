# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_list

from ..tools.context import MERGE_AUTHORISED_IDS

# Odoo's merge takes a survivor and at most two others at a time.
MERGE_CHUNK = 2


class CrmPartnerMerge(models.TransientModel):
    """Merge persons (or organisations) into one, on Odoo's partner merge: every
    reference to the merged contacts moves to the survivor, then they are deleted."""

    _name = "crm.partner.merge"
    _description = "Merge Persons or Organisations"

    partner_ids = fields.Many2many("res.partner", string="Contacts to Merge")
    dst_partner_id = fields.Many2one(
        "res.partner",
        string="Keep",
        domain="[('id', 'in', partner_ids)]",
        help="The contact that stays; the others are merged into it and deleted.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            partners = self.env["res.partner"].browse(context["active_ids"]).exists()
            values["partner_ids"] = [fields.Command.set(partners.ids)]
            values["dst_partner_id"] = partners.sorted("id")[:1].id
        return values

    @api.model
    def _action_open(self, partners):
        wizard = self.create(
            {
                "partner_ids": [fields.Command.set(partners.ids)],
                "dst_partner_id": partners.sorted("id")[:1].id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------

    def _check_mergeable(self):
        partners = self.partner_ids
        if len(partners) < 2:
            raise UserError(self.env._("Choose at least two contacts to merge."))
        if not self.dst_partner_id or self.dst_partner_id not in partners:
            raise UserError(self.env._("Choose which of the contacts to keep."))
        merger = self.env["base.partner.merge.automatic.wizard"]
        # This wizard is for the relationship model's contacts; addresses and other
        # contacts go through Odoo's own merge.
        other = partners.filtered(lambda p: p.crm_kind not in ("person", "organisation", "role"))
        if other:
            raise UserError(
                self.env._(
                    "Only persons, organisations and duplicate roles can be merged here "
                    "(%(name)s is %(kind)s).",
                    name=other[0].display_name,
                    kind=merger._crm_kind_label(other[0]),
                )
            )
        # The rules Odoo's merge applies too, so both wizards refuse the same merges.
        merger._crm_check_mergeable(partners, self.dst_partner_id)
        # Merging writes the survivor and deletes the others: the user must be allowed both.
        partners.check_access("write")
        (partners - self.dst_partner_id).check_access("unlink")

    # ------------------------------------------------------------------
    # Merge
    # ------------------------------------------------------------------

    def action_merge(self):
        self.ensure_one()
        self._check_mergeable()
        survivor = self.dst_partner_id
        others = self.partner_ids - survivor
        moved = self._count_moved(others)
        names = [f"{p.display_name} (ID {p.id})" for p in others]
        # Pairs between the merged contacts are resolved by the merge itself.
        self.env["crm.duplicate.pair"].sudo().search(
            [
                ("partner_a_id", "in", self.partner_ids.ids),
                ("partner_b_id", "in", self.partner_ids.ids),
            ]
        ).unlink()
        merger = self.env["base.partner.merge.automatic.wizard"]
        token = MERGE_AUTHORISED_IDS.set(frozenset(others.ids))
        try:
            for start in range(0, len(others), MERGE_CHUNK):
                chunk = others[start : start + MERGE_CHUNK]
                # Our own checks are done; different emails are what duplicates have.
                merger._merge((survivor | chunk).ids, survivor, extra_checks=False)
        finally:
            MERGE_AUTHORISED_IDS.reset(token)
        self.env.invalidate_all()
        self._after_merge(survivor)
        survivor.message_post(body=self._audit_note(names, moved))
        return survivor.get_formview_action()

    def _after_merge(self, survivor):
        """Roles take the survivor's name; roles that now overlap at one organisation
        go to review."""
        if survivor.crm_kind == "person":
            survivor._sync_person_to_roles({"name": True})
        if survivor.crm_kind in ("person", "organisation"):
            self.env["crm.duplicate.pair"]._insert_pairs(
                "overlapping_roles",
                SQL(
                    """
                    SELECT r1.id, r2.id FROM res_partner r1
                      JOIN res_partner r2 ON r2.parent_id = r1.parent_id
                       AND r2.role_person_id = r1.role_person_id AND r2.id > r1.id
                       AND r2.crm_kind = 'role'
                     WHERE r1.crm_kind = 'role'
                       AND (r1.role_person_id = %(id)s OR r1.parent_id = %(id)s)
                       AND COALESCE(r1.role_date_start, '-infinity') <=
                           COALESCE(r2.role_date_end, 'infinity')
                       AND COALESCE(r2.role_date_start, '-infinity') <=
                           COALESCE(r1.role_date_end, 'infinity')
                    """,
                    id=survivor.id,
                ),
            )

    def _crm_moved_rows(self):
        """What the audit note counts, in its order: (key, label, table, column, extra
        condition). Rows with the same key are added up. Addons that keep references to
        partners in their own tables add a row."""
        role = SQL("crm_kind = 'role'")
        on_partner = SQL("model = 'res.partner'")
        on_partner_res = SQL("res_model = 'res.partner'")
        return [
            ("roles", self.env._("roles"), "res_partner", "role_person_id", role),
            ("roles", self.env._("roles"), "res_partner", "parent_id", role),
            ("sales orders", self.env._("sales orders"), "sale_order", "partner_id", None),
            (
                "invoices",
                self.env._("invoices"),
                "account_move",
                "partner_id",
                SQL("move_type <> 'entry'"),
            ),
            ("leads", self.env._("leads and opportunities"), "crm_lead", "partner_id", None),
            ("messages", self.env._("messages"), "mail_message", "res_id", on_partner),
            ("activities", self.env._("activities"), "mail_activity", "res_id", on_partner_res),
            ("followers", self.env._("followers"), "mail_followers", "res_id", on_partner_res),
            ("attachments", self.env._("attachments"), "ir_attachment", "res_id", on_partner_res),
        ]

    def _count_moved(self, partners):
        """How many of each kind of record point to the partners (one query each), as
        {key: (label, count)} in the order of _crm_moved_rows()."""
        counts = {}
        for key, label, table, column, condition in self._crm_moved_rows():
            rows = self.env.execute_query(
                SQL(
                    "SELECT count(*) FROM %s WHERE %s = ANY(%s) AND %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    partners.ids,
                    condition or SQL("TRUE"),
                )
            )
            if rows[0][0]:
                counts[key] = (label, counts.get(key, (label, 0))[1] + rows[0][0])
        return counts

    def _audit_note(self, names, moved):
        moved_text = format_list(self.env, [f"{count} {label}" for label, count in moved.values()])
        return self.env._(
            "Merged into this contact: %(names)s. Moved here: %(moved)s.",
            names=format_list(self.env, names),
            moved=moved_text or self.env._("nothing"),
        )

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's partner merge (Contacts > Merge, the automatic deduplication, RPC) keeps
    to the relationship model: it refuses what the model forbids before it moves
    anything."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # Every path (the form's button, the automatic process, our crm.partner.merge,
        # RPC) goes through here; super() starts moving rows at once.
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if len(partners) >= 2:
            survivor = dst_partner if dst_partner and dst_partner in partners else None
            # Without a valid destination, super() keeps this one.
            survivor = survivor or self._get_ordered_partner(partners.ids)[-1]
            self._crm_check_mergeable(partners, survivor)
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    @api.model
    def _crm_check_mergeable(self, partners, dst_partner):
        """Raise a UserError, naming two of the partners and what to do instead, when
        merging them into dst_partner would break the relationship model. Contacts
        without a kind (addresses, contacts not yet classified) may be merged with each
        other, or into a contact that has a kind."""
        self._crm_check_person_with_own_role(partners)
        self._crm_check_one_kind(partners, dst_partner)
        roles = partners.filtered(lambda p: p.crm_kind == "role")
        if len(roles) > 1:
            self._crm_check_roles_of_one_position(roles)

    @api.model
    def _crm_kind_label(self, partner):
        labels = dict(self.env["res.partner"]._fields["crm_kind"]._description_selection(self.env))
        return labels.get(partner.crm_kind) or self.env._("not classified")

    @api.model
    def _crm_check_person_with_own_role(self, partners):
        for role in partners.filtered(lambda p: p.crm_kind == "role"):
            if role.role_person_id in partners:
                raise UserError(
                    self.env._(
                        "%(role)s is a role of %(person)s, not a duplicate: a person and "
                        "its roles are kept apart. If %(person)s no longer holds this "
                        "position, end the role instead.",
                        role=role.display_name,
                        person=role.role_person_id.display_name,
                    )
                )

    @api.model
    def _crm_check_one_kind(self, partners, dst_partner):
        classified = partners.filtered("crm_kind")
        if not classified:
            return
        first = classified[0]
        other = next((p for p in classified[1:] if p.crm_kind != first.crm_kind), None)
        if other:
            raise UserError(
                self.env._(
                    "Only contacts of one kind can be merged: %(name)s is %(kind)s and "
                    "%(other)s is %(other_kind)s. Merge persons with persons, "
                    "organisations with organisations and roles with roles.",
                    name=first.display_name,
                    kind=self._crm_kind_label(first),
                    other=other.display_name,
                    other_kind=self._crm_kind_label(other),
                )
            )
        if not dst_partner.crm_kind:
            # The survivor would take the kind of a merged contact, and its parent or
            # roles would no longer fit: the classified contact must be the one kept.
            raise UserError(
                self.env._(
                    "%(dst)s is not classified and %(name)s is %(kind)s: keep %(name)s "
                    "(choose it as the destination contact) and merge %(dst)s into it.",
                    dst=dst_partner.display_name,
                    name=first.display_name,
                    kind=self._crm_kind_label(first),
                )
            )

    @api.model
    def _crm_check_roles_of_one_position(self, roles):
        first = roles[0]
        for role in roles[1:]:
            if role.role_person_id != first.role_person_id:
                raise UserError(
                    self.env._(
                        "Only roles of the same person at the same organisation can be "
                        "merged: %(role)s and %(other)s are roles of different persons. "
                        "Merge the roles of one person at one organisation only; if the "
                        "persons are one human, merge the persons first.",
                        role=first.display_name,
                        other=role.display_name,
                    )
                )
            if role.parent_id != first.parent_id:
                raise UserError(
                    self.env._(
                        "Only roles of the same person at the same organisation can be "
                        "merged: %(role)s and %(other)s are at different organisations. "
                        "Merge the roles of one person at one organisation only; a job "
                        "change is not a duplicate: end the old role instead.",
                        role=first.display_name,
                        other=role.display_name,
                    )
                )

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.sql import create_index

from odoo.addons.mail.tools.discuss import Store

from ..tools.context import MERGE_AUTHORISED_IDS
from .crm_duplicate_key_mixin import KEY_FIELDS


class ResPartner(models.Model):
    """Persons, organisations and roles are partners of a kind (crm_kind); each concern
    is a mixin of its own (roles, their checks, contact moments, mail addresses, the door
    check, purchase history, the person's profile, complaints and open offers, sensitive
    data, consents to mailings). Here: the kinds, and Odoo's methods they extend."""

    _name = "res.partner"
    _inherit = [
        "res.partner",
        "crm.role.mixin",
        "crm.role.check.mixin",
        "crm.contact.moment.mixin",
        "crm.mail.address.mixin",
        "crm.duplicate.key.mixin",
        "crm.likely.person.mixin",
        "crm.vcard.mixin",
        "crm.person.sensitive.mixin",
        "crm.purchase.history.mixin",
        "crm.person.profile.mixin",
        "crm.complaint.mixin",
        "crm.privacy.mixin",
        "crm.privacy.erasure.mixin",
        "crm.segment.mixin",
        "crm.rfm.mixin",
        "crm.privacy.consent.mixin",
    ]

    crm_kind = fields.Selection(
        [("person", "Person"), ("organisation", "Organisation"), ("role", "Role")],
        string="Kind",
        index=True,
        copy=True,
        help="Person: one human. Organisation: a company or institution. "
        "Role: a person's position at an organisation over time. "
        "Empty for addresses and contacts not yet classified.",
    )
    # Personal data (partner_contact_birthdate): internal users only; portal users read
    # their own partner.
    birthdate_date = fields.Date(groups="base.group_user")
    age = fields.Integer(groups="base.group_user")

    # ------------------------------------------------------------------
    # Create / write
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        context = self.env.context
        person_ids = {
            vals.get("role_person_id") or context.get("default_role_person_id")
            for vals in vals_list
        } - {False, None}
        persons = self.browse(person_ids).sudo()
        for vals in vals_list:
            kind = vals.get("crm_kind") or context.get("default_crm_kind")
            person_id = vals.get("role_person_id") or context.get("default_role_person_id")
            if person_id and not kind:
                kind = vals["crm_kind"] = "role"
            if kind in ("person", "role"):
                vals.setdefault("is_company", False)
            elif kind == "organisation":
                vals.setdefault("is_company", True)
            if kind == "role":
                # Checked before the insert: a role without a person has no name to store.
                self._check_role_create_vals(vals, person_id)
                self._check_role_dates_order(
                    vals.get("role_date_start"),
                    vals.get("role_date_end"),
                    persons.browse(person_id),
                    self.browse(vals.get("parent_id")).sudo(),
                )
                person = persons.browse(person_id)
                # Its person's name parts, which partner_firstname composes into its name.
                vals.update(self._crm_role_name_vals(person), name=person.name)
                vals.setdefault("type", "contact")
                if person.image_1920 and "image_1920" not in vals:
                    vals["image_1920"] = person.image_1920
        partners = super().create(vals_list)
        partners.filtered(lambda p: p.crm_kind in ("person", "role"))._crm_mark_duplicate_keys()
        if context.get("import_file"):
            # An import cannot ask: its new persons that may exist already go to review.
            partners.filtered(lambda p: p.crm_kind == "person")._crm_flag_likely_duplicates()
        return partners

    def write(self, vals):
        self._crm_check_legal_hold_write(vals)
        self._check_role_not_moved(vals)
        self._check_role_name_follows_person(vals)
        self._check_role_dates_vals(vals)
        if "crm_kind" in vals:
            vals = self._prepare_kind_change_vals(dict(vals))
        if vals.get("role_person_id") and "name" not in vals:
            # A contact linked to its person (made a role) takes the person's name.
            person = self.browse(vals["role_person_id"]).sudo()
            vals = dict(vals, **self._crm_role_name_vals(person))
        archived_persons = self.browse()
        restored_persons = self.browse()
        if "active" in vals:
            persons = self.filtered(lambda p: p.crm_kind == "person")
            if vals["active"]:
                restored_persons = persons.filtered(lambda p: not p.active)
            else:
                archived_persons = persons.filtered("active")
        if KEY_FIELDS.intersection(vals):
            self._crm_mark_duplicate_keys()
        result = super().write(vals)
        if KEY_FIELDS.intersection(vals):
            # A role moved to another person: both persons' keys change.
            self._crm_mark_duplicate_keys()
        persons = self.filtered(lambda p: p.crm_kind == "person")
        if persons and "name" in vals:
            # A typed name ("Vries, Jan de") is shown as composed from its parts.
            persons._crm_compose_typed_names()
        # A typed name reaches the roles as the parts partner_firstname's inverse writes
        # (through this write again): syncing on "name" too would do it twice.
        if persons and {"firstname", "lastname", "image_1920"} & set(vals):
            persons._sync_person_to_roles(vals)
        if archived_persons:
            archived_persons._archive_roles_with_person()
        if restored_persons:
            restored_persons._restore_roles_with_person()
        return result

    @api.model
    def _prepare_kind_change_vals(self, vals):
        """A person or role is never a company; an organisation always is."""
        if vals["crm_kind"] in ("person", "role"):
            vals.setdefault("is_company", False)
        elif vals["crm_kind"] == "organisation":
            vals.setdefault("is_company", True)
        return vals

    # ------------------------------------------------------------------
    # What each kind must be
    # ------------------------------------------------------------------

    @api.constrains("crm_kind", "parent_id", "is_company", "role_person_id")
    def _check_crm_kind_consistency(self):
        for partner in self:
            kind = partner.crm_kind
            if kind == "person":
                if partner.parent_id:
                    raise ValidationError(
                        self.env._(
                            "The person %(person)s cannot have a parent company. "
                            "Give them a role at %(organisation)s instead.",
                            person=partner.name,
                            organisation=partner.parent_id.display_name,
                        )
                    )
                if partner.is_company:
                    raise ValidationError(
                        self.env._(
                            "The person %(person)s cannot be a company: make it an "
                            "organisation instead, or leave 'Company' unset.",
                            person=partner.name,
                        )
                    )
            elif kind == "organisation" and not partner.is_company:
                raise ValidationError(
                    self.env._(
                        "The organisation %(organisation)s must be a company: set "
                        "'Company', or make it a person if it is one human.",
                        organisation=partner.name,
                    )
                )
            elif kind == "role":
                partner._check_role_links()
            if kind != "role" and partner.role_person_id:
                raise ValidationError(
                    self.env._(
                        "Only a role can be linked to a person: %(name)s is not a role. "
                        "Clear its person, or create a role instead.",
                        name=partner.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_relationship_manager(self):
        """Only sales managers (and administrators) delete persons, organisations and
        roles; other partners stay with the rights Odoo gives. A check here rather than
        a record rule on crm_kind, which Odoo's own tests showed unreliable."""
        user = self.env.user
        if self.env.su or user.has_group("sales_team.group_sale_manager") or user._is_admin():
            return
        if set(self.ids) <= MERGE_AUTHORISED_IDS.get():
            # Merged away by the merge wizard, which checked the user's rights itself.
            return
        classified = self.filtered("crm_kind")
        if classified:
            raise AccessError(
                self.env._(
                    "Only sales managers can delete persons, organisations and roles "
                    "(%(name)s). Archive it instead.",
                    name=classified[0].display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_history(self):
        """Persons, organisations and roles with history are archived, not deleted."""
        kinded = self.filtered(lambda p: p.crm_kind in ("person", "organisation", "role"))
        if not kinded:
            return
        holders = kinded.filtered(lambda p: p.crm_kind != "role")
        # The roles go with the check, not with the user's access: a hidden role still counts.
        roles = (
            self.sudo()
            .with_context(active_test=False)
            .search(self._roles_of_domain(holders), limit=1)
            if holders
            else self.browse()
        )
        if roles:
            holder = roles.role_person_id if roles.role_person_id in holders else roles.parent_id
            raise UserError(
                self.env._(
                    "%(name)s has roles (%(role)s) and cannot be deleted: archive it "
                    "instead, so its history is kept.",
                    name=holder.name,
                    role=roles.display_name,
                )
            )
        partner_ids = kinded.ids
        orders = (
            self.env["sale.order"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("partner_id", "in", partner_ids),
                    ("partner_invoice_id", "in", partner_ids),
                ],
                limit=1,
            )
        )
        invoices = (
            self.env["account.move"]
            .sudo()
            .search(
                [
                    ("move_type", "!=", "entry"),
                    "|",
                    ("partner_id", "in", partner_ids),
                    ("commercial_partner_id", "in", partner_ids),
                ],
                limit=1,
            )
        )
        if orders or invoices:
            if orders:
                document, partner = orders, kinded & (orders.partner_id | orders.partner_invoice_id)
            else:
                document = invoices
                partner = kinded & (invoices.partner_id | invoices.commercial_partner_id)
            raise UserError(
                self.env._(
                    "%(name)s has sales orders or invoices (%(document)s) and cannot be "
                    "deleted: archive it instead.",
                    name=partner[:1].display_name,
                    document=document.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Opening a partner opens the form of its kind
    # ------------------------------------------------------------------

    @api.model
    def _crm_kind_form_views(self):
        """{kind: XML id of its form}; other addons add their kinds."""
        return {
            "person": "crm_relationship_model.res_partner_person_view_form",
            "organisation": "crm_relationship_model.res_partner_organisation_view_form",
            "role": "crm_relationship_model.res_partner_role_view_form",
        }

    def _crm_kind_form_view(self):
        """The form view of this partner's kind, or None."""
        if len(self) != 1:
            return None
        xml_id = self._crm_kind_form_views().get(self.crm_kind)
        return self.env.ref(xml_id, raise_if_not_found=False) if xml_id else None

    def get_formview_id(self, access_uid=None):
        view = self._crm_kind_form_view()
        if view:
            return view.id
        return super().get_formview_id(access_uid=access_uid)

    def get_formview_action(self, access_uid=None):
        action = super().get_formview_action(access_uid=access_uid)
        if self._crm_kind_form_view():
            # The caller's context is for its own records: its defaults (a role list's
            # default_crm_kind) would make New on this form create the wrong kind, and an
            # order's show_address would print addresses in this form's names.
            context = {
                key: value
                for key, value in action.get("context", {}).items()
                if not key.startswith("default_") and key not in ("show_address", "show_vat")
            }
            context["default_crm_kind"] = self.crm_kind
            action["context"] = context
        return action

    # ------------------------------------------------------------------
    # Odoo's methods the concerns extend
    # ------------------------------------------------------------------

    def _build_vcard(self):
        vcard = super()._build_vcard()
        if vcard and self.crm_kind == "person":
            self._crm_vcard_of_person(vcard)
        return vcard

    def init(self):
        result = super().init()
        self._crm_create_door_check_indexes()
        self._crm_create_duplicate_key_table()
        # The lists of persons, organisations and households, in the partners' order: on
        # crm_kind alone PostgreSQL walked the name index and filtered out the other kinds.
        create_index(
            self.env.cr,
            "res_partner_crm_kind_complete_name_index",
            self._table,
            ["crm_kind", "complete_name", "id DESC"],
        )
        return result

    def _thread_to_store(self, store: Store, /, *, fields=None, request_list=None):
        super()._thread_to_store(store, fields=fields, request_list=request_list)
        if not request_list or "activities" not in request_list:
            return
        for partner in self:
            domain = partner._crm_activity_feed_domain()
            if domain is not None:
                activities = self.env["mail.activity"].search(domain)
                store.add(partner, {"activities": Store.many(activities)}, as_thread=True)

    def _compute_meeting(self):
        """A person's meetings are also those its roles attended."""
        persons = self.filtered(lambda p: p.id and p.crm_kind == "person")
        roles = self.browse(
            role_id for role_ids in self._crm_roles_by_person(persons.ids).values()
            for role_id in role_ids
        )  # fmt: skip
        if not roles:
            return super()._compute_meeting()
        meetings = super(ResPartner, self | roles)._compute_meeting()
        for role in roles:
            person_id = role.role_person_id.id
            meetings[person_id] = sorted(set(meetings[person_id]) | set(meetings[role.id]))
        return {partner_id: meetings[partner_id] for partner_id in self.ids}

    # ------------------------------------------------------------------

    def _crm_purchase_scope(self):
        """A person covers its private purchases and those of all its roles; an
        organisation (and any other commercial entity) its whole commercial history;
        any other partner, a role among them, its own documents."""
        ids = {partner: partner._origin.id or partner.id for partner in self}
        scope = {record_id: {record_id} for record_id in ids.values() if record_id}
        persons = [ids[p] for p in self if p.crm_kind == "person" and ids[p]]
        # A role is told by its kind alone: the roles a person's form lists with their
        # purchases have their kind read, not whether they are a company.
        entities = [
            ids[p]
            for p in self
            if ids[p] and p.crm_kind not in ("person", "role") and (p.is_company or not p.parent_id)
        ]
        Partner = self.with_context(active_test=False)
        for person_id, role_ids in self._crm_roles_by_person(persons).items():
            scope[person_id].update(role_ids)
        if entities:
            for partner in Partner.search_fetch(
                [("commercial_partner_id", "in", entities)], ["commercial_partner_id"]
            ):
                scope[partner.commercial_partner_id.id].add(partner.id)
        return scope

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError

EMPLOYMENT_STATUSES = [
    ("employed", "Employed"),
    ("self_employed", "Self-employed"),
    ("student", "Student"),
    ("retired", "Retired"),
    ("homemaker", "Homemaker"),
    ("seeking", "Looking for Work"),
    ("other", "Other"),
]
CONTACT_CHANNELS = [
    ("email", "Email"),
    ("phone", "Phone"),
    ("sms", "Text Message"),
    ("post", "Post"),
    ("visit", "Visit"),
    ("none", "No Contact"),
]
DAYPARTS = [
    ("morning", "Morning"),
    ("afternoon", "Afternoon"),
    ("evening", "Evening"),
    ("any", "Any Time"),
]
# The stored fields of a person's profile: only a person may have them.
PROFILE_FIELDS = (
    "crm_occupation",
    "crm_employment_status",
    "crm_education_level_id",
    "crm_income_band_id",
    "crm_interest_ids",
    "crm_preferred_channel",
    "crm_preferred_daypart",
    "crm_preferred_weekday_ids",
    "crm_stated_category_ids",
)


class CrmPersonProfileMixin(models.AbstractModel):
    """A person's profile: occupation, employment, education, income, interests and how
    and when they like to be contacted; and the clubs and associations they belong to,
    which are organisations flagged as such. Personal data, so internal users only
    (groups): portal users do not see it, not even on their own partner."""

    _name = "crm.person.profile.mixin"
    _description = "Person Profile"

    crm_occupation = fields.Char(
        "Occupation",
        groups="base.group_user",
        help="What the person does for a living, in their own words, also when it is "
        "not a role at an organisation here (e.g. nurse, freelance translator).",
    )
    crm_employment_status = fields.Selection(
        EMPLOYMENT_STATUSES, string="Employment Status", groups="base.group_user"
    )
    crm_education_level_id = fields.Many2one(
        "crm.education.level",
        string="Education Level",
        ondelete="restrict",
        groups="base.group_user",
        help="The highest education the person completed.",
    )
    crm_income_band_id = fields.Many2one(
        "crm.income.band",
        string="Income Band",
        ondelete="restrict",
        groups="base.group_user",
        help="The range of the person's gross yearly income, as they stated it.",
    )
    crm_interest_ids = fields.Many2many(
        "crm.interest",
        "res_partner_crm_interest_rel",
        "partner_id",
        "interest_id",
        string="Interests",
        groups="base.group_user",
    )
    crm_preferred_channel = fields.Selection(
        CONTACT_CHANNELS,
        string="Preferred Channel",
        groups="base.group_user",
        help="How the person prefers to be contacted; No Contact: they asked not to be approached.",
    )
    crm_preferred_daypart = fields.Selection(
        DAYPARTS, string="Preferred Time of Day", groups="base.group_user"
    )
    crm_preferred_weekday_ids = fields.Many2many(
        "crm.weekday",
        "res_partner_crm_weekday_rel",
        "partner_id",
        "weekday_id",
        string="Preferred Days",
        groups="base.group_user",
    )
    crm_stated_category_ids = fields.Many2many(
        "product.category",
        "res_partner_crm_stated_category_rel",
        "partner_id",
        "category_id",
        string="Stated Preferences",
        groups="base.group_user",
        help="The product categories the person says they prefer; the Preferred "
        "Categories beside them are computed from their purchases.",
    )
    crm_club_role_ids = fields.Many2many(
        "res.partner",
        string="Clubs and Associations",
        compute="_compute_crm_club_role_ids",
        groups="base.group_user",
        help="The person's current roles at organisations that are clubs or associations.",
    )
    # Organisation
    crm_is_association = fields.Boolean(
        "Club or Association",
        help="A club, society or association: its members are persons with a role here, "
        "listed on their profile.",
    )

    # ------------------------------------------------------------------
    # Clubs and associations
    # ------------------------------------------------------------------

    @api.depends(
        "crm_kind",
        "person_role_ids.role_state",
        "person_role_ids.parent_id.crm_is_association",
    )
    def _compute_crm_club_role_ids(self):
        persons = self.filtered(lambda p: p.crm_kind == "person" and p._origin.id)
        club_roles = defaultdict(list)
        if persons:
            roles = persons._crm_current_roles(
                ["role_person_id"], [("parent_id.crm_is_association", "=", True)]
            )
            for role in roles:
                club_roles[role.role_person_id.id].append(role.id)
        for partner in self:
            partner.crm_club_role_ids = club_roles[partner._origin.id]

    # ------------------------------------------------------------------
    # What each kind may have
    # ------------------------------------------------------------------

    @api.constrains("crm_kind", *PROFILE_FIELDS)
    def _check_crm_profile_on_person(self):
        # As superuser: the check holds whoever writes, also someone who cannot read it.
        for partner in self.sudo():
            if partner.crm_kind == "person":
                continue
            filled = [
                partner._fields[name]._description_string(self.env)
                for name in PROFILE_FIELDS
                if partner[name]
            ]
            if filled:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a person: only a person has a profile "
                        "(%(fields)s). Clear it, or give the profile to the person.",
                        partner=partner.display_name,
                        fields=", ".join(filled),
                    )
                )

    @api.constrains("crm_kind", "crm_is_association")
    def _check_crm_association_is_organisation(self):
        for partner in self:
            if partner.crm_is_association and partner.crm_kind != "organisation":
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not an organisation: only an organisation can be "
                        "a club or association.",
                        partner=partner.display_name,
                    )
                )

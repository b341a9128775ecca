# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models

from .crm_household_member import RELATION_RANK

# Context key: the household's proposed name and salutation are being written.
PROPOSAL_KEY = "crm_household_proposal"


class CrmHouseholdNameMixin(models.AbstractModel):
    """A household's name and joint salutation, proposed from its current members
    ("De Vries family", "Dear Jan and Anna de Vries") unless set by hand."""

    _name = "crm.household.name.mixin"
    _description = "Household Names and Salutations"

    household_name_custom = fields.Boolean(
        "Name Set by Hand",
        copy=False,
        help="Set when the name differs from the one proposed from the members' surnames; "
        "clear the name to get the proposal back.",
    )
    household_salutation = fields.Char(
        "Joint Salutation",
        help="How letters and mailings address the household, e.g. 'Dear Jan and Anna de "
        "Vries'. Proposed from the members; clear it to get the proposal back.",
    )
    household_salutation_custom = fields.Boolean("Salutation Set by Hand", copy=False)

    def _prepare_household_name_vals(self, vals):
        """A name or salutation typed by hand is kept; cleared, it is proposed again."""
        if self.env.context.get(PROPOSAL_KEY):
            return vals
        proposals = self._household_proposals()
        for field_name, flag in (
            ("name", "household_name_custom"),
            ("household_salutation", "household_salutation_custom"),
        ):
            if field_name not in vals:
                continue
            proposal = proposals.get(self.id, {}).get(field_name) if len(self) == 1 else False
            if not vals[field_name]:
                vals[field_name] = proposal or (
                    self.env._("New Household") if field_name == "name" else False
                )
                vals[flag] = False
            else:
                vals[flag] = vals[field_name] != proposal
        return vals

    def _household_surname(self, person):
        lastname = person.lastname or self._crm_split_name(person.name)[1] or ""
        return lastname.strip()

    @api.model
    def _household_capitalize(self, surname):
        """'de Vries' starts a name as 'De Vries' (Dutch: a particle is capitalised when
        no first name precedes it)."""
        return surname[:1].upper() + surname[1:]

    def _household_proposals(self):
        """{household id: {'name': ..., 'household_salutation': ...}} from its current
        members, in the household's language; one search for all households."""
        members = self._household_current_members()
        members.person_id.fetch(["name", "firstname", "lastname"])
        by_household = defaultdict(list)
        for member in members:
            by_household[member.household_id.id].append(member)
        proposals = {}
        for household in self:
            own = sorted(
                by_household.get(household.id, []),
                key=lambda m: (
                    RELATION_RANK[m.relation],
                    m.date_start or fields.Date.today(),
                    m.id,
                ),
            )
            env = household.with_context(lang=household.lang or self.env.lang).env
            name = self._household_propose_name(env, own)
            proposals[household.id] = {
                "name": name,
                "household_salutation": self._household_propose_salutation(
                    env, own, name or household.name
                ),
            }
        return proposals

    @api.model
    def _household_adults(self, members):
        adults = [m for m in members if m.relation in ("head", "partner")]
        return adults or members

    @api.model
    def _household_propose_name(self, env, members):
        surnames = []
        for member in self._household_adults(members):
            surname = self._household_surname(member.person_id)
            if surname and surname.lower() not in {s.lower() for s in surnames}:
                surnames.append(surname)
        if not surnames:
            return False
        if len(surnames) == 1:
            return env._("%(surname)s family", surname=self._household_capitalize(surnames[0]))
        # Mixed surnames: the first two adults', as in "De Vries-Bakker".
        return f"{self._household_capitalize(surnames[0])}-{surnames[1]}"

    @api.model
    def _household_propose_salutation(self, env, members, household_name):
        adults = self._household_adults(members)
        if not adults:
            return False
        persons = [member.person_id for member in adults]
        if len(persons) == 1:
            return env._("Dear %(name)s", name=persons[0].name)
        if len(persons) == 2:
            first, second = persons
            surname = self._household_surname(first)
            if (
                surname
                and surname.lower() == self._household_surname(second).lower()
                and first.firstname
                and second.firstname
            ):
                # "Jan and Anna" with their surname, in the configured name order.
                firstnames = env._(
                    "%(first)s and %(second)s", first=first.firstname, second=second.firstname
                )
                return env._("Dear %(name)s", name=self._crm_compose_name(firstnames, surname))
            return env._("Dear %(first)s and %(second)s", first=first.name, second=second.name)
        return env._("Dear %(household)s", household=household_name)

    def _update_household_proposals(self):
        """Propose the name and salutation again, where they were not set by hand."""
        households = self.filtered(lambda p: p.crm_kind == "household").sudo()
        if not households:
            return
        proposals = households._household_proposals()
        for household in households:
            proposal = proposals[household.id]
            vals = {}
            if not household.household_name_custom and proposal["name"]:
                if household.name != proposal["name"]:
                    vals["name"] = proposal["name"]
            if not household.household_salutation_custom:
                if household.household_salutation != proposal["household_salutation"]:
                    vals["household_salutation"] = proposal["household_salutation"]
            if vals:
                household.with_context(**{PROPOSAL_KEY: True}).write(vals)

    def action_propose_household_name(self):
        """Back to the proposed name and salutation."""
        self.write({"name": False, "household_salutation": False})
        return True

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.osv import expression


class CrmHouseholdContactMomentMixin(models.AbstractModel):
    """A household's chatter gathers its own moments and its members' private ones;
    its mailing list has one row per household."""

    _name = "crm.household.contact.moment.mixin"
    _description = "Household Contact Moments"

    def _household_message_domain(self):
        """Its own contact moments and its members' private ones: those of its current
        members, and those of its former members from while they lived there. Moments
        of the members' roles are on the roles, so they are left out. Mailings sent to
        the household are in too."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        moments = [("message_type", "in", ("comment", "email", "email_outgoing"))]
        branches = []
        # Mails and posts on other documents (leads, orders, complaints) written by or to
        # its members privately: the current ones', the former ones' from their time.
        elsewhere = []
        current_ids = []
        for member in self.household_member_ids:
            state = member._crm_link_state_on(today)
            if state == "current":
                current_ids.append(member.person_id.id)
            elif state == "past":
                # Up to the end of its last day there.
                until = member.date_end + relativedelta(days=1)
                period = [("date", "<", until)]
                if member.date_start:
                    period.append(("date", ">=", member.date_start))
                branches.append([("res_id", "=", member.person_id.id), *period])
                elsewhere.append(
                    expression.AND(
                        [self._crm_moments_by_or_to_domain([member.person_id.id]), period]
                    )
                )
        if current_ids:
            branches.append([("res_id", "in", current_ids)])
            elsewhere.append(self._crm_moments_by_or_to_domain(current_ids))
        # Mailings sent to the household (Email Marketing) are logged on its mailing row.
        mailings = [("model", "=", "crm.household.mailing.recipient"), ("res_id", "=", self.id)]
        others = [mailings]
        if branches:
            others.append(
                expression.AND([[("model", "=", "res.partner")], expression.OR(branches)])
            )
        others.extend(elsewhere)
        # Everything on the household itself (its tracking too), only moments of others.
        own = [("model", "=", "res.partner"), ("res_id", "=", self.id)]
        return expression.OR([own, expression.AND([moments, expression.OR(others)])])

    @api.readonly
    def action_open_household_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_household.mail_message_action_household"
        )
        action.update(
            display_name=self.env._("Contact Moments of %(household)s", household=self.name),
            domain=self._household_message_domain(),
        )
        return action

    @api.readonly
    def action_open_household_mailing(self):
        """The distinct current households of these persons, one row each, for an export
        or a mailing. Households and persons chosen directly count as themselves; members
        who opted out (blacklisted email, or without the consent mailings need) do not
        bring their household in."""
        persons = self.filtered(lambda p: p.crm_kind == "person" and not p.is_blacklisted)
        if persons:
            persons = persons.search(
                [("id", "in", persons.ids), *self._crm_mailing_consent_domain()]
            )
        household_ids = set(self.filtered(lambda p: p.crm_kind == "household").ids)
        if persons:
            members = self.env["crm.household.member"].search_fetch(
                [("person_id", "in", persons.ids), ("state", "=", "current")],
                ["household_id"],
            )
            household_ids.update(members.household_id.ids)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_household.crm_household_mailing_recipient_action"
        )
        action["domain"] = [("id", "in", sorted(household_ids))]
        return action

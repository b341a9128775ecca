# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools import dated_link


class CrmDatedLinkMixin(models.AbstractModel):
    """A link over time between a person and an organisation or household, with a start
    and an end date read by the one rule of tools/dated_link.py (the end date is the last
    day, inclusive). Roles on res.partner and household memberships share it."""

    _name = "crm.dated.link.mixin"
    _description = "Dated Link"

    # The date fields of the inheriting model.
    _crm_link_start_field = "date_start"
    _crm_link_end_field = "date_end"

    @api.model
    def _crm_link_scope_domain(self):
        """Which records of the model are dated links (all of them by default)."""
        return []

    def _crm_link_is_link(self):
        self.ensure_one()
        return True

    def _crm_link_state_on(self, day):
        """future, current or past on day; False for a record that is no link."""
        self.ensure_one()
        if not self._crm_link_is_link():
            return False
        return dated_link.state_on(
            self[self._crm_link_start_field], self[self._crm_link_end_field], day
        )

    def _crm_link_compute_state(self, field_name):
        today = fields.Date.context_today(self)
        for link in self:
            link[field_name] = link._crm_link_state_on(today)

    @api.model
    def _crm_link_state_domain(self, state, day):
        return expression.AND(
            [
                self._crm_link_scope_domain(),
                dated_link.state_domain(
                    state, day, self._crm_link_start_field, self._crm_link_end_field
                ),
            ]
        )

    @api.model
    def _crm_link_search_state(self, operator, value, label):
        """The domain of ("<state field>", operator, value); label names the field in
        the messages ("Role status")."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(
                self.env._("%(field)s can only be searched with =, !=, in or not in.", field=label)
            )
        states = [value] if isinstance(value, (str, bool)) else list(value)
        scoped = bool(self._crm_link_scope_domain())
        allowed = set(dated_link.STATES) | ({False} if scoped else set())
        unknown = set(states) - allowed
        if unknown:
            raise UserError(
                self.env._(
                    "Unknown %(field)s %(states)s: use future, current or past.",
                    field=label.lower(),
                    states=", ".join(map(str, unknown)),
                )
            )
        today = fields.Date.context_today(self)
        domain = expression.OR(
            [self._crm_link_state_domain(state, today) for state in states if state]
            or [expression.FALSE_DOMAIN]
        )
        if False in states:
            # Records that are no links have no status.
            domain = expression.OR([domain, ["!", *self._crm_link_scope_domain()]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _crm_link_held_on_domain(self, operator, value):
        """The links held on the date value ("Held On", "Lived There On")."""
        if operator != "=" or not value:
            raise UserError(self.env._("Search by the date a link was held with a single date."))
        return self._crm_link_state_domain(dated_link.CURRENT, fields.Date.to_date(value))

    def _crm_link_overlaps(self, other):
        """Whether this link and the other share a day."""
        self.ensure_one()
        start, end = self._crm_link_start_field, self._crm_link_end_field
        return dated_link.overlap(self[start], self[end], other[start], other[end])

    def _crm_link_first_overlap(self, candidates, holder):
        """{link: the first other candidate with the same holder(link) that shares a day
        with it}, for the links that have one. candidates: one recordset searched for the
        whole batch."""
        found = {}
        for link in self:
            for other in candidates:
                if (
                    other != link
                    and holder(other) == holder(link)
                    and link._crm_link_overlaps(other)
                ):
                    found[link] = other
                    break
        return found

    def _crm_link_end_on(self, day):
        """Make day the last day of these links, where they were not over before it."""
        end_field = self._crm_link_end_field
        for link in self:
            if link[end_field] and link[end_field] <= day:
                continue
            link[end_field] = dated_link.end_on(link[self._crm_link_start_field], day)
        return True

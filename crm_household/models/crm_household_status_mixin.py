# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

HOUSEHOLD_STATUSES = [
    ("prospect", "Prospect"),
    ("customer", "Customer"),
    ("former_customer", "Former Customer"),
]
# How long after its last confirmed order a household is still a customer (months).
DEFAULT_CUSTOMER_MONTHS = 24
CUSTOMER_MONTHS_PARAM = "crm_household.customer_months"
# Households whose status is written in one ORM write.
STATUS_WRITE_BATCH = 10_000


class CrmHouseholdStatusMixin(models.AbstractModel):
    """A household's customer status (prospect, customer, former customer), computed
    from its and its members' purchases by a scheduled action or on demand, or set by
    hand with a reason."""

    _name = "crm.household.status.mixin"
    _description = "Household Customer Status"

    household_status = fields.Selection(
        HOUSEHOLD_STATUSES,
        string="Customer Status",
        index=True,
        copy=False,
        help="Prospect: never bought. Customer: bought within the customer period. Former "
        "customer: bought before. Computed every night from the household's purchases "
        "unless set by hand.",
    )
    household_status_override = fields.Boolean(
        "Status Set by Hand",
        copy=False,
        tracking=True,
        help="Keep this status: the nightly computation leaves it alone.",
    )
    household_status_reason = fields.Char(
        "Reason for the Status",
        copy=False,
        tracking=True,
    )
    household_status_date = fields.Date("Status Since", copy=False, readonly=True)

    @api.constrains("household_status_override", "household_status_reason")
    def _check_household_status_reason(self):
        for household in self:
            if (
                household.household_status_override
                and not (household.household_status_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why the status of %(household)s is set by hand: fill in the "
                        "reason, or let the status be computed.",
                        household=household.name,
                    )
                )

    @api.model
    def _household_customer_months(self):
        value = self.env["ir.config_parameter"].sudo().get_param(CUSTOMER_MONTHS_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_CUSTOMER_MONTHS
        except ValueError:
            return DEFAULT_CUSTOMER_MONTHS

    @api.model
    def _household_last_purchases(self, household_ids=None, today=None):
        """{household id: date of its last confirmed order}, in one grouped query.

        A household's purchases are its own, its current members' private ones (not
        those of their roles) and its former members' from while they lived there.
        """
        today = today or fields.Date.context_today(self)
        self.env["sale.order"].flush_model(["partner_id", "state", "date_order"])
        self.env["crm.household.member"].flush_model()
        self.flush_model(["crm_kind"])
        restrict = SQL("")
        restrict_own = SQL("")
        if household_ids is not None:
            restrict = SQL("AND m.household_id = ANY(%s)", list(household_ids))
            restrict_own = SQL("AND o.partner_id = ANY(%s)", list(household_ids))
        rows = self.env.execute_query(
            SQL(
                """
                SELECT household_id, MAX(last_order)
                  FROM (
                    SELECT m.household_id, MAX(o.date_order) AS last_order
                      FROM crm_household_member m
                      JOIN sale_order o ON o.partner_id = m.person_id AND o.state = 'sale'
                     WHERE (m.date_start IS NULL OR m.date_start <= %(today)s)
                       AND (m.date_end IS NULL OR m.date_end >= %(today)s
                            OR (o.date_order < m.date_end + 1
                                AND (m.date_start IS NULL OR o.date_order >= m.date_start)))
                       %(restrict)s
                     GROUP BY m.household_id
                    UNION ALL
                    SELECT o.partner_id, MAX(o.date_order)
                      FROM sale_order o
                      JOIN res_partner h ON h.id = o.partner_id AND h.crm_kind = 'household'
                     WHERE o.state = 'sale' %(restrict_own)s
                     GROUP BY o.partner_id
                  ) AS purchases
                 GROUP BY household_id
                """,
                today=today,
                restrict=restrict,
                restrict_own=restrict_own,
            )
        )
        return {household_id: last.date() for household_id, last in rows}

    @api.model
    def _household_status_for(self, last_purchase, today, months):
        if not last_purchase:
            return "prospect"
        if last_purchase > today - relativedelta(months=months):
            return "customer"
        return "former_customer"

    def _recompute_household_status(self, today=None):
        """Recompute the status of these households (all households if called on an
        empty recordset by the scheduled action), leaving statuses set by hand alone.
        Only the households whose status changes are written."""
        today = today or fields.Date.context_today(self)
        months = self._household_customer_months()
        Partner = self.sudo().with_context(active_test=False, tracking_disable=True)
        ids = None if not self else self.filtered(lambda p: p.crm_kind == "household").ids
        if ids is not None and not ids:
            return {}
        last_purchases = self._household_last_purchases(ids, today)
        self.flush_model(["household_status", "household_status_override", "crm_kind"])
        rows = self.env.execute_query(
            SQL(
                """SELECT id, household_status FROM res_partner
                    WHERE crm_kind = 'household' AND household_status_override IS NOT TRUE
                    %s""",
                SQL("AND id = ANY(%s)", ids) if ids is not None else SQL(""),
            )
        )
        changes = defaultdict(list)
        for household_id, status in rows:
            target = self._household_status_for(last_purchases.get(household_id), today, months)
            if target != status:
                changes[target].append(household_id)
        for status, household_ids in changes.items():
            for start in range(0, len(household_ids), STATUS_WRITE_BATCH):
                Partner.browse(household_ids[start : start + STATUS_WRITE_BATCH]).write(
                    {"household_status": status, "household_status_date": today}
                )
                Partner.invalidate_model(["household_status", "household_status_date"])
        return {status: len(household_ids) for status, household_ids in changes.items()}

    @api.model
    def _cron_recompute_household_status(self):
        """The nightly action: queues a recomputation of every household, which a
        cron worker processes in committed batches (crm.household.status.run)."""
        self.env["crm.household.status.run"]._cron_queue_nightly_run()

    def action_recompute_household_status(self):
        households = self.filtered(lambda p: p.crm_kind == "household")
        # Whoever may edit the households may refresh their status; the figures come
        # from all orders, whatever the user may read, so the status is the same for all.
        households.check_access("write")
        households._recompute_household_status()
        return True

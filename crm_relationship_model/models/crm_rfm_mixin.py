# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools import rfm

RFM_KEY = "crm_rfm_refresh"
RFM_FIELDS = (
    "crm_rfm_recency", "crm_rfm_frequency", "crm_rfm_monetary", "crm_rfm_score",
    "crm_rfm_segment", "crm_rfm_order_count", "crm_rfm_last_order_date", "crm_rfm_amount",
    "crm_margin", "crm_margin_rate", "crm_serve_differently",
)  # fmt: skip
PARAM = "crm_relationship_model.rfm_%s"
DEFAULTS = {
    "window_months": "24",
    "boundaries": "quintiles",
    "recency_days": "30, 90, 180, 365",
    "frequency": "1, 2, 3, 5",
    "monetary": "100, 250, 500, 1000",
    "low_margin_rate": "10",
}
SCORE_HELP = "1 (lowest) to 5 (best), by the quintiles of this database or fixed boundaries."


class CrmRfmMixin(models.AbstractModel):
    """Recency, frequency and monetary value of a customer's confirmed sales over a
    window, scored 1 to 5, and the gross margin they bring (customer value).

    Stored on the partner, written only by the refresh (crm.rfm.run), which computes
    them for all customers at once with a few grouped queries over the partners each
    customer's purchase history covers (_crm_rfm_scope_queries)."""

    _name = "crm.rfm.mixin"
    _description = "RFM Scores and Customer Value"

    crm_rfm_recency = fields.Integer(
        "Recency", readonly=True, copy=False, aggregator="avg", help=SCORE_HELP,
        groups="sales_team.group_sale_salesman",
    )  # fmt: skip
    crm_rfm_frequency = fields.Integer(
        "Frequency", readonly=True, copy=False, aggregator="avg", help=SCORE_HELP,
        groups="sales_team.group_sale_salesman",
    )  # fmt: skip
    crm_rfm_monetary = fields.Integer(
        "Monetary", readonly=True, copy=False, aggregator="avg", help=SCORE_HELP,
        groups="sales_team.group_sale_salesman",
    )  # fmt: skip
    crm_rfm_score = fields.Char(
        "RFM Score", readonly=True, copy=False, groups="sales_team.group_sale_salesman",
        help="Recency, frequency and monetary scores side by side, e.g. 545.",
    )  # fmt: skip
    crm_rfm_segment = fields.Selection(
        rfm.RFM_SEGMENTS, "RFM Segment", readonly=True, copy=False, index="btree_not_null",
        groups="sales_team.group_sale_salesman",
        help="Where recency and frequency with monetary value place the customer. Empty: "
        "no confirmed sale in the window.",
    )  # fmt: skip
    crm_rfm_order_count = fields.Integer(
        "Orders in Window", readonly=True, copy=False, groups="sales_team.group_sale_salesman"
    )
    crm_rfm_last_order_date = fields.Date(
        "Last Order in Window", readonly=True, copy=False,
        groups="sales_team.group_sale_salesman",
    )  # fmt: skip
    crm_value_currency_id = fields.Many2one(
        "res.currency", "Value Currency", compute="_compute_crm_value_currency_id"
    )
    crm_rfm_amount = fields.Monetary(
        "Sales in Window", readonly=True, copy=False, currency_field="crm_value_currency_id",
        groups="sales_team.group_sale_salesman",
        help="Confirmed sales less credit notes, untaxed, in company currency.",
    )  # fmt: skip
    crm_margin = fields.Monetary(
        "Margin", readonly=True, copy=False, currency_field="crm_value_currency_id",
        groups="sales_team.group_sale_salesman",
        help="Gross margin of the confirmed sales in the window (sale price less the "
        "order lines' cost), less credit notes, in company currency.",
    )  # fmt: skip
    crm_margin_rate = fields.Float(
        "Margin (%)", readonly=True, copy=False, aggregator="avg",
        groups="sales_team.group_sale_salesman",
    )  # fmt: skip
    crm_serve_differently = fields.Boolean(
        "Serve Differently", readonly=True, copy=False,
        groups="sales_team.group_sale_salesman",
        help="The margin is negative or below the low margin rate of the settings.",
    )  # fmt: skip

    def _compute_crm_value_currency_id(self):
        self.crm_value_currency_id = self.env.company.currency_id

    # ------------------------------------------------------------------
    # Scores are the refresh's only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(RFM_KEY):
            for vals in vals_list:
                self._crm_check_rfm_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(RFM_KEY):
            self._crm_check_rfm_write(vals)
        return super().write(vals)

    def _crm_check_rfm_write(self, vals):
        written = [name for name in RFM_FIELDS if name in vals]
        if written:
            raise UserError(
                self.env._(
                    "%(field)s is computed by the RFM refresh and cannot be written.",
                    field=self._fields[written[0]].string,
                )
            )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    @api.model
    def _crm_rfm_settings(self):
        """The refresh's settings, checked: a UserError says what is wrong."""
        get = self.env["ir.config_parameter"].sudo().get_param
        raw = {key: get(PARAM % key) or default for key, default in DEFAULTS.items()}
        try:
            months = int(raw["window_months"])
        except ValueError:
            months = 0
        if months <= 0:
            raise UserError(
                self.env._(
                    "The RFM window must be a positive number of months, not %(value)s.",
                    value=raw["window_months"],
                )
            )
        settings = {"window_months": months, "boundaries": raw["boundaries"]}
        for key in ("recency_days", "frequency", "monetary"):
            try:
                settings[key] = rfm.parse_bounds(raw[key])
            except ValueError:
                raise UserError(
                    self.env._(
                        "The fixed RFM boundaries %(value)s are not four ascending numbers.",
                        value=raw[key],
                    )
                ) from None
        try:
            settings["low_margin_rate"] = float(raw["low_margin_rate"])
        except ValueError:
            settings["low_margin_rate"] = float(DEFAULTS["low_margin_rate"])
        return settings

    @api.model
    def _crm_rfm_kinds(self):
        """The kinds scored, each against the others of its kind."""
        return ["person", "organisation"]

    # ------------------------------------------------------------------
    # The queries
    # ------------------------------------------------------------------

    @api.model
    def _crm_rfm_scope_queries(self, lo, hi, today):
        """SELECTs of (customer id, partner id): whose documents count for whom, as the
        purchase history (_crm_purchase_scope) counts them, for the customers with an id
        from lo to hi (all when lo is None)."""

        def within(column):
            return SQL("") if lo is None else SQL("AND %s BETWEEN %s AND %s", column, lo, hi)

        return [
            # A person: its private purchases...
            SQL(
                "SELECT p.id, p.id FROM res_partner p WHERE p.crm_kind = 'person' %s",
                within(SQL("p.id")),
            ),
            # ...and those of all its roles, current and past.
            SQL(
                """SELECT r.role_person_id, r.id FROM res_partner r
                    WHERE r.crm_kind = 'role' AND r.role_person_id IS NOT NULL %s""",
                within(SQL("r.role_person_id")),
            ),
            # An organisation: its commercial history.
            SQL(
                """SELECT c.commercial_partner_id, c.id FROM res_partner c
                     JOIN res_partner o ON o.id = c.commercial_partner_id
                    WHERE o.crm_kind = 'organisation' %s""",
                within(SQL("c.commercial_partner_id")),
            ),
        ]

    @api.model
    def _crm_rfm_figures_sql(self, settings, today):
        """(customer id, orders, last order, amount, margin) of each customer with a
        confirmed sale in the window, in company currency: the sales and credit notes
        grouped per partner in one pass each, then per customer over its scope."""
        start = today - relativedelta(months=settings["window_months"])
        companies = self.env["res.company"].sudo().search([])
        currency_table = self.env["res.currency"]._get_simple_currency_table(companies)
        scope = SQL(" UNION ALL ").join(self._crm_rfm_scope_queries(None, None, today))
        return SQL(
            """
            WITH per_partner AS (
                SELECT partner_id, SUM(orders) AS orders, MAX(last_order) AS last_order,
                       SUM(amount) AS amount, SUM(margin) AS margin
                  FROM (
                    SELECT o.partner_id, COUNT(*) AS orders, MAX(o.date_order) AS last_order,
                           SUM(o.amount_untaxed / COALESCE(NULLIF(o.currency_rate, 0), 1)
                               * COALESCE(NULLIF(account_currency_table.rate, 0), 1)) AS amount,
                           SUM(COALESCE(o.margin, 0) / COALESCE(NULLIF(o.currency_rate, 0), 1)
                               * COALESCE(NULLIF(account_currency_table.rate, 0), 1)) AS margin
                      FROM sale_order o
                      JOIN %(currency_table)s
                        ON account_currency_table.company_id = o.company_id
                     WHERE o.state = 'sale' AND o.date_order >= %(start)s
                     GROUP BY o.partner_id
                    UNION ALL
                    -- Credit notes: signed amounts, negative; money given back.
                    SELECT m.partner_id, 0, NULL,
                           SUM(m.amount_untaxed_signed
                               * COALESCE(NULLIF(account_currency_table.rate, 0), 1)),
                           SUM(m.amount_untaxed_signed
                               * COALESCE(NULLIF(account_currency_table.rate, 0), 1))
                      FROM account_move m
                      JOIN %(currency_table)s
                        ON account_currency_table.company_id = m.company_id
                     WHERE m.move_type = 'out_refund' AND m.state = 'posted'
                       AND m.invoice_date >= %(start)s
                     GROUP BY m.partner_id
                  ) AS documents
                 GROUP BY partner_id
            ),
            scope(holder_id, partner_id) AS (%(scope)s)
            SELECT s.holder_id, SUM(f.orders) AS orders, MAX(f.last_order)::date AS last_date,
                   SUM(f.amount) AS amount, SUM(f.margin) AS margin
              FROM scope s
              JOIN per_partner f ON f.partner_id = s.partner_id
             GROUP BY s.holder_id
            HAVING SUM(f.orders) > 0
            """,
            scope=scope,
            currency_table=currency_table,
            start=start,
        )

    @api.model
    def _crm_rfm_no_jit(self):
        """The grouped queries are wide: PostgreSQL's JIT would spend longer compiling
        them than running them, so it is off for the transaction; they group a million
        rows, so they get the memory to do it without spilling to disk; and parallel
        workers would each build the same per-partner hash again."""
        self.env.cr.execute("SET LOCAL jit = off")
        self.env.cr.execute("SET LOCAL work_mem = '256MB'")
        self.env.cr.execute("SET LOCAL max_parallel_workers_per_gather = 0")

    @api.model
    def _crm_rfm_collect(self, run_id, settings, today):
        """Compute every customer's figures at once into the run's work table
        (crm.rfm.figure); returns how many customers bought in the window."""
        self.env.flush_all()
        self._crm_rfm_no_jit()
        cr = self.env.cr
        cr.execute(SQL("DELETE FROM crm_rfm_figure WHERE run_id = %s", run_id))
        cr.execute(
            SQL(
                """INSERT INTO crm_rfm_figure
                          (run_id, holder_id, kind, orders, last_date, amount, margin)
                   SELECT %(run)s, f.holder_id, p.crm_kind, f.orders, f.last_date,
                          f.amount, f.margin
                     FROM (%(figures)s) f
                     JOIN res_partner p ON p.id = f.holder_id
                    WHERE p.crm_kind = ANY(%(kinds)s)""",
                run=run_id,
                figures=self._crm_rfm_figures_sql(settings, today),
                kinds=self._crm_rfm_kinds(),
            )
        )
        count = cr.rowcount
        cr.execute("ANALYZE crm_rfm_figure")
        return count

    @api.model
    def _crm_rfm_boundaries(self, run_id, settings, today):
        """{kind: [recency days, frequency, monetary] boundaries}: the quintiles of the
        customers of each kind, or the fixed ones of the settings."""
        kinds = self._crm_rfm_kinds()
        if settings["boundaries"] == "fixed":
            fixed = [settings["recency_days"], settings["frequency"], settings["monetary"]]
            return dict.fromkeys(kinds, fixed)
        self._crm_rfm_no_jit()
        rows = self.env.execute_query(
            SQL(
                """SELECT kind,
                          percentile_disc(%(q)s::float8[]) WITHIN GROUP
                              (ORDER BY %(today)s::date - last_date),
                          percentile_disc(%(q)s::float8[]) WITHIN GROUP (ORDER BY orders),
                          percentile_disc(%(q)s::float8[]) WITHIN GROUP (ORDER BY amount)
                     FROM crm_rfm_figure
                    WHERE run_id = %(run)s
                    GROUP BY kind""",
                q=list(rfm.QUINTILES),
                today=today,
                run=run_id,
            )
        )
        return {
            kind: [[float(v) for v in r], [float(v) for v in f], [float(v) for v in m]]
            for kind, r, f, m in rows
        }

    @api.model
    def _crm_rfm_score_batch(self, run_id, after_id, limit, boundaries, settings, today):
        """Score the next `limit` customers after after_id from the run's figures;
        returns (count, last id). Only the rows whose figures change are written."""
        kinds = self._crm_rfm_kinds()
        self.env.flush_all()
        self._crm_rfm_no_jit()
        rows = self.env.execute_query(
            SQL(
                """SELECT MAX(id), COUNT(*) FROM (
                       SELECT id FROM res_partner WHERE crm_kind = ANY(%s) AND id > %s
                        ORDER BY id LIMIT %s) AS batch""",
                kinds,
                after_id,
                limit,
            )
        )
        hi, count = rows[0]
        if not count:
            return 0, after_id
        bounds = [
            SQL("(%s, %s::float8[], %s::float8[], %s::float8[])", kind, *values)
            for kind, values in boundaries.items()
        ] or [SQL("(NULL, NULL::float8[], NULL::float8[], NULL::float8[])")]
        r = rfm.score_recency_sql(SQL("f.days"), SQL("b.rb"))
        fr = rfm.score_up_sql(SQL("f.orders"), SQL("b.fb"))
        m = rfm.score_up_sql(SQL("f.amount"), SQL("b.mb"))
        self.env.cr.execute(
            SQL(
                """
                WITH bounds(kind, rb, fb, mb) AS (VALUES %(bounds)s),
                scored AS (
                    SELECT f.holder_id, f.orders, f.last_date, f.amount, f.margin,
                           %(r)s AS r, %(f)s AS f, %(m)s AS m
                      FROM (SELECT *, %(today)s::date - last_date AS days
                              FROM crm_rfm_figure
                             WHERE run_id = %(run)s AND holder_id > %(lo)s
                               AND holder_id <= %(hi)s) f
                      JOIN bounds b ON b.kind = f.kind
                ),
                target AS (
                    SELECT p.id, s.r, s.f, s.m,
                           s.r::text || s.f::text || s.m::text AS score,
                           CASE WHEN s.r IS NOT NULL THEN %(segment)s END AS segment,
                           s.orders::int AS orders, s.last_date,
                           ROUND(s.amount::numeric, 2) AS amount,
                           ROUND(s.margin::numeric, 2) AS margin,
                           CASE WHEN s.amount > 0
                                THEN ROUND((100.0 * s.margin / s.amount)::numeric, 2) END AS rate
                      FROM res_partner p
                      LEFT JOIN scored s ON s.holder_id = p.id
                     WHERE p.crm_kind = ANY(%(kinds)s) AND p.id > %(lo)s AND p.id <= %(hi)s
                )
                UPDATE res_partner p
                   SET crm_rfm_recency = t.r, crm_rfm_frequency = t.f, crm_rfm_monetary = t.m,
                       crm_rfm_score = t.score, crm_rfm_segment = t.segment,
                       crm_rfm_order_count = t.orders, crm_rfm_last_order_date = t.last_date,
                       crm_rfm_amount = t.amount, crm_margin = t.margin,
                       crm_margin_rate = t.rate,
                       crm_serve_differently = COALESCE(t.margin < 0 OR t.rate < %(low)s, FALSE)
                  FROM target t
                 WHERE p.id = t.id
                   AND (p.crm_rfm_score, p.crm_rfm_segment, p.crm_rfm_order_count,
                        p.crm_rfm_last_order_date, p.crm_rfm_amount, p.crm_margin,
                        p.crm_serve_differently)
                       IS DISTINCT FROM
                       (t.score, t.segment, t.orders, t.last_date, t.amount, t.margin,
                        COALESCE(t.margin < 0 OR t.rate < %(low)s, FALSE))
                """,
                bounds=SQL(", ").join(bounds),
                r=r,
                f=fr,
                m=m,
                segment=rfm.segment_sql(SQL("s.r"), SQL("s.f"), SQL("s.m")),
                today=today,
                run=run_id,
                kinds=kinds,
                lo=after_id,
                hi=hi,
                low=settings["low_margin_rate"],
            )
        )
        self.invalidate_model(list(RFM_FIELDS))
        return count, hi

    # ------------------------------------------------------------------
    # Refresh now (RPC, on demand)
    # ------------------------------------------------------------------

    @api.model
    def crm_refresh_rfm(self):
        """Bring every RFM score, the customer values and the rule segments up to date
        now, in this transaction (what the scheduled job does in committed batches).
        Returns what was done: {"scored": customers, "segments": rule segments}."""
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise AccessError(self.env._("Only sales managers refresh the RFM scores."))
        self._crm_rfm_settings()  # a wrong setting is refused before anything starts
        run = self.env["crm.rfm.run"].sudo().create({})._crm_job_run_now()
        if run.job_state == "failed":
            raise UserError(run.job_error)
        return {"scored": run.scored_count, "segments": run.segment_count}

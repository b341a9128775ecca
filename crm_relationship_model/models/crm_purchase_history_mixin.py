# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

# How many product categories count as "preferred", and how many orders the tab shows.
TOP_CATEGORY_COUNT = 3
RECENT_ORDER_COUNT = 10


class CrmPurchaseHistoryMixin(models.AbstractModel):
    """Purchase history read from the ERP's sales orders and customer invoices.

    Nothing is stored: each figure is computed for a whole batch of records with a
    fixed number of grouped queries, over the partners a record's history covers
    (see _crm_purchase_scope). Amounts are in the company currency, as Odoo's own
    reporting models (sale.report, account.move signed amounts) convert them.
    """

    _name = "crm.purchase.history.mixin"
    _description = "Purchase History"

    # The figures a list shows (and the form's order counts) come from one query on the
    # orders; the preferred categories and invoices, which only the form shows, from
    # their own: a list of many customers does not pay for what it does not show.
    crm_purchase_currency_id = fields.Many2one(
        "res.currency", string="Purchase Currency", compute="_compute_crm_purchase_currency_id"
    )
    crm_purchase_total = fields.Monetary(
        "Purchases",
        currency_field="crm_purchase_currency_id",
        compute="_compute_crm_purchase_figures",
        help="Confirmed sales (untaxed, in company currency) over all that this "
        "record's history covers.",
    )
    crm_last_purchase_date = fields.Date(
        "Last Purchase",
        compute="_compute_crm_purchase_figures",
        help="Date of the most recent confirmed sales order.",
    )
    crm_order_count = fields.Integer("Confirmed Orders", compute="_compute_crm_purchase_figures")
    crm_quotation_count = fields.Integer("Open Quotations", compute="_compute_crm_purchase_figures")
    crm_invoiced_amount = fields.Monetary(
        "Invoiced",
        currency_field="crm_purchase_currency_id",
        compute="_compute_crm_purchase_details",
        help="Posted customer invoices less credit notes (untaxed, in company currency).",
    )
    crm_credited_amount = fields.Monetary(
        "Credited",
        currency_field="crm_purchase_currency_id",
        compute="_compute_crm_purchase_details",
        help="Posted credit notes (untaxed, in company currency).",
    )
    crm_top_category_ids = fields.Many2many(
        "product.category",
        string="Preferred Categories",
        compute="_compute_crm_purchase_details",
        help="The product categories this customer bought most, by amount.",
    )
    crm_recent_order_ids = fields.Many2many(
        "sale.order",
        string="Recent Orders",
        compute="_compute_crm_recent_order_ids",
    )

    def _crm_purchase_scope(self):
        """Map each record id to the ids of the partners whose documents it covers."""
        raise NotImplementedError()

    def _crm_holders_of(self):
        """Map each covered partner id to the ids of the records of self covering it."""
        holders_of = defaultdict(list)
        for record_id, partner_ids in self._crm_purchase_scope().items():
            for partner_id in partner_ids:
                holders_of[partner_id].append(record_id)
        return holders_of

    @api.depends_context("company")
    def _compute_crm_purchase_currency_id(self):
        # Its own compute: the invoiced amounts are shown in it without the orders'
        # figures. One assignment for the whole batch: each one costs a currency look-up.
        self.crm_purchase_currency_id = self.env.company.currency_id

    @api.depends_context("company", "allowed_company_ids")
    def _compute_crm_purchase_figures(self):
        holders_of = self._crm_holders_of()
        figures = defaultdict(lambda: defaultdict(float))
        if holders_of:
            self._crm_read_orders(list(holders_of), holders_of, figures)
        for record in self:
            values = figures[record._origin.id or record.id]
            record.crm_purchase_total = values["total"]
            record.crm_last_purchase_date = values.get("last_date") or False
            record.crm_order_count = int(values["orders"])
            record.crm_quotation_count = int(values["quotations"])

    @api.depends_context("company", "allowed_company_ids")
    def _compute_crm_purchase_details(self):
        holders_of = self._crm_holders_of()
        figures = defaultdict(lambda: defaultdict(float))
        categories = defaultdict(lambda: defaultdict(float))
        if holders_of:
            partner_ids = list(holders_of)
            self._crm_read_categories(partner_ids, holders_of, categories)
            self._crm_read_invoices(partner_ids, holders_of, figures)
        for record in self:
            record_id = record._origin.id or record.id
            values = figures[record_id]
            top = sorted(categories[record_id].items(), key=lambda item: (-item[1], item[0]))
            record.crm_top_category_ids = [
                category_id for category_id, amount in top[:TOP_CATEGORY_COUNT] if amount > 0
            ]
            record.crm_invoiced_amount = values["invoiced"]
            record.crm_credited_amount = values["credited"]

    def _crm_sales_amount(self):
        """The SQL of a confirmed order's line amount in company currency (with the
        currency table joined as account_currency_table): sale.report's conversion, the
        order's own rate, then the company currency table, so that these totals equal
        what its analysis views show."""
        return SQL(
            """line.price_subtotal / COALESCE(NULLIF(sale_order.currency_rate, 0), 1)
               * COALESCE(NULLIF(account_currency_table.rate, 0), 1)"""
        )

    def _crm_read_orders(self, partner_ids, holders_of, figures):
        """Per partner, in one query on its orders and their lines: confirmed sales in
        company currency, the order and quotation counts, the last purchase date. The
        user's record rules apply through the orders' own query; without access to
        order lines, the totals stay 0 and the counts are read all the same."""
        Order = self.env["sale.order"]
        if not Order.has_access("read"):
            return
        Line = self.env["sale.order.line"]
        read_lines = Line.has_access("read")
        Order.flush_model(["company_id", "currency_rate", "date_order"])
        Line.flush_model(["order_id", "price_subtotal", "display_type"])
        orders = Order._search([("partner_id", "in", partner_ids), ("state", "!=", "cancel")])
        amounts = SQL("NULL::numeric")
        if read_lines:
            # Lines summed per order first: the counts are of orders, not of lines.
            amounts = SQL(
                """(SELECT SUM(%s) FROM sale_order_line line
                     WHERE line.order_id = sale_order.id AND line.display_type IS NULL)""",
                self._crm_sales_amount(),
            )
        currency_table = self.env["res.currency"]._get_simple_currency_table(self.env.companies)
        # execute_query flushes the fields the domain's SQL reads.
        rows = self.env.execute_query(
            SQL(
                """SELECT sale_order.partner_id,
                          SUM(%(amounts)s) FILTER (WHERE sale_order.state = 'sale'),
                          COUNT(*) FILTER (WHERE sale_order.state = 'sale'),
                          COUNT(*) FILTER (WHERE sale_order.state != 'sale'),
                          MAX(sale_order.date_order) FILTER (WHERE sale_order.state = 'sale')
                     FROM %(orders)s
                     JOIN %(currency_table)s
                       ON account_currency_table.company_id = sale_order.company_id
                    WHERE %(where)s
                 GROUP BY sale_order.partner_id""",
                amounts=amounts,
                orders=orders.from_clause,
                currency_table=currency_table,
                where=orders.where_clause or SQL("TRUE"),
            )
        )
        for partner_id, amount, order_count, quotation_count, last_date in rows:
            day = fields.Date.to_date(last_date) if last_date else None
            for holder_id in holders_of[partner_id]:
                values = figures[holder_id]
                values["total"] += float(amount or 0.0)
                values["orders"] += order_count
                values["quotations"] += quotation_count
                if day and (not values.get("last_date") or day > values["last_date"]):
                    values["last_date"] = day

    def _crm_read_categories(self, partner_ids, holders_of, categories):
        """Confirmed sales per partner and product category, in company currency."""
        Order = self.env["sale.order"]
        if not (Order.has_access("read") and self.env["sale.order.line"].has_access("read")):
            return
        Order.flush_model(["company_id", "currency_rate"])
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "price_subtotal", "display_type"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["categ_id"])
        # Record rules of the user apply through the orders' own query.
        orders = Order._search([("partner_id", "in", partner_ids), ("state", "=", "sale")])
        currency_table = self.env["res.currency"]._get_simple_currency_table(self.env.companies)
        rows = self.env.execute_query(
            SQL(
                """SELECT sale_order.partner_id, template.categ_id, SUM(%(amount)s)
                     FROM %(orders)s
                     JOIN sale_order_line line ON line.order_id = sale_order.id
                     JOIN %(currency_table)s
                       ON account_currency_table.company_id = sale_order.company_id
                     JOIN product_product product ON product.id = line.product_id
                     JOIN product_template template ON template.id = product.product_tmpl_id
                    WHERE %(where)s AND line.display_type IS NULL
                      AND template.categ_id IS NOT NULL
                 GROUP BY sale_order.partner_id, template.categ_id""",
                amount=self._crm_sales_amount(),
                orders=orders.from_clause,
                currency_table=currency_table,
                where=orders.where_clause or SQL("TRUE"),
            )
        )
        for partner_id, category_id, amount in rows:
            for holder_id in holders_of[partner_id]:
                categories[holder_id][category_id] += amount or 0.0

    def _compute_crm_recent_order_ids(self):
        """The latest orders of each record, in one query for the whole batch."""
        scope = self._crm_purchase_scope()
        Order = self.env["sale.order"]
        partner_ids = {pid for pids in scope.values() for pid in pids}
        latest = defaultdict(list)
        if partner_ids and Order.has_access("read"):
            query = Order._search(
                [("partner_id", "in", list(partner_ids)), ("state", "!=", "cancel")]
            )
            # The latest few per partner; a record's latest are among its partners' latest.
            rows = self.env.execute_query(
                SQL(
                    """SELECT id, partner_id, date_order FROM (
                        SELECT sale_order.id, sale_order.partner_id, sale_order.date_order,
                               row_number() OVER (PARTITION BY sale_order.partner_id
                                   ORDER BY sale_order.date_order DESC, sale_order.id DESC) AS rank
                          FROM %s WHERE %s) AS ranked
                      WHERE rank <= %s""",
                    query.from_clause,
                    query.where_clause or SQL("TRUE"),
                    RECENT_ORDER_COUNT,
                )
            )
            for order_id, partner_id, date_order in rows:
                latest[partner_id].append((date_order, order_id))
        for record in self:
            orders = [
                order
                for partner_id in scope.get(record._origin.id or record.id, ())
                for order in latest[partner_id]
            ]
            orders.sort(reverse=True)
            record.crm_recent_order_ids = [order_id for __, order_id in orders[:RECENT_ORDER_COUNT]]

    def _crm_read_invoices(self, partner_ids, holders_of, figures):
        """Posted customer invoices and credit notes, untaxed, in company currency."""
        Move = self.env["account.move"]
        if not Move.has_access("read"):
            return
        groups = Move._read_group(
            [
                ("partner_id", "in", partner_ids),
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            ["partner_id", "move_type"],
            ["amount_untaxed_signed:sum"],
        )
        # Signed amounts: credit notes are negative, so they reduce what was invoiced.
        for partner, move_type, amount in groups:
            for holder_id in holders_of[partner.id]:
                figures[holder_id]["invoiced"] += amount
                if move_type == "out_refund":
                    figures[holder_id]["credited"] -= amount

    # ------------------------------------------------------------------
    # The Purchase History tab's details, read when the tab is opened
    # ------------------------------------------------------------------

    @api.readonly
    def crm_purchase_details_data(self):
        """What the Purchase History tab shows below the sales figures, for the web
        client's crm_purchase_details widget: invoicing, the preferred categories and
        the recent orders. Read when the tab is opened, not with the form: opening a
        customer does not pay for a tab most visits do not open. Same rights as the
        fields it reads (the user's record rules on orders and invoices)."""
        self.ensure_one()
        self.check_access("read")
        orders = self.crm_recent_order_ids
        state_labels = dict(orders._fields["state"]._description_selection(self.env))
        return {
            "currency_id": self.crm_purchase_currency_id.id,
            "invoiced": self.crm_invoiced_amount,
            "credited": self.crm_credited_amount,
            "categories": [
                {"id": category.id, "name": category.display_name}
                for category in self.crm_top_category_ids
            ],
            "orders": [
                {
                    "id": order.id,
                    "name": order.name,
                    "date_order": fields.Datetime.to_string(order.date_order),
                    "partner": order.partner_id.display_name,
                    "amount_untaxed": order.amount_untaxed,
                    "currency_id": order.currency_id.id,
                    "state": order.state,
                    "state_label": state_labels.get(order.state, order.state),
                }
                for order in orders
            ],
        }

    # ------------------------------------------------------------------
    # Actions: the documents themselves, where the ERP keeps them
    # ------------------------------------------------------------------

    def _crm_purchase_partner_ids(self):
        self.ensure_one()
        return sorted(self._crm_purchase_scope().get(self.id, ()))

    @api.readonly
    def action_crm_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action.update(
            display_name=self.env._("Orders of %(name)s", name=self.display_name),
            domain=[("partner_id", "in", self._crm_purchase_partner_ids())],
            context={"group_by": ["partner_id"], "create": False},
        )
        return action

    @api.readonly
    def action_crm_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action.update(
            display_name=self.env._("Invoices of %(name)s", name=self.display_name),
            domain=[
                ("partner_id", "in", self._crm_purchase_partner_ids()),
                ("move_type", "in", ("out_invoice", "out_refund")),
            ],
            context={"group_by": ["partner_id"], "create": False},
        )
        return action

    @api.readonly
    def action_crm_sales_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.sale_report_action_crm_purchase_history"
        )
        action.update(
            display_name=self.env._("Sales Analysis of %(name)s", name=self.display_name),
            domain=[("partner_id", "in", self._crm_purchase_partner_ids())],
        )
        return action

    @api.readonly
    def action_crm_invoice_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_relationship_model.account_invoice_report_action_crm_purchase_history"
        )
        action.update(
            display_name=self.env._("Invoice Analysis of %(name)s", name=self.display_name),
            domain=[("partner_id", "in", self._crm_purchase_partner_ids())],
        )
        return action

// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {formatDateTime, parseDateTime} from "@web/core/l10n/dates";
import {formatMonetary} from "@web/views/fields/formatters";
import {registry} from "@web/core/registry";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {useService} from "@web/core/utils/hooks";

/**
 * The Purchase History tab's details (crm_relationship_model): invoicing, the preferred
 * categories and the recent orders of a person, an organisation or a household. A
 * notebook renders only the page shown, so these are read when the tab is opened, not
 * with the form: opening a customer does not pay for a tab most visits do not open.
 */
export class CrmPurchaseDetails extends Component {
    static template = "crm_relationship_model.PurchaseDetails";
    static props = {...standardWidgetProps, partnerLabel: {type: String, optional: true}};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null});
        onWillStart(() => this.load(this.props.record.resId));
        onWillUpdateProps((nextProps) => {
            if (nextProps.record.resId !== this.props.record.resId) {
                return this.load(nextProps.record.resId);
            }
        });
    }

    async load(resId) {
        this.state.data = resId
            ? await this.orm.call(this.props.record.resModel, "crm_purchase_details_data", [
                  [resId],
              ])
            : null;
    }

    money(amount, currencyId) {
        return formatMonetary(amount, {currencyId});
    }

    date(value) {
        return formatDateTime(parseDateTime(value));
    }

    get sameCurrency() {
        const currencies = new Set(this.state.data.orders.map((order) => order.currency_id));
        return currencies.size === 1 ? [...currencies][0] : false;
    }

    get ordersTotal() {
        return this.state.data.orders.reduce((total, order) => total + order.amount_untaxed, 0);
    }

    stateClass(state) {
        if (state === "sale") {
            return "text-bg-success";
        }
        return ["draft", "sent"].includes(state) ? "text-bg-info" : "text-bg-secondary";
    }

    openOrder(orderId) {
        return this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "sale.order",
            res_id: orderId,
            views: [[false, "form"]],
        });
    }
}

/** The preferred categories alone, as tags (a person's Profile tab). */
export class CrmPurchaseCategories extends CrmPurchaseDetails {
    static template = "crm_relationship_model.PurchaseCategories";
}

registry.category("view_widgets").add("crm_purchase_details", {
    component: CrmPurchaseDetails,
    // The orders' customer column: "Bought as" on a person (a role or privately).
    extractProps: ({attrs}) => ({partnerLabel: attrs.string}),
});
registry.category("view_widgets").add("crm_purchase_categories", {
    component: CrmPurchaseCategories,
});

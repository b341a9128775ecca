/** @odoo-module */
// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// A sales rep opens a person who bought in a role and privately, looks at the Purchase
// History tab (its invoicing and recent orders are read when the tab is opened), sees
// the preferred category on the Profile tab and opens an order from the tab
// (tests/test_purchase_tour.py: desktop and phone). The test opens the person by URL.

const tab = (name) => `.o_form_view .o_notebook .nav-link[name=${name}]`;

registry.category("web_tour.tours").add("crm_relationship_model_purchase_tour", {
    steps: () => [
        {
            content: "The person's form is open on its positions",
            trigger: ".o_form_view div[name=person_role_ids]",
        },
        {
            content: "Open the Purchase History tab",
            trigger: tab("purchase_history"),
            run: "click",
        },
        {
            content: "The sales figures come with the form",
            trigger: ".o_form_view .o_field_widget[name=crm_order_count]:contains(2)",
        },
        {
            content: "The invoiced amount is read for the tab",
            trigger: ".o_crm_purchase_details dd[name=invoiced]:contains(300.00)",
        },
        {
            content: "Both orders are listed, the role's first (the newest)",
            trigger:
                ".o_crm_purchase_orders tbody tr:first-child:contains(TOURPO-ROLE)" +
                ":contains(Sales Order)",
        },
        {
            content: "The private order is listed too",
            trigger: ".o_crm_purchase_orders tbody tr:last-child:contains(TOURPO-PRIVATE)",
        },
        {
            content: "The preferred categories are listed with the invoicing",
            trigger: ".o_crm_purchase_details dd[name=categories]:contains(Tour Paint)",
        },
        {
            content: "Open the Profile tab",
            trigger: tab("profile"),
            run: "click",
        },
        {
            content: "The category bought most is among the preferences from purchases",
            trigger: ".o_crm_purchase_categories:contains(Tour Paint)",
        },
        {
            content: "Back to the Purchase History tab",
            trigger: tab("purchase_history"),
            run: "click",
        },
        {
            content: "Open the role's order",
            trigger: ".o_crm_purchase_orders tbody tr:contains(TOURPO-ROLE)",
            run: "click",
        },
        {
            content: "The order opens on its own form",
            trigger: ".o_form_view .o_field_widget[name=name]:contains(TOURPO-ROLE)",
        },
    ],
});

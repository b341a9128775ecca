/** @odoo-module */
// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// Special categories of personal data (tests/test_sensitive_tour.py, desktop and phone):
// a member of "Sensitive Personal Data" records a health note with its legal ground; a
// plain salesman opening the same person finds no trace of it; the Data Protection
// Officer finds the member's access in the log. Each test opens its page by URL.

const HEALTH = "Allergic to sulphites";
const MEMBER = "Sensitive Tour Member";
const asTyped = (date) => date.toFormat("MM/dd/yyyy");

registry.category("web_tour.tours").add("crm_relationship_model_sensitive_record_tour", {
    steps: () => [
        {
            isActive: ["mobile"],
            content: "Smart buttons are behind a button on a phone",
            trigger: ".o_control_panel .o_button_more",
            run: "click",
        },
        {
            content: "Open the person's sensitive data",
            trigger: ".o-form-buttonbox button[name=action_open_crm_sensitive_data]",
            run: "click",
        },
        {
            content: "Health",
            trigger: ".o_form_view .o_field_widget[name=health] textarea",
            run: `edit ${HEALTH}`,
        },
        {
            content: "Its legal ground: explicit consent",
            trigger: ".o_form_view .o_field_widget[name=legal_ground] select",
            run: 'select "explicit_consent"',
        },
        {
            content: "Given last week",
            trigger: ".o_form_view .o_field_widget[name=legal_ground_date] input",
            run: `edit ${asTyped(luxon.DateTime.now().minus({days: 7}))}`,
        },
        {
            content: "Leave the date",
            trigger: ".o_form_view .o_field_widget[name=health] textarea",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "Saved",
            trigger: `.o_form_view .o_field_widget[name=health] textarea:value(${HEALTH})`,
        },
    ],
});

registry.category("web_tour.tours").add("crm_relationship_model_sensitive_hidden_tour", {
    steps: () => [
        {
            content: "The person's form is open",
            trigger: ".o_form_view .o_field_widget[name=firstname] input:value(Sanne)",
        },
        {
            content: "No way to the sensitive data, and no trace of them",
            trigger: `.o_form_view:not(:has(button[name=action_open_crm_sensitive_data])):not(:contains(${HEALTH}))`,
        },
    ],
});

registry.category("web_tour.tours").add("crm_relationship_model_sensitive_log_tour", {
    steps: () => [
        {
            content: "The member's access is in the log, without the value",
            trigger: `.o_list_view .o_data_row:contains(${MEMBER}):contains(Sanne):contains(health)`,
        },
        {
            content: "The log shows no value",
            trigger: `.o_list_view:not(:contains(${HEALTH}))`,
        },
    ],
});

/** @odoo-module */
// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A sales rep opens a person and fills in their profile: occupation, employment,
// education, income band, an interest and the preferred channel, then saves
// (tests/test_profile_tour.py: desktop and phone, it checks what was written).
// The test opens the person's form by URL.

const OCCUPATION = "Zeilmaker";
const EDUCATION = "Vocational (MBO)";
const INCOME_BAND = "Tour Band";
const INTEREST = "Tourzeilen";

const field = (name) => `.o_form_view .o_field_widget[name=${name}]`;

// A many2one or many2many tags field: on a desktop, type and pick the suggestion; on a
// phone, the field opens a dialog listing the records: pick one there.
const pick = (name, value) => [
    {
        isActive: ["desktop"],
        content: `Type ${value}`,
        trigger: `${field(name)} input`,
        run: `edit ${value}`,
    },
    {
        isActive: ["desktop"],
        content: `Pick ${value}`,
        trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains("${value}")`,
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: `Open the list of ${name}`,
        trigger: `${field(name)} input`,
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: `Pick ${value}`,
        trigger: `.modal .o_data_row:contains("${value}") td, .modal .o_kanban_record:contains("${value}")`,
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: "The dialog is closed",
        trigger: "body:not(:has(.modal))",
    },
];

registry.category("web_tour.tours").add("crm_relationship_model_profile_tour", {
    steps: () => [
        {
            content: "The person's form is open",
            trigger: ".o_form_view .o_field_widget[name=firstname] input:value(Pim)",
        },
        {
            content: "Open the Profile tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Profile)",
            run: "click",
        },
        {
            content: "The occupation",
            trigger: `${field("crm_occupation")} input`,
            run: `edit ${OCCUPATION}`,
        },
        {
            content: "Self-employed",
            trigger: `${field("crm_employment_status")} select`,
            run: "selectByLabel Self-employed",
        },
        ...pick("crm_education_level_id", EDUCATION),
        ...pick("crm_income_band_id", INCOME_BAND),
        ...pick("crm_interest_ids", INTEREST),
        {
            content: "The interest is a tag",
            trigger: `${field("crm_interest_ids")} .o_tag:contains("${INTEREST}")`,
        },
        {
            content: "By text message",
            trigger: `${field("crm_preferred_channel")} select`,
            run: "selectByLabel Text Message",
        },
        ...stepUtils.saveForm(),
        {
            content: "The occupation is shown under the name",
            trigger: `div[name=person_occupation]:contains("${OCCUPATION}")`,
        },
    ],
});

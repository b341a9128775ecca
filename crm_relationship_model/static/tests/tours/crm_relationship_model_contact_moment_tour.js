/** @odoo-module */
// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";

// A sales rep opens a person, logs a call in the context of the person's role at an
// organisation, sees it in the person's chatter labelled with the role, and finds it
// in the organisation's chatter (tests/test_contact_moment_tour.py: desktop and phone).
// The test opens the person's form by URL.

const ORGANISATION = "Moment Windmolen BV";
const CALL = "Talked about the tour of the mill";

// On a phone the form's header buttons are in the gear menu.
const openHeaderButton = (name) => [
    {
        isActive: ["mobile"],
        content: "Open the form's actions",
        trigger: ".o_cp_action_menus button:has(.fa-cog)",
        run: "click",
    },
    {
        content: "Log a contact moment",
        trigger: `button[name=${name}]`,
        run: "click",
    },
];

registry.category("web_tour.tours").add("crm_relationship_model_contact_moment_tour", {
    steps: () => [
        {
            content: "The person's form is open",
            trigger: ".o_form_view .o_field_widget[name=firstname] input:value(Mira)",
        },
        ...openHeaderButton("action_log_contact_moment"),
        {
            content: "In the context of the role at the organisation",
            trigger: `.modal .o_field_widget[name=record_id] label:contains("${ORGANISATION}")`,
            run: "click",
        },
        {
            content: "A call",
            trigger: ".modal .o_field_widget[name=moment_type] label:contains(Call)",
            run: "click",
        },
        {
            content: "What was said",
            trigger: ".modal .o_field_widget[name=body] .odoo-editor-editable",
            run: `editor ${CALL}`,
        },
        {
            content: "Log it",
            trigger: ".modal-footer button[name=action_log]",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The call is in the person's chatter, labelled with the role",
            trigger:
                `.o-mail-Message:has(.o-mail-Message-body:contains("${CALL}")) ` +
                `small:contains("${ORGANISATION}, Mira Moment")`,
        },
        {
            content: "Go to the organisations",
            trigger: ".o-mail-Chatter",
            run() {
                window.location.assign(
                    "/odoo/action-crm_relationship_model.res_partner_organisation_action"
                );
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the organisation",
            trigger: `.o_kanban_record:contains("${ORGANISATION}")`,
            run: "click",
        },
        {
            content: "The call is in the organisation's chatter too, labelled with the role",
            trigger:
                `.o-mail-Message:has(.o-mail-Message-body:contains("${CALL}")) ` +
                `small:contains("${ORGANISATION}, Mira Moment")`,
        },
    ],
});

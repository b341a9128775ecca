/** @odoo-module */
// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {queryAll} from "@odoo/hoot-dom";
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// One story on a desktop and on a phone (tests/test_tours.py runs it on both): a sales rep
// creates a person, gives them a role at an organisation, finds them among its current
// people, ends the role and finds them among its former people. On a desktop the role
// lines are editable lists; on a phone they are cards that open a dialog.

const PERSON = "Maartje Tourtester";
const ORGANISATION = "Tour Windmolen BV";
const JOB_TITLE = "Tour Guide";

// The salesman of the test writes dates as en_US does.
const today = luxon.DateTime.now();
const start = today.minus({years: 2}).startOf("month");
const end = today.minus({days: 1});
const asTyped = (date) => date.toFormat("MM/dd/yyyy");

// A field of the role being edited: a list row on a desktop, a dialog on a phone.
const roleInput = (field) =>
    `.o_selected_row .o_field_widget[name=${field}] input, ` +
    `.modal .o_field_widget[name=${field}] input`;
const roleLine = (x2many, text) =>
    `div[name=${x2many}] .o_data_row:contains("${text}"), ` +
    `div[name=${x2many}] .o_kanban_record:contains("${text}")`;

// No url: each test gives its own start (a tour url would redirect both to it).
// Click away from a date being typed, as a user does: the date is taken and its picker
// closes (Escape would also close a phone's dialog, unsaved).
const leaveRoleInput = () => [
    {
        isActive: ["desktop"],
        content: "Leave the line",
        trigger: ".o_form_view .o_notebook .nav-link.active",
        run: "click",
    },
    {
        isActive: ["mobile"],
        content: "Leave the field",
        trigger: ".modal .modal-title",
        run: "click",
    },
];

registry.category("web_tour.tours").add("crm_relationship_model_person_role_tour", {
    steps: () => [
        // Desktop: through the CRM menu. The phone test opens the Persons action by URL.
        ...stepUtils.goToAppSteps("crm.crm_menu_root", "Open CRM").map((step) => ({
            ...step,
            isActive: [...(step.isActive || []), "desktop"],
        })),
        {
            isActive: ["desktop"],
            content: "Open the Relationships menu",
            trigger:
                '.o_menu_sections [data-menu-xmlid="crm_relationship_model.crm_relationship_model_menu"]',
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Open Persons",
            trigger:
                '.dropdown-item[data-menu-xmlid="crm_relationship_model.res_partner_person_menu"]',
            run: "click",
        },
        {
            content: "Persons open as cards; create a person",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            content: "First name",
            trigger: ".o_form_view .o_field_widget[name=firstname] input",
            run: "edit Maartje",
        },
        {
            content: "Last name",
            trigger: ".o_form_view .o_field_widget[name=lastname] input",
            run: "edit Tourtester",
        },
        {
            content: "Private email",
            trigger: ".o_form_view .o_field_widget[name=email] input",
            run: "edit maartje@private.example.com",
        },
        {
            content:
                "The full name is made from the first and last name (once the last name is left)",
            // Read-only: partner_firstname composes it (in its name order).
            trigger: `.o_form_view .o_field_widget[name=name]:contains("${PERSON}")`,
        },
        // Give the person a role at the organisation (tab Positions).
        {
            isActive: ["desktop"],
            content: "Add a position",
            trigger: "div[name=person_role_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Add a position",
            trigger: "div[name=person_role_ids] .o_cp_buttons button:contains('Add')",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "Organisation",
            trigger: roleInput("parent_id"),
            run: `edit ${ORGANISATION}`,
        },
        {
            isActive: ["desktop"],
            content: "Pick the organisation",
            trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains("${ORGANISATION}")`,
            run: "click",
        },
        // On a phone a many2one opens a search dialog of cards.
        {
            isActive: ["mobile"],
            content: "Organisation",
            trigger: roleInput("parent_id"),
            run: "click",
        },
        ...stepUtils.mobileKanbanSearchMany2X("Organisation", ORGANISATION),
        {
            isActive: ["mobile"],
            content: "The organisation is chosen",
            trigger: `.modal .o_field_widget[name=parent_id] input:value("${ORGANISATION}")`,
        },
        {
            content: "Job title",
            trigger: roleInput("function"),
            run: `edit ${JOB_TITLE}`,
        },
        {
            content: "Work email",
            trigger: roleInput("email"),
            run: "edit m.tourtester@windmolen.example.com",
        },
        {
            content: "Start date",
            trigger: roleInput("role_date_start"),
            run: `edit ${asTyped(start)}`,
        },
        ...leaveRoleInput(),
        {
            isActive: ["mobile"],
            content: "Save the position",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The position is listed, still unsaved",
            trigger: roleLine("person_role_ids", JOB_TITLE),
        },
        ...stepUtils.saveForm(),
        {
            content: "The header shows the current position",
            trigger: `.o_field_widget[name=crm_position_summary]:contains("${JOB_TITLE} at ${ORGANISATION} since ${start.year}")`,
        },
        {
            content: "The saved position is current",
            trigger:
                `div[name=person_role_ids] .o_data_row:contains("${JOB_TITLE}") .badge:contains("Current"), ` +
                `div[name=person_role_ids] .o_kanban_record:contains("${JOB_TITLE}") .badge:contains("Current")`,
        },
        // The work history: a list ordered in time, and a timeline.
        {
            isActive: ["mobile"],
            content: "Smart buttons are behind a button on a phone",
            trigger: ".o_control_panel .o_button_more",
            run: "click",
        },
        {
            content: "Open the work history",
            trigger: ".o-form-buttonbox button.oe_stat_button:contains('Work History')",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "The work history list shows the role",
            trigger: `.o_list_view .o_data_row:contains("${ORGANISATION}"):contains("${JOB_TITLE}")`,
        },
        {
            isActive: ["desktop"],
            content: "Switch to the timeline",
            trigger: ".o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "The timeline shows the current role",
            trigger: `.o_crm_work_history_kanban .o_crm_timeline_card:contains("${JOB_TITLE}"):contains("${ORGANISATION}") .o_crm_timeline_dot_current`,
        },
        {
            content: "Open the role",
            trigger: `.o_crm_timeline_card:contains("${JOB_TITLE}")`,
            run: "click",
        },
        {
            content: "The role form says it is current",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Current')",
        },
        {
            content: "Open its organisation",
            trigger: ".o_form_view .o_field_widget[name=parent_id] a.o_form_uri",
            run: "click",
        },
        // The organisation: the person is among its current people.
        {
            content: "The person is among the current people",
            trigger: roleLine("current_role_ids", PERSON),
        },
        {
            isActive: ["desktop"],
            content: "Edit the role's end date in the list",
            trigger: `div[name=current_role_ids] .o_data_row:contains("${PERSON}") td[name=role_date_end]`,
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Open the role's card",
            trigger: `div[name=current_role_ids] .o_kanban_record:contains("${PERSON}")`,
            run: "click",
        },
        {
            content: "End the role yesterday",
            trigger: roleInput("role_date_end"),
            run: `edit ${asTyped(end)}`,
        },
        ...leaveRoleInput(),
        {
            isActive: ["mobile"],
            content: "Save the role",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        ...stepUtils.saveForm(),
        {
            content: "The person is among the former people",
            trigger: roleLine("former_role_ids", PERSON),
        },
        {
            content: "...and no longer among the current people",
            trigger: "div[name=current_role_ids]",
            run() {
                const stillCurrent = queryAll(roleLine("current_role_ids", PERSON));
                if (stillCurrent.length) {
                    throw new Error(`${PERSON} is still listed among the current people`);
                }
            },
        },
        // Desktop: the organisation is in the Contacts app too.
        ...stepUtils.goToAppSteps("contacts.menu_contacts", "Open Contacts").map((step) => ({
            ...step,
            isActive: [...(step.isActive || []), "desktop"],
        })),
        {
            isActive: ["desktop"],
            content: "Open Organisations",
            trigger:
                '[data-menu-xmlid="crm_relationship_model.res_partner_organisation_menu_contacts"]',
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: "The organisation card counts no current people",
            trigger: `.o_kanban_record:contains("${ORGANISATION}") [name=current_people]:contains("0")`,
        },
    ],
});

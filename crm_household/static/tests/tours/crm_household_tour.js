/** @odoo-module */
// Copyright 2026 CRM Relationship Model contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// One story on a desktop and on a phone (tests/test_tours.py runs it on both): a sales rep
// creates a household, adds two persons, changes the household's address, and sees the
// new address on both persons. On a desktop the members are an editable list; on a phone
// they are cards that open a dialog.

const FIRST = "Hendrik Tourkok";
const SECOND = "Fenna Toursmit";
const PROPOSED_NAME = "Tourkok-Toursmit";
const NEW_STREET = "Tourweg 2";

// A field of the member being edited: a list row on a desktop, a dialog on a phone.
const memberField = (field, tag) =>
    `.o_selected_row .o_field_widget[name=${field}] ${tag}, ` +
    `.modal .o_field_widget[name=${field}] ${tag}`;
// A member line: its person is typed in an input while the row is edited on a desktop.
const memberLine = (text) =>
    `div[name=household_current_member_ids] .o_data_row:contains(${text}), ` +
    `div[name=household_current_member_ids] .o_data_row .o_field_widget[name=person_id] input:value(${text}), ` +
    `div[name=household_current_member_ids] .o_kanban_record:contains(${text})`;

function addMember(person, relation) {
    return [
        {
            isActive: ["desktop"],
            content: "Add a member",
            trigger: "div[name=household_current_member_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: "Add a member",
            trigger: "div[name=household_current_member_ids] .o_cp_buttons button:contains(Add)",
            run: "click",
        },
        {
            isActive: ["desktop"],
            content: `Person: ${person}`,
            trigger: memberField("person_id", "input"),
            run: `edit ${person}`,
        },
        {
            isActive: ["desktop"],
            content: `Pick ${person}`,
            trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains(${person})`,
            run: "click",
        },
        // On a phone a many2one opens a list of records to pick from.
        {
            isActive: ["mobile"],
            content: "Choose the person",
            trigger: memberField("person_id", "input"),
            run: "click",
        },
        {
            isActive: ["mobile"],
            content: `Pick ${person}`,
            trigger: `.modal .o_kanban_record:contains(${person})`,
            run: "click",
        },
        {
            content: `Relation: ${relation}`,
            trigger: memberField("relation", "select"),
            run: `select "${relation}"`,
        },
        {
            isActive: ["mobile"],
            content: "Save the member",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: `${person} is listed, still unsaved`,
            trigger: memberLine(person),
        },
    ];
}

function seeNewAddressOn(person) {
    return [
        {
            content: `Open ${person}`,
            // A person's card (with its city), not the member card of the household form.
            trigger: `.o_kanban_view .o_kanban_record:contains(${person}):has(.fa-map-marker)`,
            run: "click",
        },
        {
            content: `${person} lives in the household`,
            trigger: `.o_form_view div[name=person_household] .o_field_widget[name=household_id]:contains(${PROPOSED_NAME})`,
        },
        {
            content: `${person} has the household's new address, read-only`,
            trigger: `.o_form_view .o_address_format .o_field_widget[name=street]:not(:has(input)):contains(${NEW_STREET})`,
        },
    ];
}

// No url here: a tour's url would override where each test starts (tour_service.js).
registry.category("web_tour.tours").add("crm_household_tour", {
    steps: () => [
        // Desktop: through the CRM menu. The phone test opens the Households action by URL.
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
            content: "Open Households",
            trigger: '.dropdown-item[data-menu-xmlid="crm_household.res_partner_household_menu"]',
            run: "click",
        },
        {
            content: "Households open as cards; create one",
            trigger: ".o_kanban_view .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Street",
            trigger: ".o_form_view .o_address_format .o_field_widget[name=street] input",
            run: "edit Tourstraat 1",
        },
        {
            content: "City",
            trigger: ".o_form_view .o_address_format .o_field_widget[name=city] input",
            run: "edit Tourdorp",
        },
        ...addMember(FIRST, "head"),
        ...addMember(SECOND, "partner"),
        ...stepUtils.saveForm(),
        {
            content: "The name is proposed from the members' surnames",
            // A textarea, or an input where partner_autocomplete is installed.
            trigger:
                `.o_form_view .o_field_widget[name=name] textarea:value(${PROPOSED_NAME}), ` +
                `.o_form_view .o_field_widget[name=name] input:value(${PROPOSED_NAME})`,
        },
        {
            content: "...and so is the joint salutation",
            trigger: `.o_form_view .o_field_widget[name=household_salutation] input:value(Dear Hendrik Tourkok and Fenna Toursmit)`,
        },
        // Change the address: it is the members' address.
        {
            content: "Change the street",
            trigger: ".o_form_view .o_address_format .o_field_widget[name=street] input",
            run: `edit ${NEW_STREET}`,
        },
        ...stepUtils.saveForm(),
        {
            isActive: ["mobile"],
            content: "Smart buttons are behind a button on a phone",
            trigger: ".o_control_panel .o_button_more, .o_form_view .o_button_more",
            run: "click",
        },
        {
            content: "Open the members",
            trigger: "button.oe_stat_button:contains(Members)",
            run: "click",
        },
        ...seeNewAddressOn(FIRST),
        {
            content: "Back to the members",
            trigger: ".o_back_button",
            run: "click",
        },
        ...seeNewAddressOn(SECOND),
    ],
});

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Relationship Model",
    "summary": "One person, many dated roles: persons, organisations and "
    "positions over time, on the partners the ERP already uses",
    "version": "18.0.2.0.0",
    "category": "Sales/CRM",
    "license": "AGPL-3",
    "author": "CRM Relationship Model contributors",
    "website": "https://github.com/crm-relationship-model/crm-relationship-model",
    "maintainers": [],
    "development_status": "Alpha",
    "depends": [
        "crm",
        "sale_management",
        "contacts",
        "calendar",
        "partner_firstname",
        "partner_contact_birthdate",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/mail_alias_data.xml",
        "views/res_partner_views.xml",
        "views/res_partner_person_views.xml",
        "views/res_partner_organisation_views.xml",
        "views/res_partner_role_views.xml",
        "views/res_partner_work_history_views.xml",
        "views/crm_purchase_history_views.xml",
        "views/crm_contact_moment_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_relationship_model_menus.xml",
        "views/crm_adoption_views.xml",
        "wizard/crm_partner_merge_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/mail_message_demo.xml",
        "demo/calendar_event_demo.xml",
        "demo/mail_activity_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "crm_relationship_model/static/src/scss/work_history.scss",
            "crm_relationship_model/static/src/contact_moments/*",
        ],
        "web.assets_tests": [
            "crm_relationship_model/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "icon": "/crm_relationship_model/static/description/icon.png",
    "installable": True,
    "application": False,
}

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CRM Households",
    "summary": "Persons living together at one address: households with members "
    "over time, segmentation and a customer status",
    "version": "18.0.3.0.0",
    "category": "Sales/CRM",
    "license": "AGPL-3",
    "author": "CRM Relationship Model contributors",
    "website": "https://github.com/crm-relationship-model/crm-relationship-model",
    "maintainers": [],
    "development_status": "Alpha",
    "depends": ["crm_relationship_model"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/crm_household_status_run_views.xml",
        "data/crm_segment_data.xml",
        "views/crm_segment_views.xml",
        "views/crm_household_member_views.xml",
        "views/crm_household_mailing_recipient_views.xml",
        "views/mail_message_views.xml",
        "views/res_partner_views.xml",
        "views/res_partner_household_views.xml",
        "views/res_partner_household_complaint_views.xml",
        "views/res_partner_person_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_household_menus.xml",
    ],
    "demo": [
        "demo/crm_household_demo.xml",
        "demo/mail_message_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_household/static/tests/tours/**/*",
        ],
    },
    "icon": "/crm_household/static/description/icon.png",
    "installable": True,
    "application": False,
}

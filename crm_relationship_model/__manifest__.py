{
    "name": "CRM Relationship Model",
    "summary": "One person, many dated roles: persons, organisations and "
    "positions over time, on the partners the ERP already uses",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "AGPL-3",
    "author": "CRM Relationship Model contributors",
    "website": "https://github.com/crm-relationship-model/crm-relationship-model",
    "maintainers": [],
    "development_status": "Alpha",
    "depends": ["crm", "sale_management", "contacts", "calendar"],
    "data": [
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/res_partner_person_views.xml",
        "views/res_partner_organisation_views.xml",
        "views/res_partner_role_views.xml",
        "views/res_partner_work_history_views.xml",
        "views/crm_purchase_history_views.xml",
        "views/crm_contact_moment_views.xml",
        "views/crm_relationship_model_menus.xml",
        "views/crm_adoption_views.xml",
        "wizard/crm_partner_merge_views.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
        "demo/sale_order_demo.xml",
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

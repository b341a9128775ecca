{
    "name": "CRM Households",
    "summary": "Persons living together at one address: households with members "
    "over time, segmentation and a customer status",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "license": "AGPL-3",
    "author": "CRM Relationship Model contributors",
    "website": "https://github.com/crm-relationship-model/crm-relationship-model",
    "maintainers": [],
    "development_status": "Alpha",
    "depends": ["crm_relationship_model"],
    "data": [],
    "icon": "/crm_household/static/description/icon.png",
    "installable": True,
    "application": False,
}

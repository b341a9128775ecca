# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import base_partner_merge_automatic_wizard
from . import crm_contact_moment_wizard
from . import crm_partner_merge
from . import crm_lead_to_opportunity

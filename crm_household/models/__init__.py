# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_household_member
from . import crm_household_membership_mixin
from . import crm_household_name_mixin
from . import crm_household_address_mixin
from . import crm_household_status_mixin
from . import crm_household_status_run
from . import crm_household_contact_moment_mixin
from . import crm_segment
from . import res_partner
from . import crm_household_mailing_recipient
from . import res_config_settings
from . import sale_report

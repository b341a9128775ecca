# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import crm_dated_link_mixin
from . import crm_role_mixin
from . import crm_role_check_mixin
from . import crm_contact_moment_mixin
from . import crm_mail_address_mixin
from . import crm_likely_person_mixin
from . import crm_vcard_mixin
from . import crm_person_sensitive_mixin
from . import crm_purchase_history_mixin
from . import crm_education_level
from . import crm_income_band
from . import crm_interest_category
from . import crm_interest
from . import crm_weekday
from . import crm_person_profile_mixin
from . import crm_complaint_mixin
from . import res_partner
from . import res_partner_name
from . import mail_message
from . import crm_lead
from . import crm_duplicate_pair
from . import crm_adoption
from . import mail_thread
from . import res_config_settings
from . import crm_person_sensitive
from . import crm_sensitive_access_log

from . import crm_household_member
from . import crm_household_segment
from . import res_partner
from . import crm_household_mailing_recipient
from . import res_config_settings

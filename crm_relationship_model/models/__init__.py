from . import crm_purchase_history_mixin
from . import res_partner
from . import mail_message
from . import crm_lead
from . import crm_duplicate_pair
from . import crm_adoption
from . import mail_thread
from . import res_config_settings

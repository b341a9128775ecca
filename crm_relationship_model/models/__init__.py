from . import crm_purchase_history_mixin
from . import res_partner
from . import crm_lead

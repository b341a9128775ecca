from . import res_partner
from . import crm_lead

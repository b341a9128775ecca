from . import crm_partner_merge
from . import crm_lead_to_opportunity

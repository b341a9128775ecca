from . import crm_partner_merge

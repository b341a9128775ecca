from . import crm_purchase_history_mixin
from . import res_partner
from . import res_partner_contact_moments
from . import mail_message
from . import res_partner_adoption
from . import crm_lead
from . import crm_duplicate_pair
from . import crm_adoption

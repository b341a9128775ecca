from . import test_crm_lead
from . import test_purchase_history

from . import test_crm_lead
from . import test_purchase_history
from . import test_person
from . import test_role

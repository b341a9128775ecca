# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_crm_lead
from . import test_purchase_history
from . import test_person
from . import test_person_name
from . import test_role
from . import test_organisation
from . import test_sale_invoice_flow
from . import test_access
from . import test_role_rpc
from . import test_performance
from . import test_tours
from . import test_contact_moments
from . import test_contact_moment_tour
from . import test_adoption
from . import test_duplicates
from . import test_merge
from . import test_mail_gateway
from . import test_demo_story
from . import test_partner_merge_wizard
from . import test_vcard
from . import test_complaints
from . import test_open_offers

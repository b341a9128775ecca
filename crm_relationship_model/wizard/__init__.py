from . import crm_contact_moment_wizard

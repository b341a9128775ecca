# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_household_member
from . import test_household_address
from . import test_household_name
from . import test_household_status
from . import test_household_mailing
from . import test_household_messages
from . import test_household_access
from . import test_household_rpc
from . import test_household_performance
from . import test_tours
from . import test_household_demo_story
from . import test_household_merge
from . import test_household_complaints
from . import test_privacy_erasure
from . import test_household_status_run
from . import test_household_privacy_consent

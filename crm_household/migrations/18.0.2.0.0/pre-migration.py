# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: a membership's end date is its last day (inclusive), as a role's is.

Before, it was the day the person moved out (the first day away). Each end date moves
one day back, so that no membership changes meaning. One that ended the day it started
(it never had a day) keeps its date: it now counts that one day.
"""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute(
        """
        UPDATE crm_household_member SET date_end = date_end - 1
         WHERE date_end IS NOT NULL AND (date_start IS NULL OR date_end > date_start)
        """
    )
    _logger.info("Moved %s membership end dates to their last day.", cr.rowcount)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.0.0: household segments become crm.segment records applying to households.

Before the module loads, the old tables are set aside under names the ORM does not
know, so that nothing drops or changes them before post-migration moves their rows.
"""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

LEGACY = {
    "crm_household_segment": "crm_household_segment_legacy",
    "crm_household_segment_res_partner_rel": "crm_household_segment_legacy_rel",
}


def migrate(cr, version):
    for table, legacy in LEGACY.items():
        cr.execute("SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL",
                   [table, legacy])  # fmt: skip
        exists, moved = cr.fetchone()
        if exists and not moved:
            cr.execute(
                SQL("ALTER TABLE %s RENAME TO %s", SQL.identifier(table), SQL.identifier(legacy))
            )
            _logger.info("Set the household segments' table %s aside as %s.", table, legacy)

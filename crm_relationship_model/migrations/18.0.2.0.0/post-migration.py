# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.2.0.0: names and birthdates on the OCA's fields (partner_firstname,
partner_contact_birthdate), every value kept.

- Our own birthdate (crm_birthdate) moves into birthdate_date; the column of the field
  that is no longer defined is dropped by Odoo after the update.
- Persons keep their first and last names (the same columns, now partner_firstname's).
  A role's name parts are its person's: partner_firstname's install split the roles'
  names by its own rule, so they take their person's parts again. No name changes.
"""

import logging

from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if column_exists(cr, "res_partner", "crm_birthdate"):
        cr.execute(
            """
            UPDATE res_partner SET birthdate_date = crm_birthdate
             WHERE crm_birthdate IS NOT NULL AND birthdate_date IS NULL
            """
        )
        _logger.info("Moved %s birthdates into birthdate_date.", cr.rowcount)
    cr.execute(
        """
        UPDATE res_partner r SET firstname = p.firstname, lastname = p.lastname
          FROM res_partner p
         WHERE r.crm_kind = 'role' AND p.id = r.role_person_id
           AND (r.firstname IS DISTINCT FROM p.firstname
                OR r.lastname IS DISTINCT FROM p.lastname)
        """
    )
    _logger.info("Gave %s roles their person's name parts.", cr.rowcount)

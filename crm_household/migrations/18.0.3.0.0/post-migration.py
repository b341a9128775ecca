# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.3.0.0: household segments become crm.segment records applying to households.

Each old segment becomes a manual segment of households with the same name (in every
language), description, order, colour and archive state; its households become its
members, and each membership's history starts on the day it could have begun at the
earliest (the later of the segment's and the household's creation), since the old
model kept no date. The old XML ids point to the new records, so that data files
referring to them keep working. Then the old tables are dropped.
"""

import json
import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

LEGACY_SEGMENT = "crm_household_segment_legacy"
LEGACY_REL = "crm_household_segment_legacy_rel"


def migrate(cr, version):
    cr.execute("SELECT to_regclass(%s) IS NOT NULL, to_regclass(%s) IS NOT NULL",
               [LEGACY_SEGMENT, LEGACY_REL])  # fmt: skip
    has_segments, has_rel = cr.fetchone()
    if not has_segments:
        return
    segments, rel = SQL.identifier(LEGACY_SEGMENT), SQL.identifier(LEGACY_REL)
    cr.execute(
        SQL(
            """SELECT id, name, description, sequence, color, active,
                      create_uid, create_date, write_uid, write_date
                 FROM %s ORDER BY id""",
            segments,
        )
    )
    mapping = {}
    for old_id, *values in cr.fetchall():
        cr.execute(
            """INSERT INTO crm_segment
                      (name, description, sequence, color, active, create_uid,
                       create_date, write_uid, write_date, applies_to, is_rule)
               VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, 'household', FALSE)
               ON CONFLICT (name, applies_to) DO UPDATE SET write_date = EXCLUDED.write_date
               RETURNING id""",
            [_json(values[0]), _json(values[1]), *values[2:]],
        )
        mapping[old_id] = cr.fetchone()[0]
    for old_id, new_id in mapping.items():
        cr.execute(
            """UPDATE ir_model_data SET model = 'crm.segment', res_id = %s
                WHERE model = 'crm.household.segment' AND res_id = %s""",
            [new_id, old_id],
        )
        if not has_rel:
            continue
        cr.execute(
            SQL(
                """INSERT INTO crm_segment_res_partner_rel (segment_id, partner_id)
                   SELECT %(new)s, r.partner_id FROM %(rel)s r
                    WHERE r.segment_id = %(old)s
                   ON CONFLICT DO NOTHING""",
                new=new_id,
                old=old_id,
                rel=rel,
            )
        )
        cr.execute(
            SQL(
                """INSERT INTO crm_segment_membership
                          (segment_id, partner_id, date_entered,
                           create_uid, create_date, write_uid, write_date)
                   SELECT %(new)s, r.partner_id,
                          GREATEST(s.create_date, p.create_date, '1970-01-01')::date,
                          1, now() at time zone 'UTC', 1, now() at time zone 'UTC'
                     FROM %(rel)s r
                     JOIN %(segments)s s ON s.id = r.segment_id
                     JOIN res_partner p ON p.id = r.partner_id
                    WHERE r.segment_id = %(old)s
                      AND NOT EXISTS (SELECT 1 FROM crm_segment_membership h
                                       WHERE h.segment_id = %(new)s
                                         AND h.partner_id = r.partner_id
                                         AND h.date_left IS NULL)""",
                new=new_id,
                old=old_id,
                rel=rel,
                segments=segments,
            )
        )
    cr.execute(SQL("SELECT COUNT(*) FROM %s", rel) if has_rel else SQL("SELECT 0"))
    members = cr.fetchone()[0]
    cr.execute(SQL("DROP TABLE IF EXISTS %s", rel))
    cr.execute(SQL("DROP TABLE %s CASCADE", segments))
    cr.execute("DELETE FROM ir_model_relation WHERE name = 'crm_household_segment_res_partner_rel'")
    _logger.info(
        "Moved %s household segments and %s memberships into crm.segment.",
        len(mapping),
        members,
    )


def _json(value):
    """A translated column's value as psycopg2 passes jsonb (it reads it as a dict)."""
    return None if value is None else json.dumps(value)

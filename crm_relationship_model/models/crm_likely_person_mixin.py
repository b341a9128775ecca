# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize

from ..tools.keys import SQL_KEY_FUNCTIONS, phone_key

_logger = logging.getLogger(__name__)

# Two names this similar (pg_trgm's similarity, 0 to 1) are shown as a likely match.
SIMILAR_NAME_THRESHOLD = 0.5
LIKELY_PERSON_LIMIT = 8


class CrmLikelyPersonMixin(models.AbstractModel):
    """The door check: before a person is created (form, import, lead conversion, RPC),
    the persons it may already be, each found on an index: the same email, the same
    phone or a similar name."""

    _name = "crm.likely.person.mixin"
    _description = "Likely Existing Persons"

    crm_likely_person_ids = fields.Many2many(
        "res.partner",
        string="Likely Existing Persons",
        compute="_compute_crm_likely_person_ids",
        help="Persons who may be this one: the same email, the same phone or a similar "
        "name. Open one to use it instead of creating a duplicate.",
    )

    def _crm_create_door_check_indexes(self):
        """The keys the adoption and the door check compare, and their indexes."""
        cr = self.env.cr
        cr.execute(SQL_KEY_FUNCTIONS)
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_crm_phone_key_index
                ON res_partner (crm_rm_phone_key(phone))
             WHERE crm_kind IN ('person', 'role') AND phone IS NOT NULL;
            CREATE INDEX IF NOT EXISTS res_partner_crm_mobile_key_index
                ON res_partner (crm_rm_phone_key(mobile))
             WHERE crm_kind IN ('person', 'role') AND mobile IS NOT NULL;
            CREATE INDEX IF NOT EXISTS res_partner_crm_name_key_index
                ON res_partner (crm_rm_name_key(name)) WHERE crm_kind = 'person';
            """
        )
        self._crm_create_name_trigram_index()

    def _crm_create_name_trigram_index(self):
        """pg_trgm is a trusted extension: the database owner may create it."""
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - without it, names are compared exactly
            _logger.warning("pg_trgm not available, similar names are not found: %s", error)
            return
        cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_crm_name_trgm_index
                ON res_partner USING gin (name gin_trgm_ops) WHERE crm_kind = 'person'
            """
        )

    @api.model
    def _crm_has_trigram(self):
        self.env.cr.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return bool(self.env.cr.rowcount)

    # ------------------------------------------------------------------
    # The door check: likely existing persons
    # ------------------------------------------------------------------

    @api.depends("crm_kind", "name", "email", "phone", "mobile")
    def _compute_crm_likely_person_ids(self):
        for partner in self:
            # Only while a person is being created: an existing person's form stays as cheap.
            if partner.crm_kind == "person" and not partner._origin.id:
                partner.crm_likely_person_ids = partner._crm_find_likely_persons(
                    partner.name, partner.email, partner.phone, partner.mobile
                )
            else:
                partner.crm_likely_person_ids = False

    @api.model
    @api.readonly
    def crm_find_likely_persons(self, name=None, email=None, phone=None, mobile=None):
        """The persons a new person with these details may be, best first, with why:
        [{"id", "name", "reasons": ["email", "phone", "name"]}]. For RPC clients and
        imports that check before they create."""
        persons, reasons = self._crm_find_likely_persons(
            name, email, phone, mobile, with_reasons=True
        )
        return [
            {"id": person.id, "name": person.display_name, "reasons": reasons[person.id]}
            for person in persons
        ]

    @api.model
    def _crm_find_likely_persons(
        self, name, email, phone, mobile, exclude_ids=(), with_reasons=False
    ):
        """Persons with the same email (private, or the work email of one of their roles),
        the same phone or mobile, or a similar name; in one query, each on its index."""
        email = email_normalize(email or "")
        phones = [key for key in {phone_key(phone), phone_key(mobile)} if key]
        name = (name or "").strip()
        branches = []
        if email:
            branches.append(
                SQL(
                    """SELECT id, 'email' AS reason, 1.0 AS score FROM res_partner
                        WHERE email_normalized = %s AND crm_kind IN ('person', 'role')""",
                    email,
                )
            )
        for column in ("phone", "mobile") if phones else ():
            branches.append(
                SQL(
                    """SELECT id, 'phone' AS reason, 0.9 AS score FROM res_partner
                        WHERE crm_kind IN ('person', 'role') AND %(column)s IS NOT NULL
                          AND crm_rm_phone_key(%(column)s) = ANY(%(phones)s)""",
                    column=SQL.identifier(column),
                    phones=phones,
                )
            )
        if len(name) >= 3 and self._crm_has_trigram():
            branches.append(
                # pg_trgm's operator "%", doubled for SQL() and again for psycopg2.
                SQL(
                    """(SELECT id, 'name' AS reason, similarity(name, %s) AS score
                          FROM res_partner
                         WHERE crm_kind = 'person' AND name %%%% %s
                           AND similarity(name, %s) >= %s
                         ORDER BY score DESC LIMIT %s)""",
                    name,
                    name,
                    name,
                    SIMILAR_NAME_THRESHOLD,
                    LIKELY_PERSON_LIMIT,
                )
            )
        if not branches:
            return (self.browse(), {}) if with_reasons else self.browse()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(p.role_person_id, p.id) AS person_id,
                       array_agg(DISTINCT found.reason), max(found.score)
                  FROM (%(branches)s) AS found
                  JOIN res_partner p ON p.id = found.id
                 WHERE NOT (COALESCE(p.role_person_id, p.id) = ANY(%(exclude)s))
                 GROUP BY 1
                 ORDER BY count(DISTINCT found.reason) DESC, max(found.score) DESC, 1
                 LIMIT %(limit)s
                """,
                branches=SQL(" UNION ALL ").join(branches),
                exclude=[i for i in exclude_ids if isinstance(i, int)],
                limit=LIKELY_PERSON_LIMIT,
            )
        )
        order = [row[0] for row in rows]
        # The user's access applies: a person they may not read is not shown.
        visible = self.search([("id", "in", order), ("crm_kind", "=", "person")])
        persons = self.browse([pid for pid in order if pid in set(visible.ids)])
        if with_reasons:
            return persons, {row[0]: sorted(row[1]) for row in rows}
        return persons

    def _crm_flag_likely_duplicates(self):
        Pair = self.env["crm.duplicate.pair"].sudo()
        for person in self:
            persons, reasons = self._crm_find_likely_persons(
                person.name,
                person.email,
                person.phone,
                person.mobile,
                exclude_ids=[person.id],
                with_reasons=True,
            )
            for other in persons:
                Pair._crm_add_pair(person.id, other.id, Pair._reason_of(reasons[other.id]))

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import api, fields, models
from odoo.tools import SQL, email_normalize

from ..tools.keys import SQL_KEY_FUNCTIONS
from ..tools.matching import BLOCK_LIMITS, all_keys, blocking_keys, person_features

_logger = logging.getLogger(__name__)

# A person this likely (the comparison's score, 0 to 1) is shown at the door.
DOOR_THRESHOLD = 0.2
LIKELY_PERSON_LIMIT = 8
# The door check's reasons, as RPC clients know them.
REASON_OF_FIELD = {"last_name": "name", "first_name": "name"}


class CrmLikelyPersonMixin(models.AbstractModel):
    """The door check: before a person is created (form, import, lead conversion, RPC),
    the persons it may already be: those sharing a key with what was typed (see
    crm.duplicate.key.mixin), scored as the review list scores pairs."""

    _name = "crm.likely.person.mixin"
    _description = "Likely Existing Persons"

    crm_likely_person_ids = fields.Many2many(
        "res.partner",
        string="Likely Existing Persons",
        compute="_compute_crm_likely_person_ids",
        help="Persons who may be this one, by name, birthdate, address, email and phone. "
        "Open one to use it instead of creating a duplicate.",
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

    @api.depends("crm_kind", "name", "email", "phone", "mobile", "zip", "birthdate_date")
    def _compute_crm_likely_person_ids(self):
        for partner in self:
            # Only while a person is being created: an existing person's form stays as cheap.
            if partner.crm_kind == "person" and not partner._origin.id:
                partner.crm_likely_person_ids = partner._crm_find_likely_persons(
                    partner.name,
                    partner.email,
                    partner.phone,
                    partner.mobile,
                    zip=partner.zip,
                    birthdate=partner.birthdate_date,
                    street=partner.street,
                    city=partner.city,
                )
            else:
                partner.crm_likely_person_ids = False

    @api.model
    @api.readonly
    def crm_find_likely_persons(  # pylint: disable=redefined-builtin
        self, name=None, email=None, phone=None, mobile=None,
        zip=None,  # pylint: disable=redefined-builtin
        birthdate=None, street=None, city=None,
    ):  # fmt: skip
        """The persons a new person with these details may be, best first, with why:
        [{"id", "name", "score", "reasons": ["email", "phone", "name", ...]}]. For RPC
        clients and imports that check before they create. ``birthdate`` is a date or
        an ISO date string."""
        if isinstance(birthdate, str) and birthdate:
            birthdate = fields.Date.to_date(birthdate)
        persons, reasons = self._crm_find_likely_persons(
            name, email, phone, mobile, zip=zip, birthdate=birthdate, street=street,
            city=city, with_reasons=True,
        )  # fmt: skip
        return [
            {
                "id": person.id,
                "name": person.display_name,
                "score": round(reasons[person.id][0], 3),
                "reasons": reasons[person.id][1],
            }
            for person in persons
        ]

    @api.model
    def _crm_find_likely_persons(  # pylint: disable=redefined-builtin
        self, name, email, phone, mobile,
        zip=None,  # pylint: disable=redefined-builtin
        birthdate=None, street=None, city=None, exclude_ids=(), with_reasons=False,
    ):  # fmt: skip
        """The persons who share a blocking key with the details typed (email, phone,
        postcode, the sound of the last name), scored by the comparison the review list
        uses: those likely enough, and any that shares the email or phone typed."""
        Partner = self.env["res.partner"]
        Partner._crm_refresh_pending_duplicate_keys()
        typed = person_features(
            {
                "name": name,
                "email": email_normalize(email or "") or None,
                "phone": phone,
                "mobile": mobile,
                "zip": zip,
                "birthdate_date": birthdate or None,
                "street": street,
                "city": city,
            },
            Partner._crm_name_order(),
        )
        keys = blocking_keys(typed)
        empty = (self.browse(), {}) if with_reasons else self.browse()
        if not keys:
            return empty
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT k.partner_id
                  FROM unnest(%(keys)s::varchar[], %(limits)s::int[]) AS typed(key, size)
                 CROSS JOIN LATERAL (SELECT partner_id FROM crm_duplicate_key
                                      WHERE key = typed.key LIMIT typed.size) AS k
                """,
                keys=sorted(keys),
                limits=[BLOCK_LIMITS.get(key[0], 10) * 2 for key in sorted(keys)],
            )
        )
        exclude = {i for i in exclude_ids if isinstance(i, int)}
        candidates = Partner._crm_person_features([r[0] for r in rows if r[0] not in exclude])
        comparator = Partner._crm_comparator(Partner._crm_key_counts(all_keys(typed)))
        found = []
        for person_id, person in candidates.items():
            score, agree, _differ, levels = comparator.compare(typed, person)
            shared = levels.get("email") == "email_exact" or levels.get("phone") == "phone_exact"
            if score >= DOOR_THRESHOLD or shared:
                found.append((score, person_id, agree))
        found.sort(key=lambda row: (-row[0], row[1]))
        order = [row[1] for row in found[: LIKELY_PERSON_LIMIT * 2]]
        # The user's access applies: a person they may not read is not shown.
        if not self.env.su and order:
            visible = set(self.search([("id", "in", order), ("crm_kind", "=", "person")]).ids)
            order = [pid for pid in order if pid in visible]
        order = order[:LIKELY_PERSON_LIMIT]
        persons = self.browse(order)
        if with_reasons:
            why = {
                row[1]: (row[0], sorted({REASON_OF_FIELD.get(f, f) for f in row[2]}))
                for row in found
            }
            return persons, why
        return persons

    def _crm_flag_likely_duplicates(self):
        """Imported persons: those they may be go to the review list, scored."""
        Pair = self.env["crm.duplicate.pair"].sudo()
        Partner = self.env["res.partner"].sudo()
        Partner._crm_refresh_pending_duplicate_keys()
        for person in self:
            persons = Partner._crm_find_likely_persons(
                person.name,
                person.email,
                person.phone,
                person.mobile,
                zip=person.zip,
                birthdate=person.birthdate_date,
                street=person.street,
                city=person.city,
                exclude_ids=[person.id],
            )
            Pair._crm_score_and_add_pairs([(person.id, other.id) for other in persons])

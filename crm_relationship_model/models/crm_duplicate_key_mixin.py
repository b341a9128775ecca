# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import time

from odoo import api, models
from odoo.tools import SQL

from ..tools.matching import Comparator, all_keys, person_features

# The fields a person's duplicate keys are made of (its own and its roles').
KEY_FIELDS = {
    "name", "firstname", "lastname", "birthdate_date", "street", "zip", "city", "email",
    "phone", "mobile", "crm_kind", "role_person_id", "parent_id", "active",
}  # fmt: skip
PENDING = "crm.duplicate.keys.pending"
# How long a process trusts its count of persons (the population of the weights).
POPULATION_SECONDS = 600
_population_cache = {}

# A person's own fields; then its roles' emails, phones and organisations.
FEATURES_QUERY = """
    SELECT id, name, firstname, lastname, birthdate_date, street, zip, city,
           email_normalized, phone, mobile
      FROM res_partner
     WHERE id = ANY(%s) AND crm_kind = 'person' AND active
"""
ROLES_QUERY = """
    SELECT role_person_id, array_agg(email_normalized),
           array_agg(phone) || array_agg(mobile), array_agg(parent_id)
      FROM res_partner
     WHERE role_person_id = ANY(%s) AND crm_kind = 'role' AND active
     GROUP BY role_person_id
"""
FEATURE_COLUMNS = (
    "id", "name", "firstname", "lastname", "birthdate_date", "street", "zip", "city",
    "email", "phone", "mobile",
)  # fmt: skip


class CrmDuplicateKeyMixin(models.AbstractModel):
    """The keys duplicate detection compares persons on, in the table
    crm_duplicate_key (partner_id, key): the blocking keys (email, phone, postcode, the
    sound of the last name) and the values whose rarity weighs (last and first name).
    A key's row count is how common the value is. Kept up to date from every change of
    a person or its roles, at the latest when the transaction commits."""

    _name = "crm.duplicate.key.mixin"
    _description = "Duplicate Detection Keys"

    def _crm_create_duplicate_key_table(self):
        # Not a model: no id, no audit columns, for millions of rows. Rows of deleted
        # partners are harmless (every query joins res_partner) and dropped on refresh.
        self.env.cr.execute(
            """
            CREATE TABLE IF NOT EXISTS crm_duplicate_key (
                partner_id integer NOT NULL, key varchar NOT NULL);
            CREATE INDEX IF NOT EXISTS crm_duplicate_key_key_index
                ON crm_duplicate_key (key, partner_id);
            CREATE INDEX IF NOT EXISTS crm_duplicate_key_partner_index
                ON crm_duplicate_key (partner_id);
            CREATE INDEX IF NOT EXISTS res_partner_crm_role_person_active_index
                ON res_partner (role_person_id) WHERE crm_kind = 'role';
            -- The keys' counts as of the last listing (keys of one person left out):
            -- the door check reads a value's rarity here in one index look-up. Logged:
            -- the door check runs on a read replica, which has no unlogged tables.
            CREATE TABLE IF NOT EXISTS crm_duplicate_frequency (
                key varchar PRIMARY KEY, count integer NOT NULL);
            ALTER TABLE crm_duplicate_frequency SET LOGGED;
            """
        )

    # ------------------------------------------------------------------
    # Features and keys
    # ------------------------------------------------------------------

    @api.model
    def _crm_name_order(self):
        return self.env["res.partner"]._get_names_order()

    @api.model
    def _crm_person_features(self, ids):
        """{person id: features} of the active persons among ids, in one query."""
        rows = self.env.execute_query(SQL(FEATURES_QUERY, list(ids)))
        if not rows:
            return {}
        roles = {
            row[0]: row[1:]
            for row in self.env.execute_query(SQL(ROLES_QUERY, [row[0] for row in rows]))
        }
        order = self._crm_name_order()
        features = {}
        for row in rows:
            values = dict(zip(FEATURE_COLUMNS, row, strict=True))
            if row[0] in roles:
                emails, phones, organisations = roles[row[0]]
                values.update(
                    role_emails=emails, role_phones=phones, organisation_ids=organisations
                )
            features[row[0]] = person_features(values, order)
        return features

    @api.model
    def _crm_write_duplicate_keys(self, ids, replace=True):
        """Replace the keys of these partners (persons get keys, others none); replace
        False: they have none yet."""
        ids = list(ids)
        if not ids:
            return 0
        features = self._crm_person_features(ids)
        cr = self.env.cr
        if replace:
            cr.execute("DELETE FROM crm_duplicate_key WHERE partner_id = ANY(%s)", [ids])
        buffer = io.StringIO()
        for person_id, person in features.items():
            for key in all_keys(person):
                buffer.write(f"{person_id}\t{_copy_escape(key)}\n")
        buffer.seek(0)
        cr.copy_expert("COPY crm_duplicate_key (partner_id, key) FROM STDIN", buffer)
        return len(features)

    def _crm_mark_duplicate_keys(self):
        """These partners changed: their persons' keys are refreshed before the next
        look-up, and at the latest before the commit."""
        ids = set()
        for partner in self:
            if partner.crm_kind == "role" and partner.role_person_id:
                ids.add(partner.role_person_id.id)
            elif partner.crm_kind == "person" or partner.id in self.env.cr.precommit.data.get(
                PENDING, ()
            ):
                ids.add(partner.id)
        if not ids:
            return
        precommit = self.env.cr.precommit
        pending = precommit.data.setdefault(PENDING, set())
        if not pending:
            precommit.add(self.env["res.partner"].sudo()._crm_refresh_pending_duplicate_keys)
        pending.update(i for i in ids if isinstance(i, int))

    @api.model
    def _crm_refresh_pending_duplicate_keys(self):
        pending = self.env.cr.precommit.data.get(PENDING)
        if not pending:
            return
        self.env["res.partner"].flush_model()
        ids = list(pending)
        pending.clear()
        self.sudo()._crm_write_duplicate_keys(ids)

    # ------------------------------------------------------------------
    # Counts (the rarity of values)
    # ------------------------------------------------------------------

    @api.model
    def _crm_key_counts(self, keys):
        """{key: number of persons with it}: from the counts of the last listing, or
        counted on the key index when there was none yet."""
        if not keys:
            return {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT typed.key, COALESCE(f.count, CASE
                       WHEN EXISTS (SELECT 1 FROM crm_duplicate_frequency) THEN 1
                       ELSE (SELECT count(*) FROM crm_duplicate_key k WHERE k.key = typed.key)
                       END)
                  FROM unnest(%s::varchar[]) AS typed(key)
                  LEFT JOIN crm_duplicate_frequency f ON f.key = typed.key
                """,
                list(keys),
            )
        )
        return dict(rows)

    @api.model
    def _crm_person_population(self, fresh=False):
        """How many persons the database has; counted again every few minutes."""
        dbname = self.env.cr.dbname
        cached = _population_cache.get(dbname)
        if fresh or not cached or cached[0] < time.monotonic() - POPULATION_SECONDS:
            self.env.cr.execute("SELECT count(*) FROM res_partner WHERE crm_kind = 'person'")
            cached = _population_cache[dbname] = (time.monotonic(), self.env.cr.fetchone()[0])
        return cached[1]

    @api.model
    def _crm_comparator(self, counts, population=None):
        if population is None:
            population = self._crm_person_population()
        return Comparator(counts, population)


def _copy_escape(text):
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")

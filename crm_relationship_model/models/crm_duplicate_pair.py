# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.matching import (
    BLOCK_LIMITS,
    agrees_beyond_the_name,
    all_keys,
    review_reason,
    shares_contact_or_birthdate,
)

REASONS = [
    ("same_email", "Same email"),
    ("same_name_phone", "Same name and phone"),
    ("same_phone", "Same phone"),
    ("same_name", "Same name"),
    ("similar_name_city", "Similar name, same city"),
    ("similar_name", "Similar name"),
    ("overlapping_roles", "Overlapping roles"),
]
# Defaults of the settings (ir.config_parameter).
REVIEW_THRESHOLD_PARAM = "crm_relationship_model.duplicate_review_threshold"
MAX_PAIRS_PARAM = "crm_relationship_model.duplicate_max_pairs"
AUTO_MERGE_PARAM = "crm_relationship_model.duplicate_auto_merge_threshold"
# Odds of 3 to 1: from 0.5 the adoption benchmark's list (100,000 contacts) was over its
# budget of 0.1 pairs per contact; the least likely pairs are the ones left out.
DEFAULT_REVIEW_THRESHOLD = 0.75
DEFAULT_MAX_PAIRS = 3


class CrmDuplicatePair(models.Model):
    """Two contacts that may be one: weaker evidence than the adoption joins on by
    itself, so a user confirms (merges) or dismisses each pair. A dismissed pair is
    never proposed again. Pairs of persons carry the comparison's score and why."""

    _name = "crm.duplicate.pair"
    _description = "Possible Duplicate"
    _order = "state, score desc, id desc"
    _rec_name = "partner_a_id"

    partner_a_id = fields.Many2one(
        "res.partner", "Contact", required=True, index=True, ondelete="cascade"
    )
    partner_b_id = fields.Many2one(
        "res.partner", "Possible Duplicate", required=True, index=True, ondelete="cascade"
    )
    crm_kind = fields.Selection(related="partner_a_id.crm_kind", string="Kind")
    reason = fields.Selection(REASONS, required=True)
    score = fields.Float(
        digits=(3, 2),
        index=True,
        help="How likely the two are one human, from 0 to 1: the comparison of their "
        "names, birthdates, addresses, emails, phones and organisations, each weighed by "
        "how rare the shared value is in this database.",
    )
    agree_fields = fields.Char(readonly=True, help="Technical: the fields that agree.")
    differ_fields = fields.Char(readonly=True, help="Technical: the fields that differ.")
    why = fields.Char(compute="_compute_why")
    auto_mergeable = fields.Boolean(
        "Safe to Merge Automatically",
        readonly=True,
        help="They share an email or phone, or the birthdate, and have no other "
        "birthdate: namesakes never do.",
    )
    state = fields.Selection(
        [("open", "To Review"), ("dismissed", "Dismissed")],
        default="open",
        required=True,
        index=True,
    )
    partner_a_email = fields.Char(related="partner_a_id.email", string="Email")
    partner_b_email = fields.Char(related="partner_b_id.email", string="Email of Duplicate")
    partner_a_city = fields.Char(related="partner_a_id.city", string="City")
    partner_b_city = fields.Char(related="partner_b_id.city", string="City of Duplicate")

    _sql_constraints = [
        ("pair_unique", "UNIQUE (partner_a_id, partner_b_id)", "This pair is listed already."),
        (
            "pair_ordered",
            "CHECK (partner_a_id < partner_b_id)",
            "A pair lists two different contacts, the oldest first.",
        ),
        ("score_range", "CHECK (score >= 0 AND score <= 1)", "A score is from 0 to 1."),
    ]

    def _field_labels(self):
        _ = self.env._
        return {
            "last_name": _("last name"),
            "first_name": _("first name"),
            "birthdate": _("birthdate"),
            "address": _("address"),
            "email": _("email"),
            "phone": _("phone"),
            "organisation": _("organisation"),
        }

    @api.depends("agree_fields", "differ_fields")
    def _compute_why(self):
        labels = self._field_labels()

        def words(codes):
            return ", ".join(labels.get(code, code) for code in (codes or "").split(",") if code)

        for pair in self:
            parts = []
            if pair.agree_fields:
                parts.append(self.env._("Same: %(fields)s", fields=words(pair.agree_fields)))
            if pair.differ_fields:
                parts.append(self.env._("Differ: %(fields)s", fields=words(pair.differ_fields)))
            pair.why = "; ".join(parts) or False

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    @api.model
    def _crm_settings(self):
        """(review threshold, most pairs per person, auto-merge threshold or 0 for off)."""
        params = self.env["ir.config_parameter"].sudo()

        def number(key, default, kind=float):
            try:
                return kind(params.get_param(key, default))
            except (TypeError, ValueError):
                return default

        return (
            number(REVIEW_THRESHOLD_PARAM, DEFAULT_REVIEW_THRESHOLD),
            number(MAX_PAIRS_PARAM, DEFAULT_MAX_PAIRS, int),
            number(AUTO_MERGE_PARAM, 0.0),
        )

    # ------------------------------------------------------------------
    # Adding pairs
    # ------------------------------------------------------------------

    @api.model
    def _reason_of(self, found):
        """The review reason for the door check's reasons (email, phone, name)."""
        if "email" in found:
            return "same_email"
        if "phone" in found:
            return "same_name_phone" if "name" in found else "same_phone"
        return "similar_name"

    @api.model
    def _crm_add_pair(self, first_id, second_id, reason):
        """Add a pair unless it is listed already (or was dismissed): no error either way."""
        if first_id == second_id:
            return
        self._insert_pairs(
            reason,
            SQL("VALUES (%s, %s)", min(first_id, second_id), max(first_id, second_id)),
        )
        self.invalidate_model()

    @api.model
    def _insert_pairs(self, reason, pairs):
        """Insert the pairs (a, b) an SQL query gives, a < b; pairs listed or dismissed
        before are left as they are."""
        self.env.execute_query(
            SQL(
                """INSERT INTO crm_duplicate_pair (partner_a_id, partner_b_id, reason, state,
                       create_uid, write_uid, create_date, write_date)
                   SELECT a, b, %(reason)s, 'open', %(uid)s, %(uid)s,
                          now() at time zone 'utc', now() at time zone 'utc'
                     FROM (%(pairs)s) AS pairs(a, b)
                   ON CONFLICT (partner_a_id, partner_b_id) DO NOTHING""",
                reason=reason,
                uid=self.env.uid,
                pairs=pairs,
            )
        )

    @api.model
    def _crm_score_pairs(self, pairs, counts=None, features=None):
        """[(a, b, score, agree, differ, levels)] of the person pairs (a, b) given, from
        one query of their features and one of their values' counts."""
        Partner = self.env["res.partner"]
        if features is None:
            features = Partner._crm_person_features({i for pair in pairs for i in pair})
        if counts is None:
            keys = set()
            for person in features.values():
                keys |= all_keys(person)
            counts = Partner._crm_key_counts(keys)
        comparator = Partner._crm_comparator(counts)
        scored = []
        for first, second in pairs:
            a, b = features.get(first), features.get(second)
            if a is None or b is None or first == second:
                continue
            score, agree, differ, levels = comparator.compare(a, b)
            scored.append((min(first, second), max(first, second), score, agree, differ, levels))
        return scored

    @api.model
    def _crm_store_scored_pairs(self, scored, threshold=None, auto_threshold=None):
        """List the scored pairs at or above the review threshold that agree on more than
        the name: new ones open, open ones rescored; dismissed ones stay dismissed.
        Returns how many were stored."""
        review, _max_pairs, auto = self._crm_settings()
        threshold = review if threshold is None else threshold
        auto = auto if auto_threshold is None else auto_threshold
        rows = [row for row in scored if row[2] >= threshold and agrees_beyond_the_name(row[3])]
        if not rows:
            return 0
        self.env.execute_query(
            SQL(
                """
                INSERT INTO crm_duplicate_pair (partner_a_id, partner_b_id, reason, score,
                       agree_fields, differ_fields, auto_mergeable, state,
                       create_uid, write_uid, create_date, write_date)
                SELECT v.a, v.b, v.reason, v.score, v.agree, v.differ, v.auto, 'open',
                       %(uid)s, %(uid)s, now() at time zone 'utc', now() at time zone 'utc'
                  FROM unnest(%(a)s::int[], %(b)s::int[], %(reason)s::varchar[],
                              %(score)s::float[], %(agree)s::varchar[], %(differ)s::varchar[],
                              %(auto)s::bool[]) AS v(a, b, reason, score, agree, differ, auto)
                ON CONFLICT (partner_a_id, partner_b_id) DO UPDATE
                   SET score = EXCLUDED.score, agree_fields = EXCLUDED.agree_fields,
                       differ_fields = EXCLUDED.differ_fields, reason = EXCLUDED.reason,
                       auto_mergeable = EXCLUDED.auto_mergeable
                 WHERE crm_duplicate_pair.state = 'open'
                """,
                uid=self.env.uid,
                a=[row[0] for row in rows],
                b=[row[1] for row in rows],
                reason=[review_reason(row[5]) for row in rows],
                score=[round(row[2], 4) for row in rows],
                agree=[",".join(row[3]) for row in rows],
                differ=[",".join(row[4]) for row in rows],
                auto=[
                    bool(auto) and row[2] >= auto and shares_contact_or_birthdate(row[5])
                    for row in rows
                ],
            )
        )
        self.invalidate_model()
        return len(rows)

    @api.model
    def _crm_score_and_add_pairs(self, pairs):
        return self._crm_store_scored_pairs(self._crm_score_pairs(pairs))

    @api.model
    def _crm_limit_pairs_per_person(self, max_pairs=None):
        """Keep the best open pairs of each person, at most max_pairs (the setting)."""
        if max_pairs is None:
            max_pairs = self._crm_settings()[1]
        if max_pairs <= 0:
            return 0
        self.env.cr.execute(
            """
            WITH ends AS (
                SELECT id, partner_a_id AS person, score FROM crm_duplicate_pair
                 WHERE state = 'open' AND score IS NOT NULL
                UNION ALL
                SELECT id, partner_b_id, score FROM crm_duplicate_pair
                 WHERE state = 'open' AND score IS NOT NULL),
            ranked AS (
                SELECT id, row_number() OVER (PARTITION BY person ORDER BY score DESC, id)
                       AS rank FROM ends)
            DELETE FROM crm_duplicate_pair
             WHERE id IN (SELECT id FROM ranked WHERE rank > %s)
            """,
            [max_pairs],
        )
        self.invalidate_model()
        return self.env.cr.rowcount

    # ------------------------------------------------------------------
    # Review
    # ------------------------------------------------------------------

    def action_confirm(self):
        """The pair is one: merge it (the survivor is the oldest contact)."""
        self.ensure_one()
        if self.state != "open":
            raise UserError(self.env._("This pair was dismissed: it is not proposed for merging."))
        partners = self.partner_a_id | self.partner_b_id
        return self.env["crm.partner.merge"]._action_open(partners)

    def action_dismiss(self):
        self.write({"state": "dismissed"})
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        return True

    @api.model
    def _find_possible_duplicates(self):
        """Every person compared with those it shares a blocking key with, in one
        transaction (small databases and tests; the adoption job does it in batches).
        Returns how many pairs are listed now that were not before."""
        cr = self.env.cr
        Partner = self.env["res.partner"]
        Partner._crm_refresh_pending_duplicate_keys()
        cr.execute("SELECT id FROM res_partner WHERE crm_kind = 'person' AND active")
        ids = [row[0] for row in cr.fetchall()]
        for start in range(0, len(ids), 5000):
            Partner._crm_write_duplicate_keys(ids[start : start + 5000])
        cr.execute("SELECT count(*) FROM crm_duplicate_pair")
        before = cr.fetchone()[0]
        self._crm_prepare_candidates()
        cursor = 0
        while True:
            cursor, _done = self._crm_list_candidate_batch(cursor, 20000)
            if cursor is None:
                break
        self._crm_limit_pairs_per_person()
        self._crm_drop_candidates()
        cr.execute("SELECT count(*) FROM crm_duplicate_pair")
        return cr.fetchone()[0] - before

    # ------------------------------------------------------------------
    # Listing in batches: blocking, then scoring
    # ------------------------------------------------------------------

    @api.model
    def _crm_prepare_candidates(self):
        """The value counts, and the candidate pairs: persons sharing a blocking key
        that not too many share (each key's limit). Returns the number of candidates."""
        limits = SQL(" ").join(
            SQL("WHEN %s THEN %s", kind, limit) for kind, limit in BLOCK_LIMITS.items()
        )
        self.env.cr.execute(
            SQL(
                """
                DROP TABLE IF EXISTS crm_duplicate_candidate;
                -- The counts and the self-join spill to disk at the default 4 MB.
                SET LOCAL work_mem = '64MB';
                CREATE TABLE IF NOT EXISTS crm_duplicate_frequency (
                    key varchar PRIMARY KEY, count integer NOT NULL);
                TRUNCATE crm_duplicate_frequency;
                INSERT INTO crm_duplicate_frequency
                SELECT key, count(*)::int AS count FROM crm_duplicate_key
                 GROUP BY key HAVING count(*) > 1;
                ANALYZE crm_duplicate_frequency;
                CREATE UNLOGGED TABLE crm_duplicate_candidate AS
                SELECT DISTINCT a.partner_id AS a, b.partner_id AS b
                  FROM crm_duplicate_frequency f
                  JOIN crm_duplicate_key a ON a.key = f.key
                  JOIN crm_duplicate_key b ON b.key = f.key AND b.partner_id > a.partner_id
                 WHERE f.count <= CASE left(f.key, 1) %(limits)s ELSE 0 END;
                CREATE INDEX ON crm_duplicate_candidate (a);
                ANALYZE crm_duplicate_candidate;
                """,
                limits=limits,
            )
        )
        self.env.cr.execute("SELECT count(*) FROM crm_duplicate_candidate")
        return self.env.cr.fetchone()[0]

    @api.model
    def _crm_drop_candidates(self):
        # The counts stay: the door check weighs with them until the next listing.
        self.env.cr.execute("DROP TABLE IF EXISTS crm_duplicate_candidate")

    @api.model
    def _crm_list_candidate_batch(self, cursor, size):
        """Score the candidates of the next persons after cursor (about size pairs) and
        list the likely ones. Returns (the new cursor or None when done, pairs scored)."""
        cr = self.env.cr
        cr.execute(
            "SELECT a FROM crm_duplicate_candidate WHERE a > %s ORDER BY a OFFSET %s LIMIT 1",
            [cursor, size],
        )
        row = cr.fetchone()
        if row:
            cr.execute(
                "SELECT a, b FROM crm_duplicate_candidate WHERE a > %s AND a <= %s",
                [cursor, row[0]],
            )
        else:
            cr.execute("SELECT a, b FROM crm_duplicate_candidate WHERE a > %s", [cursor])
        pairs = cr.fetchall()
        if not pairs:
            return None, 0
        Partner = self.env["res.partner"]
        features = Partner._crm_person_features({i for pair in pairs for i in pair})
        keys = set()
        for person in features.values():
            keys |= all_keys(person)
        cr.execute(
            "SELECT key, count FROM crm_duplicate_frequency WHERE key = ANY(%s)", [list(keys)]
        )
        counts = dict(cr.fetchall())
        scored = self._crm_score_pairs(pairs, counts=counts, features=features)
        self._crm_store_scored_pairs(scored)
        return max(pair[0] for pair in pairs), len(pairs)

    @api.model
    def _crm_auto_merge_batch(self, size):
        """Merge the next pairs marked safe to merge automatically (the setting's
        threshold, the namesake rule), through the merge wizard. Returns how many."""
        pairs = self.search(
            [("state", "=", "open"), ("auto_mergeable", "=", True)], order="score desc, id",
            limit=size,
        )  # fmt: skip
        merged = 0
        Merge = self.env["crm.partner.merge"].sudo()
        for pair in pairs:
            if not pair.exists():  # resolved by an earlier merge of this batch
                continue
            partners = (pair.partner_a_id | pair.partner_b_id).exists()
            if len(partners) < 2:
                pair.unlink()
                continue
            try:
                with self.env.cr.savepoint():
                    wizard = Merge.browse(Merge._action_open(partners)["res_id"])
                    wizard.action_merge()
                merged += 1
            except UserError:
                # The merge refused (e.g. roles of one organisation): left for review.
                pair.auto_mergeable = False
        return merged

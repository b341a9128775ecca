# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Similar names (pg_trgm similarity) in the same city go to review.
SIMILAR_NAME_CITY_THRESHOLD = 0.6

REASONS = [
    ("same_email", "Same email"),
    ("same_name_phone", "Same name and phone"),
    ("same_phone", "Same phone"),
    ("same_name", "Same name"),
    ("similar_name_city", "Similar name, same city"),
    ("similar_name", "Similar name"),
    ("overlapping_roles", "Overlapping roles"),
]


class CrmDuplicatePair(models.Model):
    """Two contacts that may be one: weaker evidence than the adoption joins on by
    itself, so a user confirms (merges) or dismisses each pair. A dismissed pair is
    never proposed again."""

    _name = "crm.duplicate.pair"
    _description = "Possible Duplicate"
    _order = "state, id desc"
    _rec_name = "partner_a_id"

    partner_a_id = fields.Many2one(
        "res.partner", "Contact", required=True, index=True, ondelete="cascade"
    )
    partner_b_id = fields.Many2one(
        "res.partner", "Possible Duplicate", required=True, index=True, ondelete="cascade"
    )
    crm_kind = fields.Selection(related="partner_a_id.crm_kind", string="Kind")
    reason = fields.Selection(REASONS, required=True)
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
    ]

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
        """Persons with the same name, or a similar name in the same city, listed for
        review; pairs listed or dismissed before are left as they are."""
        cr = self.env.cr
        cr.execute("SELECT count(*) FROM crm_duplicate_pair")
        before = cr.fetchone()[0]
        same_name = SQL(
            """
            SELECT ids[1], unnest(ids[2:]) FROM (
                SELECT array_agg(id ORDER BY id) AS ids FROM res_partner
                 WHERE crm_kind = 'person' AND active
                   AND crm_rm_name_key(name) IS NOT NULL
                 GROUP BY crm_rm_name_key(name) HAVING count(*) > 1) AS groups
            """
        )
        self._insert_pairs("same_name", same_name)
        if self.env["res.partner"]._crm_has_trigram():
            # Joined on the city (a hash join), then compared: the trigram index would
            # look every name up, and find thousands of similar ones in a large database.
            similar_city = SQL(
                """
                WITH located AS MATERIALIZED (
                    SELECT id, name, crm_rm_name_key(name) AS name_key,
                           lower(btrim(city)) AS city_key
                      FROM res_partner
                     WHERE crm_kind = 'person' AND active AND btrim(city) <> '')
                SELECT a.id, b.id FROM located a
                  JOIN located b ON b.city_key = a.city_key AND b.id > a.id
                 WHERE b.name_key <> a.name_key AND similarity(a.name, b.name) >= %s
                """,
                SIMILAR_NAME_CITY_THRESHOLD,
            )
            self._insert_pairs("similar_name_city", similar_city)
        cr.execute("SELECT count(*) FROM crm_duplicate_pair")
        return cr.fetchone()[0] - before

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

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
            raise UserError(_("This pair was dismissed: it is not proposed for merging."))
        partners = self.partner_a_id | self.partner_b_id
        return self.env["crm.partner.merge"]._action_open(partners)

    def action_dismiss(self):
        self.write({"state": "dismissed"})
        return True

    def action_reopen(self):
        self.write({"state": "open"})
        return True

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The RFM rules, as pure functions, with the SQL they are computed by.

A score is 1 to 5 by four boundaries (the quintiles of the database, or fixed ones):
a value moves to the next band only when it passes a boundary, so equal values always
share a score (ties) and a value on a boundary keeps the lower band. For recency the
value is the number of days since the last purchase, and fewer days score higher.
"""

from odoo.tools import SQL

RFM_SEGMENTS = [
    ("champions", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential Loyalist"),
    ("new", "New"),
    ("at_risk", "At Risk"),
    ("cannot_lose", "Cannot Lose Them"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
QUINTILES = (0.2, 0.4, 0.6, 0.8)


def score_up(value, bounds):
    """Frequency and monetary: 1 plus the boundaries the value passes."""
    return 1 + sum(value > bound for bound in bounds)


def score_recency(days, bounds):
    """Recency: 5 less the boundaries (in days) the time since the purchase passes."""
    return 5 - sum(days > bound for bound in bounds)


def segment_of(recency, frequency, monetary):
    """The RFM segment of a customer, on the grid of recency against the rounded mean
    of frequency and monetary value."""
    fm = (frequency + monetary + 1) // 2
    if (recency == 5 and fm >= 4) or (recency == 4 and fm == 5):
        return "champions"
    if recency >= 3 and fm >= 4:
        return "loyal"
    if recency >= 3 and fm >= 2:
        return "potential"
    if recency >= 4:
        return "new"
    if fm == 5:
        return "cannot_lose"
    if fm >= 3:
        return "at_risk"
    if recency == 1:
        return "lost"
    return "hibernating"


def parse_bounds(text):
    """Four ascending numbers from "30, 90, 180, 365"; ValueError otherwise."""
    values = [float(part) for part in (text or "").replace(";", ",").split(",") if part.strip()]
    if len(values) != 4 or values != sorted(values):
        raise ValueError(text)
    return values


def score_up_sql(value, bounds):
    return SQL(
        "(1 + (%(v)s > %(b)s[1])::int + (%(v)s > %(b)s[2])::int"
        " + (%(v)s > %(b)s[3])::int + (%(v)s > %(b)s[4])::int)",
        v=value,
        b=bounds,
    )


def score_recency_sql(days, bounds):
    return SQL(
        "(5 - (%(v)s > %(b)s[1])::int - (%(v)s > %(b)s[2])::int"
        " - (%(v)s > %(b)s[3])::int - (%(v)s > %(b)s[4])::int)",
        v=days,
        b=bounds,
    )


def segment_sql(recency, frequency, monetary):
    """segment_of, in SQL."""
    return SQL(
        """CASE
             WHEN (%(r)s = 5 AND %(fm)s >= 4) OR (%(r)s = 4 AND %(fm)s = 5) THEN 'champions'
             WHEN %(r)s >= 3 AND %(fm)s >= 4 THEN 'loyal'
             WHEN %(r)s >= 3 AND %(fm)s >= 2 THEN 'potential'
             WHEN %(r)s >= 4 THEN 'new'
             WHEN %(fm)s = 5 THEN 'cannot_lose'
             WHEN %(fm)s >= 3 THEN 'at_risk'
             WHEN %(r)s = 1 THEN 'lost'
             ELSE 'hibernating' END""",
        r=recency,
        fm=SQL("((%s + %s + 1) / 2)", frequency, monetary),
    )

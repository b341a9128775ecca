# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one rule of dated links (a person's roles, household memberships): a missing start
means "since always", a missing end "still"; the end date is the link's last day,
inclusive, as in a CV. A link ended today is current today and past tomorrow."""

FUTURE, CURRENT, PAST = "future", "current", "past"
STATES = (FUTURE, CURRENT, PAST)


def state_on(start, end, day):
    """future, current or past on the given day."""
    if start and start > day:
        return FUTURE
    if end and end < day:
        return PAST
    return CURRENT


def state_domain(state, day, start_field, end_field):
    """A domain of the links in that state on the given day.

    Explicit "!= False" keeps negated domains right for empty dates: NULL compared
    with a day is neither true nor false in SQL.
    """
    if state == FUTURE:
        return [(start_field, "!=", False), (start_field, ">", day)]
    if state == PAST:
        return [(end_field, "!=", False), (end_field, "<", day)]
    return [
        "|",
        (start_field, "=", False),
        (start_field, "<=", day),
        "|",
        (end_field, "=", False),
        (end_field, ">=", day),
    ]


def overlap(first_start, first_end, second_start, second_end):
    """Whether two links share at least one day."""
    return (not first_end or not second_start or second_start <= first_end) and (
        not second_end or not first_start or first_start <= second_end
    )


def end_on(start, day):
    """The end date that makes day the last day of a link that started on start (a
    link that has not started yet ends the day it would have started)."""
    return max(day, start or day)

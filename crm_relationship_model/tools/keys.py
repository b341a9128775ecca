# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Keys that tell whether two contacts may be the same human, in Python and, next to
each, its SQL twin: the adoption and the door check compare them in the database, on
indexes built on the SQL functions."""

import re

# Deletes every character but the ASCII digits (str.translate: no regex per call).
_NOT_DIGITS = dict.fromkeys(c for c in range(0x110000) if not 48 <= c <= 57)


def phone_key(number):
    """The last nine digits of a phone number, the part every notation of it shares:
    "+31 6 1234 5678", "0031 (0)6-12345678" and "06 1234 5678" give "612345678".
    Same as the SQL function crm_rm_phone_key; None for fewer than eight digits."""
    if not number:
        return None
    digits = number.replace("(0)", "").translate(_NOT_DIGITS)
    return digits[-9:] if len(digits) >= 8 else None


def name_key(name):
    """Lower case, single spaces: same as the SQL function crm_rm_name_key."""
    return re.sub(r"\s+", " ", (name or "").strip()).lower() or None


# The SQL twins, immutable so that indexes can be built on them.
SQL_KEY_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION crm_rm_phone_key(number text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN length(d) >= 8 THEN right(d, 9) END
      FROM (SELECT regexp_replace(replace(number, '(0)', ''), '[^0-9]', '', 'g')
                   AS d) AS digits
$$;
CREATE OR REPLACE FUNCTION crm_rm_name_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(lower(regexp_replace(btrim(name), '\s+', ' ', 'g')), '')
$$;
"""

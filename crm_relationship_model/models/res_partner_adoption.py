import re
from contextvars import ContextVar

# Two names this similar (pg_trgm's similarity, 0 to 1) are shown as a likely match.
SIMILAR_NAME_THRESHOLD = 0.5
LIKELY_PERSON_LIMIT = 8
# Partners the merge wizard merges away, set only while it runs Odoo's merge: their
# deletion is allowed to whoever the wizard allowed to merge. Not a context key, which
# any RPC caller could pass.
MERGE_AUTHORISED_IDS = ContextVar("crm_merge_authorised_ids", default=frozenset())


def phone_key(number):
    """The last nine digits of a phone number, the part every notation of it shares:
    "+31 6 1234 5678", "0031 (0)6-12345678" and "06 1234 5678" give "612345678".
    Same as the SQL function crm_rm_phone_key; None for fewer than eight digits."""
    digits = re.sub(r"[^0-9]", "", (number or "").replace("(0)", ""))
    return digits[-9:] if len(digits) >= 8 else None


def name_key(name):
    """Lower case, single spaces: same as the SQL function crm_rm_name_key."""
    return re.sub(r"\s+", " ", (name or "").strip()).lower() or None

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Context keys and context variables the addons set, by name."""

from contextvars import ContextVar

# Lead conversion: the existing person the user chose for the lead's contact.
USE_PERSON_ID = "crm_use_person_id"

# A role's name parts are being written from its person's: allowed, unlike by hand.
ROLE_NAME_SYNC = "crm_role_name_sync"

# Partners the merge wizard merges away, set only while it runs Odoo's merge: their
# deletion is allowed to whoever the wizard allowed to merge. Not a context key, which
# any RPC caller could pass.
MERGE_AUTHORISED_IDS = ContextVar("crm_merge_authorised_ids", default=frozenset())

# The export of a person's data includes their special categories, read as this user
# (who asked for them and may read them). Not a context key, which any RPC caller could
# pass.
PRIVACY_EXPORT_SENSITIVE_UID = ContextVar("crm_privacy_export_sensitive_uid", default=None)

# partner_firstname's name order, read once for a batch of names (the adoption splits
# and composes tens of thousands) instead of once per name.
NAMES_ORDER = ContextVar("crm_names_order", default=None)

# Copyright 2026 CRM Relationship Model contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
def post_init_hook(env):
    """Classify the contacts the database already has (nothing on a new database)."""
    env["crm.adoption.run"]._adopt_on_install()

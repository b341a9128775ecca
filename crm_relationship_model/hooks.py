def post_init_hook(env):
    """Classify the contacts the database already has (nothing on a new database)."""
    env["crm.adoption.run"]._adopt_existing_contacts()

"""pytest plugin: leave out the few dependency tests that only Odoo's own runner can run.

Odoo 18 knows it is testing by ``odoo.modules.module.current_test``, which its runner
sets and pytest-odoo sets only from Odoo 19 on (setting it here makes Odoo check every
HTTP test cursor against request cookies pytest-odoo does not send). Without it, mails
are handed to a real SMTP server, and privacy_consent's ActivityFlow tests, which count
the consent mails sent, fail whether or not our addons are installed. Run as the OCA
runs them (``odoo-bin --test-tags /privacy_consent``, with our addons and demo data)
they pass. Loaded by setup/test.sh with ``-p pytest_odoo_runner_limits``.
"""

from pathlib import PurePath

# (file, ending with its addon and folder; class; test)
NEEDS_ODOO_RUNNER = {
    ("privacy_consent/tests/test_consent.py", "ActivityFlow", name)
    for name in ("test_generate_automatically", "test_generate_cron", "test_generate_manually")
}


def _key(item):
    path = PurePath(str(item.path))
    cls = getattr(item, "cls", None)
    return ("/".join(path.parts[-3:]), cls.__name__ if cls else None, item.name)


def pytest_collection_modifyitems(config, items):
    dropped = [item for item in items if _key(item) in NEEDS_ODOO_RUNNER]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = [item for item in items if item not in dropped]

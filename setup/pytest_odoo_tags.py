"""pytest plugin: run the tests of one concern by its Odoo test tag.

Each test class of the addons is tagged with its concern (`@tagged(..., "crm_rm_role")`,
`crm_hh_member`, ...), as Odoo's `--test-tags` selects them; pytest-odoo does not read
those tags, so `--odoo-tags crm_rm_role,crm_hh_member` keeps only the tests of classes
that carry one of them. Loaded by setup/test.sh with ``-p pytest_odoo_tags``.
"""


def pytest_addoption(parser):
    parser.addoption(
        "--odoo-tags",
        default="",
        help="Comma-separated Odoo test tags: keep only the tests of classes tagged so.",
    )


def pytest_collection_modifyitems(config, items):
    wanted = {tag.strip() for tag in config.getoption("--odoo-tags").split(",") if tag.strip()}
    if not wanted:
        return
    kept, dropped = [], []
    for item in items:
        tags = getattr(getattr(item, "cls", None), "test_tags", None) or set()
        (kept if wanted & set(tags) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept

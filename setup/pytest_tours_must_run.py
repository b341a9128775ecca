"""pytest plugin: a skipped browser test (Odoo HttpCase) is a failure.

Odoo skips an HttpCase when it cannot start Chromium or talk to it, and pytest-odoo skips
one when the HTTP server is off: either way the tours would not have run, and a run that
looks green without them hides exactly what they check. Loaded by setup/test.sh with
``-p pytest_tours_must_run``.
"""

import sys

import pytest


def _import_odoo_test_framework():
    # pytest-odoo imports Odoo's test framework before any test runs, outside Odoo's test
    # mode, and Odoo then logs an error with a long stack. Imported here first, in test
    # mode for the moment of the import only (test mode while the registry loads would run
    # Odoo's own tests), the import is quiet.
    try:
        from odoo.tools import config
    except ImportError:  # not an Odoo test run
        return
    test_enable = config["test_enable"]
    config["test_enable"] = True
    try:
        import odoo.tests.common  # noqa: F401
    finally:
        config["test_enable"] = test_enable


_import_odoo_test_framework()


def _is_http_case(item):
    # Not imported means no HttpCase exists yet; importing it here outside Odoo's test
    # mode would make Odoo log an error.
    common = sys.modules.get("odoo.tests.common")
    cls = getattr(item, "cls", None)
    return common is not None and isinstance(cls, type) and issubclass(cls, common.HttpCase)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _is_http_case(item) and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (
            f"Browser test skipped ({reason}): HttpCase tests must run. Install Chromium "
            "and websocket-client (bash setup/install.sh) and run with --odoo-http."
        )

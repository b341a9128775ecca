"""setup/test.sh counts what ran, fails on any failure, on a skipped browser test and on
an empty selection. Run here on this run's database (reused as is, and kept)."""

import textwrap

import pytest
from conftest import database_exists, run_script

PLAIN_TESTS = """
import pytest

def test_passes():
    assert True

def test_fails():
    assert 1 == 2

def test_skipped():
    pytest.skip("not today")
"""

HTTP_TESTS = """
from odoo.tests import HttpCase, tagged

@tagged("post_install", "-at_install")
class TestServer(HttpCase):
    def test_login_page(self):
        self.assertEqual(self.url_open("/web/login").status_code, 200)

    def test_tour_without_browser(self):
        self.skipTest("no browser")
"""


def last_line(result):
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture
def write_test(tmp_path):
    def write(source):
        path = tmp_path / f"test_sample_{len(list(tmp_path.iterdir()))}.py"
        path.write_text(textwrap.dedent(source))
        return str(path)

    return write


def test_counts_passed_failed_and_skipped(test_db, write_test):
    result = run_script("test.sh", write_test(PLAIN_TESTS), timeout=300, CRM_TEST_DB=test_db)
    assert last_line(result) == "1 passed, 1 failed, 1 skipped"
    assert result.returncode != 0
    assert f"Using the existing database {test_db}" in result.stderr
    assert database_exists(test_db)


def test_all_passing_selection_passes(test_db, write_test):
    source = PLAIN_TESTS.replace("assert 1 == 2", "assert 2 == 2")
    result = run_script("test.sh", write_test(source), "-q", timeout=300, CRM_TEST_DB=test_db)
    assert last_line(result) == "2 passed, 0 failed, 1 skipped"
    assert result.returncode == 0


def test_skipped_browser_test_is_a_failure(test_db, write_test):
    result = run_script("test.sh", write_test(HTTP_TESTS), timeout=300, CRM_TEST_DB=test_db)
    assert last_line(result) == "1 passed, 1 failed"
    assert result.returncode != 0
    assert "Browser test skipped (Skipped: no browser): HttpCase tests must run" in result.stdout


def test_no_test_selected_is_a_failure(test_db):
    result = run_script(
        "test.sh",
        "tests/test_docker_compose.py",
        "-k",
        "no_such_test",
        timeout=300,
        CRM_TEST_DB=test_db,
    )
    assert last_line(result) == "0 passed, 0 failed"
    assert result.returncode != 0
    assert "pytest collected no test" in result.stderr

"""Without Odoo, PostgreSQL, Chromium or websocket-client, setup/run.sh and setup/test.sh
stop within seconds, say what to do, and create nothing."""

import os
import time
from pathlib import Path

import pytest
from conftest import database_exists, pg_env, run_script

SCRIPTS = ["run.sh", "test.sh"]
# Generous for a loaded machine; a script that got as far as installing takes minutes.
FAST = 30


def run_and_time(script, db, **env):
    started = time.monotonic()
    result = run_script(script, timeout=120, CRM_DB=db, CRM_TEST_DB=db, **env)
    return result, time.monotonic() - started


@pytest.mark.parametrize("script", SCRIPTS)
def test_without_odoo_says_where_odoo_is_looked_for(script, unique_db):
    # Also when the tests run in the Docker image, where Odoo is installed as a package.
    result, seconds = run_and_time(
        script, unique_db, ODOO_PATH="/nonexistent", ODOO_FROM_PACKAGE=None
    )
    assert result.returncode != 0
    assert seconds < FAST
    assert "Odoo 18.0 was not found at ODOO_PATH=/nonexistent" in result.stderr
    assert "docker compose up" in result.stderr
    assert not database_exists(unique_db)


@pytest.mark.parametrize("script", SCRIPTS)
def test_without_postgresql_says_how_to_start_it(script, unique_db, closed_port):
    result, seconds = run_and_time(script, unique_db, PGPORT=closed_port)
    assert result.returncode != 0
    assert seconds < FAST
    host = pg_env()["PGHOST"]
    assert f"PostgreSQL is not reachable at {host}:{closed_port}" in result.stderr
    assert "bash setup/install.sh" in result.stderr
    # Checked on the real server: nothing was created there either.
    assert not database_exists(unique_db)


@pytest.mark.skipif(
    os.environ.get("ODOO_FROM_PACKAGE") == "1", reason="Odoo installed as a package has no venv"
)
@pytest.mark.parametrize("script", SCRIPTS)
def test_without_the_virtualenv_says_to_run_install(script, unique_db):
    result, seconds = run_and_time(script, unique_db, ODOO_VENV="/nonexistent")
    assert result.returncode != 0
    assert seconds < FAST
    assert "No Python environment at ODOO_VENV=/nonexistent" in result.stderr
    assert "Run: bash setup/install.sh" in result.stderr
    assert not database_exists(unique_db)


@pytest.mark.parametrize("script", SCRIPTS)
def test_without_a_python_requirement_names_it(script, unique_db, tmp_path):
    # A module that fails to import stands for a requirement that is not installed.
    (tmp_path / "passlib.py").write_text("raise ImportError('hidden by the test')\n")
    result, seconds = run_and_time(script, unique_db, PYTHONPATH=tmp_path)
    assert result.returncode != 0
    assert seconds < FAST
    assert "Python requirements missing in" in result.stderr
    assert ": passlib." in result.stderr
    assert "Run: bash setup/install.sh" in result.stderr
    assert not database_exists(unique_db)


def path_without_browsers(tmp_path):
    """A PATH with every command of this one except Chromium and Chrome."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    browsers = {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            link = bin_dir / entry.name
            if entry.name not in browsers and not link.exists() and not link.is_symlink():
                link.symlink_to(Path(directory, entry.name))
    return str(bin_dir)


def test_tests_without_chromium_say_the_tours_need_it(unique_db, tmp_path):
    result, seconds = run_and_time("test.sh", unique_db, PATH=path_without_browsers(tmp_path))
    assert result.returncode != 0
    assert seconds < FAST
    assert "Chromium is not installed" in result.stderr
    assert "the browser tours need it" in result.stderr
    assert not database_exists(unique_db)


def test_tests_without_websocket_client_say_the_tours_need_it(unique_db, tmp_path):
    # A module that fails to import hides the installed websocket-client.
    (tmp_path / "websocket.py").write_text("raise ImportError('hidden by the test')\n")
    result, seconds = run_and_time("test.sh", unique_db, PYTHONPATH=tmp_path)
    assert result.returncode != 0
    assert seconds < FAST
    assert "websocket-client is missing" in result.stderr
    assert not database_exists(unique_db)

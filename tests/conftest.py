"""Shared helpers of the top-level tests: they use the project's scripts from outside, as a
person or CI does, in the same pytest run as the addons' Odoo tests (setup/test.sh)."""

import os
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# Scripts run by hand that take minutes and make their own large databases (their names
# are not test_*.py either): never collected, even when a run names tests/.
collect_ignore = ["benchmarks"]


def pg_env(**overrides):
    """The environment the scripts get: this run's, with PostgreSQL settings as
    setup/common.sh defaults them, plus overrides (a value of None removes the variable)."""
    env = dict(os.environ)
    env.setdefault("PGHOST", "127.0.0.1")
    env.setdefault("PGPORT", "5432")
    env.setdefault("PGUSER", "odoo" if os.geteuid() == 0 else env.get("USER", "odoo"))
    for name, value in overrides.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = str(value)
    return env


def run_script(script, *args, timeout=60, **env_overrides):
    """Run a script of setup/ with bash from the repository root; return the completed
    process, stdout and stderr as text."""
    return subprocess.run(
        ["bash", str(REPO / "setup" / script), *args],
        check=False,
        cwd=REPO,
        env=pg_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def database_exists(name):
    result = subprocess.run(
        ["psql", "-d", "postgres", "-Atc", f"select 1 from pg_database where datname = '{name}'"],
        env=pg_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip() == "1"


def odoo_command(*args, addons=None, stdin=None, timeout=900):
    """Odoo's CLI as the project's scripts run it (setup/common.sh); addons: a folder
    holding other versions of the addons, used instead of this repository's."""
    script = "source setup/common.sh; find_odoo; find_python; "
    if addons:
        script += 'ADDONS_PATH=${ADDONS_PATH/"$PROJECT_ROOT"/"$CRM_ADDONS"}; '
    return subprocess.run(
        ["bash", "-c", script + 'odoo "$@"', "odoo", *args],
        cwd=REPO,
        env=pg_env(CRM_ADDONS=addons),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def psql(db, query):
    result = subprocess.run(
        ["psql", "-d", db, "-Atc", query], env=pg_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def drop_database(name):
    subprocess.run(
        ["dropdb", "--if-exists", "--force", name], env=pg_env(), capture_output=True, check=True
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def closed_port():
    """A local port nothing listens on."""
    return free_port()


@pytest.fixture(scope="session")
def test_db(request):
    """The database of this test run (it has both addons installed): set by setup/test.sh,
    or the one given to pytest-odoo with --odoo-database."""
    name = os.environ.get("CRM_TEST_DB") or request.config.getoption("--odoo-database", None)
    if not name:
        pytest.skip("run through setup/test.sh (CRM_TEST_DB names the test database)")
    return name


@pytest.fixture
def unique_db(test_db):
    """A database name of this run's prefix that no database has; dropped afterwards in
    case a script left it."""
    name = f"{test_db}_{uuid.uuid4().hex[:8]}"
    assert not database_exists(name)
    yield name
    drop_database(name)

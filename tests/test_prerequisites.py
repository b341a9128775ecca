"""Without Odoo, PostgreSQL, Chromium, websocket-client or an addon the manifests depend
on, setup/run.sh and setup/test.sh stop within seconds, say what to do, and create nothing.
With them, as setup/install.sh (or the Docker image) installs them, Odoo and the OCA addons
import from anywhere."""

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, database_exists, pg_env, run_script
from manifestoo_core.metadata import distribution_name_to_addon_name
from packaging.requirements import Requirement

spec = importlib.util.spec_from_file_location(
    "addon_requirements", REPO / "setup" / "addon_requirements.py"
)
addon_requirements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(addon_requirements)

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


def test_without_an_addon_the_manifests_depend_on_names_it(unique_db, tmp_path):
    # A copy of the scripts beside an addon that depends on one nowhere to be found.
    shutil.copytree(REPO / "setup", tmp_path / "setup")
    addon = tmp_path / "crm_needs_more"
    addon.mkdir()
    (addon / "__manifest__.py").write_text(repr({"name": "X", "depends": ["mail", "no_such_x"]}))
    for script in SCRIPTS:
        started = time.monotonic()
        result = subprocess.run(
            ["bash", str(tmp_path / "setup" / script)],
            env=pg_env(CRM_DB=unique_db, CRM_TEST_DB=unique_db),
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert result.returncode != 0, script
        assert time.monotonic() - started < FAST
        assert "Odoo addons the manifests depend on are missing: no_such_x." in result.stderr
        assert "Run: bash setup/install.sh" in result.stderr
        assert not database_exists(unique_db)


def needed_oca_addons():
    """The OCA addons the manifests need, and those these need in turn, by the metadata of
    the installed packages: {addon name: distribution name}."""
    todo = [Requirement(line) for line in addon_requirements.requirements()]
    found = {}
    while todo:
        requirement = todo.pop()
        if not addon_requirements.is_odoo_addon(requirement):
            continue
        name = distribution_name_to_addon_name(requirement.name)
        if name in found:
            continue
        try:
            version = importlib.metadata.version(requirement.name)
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"{requirement.name} is not installed: run bash setup/install.sh")
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)
        found[name] = requirement.name
        todo += [Requirement(line) for line in importlib.metadata.requires(requirement.name) or []]
    return found


def test_odoo_and_the_oca_addons_import_outside_the_source_folder(tmp_path):
    # Not from the repository or the Odoo source, without PYTHONPATH: as pip left the
    # environment. A site-packages/odoo/addons/ folder from an OCA wheel must not hide Odoo.
    addons = sorted(needed_oca_addons())
    code = "import odoo.cli\n" + "".join(f"import odoo.addons.{name}\n" for name in addons)
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    result = subprocess.run(
        [sys.executable, "-c", code + "print(odoo.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(os.path.join("odoo", "__init__.py"))

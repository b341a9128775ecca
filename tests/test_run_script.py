"""setup/run.sh from a clean start: it creates the database with both addons and demo
data, serves the login page, and an XML-RPC client sees both addons installed."""

import os
import shutil
import signal
import subprocess
import time
import urllib.request
import xmlrpc.client
from pathlib import Path

import pytest
from conftest import REPO, database_exists, drop_database, free_port, pg_env, run_script

ADDONS = ["crm_household", "crm_relationship_model"]
# Creating the database installs crm, sale and both addons: minutes on a busy machine.
START_TIMEOUT = 900


def wait_for_login_page(url, server, log_path):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"run.sh stopped (exit {server.returncode}):\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(2)
    pytest.fail(f"no login page at {url} after {START_TIMEOUT}s:\n{log_path.read_text()}")


def stop(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture
def run_db(test_db):
    name = f"{test_db}_run"
    drop_database(name)
    yield name
    drop_database(name)
    # run.sh uses Odoo's default data directory: remove what this database left there.
    shutil.rmtree(Path.home() / ".local/share/Odoo/filestore" / name, ignore_errors=True)


def test_run_serves_both_addons_on_a_new_database(run_db, tmp_path):
    port = free_port()
    log_path = tmp_path / "run.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            ["bash", str(REPO / "setup" / "run.sh")],
            cwd=REPO,
            env=pg_env(CRM_DB=run_db, CRM_HTTP_PORT=port),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        page = wait_for_login_page(f"http://127.0.0.1:{port}/web/login", server, log_path)
        assert 'name="login"' in page
        common = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/common")
        uid = common.authenticate(run_db, "admin", "admin", {})
        assert uid
        models = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}/xmlrpc/2/object")
        modules = models.execute_kw(
            run_db,
            uid,
            "admin",
            "ir.module.module",
            "search_read",
            [[("name", "in", ADDONS)]],
            {"fields": ["name", "state"], "order": "name"},
        )
        assert modules == [
            {"id": modules[0]["id"], "name": "crm_household", "state": "installed"},
            {"id": modules[1]["id"], "name": "crm_relationship_model", "state": "installed"},
        ]
        # Demo data is loaded: the demo persons are there.
        persons = models.execute_kw(
            run_db, uid, "admin", "res.partner", "search_count", [[("crm_kind", "=", "person")]]
        )
        assert persons > 0
        # The URL to open is printed once the server answers.
        for _ in range(20):
            if f"open http://localhost:{port}/odoo" in log_path.read_text():
                break
            time.sleep(0.5)
        assert f"Odoo is ready: open http://localhost:{port}/odoo" in log_path.read_text()
    finally:
        stop(server)
    assert database_exists(run_db)

    # A second start finds the database ready and does not install again.
    result = run_script("run.sh", "--init-only", timeout=120, CRM_DB=run_db)
    assert result.returncode == 0, result.stderr
    assert f"Database {run_db} is ready" in result.stderr
    assert "Creating database" not in result.stderr

"""Odoo on two workers with a streaming read replica, as docker-compose.prod.yml runs it.

The test makes its own PostgreSQL primary and replica on free ports (the machine's own
server allows no replication connections): the primary with initdb and
deploy/postgres/primary-init.sh, the replica with deploy/postgres/replica-entrypoint.sh
(pg_basebackup -R), both as the `postgres` user. The primary gets a copy of this run's
test database; Odoo starts through deploy/odoo-entrypoint.sh with deploy/odoo.conf,
overriding only hosts, ports, paths and the worker count. Every statement either server
runs is logged with the Odoo process that sent it (application_name odoo-<pid>), so the
test sees which server, and which worker, answered.

Checked over HTTP (the web client's JSON-RPC) and XML-RPC: our read paths on the
replica, writes on the primary, a setting changed through one worker seen by the other,
a job started from the web client running in the cron worker with its progress visible,
and three faults: the cron worker killed mid-batch (the next run continues, nothing
counted twice), a worker killed during a write (nothing half-written), the replica
stopped under load (reads go on from the primary or fail cleanly, no write lost).
About a minute.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
from glob import glob
from pathlib import Path

import psutil
import psycopg2
import pytest
import requests
from conftest import REPO, free_port, pg_env

DB = "crm_replica"
ADMIN = ("admin", "admin")
REPLICATION_PASSWORD = "replica-secret"
HOUSEHOLDS = 120
BATCH = 10
RETRY_WARNING = "retrying with a read/write cursor"


def postgres_bin():
    """The newest PostgreSQL server binaries of the machine (Debian's layout)."""
    folders = [
        folder
        for folder in sorted(glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
        if all(os.access(f"{folder}/{tool}", os.X_OK) for tool in ("initdb", "pg_basebackup"))
    ]
    if not folders:
        pytest.fail(
            "No PostgreSQL server binaries (initdb, pg_basebackup) under /usr/lib/postgresql: "
            "setup/install.sh installs the postgresql package."
        )
    return folders[-1]


def as_postgres(args, **kwargs):
    """Run a command as the postgres user (PostgreSQL refuses to run as root)."""
    return subprocess.run(
        args, user="postgres", group="postgres", extra_groups=[], check=True,
        capture_output=True, text=True, timeout=120, **kwargs,
    )  # fmt: skip


class Cluster:
    """A PostgreSQL server of its own, logging every statement with its sender."""

    def __init__(self, bin_dir, base, name):
        self.bin = bin_dir
        self.data = base / name
        self.log = base / f"{name}.log"
        self.socket = base
        self.port = free_port()
        self.process = None

    def options(self):
        return [
            "-p", str(self.port), "-k", str(self.socket), "-c", "listen_addresses=127.0.0.1",
            "-c", "log_statement=all", "-c", "log_line_prefix=%a|%r|", "-c", "fsync=off",
            "-c", "max_connections=200", "-c", "shared_buffers=64MB",
        ]  # fmt: skip

    def start(self, command_prefix=(), env=None):
        self.log.touch()
        shutil.chown(self.log, "postgres", "postgres")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [*command_prefix, f"{self.bin}/postgres", "-D", str(self.data), *self.options()],
                user="postgres", group="postgres", extra_groups=[], stdout=log, stderr=log,
                env=env, start_new_session=True,
            )  # fmt: skip
        self.wait_ready(90)

    def wait_ready(self, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready = subprocess.run(
                [f"{self.bin}/pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)],
                check=False,
            )
            if ready.returncode == 0:
                return
            assert self.process.poll() is None, self.log.read_text()[-3000:]
            time.sleep(0.2)
        pytest.fail(f"{self.data.name} did not start: {self.log.read_text()[-3000:]}")

    def stop(self, mode="fast"):
        if self.process and self.process.poll() is None:
            as_postgres([f"{self.bin}/pg_ctl", "-D", str(self.data), "stop", "-m", mode, "-w"])
            self.process.wait(30)

    def connect(self, db=DB, user="odoo"):
        connection = psycopg2.connect(host="127.0.0.1", port=self.port, dbname=db, user=user)
        connection.autocommit = True
        return connection

    def query(self, sql, db=DB, user="odoo"):
        with contextlib.closing(self.connect(db, user)) as connection, connection.cursor() as cr:
            cr.execute(sql)
            return cr.fetchall() if cr.description else None

    def log_offset(self):
        return self.log.stat().st_size

    def statements_since(self, offset):
        """[(Odoo process id, statement text)] logged since offset. (Every Odoo process
        names its connections after the master, which opened the registry before it
        forked them: the client port tells them apart.)"""
        with open(self.log, "rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
        found = re.findall(
            r"^odoo-\d+\|127\.0\.0\.1\((\d+)\)\|LOG:  statement: (.*(?:\n(?![^\n|]*\|).*)*)",
            text,
            re.M,
        )
        owners = self.client_processes()
        return [(owners.get(int(port)), statement) for port, statement in found]

    def client_processes(self):
        """{client port: process id} of the connections open to this server."""
        return {
            c.laddr.port: c.pid
            for c in psutil.net_connections("tcp")
            if c.raddr and c.raddr.port == self.port and c.pid
        }

    def backend_gone(self, client_port):
        return not self.query(f"SELECT 1 FROM pg_stat_activity WHERE client_port = {client_port}")


class OdooServer:
    def __init__(self, base, primary, replica):
        self.port = free_port()
        self.log = base / "odoo.log"
        self.url = f"http://127.0.0.1:{self.port}"
        settings = base / "odoo.conf"
        env = pg_env(PGHOST="127.0.0.1", PGPORT=primary.port, PGUSER="odoo", PGPASSWORD=None,
                     ODOO_CONF_TEMPLATE=REPO / "deploy" / "odoo.conf", ODOO_CONF=settings,
                     ODOO_ADMIN_PASSWORD="master-secret", ODOO_DB_PASSWORD="unused")  # fmt: skip
        odoo = 'source setup/common.sh; find_odoo; find_python; odoo "$@"'
        self.process = subprocess.Popen(
            ["bash", str(REPO / "deploy" / "odoo-entrypoint.sh"), "bash", "-c", odoo, "odoo",
             f"--database={DB}", f"--db-filter=^{DB}$", "--workers=2", "--max-cron-threads=1",
             f"--http-port={self.port}", f"--gevent-port={free_port()}",
             "--db_replica_host=127.0.0.1", f"--db_replica_port={replica.port}",
             f"--data-dir={base / 'filestore'}", f"--logfile={self.log}", "--log-level=info",
             "--limit-time-real=120", "--db_maxconn=8"],
            cwd=REPO, env=env, start_new_session=True, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=open(base / "odoo.stderr", "wb"),
        )  # fmt: skip
        self.stderr = base / "odoo.stderr"

    def wait_ready(self):
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.stderr.read_text()[-3000:]
            try:
                if requests.get(f"{self.url}/web/health", timeout=10).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        else:
            pytest.fail(f"Odoo did not answer: {self.log_text()[-3000:]}")
        self.xmlrpc = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        self.uid = common.authenticate(DB, *ADMIN, {})
        assert self.uid

    def log_text(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def execute(self, model, method, *args, **kwargs):
        return self.xmlrpc.execute_kw(DB, self.uid, ADMIN[1], model, method, list(args), kwargs)

    def cron_worker_pids(self):
        return {int(p) for p in re.findall(r"WorkerCron \((\d+)\) alive", self.log_text())}

    def http_worker_pids(self):
        return {int(p) for p in re.findall(r"WorkerHTTP \((\d+)\) alive", self.log_text())}

    def session(self, login, password):
        session = WebSession(self.url)
        session.post("/web/session/authenticate", db=DB, login=login, password=password)
        return session

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class WebSession:
    """The web client's JSON-RPC, with its session cookie."""

    def __init__(self, url):
        self.url = url
        self.http = requests.Session()
        # A connection per request, so that each goes to whichever worker is free.
        self.http.headers["Connection"] = "close"

    def post(self, path, **params):
        response = self.http.post(
            self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=60,
        )  # fmt: skip
        assert response.status_code == 200, response.text[-2000:]
        body = response.json()
        assert "error" not in body, json.dumps(body["error"])[-2000:]
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.post(f"/web/dataset/call_kw/{model}/{method}", model=model, method=method,
                         args=list(args), kwargs=kwargs)  # fmt: skip

    def button(self, model, method, ids):
        return self.post("/web/dataset/call_button", model=model, method=method, args=[ids],
                         kwargs={})  # fmt: skip


@pytest.fixture(scope="module")
def stack(test_db):
    bin_dir = postgres_bin()
    base = Path(tempfile.mkdtemp(prefix="crm-replica-"))
    shutil.chown(base, "postgres", "postgres")
    primary = Cluster(bin_dir, base, "primary")
    replica = Cluster(bin_dir, base, "replica")
    server = None
    try:
        as_postgres([f"{bin_dir}/initdb", "-D", str(primary.data), "-U", "postgres",
                     "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        primary.start()
        # The same script as the image's first start: the replication role and access.
        as_postgres(
            ["bash", str(REPO / "deploy" / "postgres" / "primary-init.sh")],
            env={**os.environ, "PGHOST": str(base), "PGPORT": str(primary.port),
                 "PGDATA": str(primary.data), "POSTGRES_USER": "postgres",
                 "REPLICATION_PASSWORD": REPLICATION_PASSWORD},
        )  # fmt: skip
        as_postgres([f"{bin_dir}/pg_ctl", "-D", str(primary.data), "reload"])
        primary.query("CREATE ROLE odoo SUPERUSER LOGIN", db="postgres", user="postgres")
        # This run's test database (both addons, demo data), copied into the primary.
        dump = base / "dump"
        source = pg_env()
        subprocess.run(["pg_dump", "-Fc", "-f", str(dump), test_db], env=source, check=True)
        target = pg_env(PGHOST="127.0.0.1", PGPORT=primary.port, PGUSER="odoo", PGPASSWORD=None)
        subprocess.run(["createdb", DB], env=target, check=True)
        # (It may warn about what the new cluster already has, e.g. the schema public.)
        subprocess.run(["pg_restore", "--no-owner", "-j", "2", "-d", DB, str(dump)], env=target,
                       check=False, capture_output=True)  # fmt: skip
        assert primary.query(
            "SELECT count(*) FROM ir_module_module WHERE state = 'installed' "
            "AND name IN ('crm_relationship_model', 'crm_household')"
        ) == [(2,)]
        # Only our job's scheduled action runs; bundles are rebuilt in this filestore.
        primary.query(
            "UPDATE ir_cron SET active = (id IN (SELECT res_id FROM ir_model_data WHERE "
            "module = 'crm_household' AND name = 'ir_cron_household_status_run'));"
            "DELETE FROM ir_attachment WHERE url LIKE '/web/assets/%';"
        )
        replica.data.mkdir()
        shutil.chown(replica.data, "postgres", "postgres")
        replica.start(
            command_prefix=["bash", str(REPO / "deploy" / "postgres" / "replica-entrypoint.sh")],
            env={**os.environ, "PGDATA": str(replica.data), "PRIMARY_HOST": "127.0.0.1",
                 "PRIMARY_PORT": str(primary.port), "REPLICATION_USER": "replicator",
                 "REPLICATION_PASSWORD": REPLICATION_PASSWORD, "REPLICA_WAIT_SECONDS": "30",
                 "PATH": f"{bin_dir}:{os.environ['PATH']}"},
        )  # fmt: skip
        assert replica.query("SELECT pg_is_in_recovery()") == [(True,)]
        server = OdooServer(base, primary, replica)
        server.wait_ready()
        yield server, primary, replica
    finally:
        if server:
            server.stop()
        for cluster in (replica, primary):
            try:
                cluster.stop("immediate")
            except Exception:  # noqa: BLE001 - cleaning up whatever started
                if cluster.process and cluster.process.poll() is None:
                    os.killpg(cluster.process.pid, signal.SIGKILL)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def people(stack):
    """A person with roles from the demo data and a salesman's login."""
    server, _primary, _replica = stack
    persons = server.execute(
        "res.partner", "search_read", [("crm_kind", "=", "person"), ("role_ids", "!=", False)],
        fields=["id", "name", "email", "role_ids"], limit=1,
    )  # fmt: skip
    group = server.execute("ir.model.data", "check_object_reference", "sales_team",
                           "group_sale_salesman")[1]  # fmt: skip
    salesman = server.execute("res.users", "create", {
        "name": "Replica Salesman", "login": "replica_salesman", "password": "replica-pass",
        "groups_id": [(6, 0, [group])],
    })  # fmt: skip
    return persons[0], ("replica_salesman", "replica-pass"), salesman


def wait_until(condition, seconds=30, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    pytest.fail(f"waited {seconds}s in vain for {condition}")


def blocked_backend(primary):
    """(Odoo process id, client port) of the connection waiting for a row lock the test
    holds."""
    rows = primary.query(
        "SELECT client_port FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND application_name LIKE 'odoo-%'"
    )
    if not rows:
        return None
    return primary.client_processes().get(rows[0][0]), rows[0][0]


def test_our_read_paths_run_on_the_replica(stack, people):
    server, primary, replica = stack
    person, salesman_login, _salesman = people
    for login in (ADMIN, salesman_login):
        web = server.session(*login)
        offset, primary_offset = replica.log_offset(), primary.log_offset()
        # The person form, the persons list with purchase totals, likely persons, the
        # Purchase History tab, and the purchase list and analysis buttons.
        form = web.call("res.partner", "web_read", [person["id"]], specification={
            "name": {}, "crm_purchase_total": {}, "crm_last_purchase_date": {},
            "role_ids": {"fields": {"display_name": {}, "role_state": {}}},
        })  # fmt: skip
        assert form[0]["name"] == person["name"] and form[0]["role_ids"]
        listed = web.call("res.partner", "web_search_read", [("crm_kind", "=", "person")],
                          specification={"display_name": {}, "crm_purchase_total": {}},
                          limit=80)  # fmt: skip
        assert listed["length"] > 1
        likely = web.call("res.partner", "crm_find_likely_persons", name=person["name"],
                          email=person["email"])  # fmt: skip
        assert person["id"] in [row["id"] for row in likely]
        # The Purchase History tab's details, read when the tab is opened.
        details = web.call("res.partner", "crm_purchase_details_data", [person["id"]])
        assert {"invoiced", "categories", "orders"} <= set(details)
        orders = web.button("res.partner", "action_crm_view_orders", [person["id"]])
        assert orders["res_model"] == "sale.order"
        sales = web.call("sale.order", "web_search_read", orders["domain"],
                         specification={"name": {}, "amount_total": {}})  # fmt: skip
        assert "records" in sales
        on_replica = " ".join(s for _pid, s in replica.statements_since(offset))
        for fragment in ("crm_kind", "sale_order", "crm_duplicate_key", "ir_act_window"):
            assert fragment in on_replica, fragment
        # Nothing of those calls reached the primary but the login.
        on_primary = [s for _pid, s in primary.statements_since(primary_offset)]
        assert not [s for s in on_primary if "sale_order" in s or "crm_duplicate_key" in s]
    assert RETRY_WARNING not in server.log_text()


def test_the_feed_answers_on_the_primary(stack, people):
    server, primary, replica = stack
    person, salesman_login, _salesman = people
    note = server.execute("res.partner", "message_post", [person["id"]], body="Feed note",
                          message_type="comment", subtype_xmlid="mail.mt_note")  # fmt: skip
    web = server.session(*salesman_login)
    offset = primary.log_offset()
    feed = web.post("/mail/thread/messages", thread_model="res.partner",
                    thread_id=person["id"], limit=30)  # fmt: skip
    assert note in feed["messages"]
    # Read/write like Odoo's own route: reading marks the user's messages done.
    assert "mail_message" in " ".join(s for _p, s in primary.statements_since(offset))
    data = web.post("/mail/thread/data", thread_model="res.partner", thread_id=person["id"],
                    request_list=["activities", "followers"])  # fmt: skip
    assert data
    assert RETRY_WARNING not in server.log_text()


def test_writes_go_to_the_primary_and_reach_the_replica(stack, people):
    server, primary, replica = stack
    person, _salesman_login, _salesman = people
    offset = primary.log_offset()
    replica_offset = replica.log_offset()
    message = server.execute("res.partner", "message_post", [person["id"]],
                             body="Replica test note", message_type="comment",
                             subtype_xmlid="mail.mt_note")  # fmt: skip
    assert any('INSERT INTO "mail_message"' in s for _p, s in primary.statements_since(offset))
    assert not any("INSERT" in s for _p, s in replica.statements_since(replica_offset))
    wait_until(lambda: replica.query(f"SELECT 1 FROM mail_message WHERE id = {message}"))


def test_a_setting_changed_through_one_worker_is_seen_by_the_other(stack):
    server, primary, replica = stack
    web = server.session(*ADMIN)
    field = "crm_household_customer_months"
    for months in (7, 31):
        settings = web.call("res.config.settings", "create", {field: months})
        web.button("res.config.settings", "execute", [settings])
        offset = primary.log_offset()
        replica_offset = replica.log_offset()
        seen = []

        def read_setting(seen=seen):
            for _ in range(15):
                seen.append(web.call("res.config.settings", "default_get", [field])[field])

        readers = [threading.Thread(target=read_setting) for _ in range(2)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(60)
        assert seen == [months] * 30
        # Both workers answered (their statements carry their process id).
        pids = {p for p, _s in primary.statements_since(offset)}
        pids |= {p for p, _s in replica.statements_since(replica_offset)}
        assert len(pids & server.http_worker_pids()) == 2, (pids, server.http_worker_pids())


def test_a_job_from_the_web_client_runs_in_the_cron_worker(stack):
    """Started from the web client, processed by the cron worker in committed batches
    with its progress visible; that worker killed mid-batch, the next one continues
    from the cursor and counts nothing twice."""
    server, primary, _replica = stack
    households = server.execute("res.partner", "create", [
        {"crm_kind": "household", "name": f"Replicahuis {n}"} for n in range(HOUSEHOLDS)
    ])  # fmt: skip
    # Every computed status emptied: the run writes each one back.
    primary.query("UPDATE res_partner SET household_status = NULL WHERE crm_kind = 'household' "
                  "AND household_status_override IS NOT TRUE")  # fmt: skip
    total = primary.query("SELECT COUNT(*) FROM res_partner WHERE crm_kind = 'household'")[0][0]
    computed = primary.query("SELECT COUNT(*) FROM res_partner WHERE crm_kind = 'household' "
                             "AND household_status IS NULL")[0][0]  # fmt: skip
    web = server.session(*ADMIN)
    run = web.call("crm.household.status.run", "create", {"batch_size": BATCH})
    # A row the run will write half way, locked here: the batch holding it waits.
    held = psycopg2.connect(host="127.0.0.1", port=primary.port, dbname=DB, user="odoo")
    lock = held.cursor()
    lock.execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE", [households[60]])
    web.button("crm.household.status.run", "action_job_start", [run])
    cron_pid, cron_port = wait_until(lambda: blocked_backend(primary))
    assert cron_pid in server.cron_worker_pids()
    assert cron_pid not in server.http_worker_pids()

    def progress():
        fields = {"job_state": {}, "job_progress": {}, "job_done": {}, "job_total": {},
                  "job_cursor": {}, "changed_count": {}}  # fmt: skip
        return web.call("crm.household.status.run", "web_read", [run], specification=fields)[0]

    during = progress()
    assert during["job_state"] == "running" and during["job_total"] == total
    assert 0 < during["job_progress"] < 100 and during["job_done"] % BATCH == 0
    # The cron worker dies mid-batch; its batch is rolled back once the lock goes.
    os.kill(cron_pid, signal.SIGKILL)
    held.rollback()
    held.close()
    wait_until(lambda: primary.backend_gone(cron_port))
    assert progress()["job_done"] == during["job_done"], "the killed batch left nothing"
    # The master starts another cron worker; woken (as a trigger does), it continues.
    wait_until(lambda: server.cron_worker_pids() - {cron_pid}, seconds=30)

    def finished():
        primary.query(f"SELECT pg_notify('cron_trigger', '{DB}')", db="postgres")
        state = progress()
        return state if state["job_state"] == "done" else None

    done = wait_until(finished, seconds=90, step=1)
    assert (done["job_done"], done["job_total"], done["job_progress"]) == (total, total, 100.0)
    # Each household's status written once: the killed batch's writes were undone.
    assert done["changed_count"] == computed
    left = primary.query("SELECT COUNT(*) FROM res_partner WHERE crm_kind = 'household' "
                         "AND household_status IS NULL")  # fmt: skip
    assert left == [(0,)]


def test_a_worker_killed_during_a_write_leaves_nothing_half_written(stack, people):
    server, primary, _replica = stack
    person, _salesman_login, _salesman = people
    roles = server.execute("res.partner", "read", person["role_ids"], ["name"])
    held = psycopg2.connect(host="127.0.0.1", port=primary.port, dbname=DB, user="odoo")
    held.cursor().execute("SELECT id FROM res_partner WHERE id = %s FOR UPDATE",
                          [roles[-1]["id"]])  # fmt: skip
    outcome = {}
    # The web client's JSON-RPC: unlike Python's XML-RPC client, it does not send the
    # request again when the connection drops.
    web = server.session(*ADMIN)

    def rename():
        try:
            outcome["result"] = web.call("res.partner", "write", [person["id"]],
                                         {"firstname": "Halfway"})  # fmt: skip
        except Exception as error:  # noqa: BLE001 - the client's view of the dead worker
            outcome["error"] = error

    writer = threading.Thread(target=rename)
    writer.start()
    # The person's row is written; its role's waits for the lock: the worker dies there.
    worker, worker_port = wait_until(lambda: blocked_backend(primary))
    assert worker in server.http_worker_pids()
    os.kill(worker, signal.SIGKILL)
    writer.join(30)
    held.rollback()
    held.close()
    assert isinstance(outcome.get("error"), requests.ConnectionError), outcome
    wait_until(lambda: primary.backend_gone(worker_port))
    after = server.execute("res.partner", "read", [person["id"]] + person["role_ids"], ["name"])
    assert after[0]["name"] == person["name"]
    assert [r["name"] for r in after[1:]] == [r["name"] for r in roles]
    # The master replaced the worker: the same write now succeeds, roles included.
    assert server.execute("res.partner", "write", [person["id"]], {"firstname": "Whole"})
    renamed = server.execute("res.partner", "read", [person["id"]] + person["role_ids"], ["name"])
    assert all("Whole" in r["name"] for r in renamed)


def test_the_replica_stopped_under_load(stack, people):
    """Reads go on from the primary or fail cleanly (a JSON-RPC error, never a
    traceback page); every note written meanwhile is there."""
    server, _primary, replica = stack
    person, salesman_login, _salesman = people
    stop = threading.Event()
    outcomes = []
    written = []

    # Logged in before the load: a login racing the replica's stop would end its reader
    # thread unseen (the test counts the outcomes of those that run).
    sessions = [server.session(*salesman_login) for _ in range(3)]

    def reader(web):
        while not stop.is_set():
            try:
                response = web.http.post(
                    f"{server.url}/web/dataset/call_kw/res.partner/web_search_read",
                    json={"jsonrpc": "2.0", "method": "call", "params": {
                        "model": "res.partner", "method": "web_search_read",
                        "args": [[("crm_kind", "=", "person")]],
                        "kwargs": {"specification": {"display_name": {}, "crm_purchase_total": {}},
                                   "limit": 40}}},
                    timeout=30,
                )  # fmt: skip
                outcomes.append((time.monotonic(), response.status_code, response.text))
            except requests.RequestException as error:
                outcomes.append((time.monotonic(), None, str(error)))

    def writer():
        while not stop.is_set():
            written.append(server.execute("res.partner", "message_post", [person["id"]],
                                          body=f"Under load {len(written)}",
                                          message_type="comment",
                                          subtype_xmlid="mail.mt_note"))  # fmt: skip

    threads = [threading.Thread(target=reader, args=(web,)) for web in sessions]
    threads.append(threading.Thread(target=writer))
    for thread in threads:
        thread.start()
    wait_until(lambda: len(outcomes) >= 3 and written, seconds=60)
    stopped_at = time.monotonic()
    replica.stop("fast")
    page = requests.get(f"{server.url}/web/login", timeout=30)
    time.sleep(4)
    stop.set()
    for thread in threads:
        thread.join(60)
    assert page.status_code in (200, 500) and "Traceback" not in page.text
    after_stop = [o for o in outcomes if o[0] > stopped_at]
    assert after_stop and outcomes[0][0] < stopped_at
    for _when, status, text in outcomes:
        assert status == 200, text[-1000:]
        assert "Traceback" not in text or '"error"' in text
        body = json.loads(text)
        assert "result" in body or body["error"]["message"], text[-1000:]
    # Once the replica is gone, the primary serves the reads.
    assert all("result" in json.loads(text) for _w, _s, text in after_stop[-5:])
    assert written
    found = server.execute("mail.message", "search_count", [("id", "in", written)])
    assert found == len(written)

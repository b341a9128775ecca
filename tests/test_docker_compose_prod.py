"""docker-compose.prod.yml, the production deployment: nginx in front of Odoo's prefork
workers and its websocket process, PostgreSQL 16 with a streaming replica Odoo reads
from, the filestore on a shared volume, secrets never written in a file of the
repository. No Docker engine is needed: the files are parsed as nginx, Odoo and the
images read them, and the Odoo entry point is run. (The replica's entry point is run for
real by tests/test_replica.py, which makes its replica with it.)"""

import json
import os
import re
import stat
import subprocess
import sys
import textwrap

import pytest
import yaml
from conftest import REPO

DEPLOY = REPO / "deploy"
ADDONS = ["crm_relationship_model", "crm_household"]
ODOO_SERVICES = ("init", "odoo")

# Prints the settings Odoo's own parser reads from the command line it is given.
PRINT_ODOO_CONFIG = textwrap.dedent(
    """
    import json, sys
    from odoo.tools import config
    config.parse_config(sys.argv[1:])
    keys = sys.stdin.read().split()
    print(json.dumps({key: config[key] for key in keys}))
    """
)
ODOO_KEYS = """workers max_cron_threads proxy_mode list_db admin_passwd db_password db_host
db_port db_user db_replica_host db_replica_port db_name dbfilter data_dir http_port gevent_port
limit_memory_soft limit_memory_hard limit_time_cpu limit_time_real limit_time_real_cron
without_demo addons_path"""


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "docker-compose.prod.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def bind_mounts(service):
    """{container path: repository path} of a service's bind mounts."""
    result = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith("."):
            result[target] = (REPO / source).resolve()
    return result


def named_volumes(service):
    return {
        v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", []) if v[0] not in "./"
    }


def run_entrypoint(tmp_path, *command, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ODOO_")}
    environment.update(
        {"ODOO_CONF_TEMPLATE": str(DEPLOY / "odoo.conf"), "ODOO_CONF": str(tmp_path / "odoo.conf")}
    )
    environment.update(env)
    return subprocess.run(
        ["bash", str(DEPLOY / "odoo-entrypoint.sh"), *command],
        env=environment, capture_output=True, text=True, input=ODOO_KEYS, timeout=60,
        check=False,
    )  # fmt: skip


def odoo_python():
    venv = os.environ.get("ODOO_VENV", os.path.expanduser("~/.venvs/odoo-18.0"))
    python = os.path.join(venv, "bin", "python")
    return python if os.path.exists(python) else sys.executable


@pytest.fixture(scope="module")
def odoo_settings(tmp_path_factory):
    """deploy/odoo.conf as Odoo reads it, started through the entry point with secrets
    given as a file (Docker secrets) and as a variable."""
    tmp_path = tmp_path_factory.mktemp("odoo_conf")
    secret = tmp_path / "admin_password"
    secret.write_text("s3cret master; 100%\n")
    odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo-18.0")
    result = run_entrypoint(
        tmp_path, odoo_python(), "-c", PRINT_ODOO_CONFIG,
        ODOO_ADMIN_PASSWORD_FILE=str(secret), ODOO_DB_PASSWORD="db pass",
        PYTHONPATH=odoo_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = tmp_path / "odoo.conf"
    return json.loads(result.stdout.strip().splitlines()[-1]), written


def nginx_blocks(text):
    """nginx's configuration as nested lists: [(directive words, children or None)]."""
    text = re.sub(r"#[^\n]*", "", text)
    tokens = re.findall(r'"[^"]*"|[{};]|[^\s{};"]+', text)
    stack = [[]]
    words = []
    for token in tokens:
        if token == "{":
            block = []
            stack[-1].append((words, block))
            stack.append(block)
            words = []
        elif token == "}":
            assert not words, words
            stack.pop()
        elif token == ";":
            stack[-1].append((words, None))
            words = []
        else:
            words.append(token.strip('"'))
    assert len(stack) == 1 and not words, "unbalanced braces"
    return stack[0]


def directives(block, name):
    return [words[1:] for words, _children in block if words[0] == name]


def child(block, *words):
    matches = [children for w, children in block if w == list(words)]
    assert len(matches) == 1, words
    return matches[0]


@pytest.fixture(scope="module")
def nginx():
    return nginx_blocks((DEPLOY / "nginx.conf").read_text())


def test_the_services_and_their_images(services):
    assert set(services) == {"db", "db-replica", "init", "odoo", "nginx"}
    assert services["db"]["image"] == services["db-replica"]["image"] == "postgres:16"
    assert services["nginx"]["image"].split(":")[0] == "nginx"
    demo = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]["odoo"]
    for name in ODOO_SERVICES:
        # The same image as the quick start, built here from the official odoo:18.
        assert services[name]["image"] == demo["image"], name
        assert services[name]["pull_policy"] == "build" and services[name]["build"] == "."
    # Only nginx is reachable from outside; Odoo's ports stay inside the network.
    published = {name: s["ports"] for name, s in services.items() if s.get("ports")}
    assert published == {"nginx": ["80:80"]}


def test_odoo_runs_prefork_with_the_replica(odoo_settings, services):
    settings, _written = odoo_settings
    assert settings["workers"] >= 2 and settings["max_cron_threads"] >= 1
    assert settings["proxy_mode"] is True and settings["list_db"] is False
    assert settings["db_host"] == "db" and settings["db_replica_host"] == "db-replica"
    assert settings["db_port"] == settings["db_replica_port"] == 5432
    assert {"db", "db-replica"} <= set(services)
    assert settings["db_name"] == "crm" and re.fullmatch(settings["dbfilter"], "crm")
    assert settings["without_demo"] == "all"
    # Memory: soft below hard; time: the cron limit leaves room for a job's batch.
    assert 0 < settings["limit_memory_soft"] < settings["limit_memory_hard"]
    assert 0 < settings["limit_time_cpu"] <= settings["limit_time_real"]
    assert settings["limit_time_real_cron"] > 0
    assert settings["addons_path"].split(",")[0] == "/mnt/extra-addons"


def test_the_passwords_come_from_secrets(odoo_settings, services, compose):
    settings, written = odoo_settings
    assert settings["admin_passwd"] == "s3cret master; 100%"
    assert settings["db_password"] == "db pass"
    # The copy holding them is the user's alone; the mounted file holds none.
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    mounted = (DEPLOY / "odoo.conf").read_text()
    assert not re.search(r"^\s*(admin_passwd|db_password)\s*=", mounted, re.M)
    for name, secret in compose["secrets"].items():
        assert set(secret) == {"environment"}, name
    for name in ODOO_SERVICES:
        environment = services[name]["environment"]
        assert environment["ODOO_ADMIN_PASSWORD_FILE"] == "/run/secrets/odoo_admin_password"
        assert environment["ODOO_DB_PASSWORD_FILE"] == "/run/secrets/db_password"
        assert set(services[name]["secrets"]) == {"odoo_admin_password", "db_password"}
    assert services["db"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/db_password"
    text = (REPO / "docker-compose.prod.yml").read_text()
    assert not re.search(r"PASSWORD: (?!/run/secrets/)", text)


def test_the_entrypoint_refuses_what_odoo_would_misread(tmp_path):
    missing = run_entrypoint(tmp_path, "true", ODOO_DB_PASSWORD="x")
    assert missing.returncode == 1 and "ODOO_ADMIN_PASSWORD" in missing.stderr
    two_lines = run_entrypoint(tmp_path, "true", ODOO_DB_PASSWORD="x",
                               ODOO_ADMIN_PASSWORD="a\nworkers = 0")  # fmt: skip
    assert two_lines.returncode == 1 and "line break" in two_lines.stderr
    template = tmp_path / "template.conf"
    template.write_text("[options]\nadmin_passwd = admin\n")
    doubled = run_entrypoint(tmp_path, "true", ODOO_DB_PASSWORD="x", ODOO_ADMIN_PASSWORD="y",
                             ODOO_CONF_TEMPLATE=str(template))  # fmt: skip
    assert doubled.returncode == 1 and "remove them" in doubled.stderr
    assert not (tmp_path / "odoo.conf").exists()


def test_nginx_proxies_the_workers_and_the_websocket(nginx, odoo_settings, services):
    settings, _written = odoo_settings
    upstreams = {words[1]: directives(block, "server") for words, block in nginx
                 if words[0] == "upstream"}  # fmt: skip
    assert upstreams == {
        "odoo": [[f"odoo:{settings['http_port']}"]],
        "odoo_websocket": [[f"odoo:{settings['gevent_port']}"]],
    }
    assert {"8069", "8072"} <= {str(port) for port in services["odoo"]["expose"]}
    server = child(nginx, "server")
    assert directives(server, "listen") == [["80"]]
    assert directives(server, "client_max_body_size") == [["128m"]]
    assert directives(server, "gzip") == [["on"]]
    assert "application/json" in directives(server, "gzip_types")[0]
    headers = {h[0]: h[1] for h in directives(server, "proxy_set_header")}
    assert headers["X-Forwarded-Proto"] == "$scheme"
    assert headers["X-Forwarded-Host"] == "$host"
    websocket = child(server, "location", "/websocket")
    assert directives(websocket, "proxy_pass") == [["http://odoo_websocket"]]
    assert directives(websocket, "proxy_http_version") == [["1.1"]]
    ws_headers = {h[0]: h[1] for h in directives(websocket, "proxy_set_header")}
    assert ws_headers["Upgrade"] == "$http_upgrade"
    assert ws_headers["Connection"] == "$connection_upgrade"
    # A location that sets headers drops the server's: the forwarded ones are repeated.
    assert {"X-Forwarded-Proto", "X-Forwarded-For", "X-Forwarded-Host"} <= set(ws_headers)
    mapping = [block for words, block in nginx if words[:2] == ["map", "$http_upgrade"]]
    assert mapping and ["default", "upgrade"] in [w for w, _c in mapping[0]]
    assert directives(child(server, "location", "/"), "proxy_pass") == [["http://odoo"]]
    assert directives(child(server, "location", "/longpolling"), "proxy_pass") == [
        ["http://odoo_websocket"]
    ]
    nginx_mounts = bind_mounts(services["nginx"])
    assert nginx_mounts == {"/etc/nginx/conf.d/default.conf": DEPLOY / "nginx.conf"}


def test_the_replica_is_made_from_the_primary(services):
    primary, replica = services["db"], services["db-replica"]
    assert bind_mounts(primary) == {
        "/docker-entrypoint-initdb.d/10-replication.sh": DEPLOY / "postgres" / "primary-init.sh"
    }
    assert bind_mounts(replica) == {
        "/usr/local/bin/replica-entrypoint.sh": DEPLOY / "postgres" / "replica-entrypoint.sh"
    }
    assert replica["entrypoint"] == ["bash", "/usr/local/bin/replica-entrypoint.sh"]
    # After the copy, the image's own entry point starts the server (as a standby).
    assert replica["command"][:2] == ["docker-entrypoint.sh", "postgres"]
    assert replica["environment"]["PRIMARY_HOST"] == "db"
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    assert replica["environment"]["PGDATA"] == "/var/lib/postgresql/data"
    for service in (primary, replica):
        assert named_volumes(service)["/var/lib/postgresql/data"] in {"db-primary", "db-replica"}
    assert named_volumes(primary) != named_volumes(replica)
    script = (DEPLOY / "postgres" / "replica-entrypoint.sh").read_text()
    assert "--write-recovery-conf" in script and "PG_VERSION" in script
    init = (DEPLOY / "postgres" / "primary-init.sh").read_text()
    assert "REPLICATION" in init and "host replication" in init


def test_the_workers_share_the_filestore_and_the_addons(services, odoo_settings):
    settings, _written = odoo_settings
    for name in ODOO_SERVICES:
        service = services[name]
        assert named_volumes(service) == {settings["data_dir"]: "odoo-filestore"}, name
        mounts = bind_mounts(service)
        assert mounts["/etc/odoo/odoo.conf"] == DEPLOY / "odoo.conf"
        assert mounts["/usr/local/bin/odoo-entrypoint.sh"] == DEPLOY / "odoo-entrypoint.sh"
        for addon in ADDONS:
            assert mounts[f"/mnt/extra-addons/{addon}"] == REPO / addon
        assert service["entrypoint"] == ["bash", "/usr/local/bin/odoo-entrypoint.sh"]
    for service in services.values():
        for path in bind_mounts(service).values():
            assert path.exists(), path


def test_the_start_order(services):
    init, odoo = services["init"], services["odoo"]
    assert init["restart"] == "no" and "--stop-after-init" in init["command"]
    assert "--init=crm_relationship_model,crm_household" in init["command"]
    assert odoo["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert odoo["depends_on"]["db-replica"]["condition"] == "service_healthy"
    assert services["nginx"]["depends_on"]["odoo"]["condition"] == "service_healthy"
    assert "/web/health" in " ".join(odoo["healthcheck"]["test"])

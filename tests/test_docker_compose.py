"""docker-compose.yml: the official images, both addons mounted, data in volumes, health
checks, a one-shot service that prepares the demo database, and a test profile; every
script its commands run is in the repository. (No Docker engine is needed to check it.)"""

from pathlib import Path

import pytest
import yaml
from conftest import REPO

ADDONS = ["crm_relationship_model", "crm_household"]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def mounts(service):
    """{container path: host path} of a service's bind mounts, host paths resolved."""
    result = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith("."):
            result[target] = (REPO / source).resolve()
    return result


def named_volumes(service):
    return {v.split(":")[0] for v in service.get("volumes", []) if not v.startswith(".")}


def addon_dirs(service):
    """The addons a service sees: mounted one by one, or inside a mounted repository."""
    seen = set()
    for host in mounts(service).values():
        if host == REPO:
            seen.update(addon for addon in ADDONS if (host / addon / "__manifest__.py").is_file())
        elif (host / "__manifest__.py").is_file():
            seen.add(host.name)
    return seen


def scripts_run(service):
    """Repository scripts a service's entrypoint or command runs, as repository paths."""
    words = list(service.get("entrypoint") or []) + list(service.get("command") or [])
    workdir = service.get("working_dir")
    repo_mount = next((t for t, h in mounts(service).items() if h == REPO), None)
    scripts = []
    for word in words:
        if not word.endswith(".sh"):
            continue
        path = Path(word)
        if not path.is_absolute():
            assert workdir, f"relative script {word} without a working_dir"
            path = Path(workdir) / path
        assert repo_mount and path.is_relative_to(repo_mount), f"{word} is not in the repo"
        scripts.append(REPO / path.relative_to(repo_mount))
    return scripts


def test_services_and_official_images(services):
    assert set(services) == {"db", "init", "odoo", "test"}
    assert services["db"]["image"] == "postgres:16"
    for name in ("init", "odoo", "test"):
        assert services[name]["image"] == "odoo:18"


def test_data_lives_in_volumes(compose, services):
    assert set(compose["volumes"]) == {"db-data", "odoo-data"}
    assert "db-data:/var/lib/postgresql/data" in services["db"]["volumes"]
    # The server and the service that installs the addons share the filestore.
    for name in ("init", "odoo"):
        assert "odoo-data:/var/lib/odoo" in services[name]["volumes"]


def test_both_addons_are_mounted(services):
    odoo_mounts = mounts(services["odoo"])
    for addon in ADDONS:
        assert odoo_mounts[f"/mnt/extra-addons/{addon}"] == REPO / addon
    for name in ("init", "odoo", "test"):
        assert addon_dirs(services[name]) == set(ADDONS), name


def test_health_checks_gate_the_start(services):
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/web/health" in " ".join(services["odoo"]["healthcheck"]["test"])
    for name in ("init", "odoo", "test"):
        assert services[name]["depends_on"]["db"]["condition"] == "service_healthy"
    assert services["odoo"]["depends_on"]["init"]["condition"] == "service_completed_successfully"


def test_init_prepares_the_demo_database_once(services):
    init = services["init"]
    assert init["restart"] == "no"
    assert init["command"] == ["bash", "setup/run.sh", "--init-only"]
    assert init["environment"]["CRM_DB"] == "crm_demo"
    assert init["environment"]["ODOO_FROM_PACKAGE"] == "1"
    assert "--init-only" in (REPO / "setup" / "run.sh").read_text()
    # The server opens that database.
    assert "--database=crm_demo" in services["odoo"]["command"]
    assert services["odoo"]["ports"] == ["8069:8069"]


def test_test_profile_runs_the_test_command(services):
    test = services["test"]
    assert test["profiles"] == ["test"]
    assert test["entrypoint"] == ["bash", "setup/docker_test.sh"]
    assert test["environment"]["ODOO_FROM_PACKAGE"] == "1"
    assert "exec bash setup/test.sh" in (REPO / "setup" / "docker_test.sh").read_text()
    # Only the test profile's service is left out of a plain `docker compose up`.
    assert [n for n, s in services.items() if s.get("profiles")] == ["test"]


def test_every_script_the_commands_run_exists(services):
    scripts = [script for service in services.values() for script in scripts_run(service)]
    assert {s.name for s in scripts} == {"run.sh", "docker_test.sh"}
    for script in scripts:
        assert script.is_file(), script

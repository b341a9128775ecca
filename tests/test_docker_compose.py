"""docker-compose.yml: PostgreSQL's official image and, for every service that runs Odoo,
one image built from the official odoo:18 with the OCA addons the manifests need (the
Dockerfile); both addons mounted, data in volumes, health checks, a one-shot service that
prepares the demo database, and a test profile; every script its commands run is in the
repository. (No Docker engine is needed to check it.)"""

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPO

ADDONS = ["crm_relationship_model", "crm_household"]
ODOO_SERVICES = ("init", "odoo", "test")

spec = importlib.util.spec_from_file_location(
    "addon_requirements", REPO / "setup" / "addon_requirements.py"
)
addon_requirements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(addon_requirements)


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


def dockerfile_instructions():
    """[(INSTRUCTION, arguments)] of the Dockerfile, continued lines joined."""
    text = re.sub(r"\\\n", " ", (REPO / "Dockerfile").read_text())
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def build_context(tmp_path):
    """A copy of the files `docker build .` sends, as .dockerignore selects them: its
    patterns in order, the last that matches a file or one of its folders deciding."""

    def regex(pattern):
        parts = re.split(r"(\*\*/?|\*|\?)", pattern.strip("/"))
        wildcards = {"**": ".*", "**/": "(.*/)?", "*": "[^/]*", "?": "[^/]"}
        return re.compile("".join(wildcards.get(p, re.escape(p)) for p in parts) + "$")

    rules = []
    for line in (REPO / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rules.append((line.startswith("!"), regex(line.lstrip("!"))))
    context = tmp_path / "context"
    for path in REPO.rglob("*"):
        if not path.is_file() or ".git" in path.relative_to(REPO).parts:
            continue
        relative = path.relative_to(REPO).as_posix()
        prefixes = ["/".join(relative.split("/")[: n + 1]) for n in range(relative.count("/") + 1)]
        included = True
        for keep, pattern in rules:
            if any(pattern.match(prefix) for prefix in prefixes):
                included = keep
        if included:
            (context / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, context / relative)
    return context


def test_odoo_services_use_the_image_built_here(services):
    assert set(services) == {"db", "init", "odoo", "test"}
    assert services["db"]["image"] == "postgres:16"
    images = {services[name]["image"] for name in ODOO_SERVICES}
    assert len(images) == 1, images
    for name in ODOO_SERVICES:
        assert (REPO / services[name]["build"] / "Dockerfile").is_file(), name
        # Built, never pulled: no registry holds this name, or could serve another image.
        assert services[name]["pull_policy"] == "build", name
    assert dockerfile_instructions()[0] == ("FROM", "odoo:18")


def test_the_image_installs_what_the_manifests_need(tmp_path):
    instructions = dockerfile_instructions()
    copies = [args.split() for kind, args in instructions if kind == "COPY"]
    assert len(copies) == 1 and copies[0][0] == "." and len(copies[0]) == 2, copies
    destination = copies[0][1]
    runs = [shlex.split(args) for kind, args in instructions if kind == "RUN"]
    assert len(runs) == 1
    words = runs[0]
    script = words.index(f"{destination}/setup/addon_requirements.py")
    assert words[script - 1] == "python3" and words[script + 1] == "--install"
    # Ubuntu 24.04's Python is externally managed; Odoo is its Debian package.
    assert "--break-system-packages" in words[script + 1 : words.index("&&", script)]
    assert "manifestoo-core" in words[:script]
    # The build installs as root and the image runs as Odoo's user, as the official one.
    users = [args for kind, args in instructions if kind == "USER"]
    assert users == ["root", "odoo"]
    # What the build context holds (.dockerignore) is enough to derive the same list.
    context = build_context(tmp_path)
    assert (context / "setup" / "addon_requirements.py").is_file()
    assert addon_requirements.requirements(context) == addon_requirements.requirements(REPO)
    assert sorted(p.name for p in addon_requirements.addon_dirs(context)) == sorted(ADDONS)
    # ... and no more: the addons are mounted, and a change to them rebuilds nothing.
    assert not list(context.rglob("*.xml")) and not list(context.rglob("models"))


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
    for name in ODOO_SERVICES:
        assert addon_dirs(services[name]) == set(ADDONS), name


def test_health_checks_gate_the_start(services):
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert "/web/health" in " ".join(services["odoo"]["healthcheck"]["test"])
    for name in ODOO_SERVICES:
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

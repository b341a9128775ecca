""".pre-commit-config.yaml: the OCA's checks for 18.0 (its module and .po checks, ruff,
pylint-odoo, prettier, eslint) and shellcheck, every hook local and pinned, so that
setup/install.sh can install them all from PyPI and npm and the lint then runs offline
(no hook clones a git repository)."""

import re

import pytest
import yaml
from conftest import REPO


@pytest.fixture(scope="module")
def hooks():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert [repo["repo"] for repo in config["repos"]] == ["local"] * len(config["repos"])
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_the_oca_checks_are_there(hooks):
    assert {
        "oca-checks-odoo-module", "oca-checks-po", "ruff", "ruff-format",
        "pylint-odoo-mandatory", "prettier", "eslint", "shellcheck",
    } <= set(hooks)  # fmt: skip
    assert hooks["oca-checks-odoo-module"]["entry"] == "oca-checks-odoo-module"
    assert hooks["oca-checks-po"]["entry"].split()[0] == "oca-checks-po"
    assert hooks["eslint"]["entry"].split()[0] == "eslint"
    assert (REPO / "eslint.config.cjs").is_file()


def test_every_hook_installs_from_a_registry_at_a_pinned_version(hooks):
    for hook in hooks.values():
        assert hook["language"] in {"python", "node", "fail", "pygrep"}, hook["id"]
        for requirement in hook.get("additional_dependencies", []):
            if hook["language"] == "python":
                assert re.fullmatch(r"[\w.-]+==[\w.]+", requirement), requirement
            else:
                assert re.fullmatch(r"(@[\w.-]+/)?[\w.-]+@\d[\w.]*", requirement), requirement
        if hook["language"] in {"python", "node"}:
            assert hook.get("additional_dependencies"), f"{hook['id']} installs nothing"


def test_install_installs_the_hooks():
    assert re.search(r"/pre-commit\"? install-hooks", (REPO / "setup" / "install.sh").read_text())

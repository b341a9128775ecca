"""README.md stays true to the scripts: the commands it gives exist, and the environment
variables the scripts read are the ones its table documents."""

import importlib.util
import re

from conftest import REPO
from packaging.requirements import Requirement

README = (REPO / "README.md").read_text()


def scripts_settings():
    """CRM_* and ODOO_* variables the scripts take from the environment (${NAME:-...})."""
    names = set()
    for script in (REPO / "setup").glob("*.sh"):
        names.update(re.findall(r"\$\{((?:CRM|ODOO)_[A-Z_]+):[-=]", script.read_text()))
    return names


def readme_table_settings():
    return set(re.findall(r"^\| `((?:CRM|ODOO)_[A-Z_]+)`", README, re.MULTILINE))


def test_commands_in_the_readme_exist():
    commands = set(re.findall(r"bash (setup/[\w.]+|\.ci/run)", README))
    assert {"setup/install.sh", "setup/run.sh", "setup/test.sh", "setup/lint.sh"} <= commands
    for command in commands:
        assert (REPO / command).is_file(), command


def test_every_setting_of_the_scripts_is_documented():
    assert scripts_settings() == readme_table_settings()
    assert "ODOO_PATH" in scripts_settings()


def test_readme_does_not_fetch_odoo():
    # Users get Odoo from the official image or an official source install, never here.
    for forbidden in ("git clone", "nightly.odoo.com", "github.com/odoo/odoo", "wget", "curl "):
        assert forbidden not in README, forbidden
    assert "/opt/odoo-18.0" in README
    assert "docker compose up" in README


def test_every_package_the_manifests_need_is_in_the_dependencies():
    spec = importlib.util.spec_from_file_location(
        "addon_requirements", REPO / "setup" / "addon_requirements.py"
    )
    addon_requirements = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(addon_requirements)
    section = README.split("\n## Dependencies\n", 1)[1].split("\n## ", 1)[0]
    for line in addon_requirements.requirements():
        assert f"`{Requirement(line).name}`" in section, line
    for script in ("setup/install.sh", "Dockerfile", "setup/addon_requirements.py"):
        assert script in section, script

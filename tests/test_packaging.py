"""Each addon is a Python package (OCA style, built by whool): `pip install ./<addon>`
works in the Odoo virtualenv, where setup/install.sh registered Odoo as a distribution.
What setup/addon_requirements.py derives from the manifests (and setup/install.sh and
the Dockerfile install) is what those packages require."""

import email
import importlib.util
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("whool") is None,
    reason="whool is not installed (setup/install.sh installs it)",
)


def pip(*args):
    return subprocess.run(
        [sys.executable, "-m", "pip", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheels")
    result = pip(
        "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
        "-w", str(out), "./crm_relationship_model", "./crm_household",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return {path.name.split("-")[0]: path for path in out.glob("*.whl")}


def metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.message_from_bytes(archive.read(name))


def test_wheels_carry_the_addons_and_their_odoo_dependencies(wheels):
    assert set(wheels) == {"odoo_addon_crm_relationship_model", "odoo_addon_crm_household"}
    model = metadata(wheels["odoo_addon_crm_relationship_model"])
    household = metadata(wheels["odoo_addon_crm_household"])
    assert model["Name"] == "odoo-addon-crm_relationship_model"
    assert model["Version"].startswith("18.0.")
    assert "odoo==18.0.*" in model.get_all("Requires-Dist")
    assert {"odoo==18.0.*", "odoo-addon-crm_relationship_model==18.0.*"} <= set(
        household.get_all("Requires-Dist")
    )
    with zipfile.ZipFile(wheels["odoo_addon_crm_household"]) as archive:
        assert "odoo/addons/crm_household/__manifest__.py" in archive.namelist()


def test_addon_requirements_are_what_the_wheels_require(wheels):
    # All the wheels require, but Odoo and each other: what the environment must provide.
    own = {canonicalize_name(metadata(wheel)["Name"]) for wheel in wheels.values()} | {"odoo"}
    required = {
        line
        for wheel in wheels.values()
        for line in metadata(wheel).get_all("Requires-Dist")
        if canonicalize_name(Requirement(line).name) not in own
    }
    result = subprocess.run(
        [sys.executable, str(REPO / "setup" / "addon_requirements.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == sorted(required)


def test_pip_install_resolves_against_the_installed_odoo():
    # --no-index: odoo==18.0.* can only come from the distribution already installed.
    result = pip(
        "install", "--dry-run", "--no-build-isolation", "--no-index",
        "./crm_relationship_model", "./crm_household",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Would install odoo-addon-crm_household-18.0" in result.stdout
    assert "odoo-addon-crm_relationship_model-18.0" in result.stdout

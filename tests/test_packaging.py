"""Each addon is a Python package (OCA style, built by whool): `pip install ./<addon>`
works in the Odoo virtualenv, where setup/install.sh registered Odoo as a distribution."""

import email
import importlib.util
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO

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
    assert model.get_all("Requires-Dist") == ["odoo==18.0.*"]
    assert sorted(household.get_all("Requires-Dist")) == [
        "odoo-addon-crm_relationship_model==18.0.*",
        "odoo==18.0.*",
    ]
    with zipfile.ZipFile(wheels["odoo_addon_crm_household"]) as archive:
        assert "odoo/addons/crm_household/__manifest__.py" in archive.namelist()


def test_pip_install_resolves_against_the_installed_odoo():
    # --no-index: odoo==18.0.* can only come from the distribution already installed.
    result = pip(
        "install", "--dry-run", "--no-build-isolation", "--no-index",
        "./crm_relationship_model", "./crm_household",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Would install odoo-addon-crm_household-18.0" in result.stdout
    assert "odoo-addon-crm_relationship_model-18.0" in result.stdout

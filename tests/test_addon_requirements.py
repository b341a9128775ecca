"""setup/addon_requirements.py: what the addons need from PyPI, read from their manifests,
and its installer, which never lets pip look for Odoo. On made-up addons and wheels, offline.

Plain pytest, no Odoo: run with pytest-odoo's plugin off,
    pytest -p no:odoo tests/test_addon_requirements.py
"""

import importlib.util
import os
import subprocess
import sys
import venv
import zipfile

import manifestoo_core
import packaging
import pytest
from conftest import REPO

SCRIPT = REPO / "setup" / "addon_requirements.py"
spec = importlib.util.spec_from_file_location("addon_requirements", SCRIPT)
addon_requirements = importlib.util.module_from_spec(spec)
spec.loader.exec_module(addon_requirements)


def make_addon(root, name, depends=(), python=(), **manifest):
    addon = root / name
    addon.mkdir(parents=True)
    (addon / "__init__.py").write_text("")
    manifest = {"name": name, "version": "18.0.1.0.0", "depends": list(depends), **manifest}
    if python:
        manifest["external_dependencies"] = {"python": list(python)}
    (addon / "__manifest__.py").write_text(repr(manifest))
    return addon


@pytest.fixture
def repo(tmp_path):
    """A repository of two addons, one depending on the other, on Odoo's own addons, on
    two OCA addons and on a Python library (by its import name, as manifests say)."""
    root = tmp_path / "repo"
    make_addon(root, "crm_a", ["crm", "mail", "partner_x"], python=["dateutil"])
    make_addon(root, "crm_b", ["crm_a", "partner_x", "partner_w"])
    make_addon(root, "crm_old", ["partner_z"], installable=False)
    return root


def test_requirements_are_the_oca_addons_and_libraries_but_odoo_and_our_own(repo):
    assert addon_requirements.requirements(repo) == [
        "odoo-addon-partner_w==18.0.*",
        "odoo-addon-partner_x==18.0.*",
        "python-dateutil",
    ]


def test_the_script_prints_them_one_a_line(repo):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--root", str(repo)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == addon_requirements.requirements(repo)


def make_wheel(folder, name, version, requires=(), package=None):
    """A minimal pure-Python wheel; an OCA addon's puts its files under odoo/addons/."""
    stem = f"{name.replace('-', '_')}-{version}"
    path = folder / f"{stem}-py3-none-any.whl"
    metadata = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    metadata += [f"Requires-Dist: {line}" for line in requires]
    with zipfile.ZipFile(path, "w") as wheel:
        if package:
            wheel.writestr(f"{package}/__init__.py", "")
        wheel.writestr(f"{stem}.dist-info/METADATA", "\n".join(metadata) + "\n")
        wheel.writestr(
            f"{stem}.dist-info/WHEEL",
            "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        wheel.writestr(f"{stem}.dist-info/RECORD", "")
    return path


def test_install_follows_the_oca_addons_requirements_without_odoo(tmp_path):
    root = tmp_path / "repo"
    make_addon(root, "crm_a", ["crm", "partner_x"])
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    # partner_x needs partner_y, which needs a plain library with a dependency of its own.
    make_wheel(
        wheels, "odoo-addon-partner_x", "18.0.1.0.0",
        ["odoo==18.0.*", "odoo-addon-partner_y==18.0.*"], "odoo/addons/partner_x",
    )  # fmt: skip
    make_wheel(
        wheels, "odoo-addon-partner_y", "18.0.2.1.0",
        ["odoo==18.0.*", "fakelib>=1", "winonly; sys_platform == 'win32'"],
        "odoo/addons/partner_y",
    )  # fmt: skip
    make_wheel(wheels, "fakelib", "1.2", ["fakedep"], "fakelib")
    make_wheel(wheels, "fakedep", "0.1", [], "fakedep")
    # A fresh environment without Odoo; the script's own tools come through PYTHONPATH, as
    # in the Docker build.
    env_dir = tmp_path / "env"
    try:
        venv.create(env_dir, with_pip=True)
    except subprocess.CalledProcessError:  # Debian's python3 without python3-venv (Docker)
        pytest.skip("this Python cannot make a virtualenv with pip")
    python = env_dir / "bin" / "python"
    tools = tmp_path / "tools"
    tools.mkdir()
    for module in (manifestoo_core, packaging):
        (tools / module.__name__).symlink_to(os.path.dirname(module.__file__))
    # --no-index: pip could not find odoo==18.0.* anywhere, had it looked for it.
    command = [str(python), str(SCRIPT), "--root", str(root), "--install"]
    command += ["--no-index", "--find-links", str(wheels), "-q"]
    env = {**os.environ, "PYTHONPATH": str(tools)}
    env.pop("PIP_REQUIRE_VIRTUALENV", None)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # What the environment holds, without the PYTHONPATH of this run (setup/test.sh puts
    # the Odoo source on it).
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"],
        env={name: value for name, value in env.items() if name != "PYTHONPATH"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert {
        "odoo-addon-partner_x==18.0.1.0.0",
        "odoo-addon-partner_y==18.0.2.1.0",
        "fakelib==1.2",
        "fakedep==0.1",
    } <= set(listed)
    assert not any(line.startswith(("odoo==", "winonly==")) for line in listed)
    assert list(env_dir.glob("lib/python3*/site-packages/odoo/addons/partner_y/__init__.py"))

    # A second run finds nothing missing and asks pip for nothing.
    again = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "installed" not in again.stderr

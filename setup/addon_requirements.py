"""The Python packages this repository's addons need from elsewhere, read from their
manifests: the OCA addons in "depends" (odoo-addon-<name>, from PyPI) and the Python
"external_dependencies". They are derived exactly as whool derives a wheel's
Requires-Dist (manifestoo-core), leaving out Odoo itself (installed from source or the
Docker image, never from PyPI) and the addons of this repository.

Usage:
    python setup/addon_requirements.py [--root DIR]
        print them, one a line (the input of setup/install.sh and the Dockerfile)
    python setup/addon_requirements.py [--root DIR] --install [PIP OPTIONS...]
        install them with this interpreter's pip (e.g. --install -q)

An OCA addon's wheel requires odoo==18.0.*, which pip must not look for on PyPI:
--install installs the addons with --no-deps, reads what each installed one requires,
installs the OCA addons among those the same way and everything else (plain Python
libraries) with pip's usual dependency resolution, until nothing is missing.
Needs manifestoo-core (which whool depends on) and packaging.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from manifestoo_core.addon import is_addon_dir
from manifestoo_core.metadata import metadata_from_addon_dir
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
# No rounds of pip beyond this: an OCA addon tree deeper than that is a loop.
MAX_ROUNDS = 20


def _load_toml(path):
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # whool depends on tomli there
        import tomli as tomllib
    with path.open("rb") as handle:
        return tomllib.load(handle)


def addon_dirs(root):
    """The installable addons of the repository at root (one folder down)."""
    return sorted(path for path in Path(root).iterdir() if is_addon_dir(path))


def addon_metadata(addon_dir):
    """The package metadata whool builds for an addon, with its [tool.whool] options.
    The version is the manifest's as is: no git history is read (the Docker build has none)."""
    pyproject = addon_dir / "pyproject.toml"
    options = _load_toml(pyproject).get("tool", {}).get("whool", {}) if pyproject.is_file() else {}
    options = {**options, "post_version_strategy_override": "none"}
    return metadata_from_addon_dir(addon_dir, options)


def requirements(root=DEFAULT_ROOT):
    """Every addon's Requires-Dist but Odoo and the repository's own addons, sorted."""
    metadata = [addon_metadata(path) for path in addon_dirs(root)]
    own = {canonicalize_name(meta["Name"]) for meta in metadata} | {"odoo"}
    found = set()
    for meta in metadata:
        for line in meta.get_all("Requires-Dist") or []:
            if canonicalize_name(Requirement(line).name) not in own:
                found.add(line)
    return sorted(found)


def is_odoo_addon(requirement):
    return canonicalize_name(requirement.name).startswith("odoo-addon-")


def applies(requirement):
    return requirement.marker is None or requirement.marker.evaluate({"extra": ""})


def satisfied(requirement, installed):
    dist = installed.get(canonicalize_name(requirement.name))
    return dist is not None and requirement.specifier.contains(dist[0], prereleases=True)


def pip(*args):
    # PYTHONPATH may hold the tools running this script (the Docker build's manifestoo-core):
    # pip must see the environment it installs into, not them.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, "-m", "pip", *args], env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout


def installed_distributions():
    """{canonical name: (version, [Requires-Dist])} of the environment pip installs into."""
    report = json.loads(pip("inspect", "--quiet"))
    return {
        canonicalize_name(item["metadata"]["name"]): (
            Version(item["metadata"]["version"]),
            item["metadata"].get("requires_dist", []),
        )
        for item in report["installed"]
    }


def missing(wanted, installed):
    """The requirements that are not installed among wanted and, through the installed OCA
    addons among them, what those require, Odoo excepted."""
    todo = [Requirement(line) for line in wanted]
    expanded, result = set(), {}
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name == "odoo" or not applies(requirement):
            continue
        if not satisfied(requirement, installed):
            result.setdefault(str(requirement), requirement)
        elif is_odoo_addon(requirement) and name not in expanded:
            expanded.add(name)
            todo += [Requirement(line) for line in installed[name][1]]
    return list(result.values())


def install(wanted, pip_options=()):
    """Install what missing() finds, round by round until nothing is missing; return the
    requirements pip was asked to install."""
    asked = []
    for _ in range(MAX_ROUNDS):
        todo = missing(wanted, installed_distributions())
        if not todo:
            return asked
        addons = [str(r) for r in todo if is_odoo_addon(r)]
        libraries = [str(r) for r in todo if not is_odoo_addon(r)]
        if addons:
            # --no-deps: their odoo==18.0.* is the Odoo already there.
            pip("install", "--no-deps", *pip_options, *addons)
        if libraries:
            pip("install", *pip_options, *libraries)
        asked += addons + libraries
    raise SystemExit(f"error: requirements still missing after {MAX_ROUNDS} rounds of pip")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the repository")
    parser.add_argument(
        "--install",
        nargs=argparse.REMAINDER,
        metavar="PIP_OPTION",
        help="install them with pip, with the pip options that follow",
    )
    args = parser.parse_args(argv)
    wanted = requirements(args.root)
    if args.install is not None:
        for line in install(wanted, args.install):
            print(f"installed {line}", file=sys.stderr)
    else:
        for line in wanted:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

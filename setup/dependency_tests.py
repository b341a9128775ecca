"""The tests folders of the OCA addons this repository's manifests depend on, one a line:
setup/test.sh runs them with our addons installed, so that we keep their behaviour.

An addon counts when it is installed as a Python package (an OCA wheel from PyPI), not
when it is part of Odoo's source or of this repository.

Usage: python setup/dependency_tests.py   (with Odoo importable: PYTHONPATH as test.sh sets it)
"""

import ast
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def depends(root=ROOT):
    names = set()
    for manifest in sorted(root.glob("*/__manifest__.py")):
        names.update(ast.literal_eval(manifest.read_text()).get("depends", []))
    return sorted(names - {manifest.parent.name for manifest in root.glob("*/__manifest__.py")})


def packaged_tests(names):
    import odoo

    source = Path(odoo.__file__).resolve().parent.parent
    for name in names:
        spec = importlib.util.find_spec(f"odoo.addons.{name}")
        if not spec or not spec.submodule_search_locations:
            continue
        folder = Path(next(iter(spec.submodule_search_locations))).resolve()
        if source in folder.parents or ROOT in folder.parents:
            continue
        if (folder / "tests" / "__init__.py").exists():
            yield folder / "tests"


if __name__ == "__main__":
    for path in packaged_tests(depends()):
        print(path)
    sys.exit(0)

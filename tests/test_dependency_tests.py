"""setup/dependency_tests.py: which OCA addons' own tests setup/test.sh runs with ours."""

import importlib.util
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "setup"))
dependency_tests = importlib.import_module("dependency_tests")


def test_depends_lists_other_addons_only():
    names = dependency_tests.depends()
    assert "partner_firstname" in names and "partner_contact_birthdate" in names
    assert "crm_relationship_model" not in names, "our own addons are not dependencies"


def test_only_packaged_addons_tests_are_run():
    folders = list(dependency_tests.packaged_tests(["partner_firstname", "crm", "base"]))
    assert [folder.parent.name for folder in folders] == ["partner_firstname"]
    assert all(folder.name == "tests" and folder.is_dir() for folder in folders)

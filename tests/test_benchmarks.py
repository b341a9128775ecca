"""The benchmark scripts in tests/benchmarks/ run by hand, from any folder, and are never
collected as tests (each takes minutes and builds a large database of its own)."""

import subprocess
import sys

import pytest
from conftest import REPO

BENCHMARKS = sorted((REPO / "tests" / "benchmarks").glob("bench_*.py"))


def python(*args, cwd):
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_benchmarks_are_there():
    assert {path.name for path in BENCHMARKS} >= {
        "bench_adoption.py",
        "bench_common.py",
        "bench_contact_moments.py",
        "bench_household_status.py",
        "bench_purchase_history.py",
    }
    assert not list((REPO / "tests").glob("bench_*.py"))


@pytest.mark.parametrize(
    "script", [p for p in BENCHMARKS if p.name != "bench_common.py"], ids=lambda p: p.name
)
def test_a_benchmark_runs_as_a_script(script, tmp_path):
    # --help stops before any database work, after every import has resolved.
    result = python(str(script), "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {script.name}")


def test_the_benchmarks_find_the_addons_in_the_repository(tmp_path):
    code = "import bench_common; print(bench_common.ROOT)"
    result = python("-c", f"import sys; sys.path.insert(0, {str(BENCHMARKS[0].parent)!r}); {code}",
                    cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(REPO)
    assert (REPO / "crm_relationship_model" / "__manifest__.py").is_file()


def test_pytest_collects_no_benchmark():
    # As setup/test.sh selects: the whole tests/ folder.
    result = python(
        "-m", "pytest", "-p", "no:odoo", "-p", "no:cacheprovider", "--collect-only", "-q",
        "tests", cwd=REPO,
    )  # fmt: skip
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert any(line.startswith("tests/test_readme.py::") for line in collected), result.stdout
    assert not [line for line in collected if line.startswith("tests/benchmarks/")]

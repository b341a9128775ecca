"""Print the closing line of a test run, "N passed, M failed[, K skipped]", from a
pytest JUnit XML report; exit 1 when a test failed or errored, or when no test ran.

Usage: python junit_summary.py REPORT.xml
"""

import sys
import xml.etree.ElementTree as ET


def count(report_path):
    """Return (passed, failed, skipped); errors count as failed."""
    root = ET.parse(report_path).getroot()
    suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
    passed = failed = skipped = 0
    for suite in suites:
        for case in suite.iter("testcase"):
            outcomes = {child.tag for child in case}
            if outcomes & {"failure", "error"}:
                failed += 1
            elif "skipped" in outcomes:
                skipped += 1
            else:
                passed += 1
    return passed, failed, skipped


def summary_line(passed, failed, skipped):
    line = f"{passed} passed, {failed} failed"
    return f"{line}, {skipped} skipped" if skipped else line


def main(report_path):
    passed, failed, skipped = count(report_path)
    if not passed + failed + skipped:
        print("ERROR: no test ran.", file=sys.stderr)
    print(summary_line(passed, failed, skipped))
    return 1 if failed or not passed + failed + skipped else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

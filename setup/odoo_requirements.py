"""Print Odoo's Python requirements, resolved for the interpreter that runs us.

Odoo 18.0 pins, for Python 3.11, an sdist of cbor2 (5.4.2) that no longer
builds; its pins for Python 3.12 install fine on 3.11, so on 3.11 the
environment markers are evaluated as if we were on 3.12.

Usage: python odoo_requirements.py ODOO_PATH/requirements.txt
"""

import sys

from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement


def resolve(lines, environment):
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, _, marker = line.partition(";")
        if marker.strip() and not Marker(marker.strip()).evaluate(environment):
            continue
        yield str(Requirement(requirement.strip()))


def main(path):
    environment = default_environment()
    if sys.version_info[:2] == (3, 11):
        environment.update(python_version="3.12", python_full_version="3.12.0")
    with open(path, encoding="utf-8") as handle:
        for requirement in resolve(handle, environment):
            print(requirement)


if __name__ == "__main__":
    main(sys.argv[1])

# shellcheck shell=bash disable=SC2034  # the scripts that source this file use its variables
# Shared settings and checks for the project's scripts (sourced, not run).
#
# Environment variables (all optional):
#   ODOO_PATH    Odoo 18.0 source tree (with odoo-bin)   default /opt/odoo-18.0
#   ODOO_VENV    Python virtualenv the scripts use        default ~/.venvs/odoo-18.0
#   PYTHON       interpreter that creates the virtualenv  default python3
#   PGHOST PGPORT PGUSER PGPASSWORD   PostgreSQL          default 127.0.0.1 5432 $USER (odoo as root)
#   ODOO_FROM_PACKAGE=1  use the `odoo` command of an Odoo installed as a package (the
#                        official Docker image) instead of ODOO_PATH

set -euo pipefail

PROJECT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ODOO_PATH=${ODOO_PATH:-/opt/odoo-18.0}
ODOO_VENV=${ODOO_VENV:-$HOME/.venvs/odoo-18.0}
PYTHON=${PYTHON:-python3}
export PGHOST=${PGHOST:-127.0.0.1}
export PGPORT=${PGPORT:-5432}
# Odoo refuses to connect as the superuser "postgres"; root gets a role of its own.
if [ "$(id -un)" = root ]; then
    export PGUSER=${PGUSER:-odoo}
else
    export PGUSER=${PGUSER:-$(id -un)}
fi
ADDONS_PATH="$PROJECT_ROOT"

say() { printf '%s\n' "$*" >&2; }
die() {
    say "ERROR: $*"
    exit 2
}

# The official Docker image installs Odoo as a package with an `odoo` command;
# a source install has odoo-bin at ODOO_PATH. Either is accepted.
find_odoo() {
    if [ -x "$ODOO_PATH/odoo-bin" ] && [ -f "$ODOO_PATH/odoo/release.py" ]; then
        ODOO_BIN="$ODOO_PATH/odoo-bin"
        ADDONS_PATH="$ODOO_PATH/addons,$ODOO_PATH/odoo/addons,$PROJECT_ROOT"
        ODOO_RELEASE="$ODOO_PATH/odoo/release.py"
        PYTHON_IMPORT_PATH="$ODOO_PATH:$PROJECT_ROOT/setup${PYTHONPATH:+:$PYTHONPATH}"
    elif [ "${ODOO_FROM_PACKAGE:-}" = 1 ] && command -v odoo >/dev/null 2>&1; then
        ODOO_BIN=$(command -v odoo)
        ODOO_RELEASE=$(python3 -c 'import odoo.release as r; print(r.__file__)')
        ADDONS_PATH="$PROJECT_ROOT"
        PYTHON_IMPORT_PATH="$PROJECT_ROOT/setup${PYTHONPATH:+:$PYTHONPATH}"
    else
        die "Odoo 18.0 was not found at ODOO_PATH=$ODOO_PATH (no odoo-bin there).
       Install the official Odoo 18.0 source there (see README, 'From source'),
       or point ODOO_PATH at your Odoo 18.0 source tree, or use 'docker compose up'."
    fi
    if ! grep -Eq '^version_info = \(18, 0,' "$ODOO_RELEASE"; then
        die "$ODOO_RELEASE is not Odoo 18.0; these addons need Odoo 18.0."
    fi
}

# The interpreter that runs Odoo: the project's virtualenv, or (Docker image) the system one.
find_python() {
    if [ "${ODOO_FROM_PACKAGE:-}" = 1 ]; then
        ODOO_PYTHON=${ODOO_PYTHON:-python3}
    else
        ODOO_PYTHON="$ODOO_VENV/bin/python"
        [ -x "$ODOO_PYTHON" ] || die "No Python environment at ODOO_VENV=$ODOO_VENV.
       Run: bash setup/install.sh"
    fi
    local missing
    missing=$("$ODOO_PYTHON" - <<'PY'
import importlib
missing = []
for name in ["psycopg2", "werkzeug", "lxml", "babel", "PIL", "passlib", "phonenumbers"]:
    try:
        importlib.import_module(name)
    except ImportError:
        missing.append(name)
print(" ".join(missing))
PY
    )
    [ -z "$missing" ] || die "Python requirements missing in $ODOO_PYTHON: $missing.
       Run: bash setup/install.sh"
    missing=$("$ODOO_PYTHON" - "$PROJECT_ROOT" "$ADDONS_PATH" <<'PY'
# The addons the manifests depend on: in the addons path, or installed with pip
# (odoo/addons/<name> in a folder of sys.path, where OCA wheels put them).
import ast, sys
from pathlib import Path
folders = [Path(p) for p in sys.argv[2].split(",")] + [Path(p, "odoo", "addons") for p in sys.path]
missing = set()
for manifest in Path(sys.argv[1]).glob("*/__manifest__.py"):
    for name in ast.literal_eval(manifest.read_text(encoding="utf-8")).get("depends", []):
        if not any((folder / name / "__manifest__.py").is_file() for folder in folders):
            missing.add(name)
print(" ".join(sorted(missing)))
PY
    )
    [ -z "$missing" ] || die "Odoo addons the manifests depend on are missing: $missing.
       Run: bash setup/install.sh (it installs them from PyPI), or with Docker
       rebuild the image: docker compose build"
}

# What the tests need besides Odoo: pytest with pytest-odoo, and for the browser tours
# Chromium and websocket-client (Odoo drives Chromium through its devtools websocket).
check_test_tools() {
    local browser
    browser=$(command -v chromium chromium-browser google-chrome google-chrome-stable 2>/dev/null | head -n 1) ||
        true
    [ -n "$browser" ] || die "Chromium is not installed (no chromium, chromium-browser or google-chrome
       on PATH); the browser tours need it. Run: bash setup/install.sh (Debian/Ubuntu),
       or install Chromium or Google Chrome with your package manager."
    "$ODOO_PYTHON" -c 'import websocket; websocket.create_connection' 2>/dev/null ||
        die "The Python package websocket-client is missing in $ODOO_PYTHON; the browser tours
       need it. Run: bash setup/install.sh (or pip install websocket-client)."
    "$ODOO_PYTHON" -c 'import importlib.util as u; assert u.find_spec("pytest_odoo")' 2>/dev/null ||
        die "pytest-odoo is missing in $ODOO_PYTHON. Run: bash setup/install.sh"
}

pg_ready() {
    "$ODOO_PYTHON_OR_SYS" - <<'PY' 2>/dev/null
import os, socket, sys
try:
    socket.create_connection((os.environ["PGHOST"], int(os.environ["PGPORT"])), timeout=3).close()
except OSError:
    sys.exit(1)
PY
}

# Fails fast, with what to do, when PostgreSQL is not reachable or the role cannot log in.
check_postgres() {
    ODOO_PYTHON_OR_SYS=${ODOO_PYTHON:-python3}
    pg_ready || die "PostgreSQL is not reachable at $PGHOST:$PGPORT.
       Start it (e.g. 'pg_ctlcluster 15 main start' or 'service postgresql start'),
       or run 'bash setup/install.sh', which installs and starts it,
       or set PGHOST/PGPORT to your server."
    psql -d postgres -Atc 'select 1' >/dev/null 2>&1 || ensure_pg_role ||
        die "PostgreSQL at $PGHOST:$PGPORT does not accept role '$PGUSER'.
       Create it: sudo -u postgres createuser --createdb $PGUSER (or set PGUSER/PGPASSWORD)."
}

# Creates the PostgreSQL role when we can act as the superuser (local trust or peer auth).
ensure_pg_role() {
    local create="DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER')
        THEN CREATE ROLE \"$PGUSER\" LOGIN CREATEDB; END IF; END \$\$;"
    if PGUSER=postgres psql -d postgres -Atc "$create" >/dev/null 2>&1; then
        say "Created PostgreSQL role '$PGUSER'."
    elif [ "$(id -u)" = 0 ] && command -v runuser >/dev/null &&
        runuser -u postgres -- env -u PGHOST psql -d postgres -Atc "$create" >/dev/null 2>&1; then
        say "Created PostgreSQL role '$PGUSER'."
    else
        return 1
    fi
    psql -d postgres -Atc 'select 1' >/dev/null 2>&1
}

db_exists() {
    [ "$(psql -d postgres -Atc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

# True when the database has both addons installed.
db_has_addons() {
    [ "$(psql -d "$1" -Atc "select count(*) from ir_module_module
        where name in ('crm_relationship_model', 'crm_household') and state = 'installed'" 2>/dev/null)" = 2 ]
}

odoo() {
    # A subcommand of Odoo's (shell, ...) must come before the options.
    local subcommand=()
    case "${1:-}" in
    shell | neutralize | obfuscate | populate | cloc) subcommand=("$1") && shift ;;
    esac
    "$ODOO_PYTHON" "$ODOO_BIN" "${subcommand[@]}" --addons-path="$ADDONS_PATH" \
        --db_host="$PGHOST" --db_port="$PGPORT" --db_user="$PGUSER" \
        ${PGPASSWORD:+--db_password="$PGPASSWORD"} "$@"
}

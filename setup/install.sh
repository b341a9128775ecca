#!/usr/bin/env bash
# Prepares this machine to run and test the addons from source:
#   - system packages: PostgreSQL (installed and started when missing; its server programs
#     also when the server is elsewhere: the replica test runs them), Chromium for the
#     browser tours, wkhtmltopdf for PDF reports, and the headers python-ldap builds
#     against (Debian/Ubuntu, as root);
#   - a Python virtualenv at ODOO_VENV with Odoo 18.0's requirements (read from
#     ODOO_PATH/requirements.txt) and the project's test and lint tools;
#   - Odoo itself registered in that virtualenv as the distribution "odoo" (an editable
#     install of ODOO_PATH, without dependencies), so that `pip install ./crm_household`
#     finds the odoo==18.0.* its package metadata asks for;
#   - the OCA addons the manifests depend on, from PyPI (odoo-addon-<name>, with their
#     own Python dependencies), as setup/addon_requirements.py derives them;
#   - Node.js and npm for the prettier and eslint lint hooks, when missing, and the lint
#     hooks' own environments (pre-commit install-hooks), so that setup/lint.sh then runs
#     offline.
# Odoo itself is a prerequisite: this script never downloads it (see README).
# Idempotent: a second run only checks.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

find_odoo

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_system_packages() {
    local wanted=() pkg
    # wkhtmltopdf: Odoo renders PDF reports with it (the register of processing, the
    # readable export of a data subject request).
    for pkg in chromium libldap2-dev libsasl2-dev libpq-dev postgresql wkhtmltopdf; do
        have_pkg "$pkg" || wanted+=("$pkg")
    done
    command -v node >/dev/null || wanted+=(nodejs)
    command -v npm >/dev/null || wanted+=(npm)
    # A reachable server elsewhere is fine; do not install one we do not need, unless
    # the server's programs are missing: tests/test_replica.py runs its own primary and
    # replica with them (initdb, pg_basebackup).
    if [[ " ${wanted[*]} " == *" postgresql "* ]] && ODOO_PYTHON_OR_SYS=python3 pg_ready &&
        compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
        wanted=("${wanted[@]/postgresql/}")
    fi
    read -r -a wanted <<<"${wanted[*]}"
    [ ${#wanted[@]} -gt 0 ] || return 0
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        say "Missing system packages: ${wanted[*]} (install them with your package manager)."
        return 0
    fi
    say "Installing system packages: ${wanted[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
}

start_postgres() {
    ODOO_PYTHON_OR_SYS=python3
    pg_ready && return 0
    [ "$PGHOST" = 127.0.0.1 ] || [ "$PGHOST" = localhost ] || return 0
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
        local version
        version=$(ls /etc/postgresql | sort -V | tail -n 1)
        say "Starting PostgreSQL $version"
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    fi
    for _ in $(seq 1 20); do pg_ready && return 0; sleep 0.5; done
    die "PostgreSQL did not start at $PGHOST:$PGPORT."
}

install_python() {
    local version
    version=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    case "$version" in
    3.10 | 3.11 | 3.12) ;;
    *) die "Odoo 18.0 needs Python 3.10 to 3.12; $PYTHON is $version (set PYTHON)." ;;
    esac
    [ -x "$ODOO_VENV/bin/python" ] || "$PYTHON" -m venv "$ODOO_VENV"
    local stamp="$ODOO_VENV/.crm-requirements" wanted
    wanted=$(cat "$ODOO_PATH/requirements.txt" "$PROJECT_ROOT"/setup/requirements-*.txt | sha256sum)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    say "Installing Python requirements into $ODOO_VENV (a few minutes the first time)"
    "$ODOO_VENV/bin/python" -m pip install -q --upgrade pip packaging wheel "setuptools<81"
    "$ODOO_VENV/bin/python" "$PROJECT_ROOT/setup/odoo_requirements.py" "$ODOO_PATH/requirements.txt" \
        >"$ODOO_VENV/odoo-requirements.txt"
    "$ODOO_VENV/bin/python" -m pip install -q -r "$ODOO_VENV/odoo-requirements.txt" \
        -r "$PROJECT_ROOT/setup/requirements-dev.txt"
    echo "$wanted" >"$stamp"
}

# True when pip's record of the distribution "odoo" is the source at ODOO_PATH and the
# virtualenv imports Odoo from there. An OCA addon's wheel creates site-packages/odoo/addons/,
# and that namespace folder hides a source registered by pip's default editable install
# (an import hook); a path entry (editable_mode=compat) is found first.
odoo_registered() {
    (cd / && env -u PYTHONPATH "$ODOO_VENV/bin/python" - "$ODOO_PATH" <<'PY'
import importlib.metadata, json, os, sys, urllib.parse
source = os.path.realpath(sys.argv[1])
record = importlib.metadata.distribution("odoo").read_text("direct_url.json") or "{}"
url = urllib.parse.urlparse(json.loads(record).get("url", ""))
assert url.scheme == "file" and os.path.realpath(urllib.parse.unquote(url.path)) == source
assert source in {os.path.realpath(entry) for entry in sys.path}
import odoo
assert os.path.realpath(odoo.__file__) == os.path.join(source, "odoo", "__init__.py")
PY
    ) >/dev/null 2>&1
}

# pip's metadata for the Odoo at ODOO_PATH; an editable install writes odoo.egg-info there.
register_odoo() {
    odoo_registered && return 0
    say "Registering Odoo at $ODOO_PATH in $ODOO_VENV (pip install -e, no dependencies)"
    # setuptools is verbose about Odoo's setup.py: its log is shown only if this fails.
    "$ODOO_VENV/bin/python" -m pip install -q --no-deps -e "$ODOO_PATH" --config-settings editable_mode=compat \
        >"$ODOO_VENV/odoo-register.log" 2>&1 && odoo_registered ||
        say "WARNING: could not register Odoo as a Python distribution (is $ODOO_PATH writable?);
         see $ODOO_VENV/odoo-register.log. Running and testing work without it; only
         'pip install ./<addon>' needs it."
}

# The OCA addons of the manifests' "depends" and what they require, Odoo excepted. The
# stamp holds the list derived from the manifests: a new dependency installs again.
install_addon_requirements() {
    local stamp="$ODOO_VENV/.crm-addon-requirements" wanted
    wanted=$("$ODOO_VENV/bin/python" "$PROJECT_ROOT/setup/addon_requirements.py") ||
        die "Could not read the addons' requirements from their manifests (see above)."
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    if [ -n "$wanted" ]; then
        say "Installing the addons the manifests depend on, from PyPI: ${wanted//$'\n'/ }"
        "$ODOO_VENV/bin/python" "$PROJECT_ROOT/setup/addon_requirements.py" --install -q ||
            die "Installing the addons' requirements from PyPI failed (see above)."
    fi
    printf '%s\n' "$wanted" >"$stamp"
}

# pre-commit makes each hook's environment (from PyPI and npm) on first use; made here,
# the lint needs no network later. Quick when they are there.
install_lint_hooks() {
    if ! git -C "$PROJECT_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
        say "Not a git checkout: the lint hooks are installed on the first setup/lint.sh."
    elif ! command -v npm >/dev/null; then
        say "Node.js and npm are missing: the lint hooks are not installed (setup/lint.sh
         needs them)."
    else
        (cd "$PROJECT_ROOT" && "$ODOO_VENV/bin/pre-commit" install-hooks) \
            >"$ODOO_VENV/lint-hooks.log" 2>&1 ||
            die "Installing the lint hooks failed; see $ODOO_VENV/lint-hooks.log."
    fi
}

install_system_packages
start_postgres
install_python
register_odoo
install_addon_requirements
install_lint_hooks
find_python
check_postgres
say "Ready: Odoo at $ODOO_PATH, Python at $ODOO_VENV, PostgreSQL at $PGHOST:$PGPORT as $PGUSER."

#!/usr/bin/env bash
# Runs every test of the project on a throwaway database:
#   1. checks Odoo, Python, Chromium and websocket-client (the browser tours need both)
#      and PostgreSQL, before anything is created;
#   2. creates the database and installs both addons with demo data;
#   3. runs pytest (pytest-odoo) over each addon's tests/, the browser tours and the
#      top-level tests/, with Odoo's HTTP server up for the tours;
#   4. drops the database (also on failure or Ctrl-C) and ends with "N passed, M failed".
#
# Usage: bash setup/test.sh [PYTEST ARGS...]
#   bash setup/test.sh                                            # everything
#   bash setup/test.sh crm_relationship_model/tests/test_role.py -k name
# Paths (relative to the repository root) replace the default test folders; options are
# added to them.
#
# CRM_TEST_DB  database name (default crm_rm_test_<pid>). When it names an existing
#              database that has both addons installed, that database is used and
#              kept (quick reruns while developing); it is not updated unless
#              CRM_TEST_UPDATE=1 (needed after changing fields, views or data).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

find_odoo
find_python
check_test_tools
check_postgres

cd "$PROJECT_ROOT"
DB=${CRM_TEST_DB:-crm_rm_test_$$}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/crm-test.XXXXXX")
CREATED_DB=

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$CREATED_DB" ]; then
        dropdb --if-exists --force "$DB" >/dev/null 2>&1 || say "WARNING: could not drop database $DB."
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A database made here keeps its attachments in $WORK, so they go with it; an existing one
# keeps them where Odoo put them (its default data directory).
DATA_DIR=

if db_exists "$DB"; then
    db_has_addons "$DB" || die "Database $DB exists and does not have both addons installed.
       Drop it or choose another name with CRM_TEST_DB."
    if [ "${CRM_TEST_UPDATE:-0}" = 1 ]; then
        say "Updating both addons in the existing database $DB (it is kept)"
        odoo -d "$DB" -u crm_relationship_model,crm_household --stop-after-init --log-level=warn ||
            die "Updating the addons in $DB failed (see the log above)."
    else
        say "Using the existing database $DB as it is (it is kept; CRM_TEST_UPDATE=1 updates
       the addons in it first, needed after changing fields, views or data)."
    fi
else
    say "Creating database $DB and installing both addons with demo data (a few minutes)"
    createdb "$DB"
    CREATED_DB=1
    DATA_DIR="$WORK/data"
    odoo -d "$DB" --data-dir="$DATA_DIR" -i crm_relationship_model,crm_household \
        --stop-after-init --log-level=warn ||
        die "Installing the addons in $DB failed (see the log above)."
    # Odoo only warns when demo data fails to load; the tests need it.
    without_demo=$(psql -d "$DB" -Atc "select string_agg(name, ', ') from ir_module_module
        where name in ('crm_relationship_model', 'crm_household') and not demo")
    [ -z "$without_demo" ] || die "The demo data of $without_demo failed to load (see the log
       above): the tests need it."
fi

# Arguments that name a file or folder (relative to the repository) replace the default
# selection; the others (options and their values) are added to it.
# The OCA addons we depend on keep their behaviour: their own tests run with ours installed.
mapfile -t DEPENDENCY_TESTS < <(PYTHONPATH="$PYTHON_IMPORT_PATH" "$ODOO_PYTHON" setup/dependency_tests.py)
SELECTION=(crm_relationship_model/tests crm_household/tests tests "${DEPENDENCY_TESTS[@]}")
for arg in "$@"; do
    case "$arg" in
    -*) ;;
    *) [ -e "$arg" ] || [ -e "${arg%%::*}" ] && SELECTION=() && break ;;
    esac
done

JUNIT="$WORK/junit.xml"
set +e
CRM_TEST_DB="$DB" PYTHONPATH="$PYTHON_IMPORT_PATH" "$ODOO_PYTHON" -m pytest \
    -p pytest_tours_must_run -p pytest_odoo_tags -p pytest_odoo_runner_limits \
    --odoo-database="$DB" --odoo-addons-path="$ADDONS_PATH" --odoo-http \
    --odoo-log-level="${CRM_TEST_LOG_LEVEL:-warn}" \
    --odoo-extra=db_host="$PGHOST" --odoo-extra=db_port="$PGPORT" \
    --odoo-extra=db_user="$PGUSER" ${PGPASSWORD:+--odoo-extra=db_password="$PGPASSWORD"} \
    ${DATA_DIR:+--odoo-extra=data-dir="$DATA_DIR"} \
    --continue-on-collection-errors --junitxml="$JUNIT" "${SELECTION[@]}" "$@"
pytest_status=$?
set -e

[ "$pytest_status" != 5 ] || say "ERROR: pytest collected no test."
if [ -f "$JUNIT" ]; then
    # Prints the closing "N passed, M failed" line; fails when a test failed or none ran.
    "$ODOO_PYTHON" setup/junit_summary.py "$JUNIT" || [ "$pytest_status" != 0 ] || pytest_status=1
else
    say "ERROR: pytest stopped before running tests (exit code $pytest_status)."
    echo "0 passed, 0 failed"
fi
exit "$pytest_status"

#!/usr/bin/env bash
# Starts Odoo 18 with both addons on a local database with demo data, and prints the URL.
# Creates the PostgreSQL role and the database when they are missing and installs both
# addons into it (a few minutes the first time); later starts reuse the database.
#
# Usage: bash setup/run.sh [--init-only] [ODOO OPTIONS...]
#   --init-only   prepare the database, then exit instead of serving (used by Docker)
#   Other options go to Odoo, e.g. --dev=xml or -u crm_relationship_model.
#
# CRM_DB         database name                       default crm_demo
# CRM_HTTP_PORT  port Odoo listens on                default 8069
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DB=${CRM_DB:-crm_demo}
PORT=${CRM_HTTP_PORT:-8069}
INIT_ONLY=
if [ "${1:-}" = --init-only ]; then
    INIT_ONLY=1
    shift
fi

find_odoo
find_python
check_postgres

port_in_use() {
    "$ODOO_PYTHON" -c 'import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
except OSError:
    sys.exit(1)' "$1"
}
[ -n "$INIT_ONLY" ] || ! port_in_use "$PORT" ||
    die "Port $PORT is already in use (another Odoo?). Stop it or set CRM_HTTP_PORT."

# Nothing is left half-made: a database this script created is dropped if installing fails.
drop_new_db() {
    say "Dropping the incomplete database $DB."
    dropdb --if-exists --force "$DB" >/dev/null 2>&1 || true
}

if ! db_exists "$DB"; then
    say "Creating database $DB with both addons and demo data (a few minutes)"
    createdb "$DB"
    trap 'drop_new_db; exit 130' INT TERM
    odoo -d "$DB" -i crm_relationship_model,crm_household --stop-after-init --log-level=warn ||
        {
            drop_new_db
            die "Installing the addons in $DB failed (see the log above)."
        }
    trap - INT TERM
elif ! db_has_addons "$DB"; then
    psql -d "$DB" -Atc 'select 1 from ir_module_module limit 1' >/dev/null 2>&1 ||
        die "Database $DB exists but is not an Odoo database. Set CRM_DB to another name."
    say "Installing both addons in the existing database $DB"
    odoo -d "$DB" -i crm_relationship_model,crm_household --stop-after-init --log-level=warn ||
        die "Installing the addons in $DB failed (see the log above)."
fi

if [ -n "$INIT_ONLY" ]; then
    say "Database $DB is ready, with both addons installed."
    exit 0
fi

URL="http://localhost:$PORT/odoo"
say "Starting Odoo on $URL (database $DB; log in as admin, password admin). Ctrl-C stops it."
odoo -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" "$@" &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; exit 0' INT TERM
for _ in $(seq 1 120); do
    if ! kill -0 "$server" 2>/dev/null; then
        wait "$server" || die "Odoo stopped (see the log above)."
        exit 0
    fi
    if "$ODOO_PYTHON" -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2)' "http://127.0.0.1:$PORT/web/login" 2>/dev/null; then
        say ""
        say "Odoo is ready: open $URL  (login admin, password admin)"
        say ""
        break
    fi
    sleep 1
done
wait "$server"

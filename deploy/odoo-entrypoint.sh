#!/usr/bin/env bash
# Entry point of the Odoo services of docker-compose.prod.yml: Odoo reads its settings
# from one file and has no environment variable for its master password, so this writes
# a private copy of the mounted odoo.conf with the secrets added, then runs the command
# ("odoo ...") with that file.
#
#   ODOO_CONF_TEMPLATE   the mounted settings (default /etc/odoo/odoo.conf)
#   ODOO_CONF            the copy made here, readable by this user only
#                        (default /tmp/odoo-<uid>.conf)
#   ODOO_ADMIN_PASSWORD or ODOO_ADMIN_PASSWORD_FILE   master password (database manager)
#   ODOO_DB_PASSWORD or ODOO_DB_PASSWORD_FILE         PostgreSQL password of db_user
set -euo pipefail

die() {
    echo "odoo-entrypoint: $*" >&2
    exit 1
}

# The value of NAME, or the content of the file NAME_FILE names (Docker secrets).
secret() {
    local name=$1 file_name="$1_FILE"
    if [ -n "${!file_name:-}" ]; then
        [ -r "${!file_name}" ] || die "$file_name=${!file_name} cannot be read."
        cat "${!file_name}"
    else
        printf '%s' "${!name:-}"
    fi
}

template=${ODOO_CONF_TEMPLATE:-/etc/odoo/odoo.conf}
conf=${ODOO_CONF:-/tmp/odoo-$(id -u).conf}
[ -r "$template" ] || die "the settings file $template cannot be read."
[ "$#" -gt 0 ] || die "no command given (e.g. odoo)."
admin_password=$(secret ODOO_ADMIN_PASSWORD)
db_password=$(secret ODOO_DB_PASSWORD)
[ -n "$admin_password" ] || die "set ODOO_ADMIN_PASSWORD or ODOO_ADMIN_PASSWORD_FILE."
[ -n "$db_password" ] || die "set ODOO_DB_PASSWORD or ODOO_DB_PASSWORD_FILE."
case "$admin_password$db_password" in
*$'\n'*) die "a password holds a line break." ;;
esac
# Odoo refuses a key given twice; the secrets belong here only.
if grep -Eq '^[[:space:]]*(admin_passwd|db_password)[[:space:]]*=' "$template"; then
    die "$template sets admin_passwd or db_password; remove them, they come from secrets."
fi

umask 077
{
    cat "$template"
    printf '\n; Added from secrets by odoo-entrypoint.sh\nadmin_passwd = %s\ndb_password = %s\n' \
        "$admin_password" "$db_password"
} >"$conf.tmp"
mv "$conf.tmp" "$conf"
exec "$@" --config="$conf"

#!/usr/bin/env bash
# Run once by the official postgres image when it creates the primary's data folder
# (mounted in /docker-entrypoint-initdb.d): a role that may stream the WAL to replicas,
# allowed from the network with a password, and WAL kept long enough for a replica to
# catch up after a restart.
#
#   REPLICATION_USER                                   default replicator
#   REPLICATION_PASSWORD or REPLICATION_PASSWORD_FILE  its password (required)
#   PGDATA, POSTGRES_USER                              as the image sets them
set -euo pipefail

user=${REPLICATION_USER:-replicator}
if [ -n "${REPLICATION_PASSWORD_FILE:-}" ]; then
    password=$(cat "$REPLICATION_PASSWORD_FILE")
else
    password=${REPLICATION_PASSWORD:-}
fi
if [ -z "$password" ]; then
    echo "primary-init: set REPLICATION_PASSWORD or REPLICATION_PASSWORD_FILE." >&2
    exit 1
fi

psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    --set=user="$user" --set=password="$password" <<'SQL'
SELECT format('CREATE ROLE %I WITH LOGIN REPLICATION PASSWORD %L', :'user', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
ALTER SYSTEM SET wal_keep_size = '1GB';
-- Read by the replicas (pg_basebackup copies this setting): long reports there are not
-- cancelled by the primary cleaning up rows they still read.
ALTER SYSTEM SET hot_standby_feedback = on;
SQL

line="host replication $user all scram-sha-256"
grep -qxF "$line" "$PGDATA/pg_hba.conf" || echo "$line" >>"$PGDATA/pg_hba.conf"

#!/usr/bin/env bash
# Entry point of the PostgreSQL replica: on its first start (no data folder yet) it
# copies the primary with pg_basebackup -R, which also writes the streaming settings
# (primary_conninfo, standby.signal); every start then runs the command given, the
# official image's "docker-entrypoint.sh postgres", which starts the copy as a read-only
# hot standby that follows the primary.
#
#   PRIMARY_HOST, PRIMARY_PORT (5432)                   the primary
#   REPLICATION_USER (replicator)                       the role primary-init.sh made
#   REPLICATION_PASSWORD or REPLICATION_PASSWORD_FILE   its password
#   REPLICA_WAIT_SECONDS (120)                          how long to wait for the primary
#   PGDATA                                              the replica's data folder
set -euo pipefail

: "${PGDATA:?PGDATA names the data folder}" "${PRIMARY_HOST:?PRIMARY_HOST names the primary}"
port=${PRIMARY_PORT:-5432}
user=${REPLICATION_USER:-replicator}
wait_seconds=${REPLICA_WAIT_SECONDS:-120}

# The image starts as root; PostgreSQL must own and run its data folder.
if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    exec gosu postgres bash "${BASH_SOURCE[0]}" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -n "${REPLICATION_PASSWORD_FILE:-}" ]; then
        PGPASSWORD=$(cat "$REPLICATION_PASSWORD_FILE")
        export PGPASSWORD
    elif [ -n "${REPLICATION_PASSWORD:-}" ]; then
        export PGPASSWORD=$REPLICATION_PASSWORD
    fi
    echo "replica: waiting for the primary $PRIMARY_HOST:$port"
    waited=0
    until pg_isready -q -h "$PRIMARY_HOST" -p "$port"; do
        if [ "$waited" -ge "$wait_seconds" ]; then
            echo "replica: the primary $PRIMARY_HOST:$port did not answer in ${wait_seconds}s." >&2
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
    # An interrupted copy leaves no PG_VERSION behind: start again from an empty folder.
    mkdir -p "$PGDATA"
    find "$PGDATA" -mindepth 1 -delete
    chmod 700 "$PGDATA"
    echo "replica: copying the primary (pg_basebackup -R)"
    pg_basebackup --pgdata="$PGDATA" --host="$PRIMARY_HOST" --port="$port" \
        --username="$user" --no-password --wal-method=stream --write-recovery-conf \
        --checkpoint=fast
    echo "replica: copy made; starting as a standby of $PRIMARY_HOST:$port"
fi

exec "$@"

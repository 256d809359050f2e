#!/bin/bash
# Starts or stops the throwaway PostgreSQL server that the storage and end-to-end suites use.
#   pg-fixture.sh start STATE_DIR   initdb into a fresh temporary directory, start on a free
#                                   loopback port, write the URL to STATE_DIR/url
#   pg-fixture.sh stop STATE_DIR    stop it and delete its files
# PostgreSQL refuses to run as root: as root, initdb and the server run as the `postgres` user
# that Debian's package creates. A missing PostgreSQL is an error (install it with
# packaging/install-deps.sh), never a skipped test.
set -euo pipefail
cmd=${1:?start|stop}
state=${2:?state directory}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "pg-fixture: PostgreSQL is not installed; run packaging/install-deps.sh" >&2
    exit 1
fi
as_pg=()
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "pg-fixture: no postgres user" >&2; exit 1; }
    as_pg=(runuser -u postgres --)
fi

case "$cmd" in
start)
    mkdir -p "$state"
    if [ -f "$state/dir" ]; then "$0" stop "$state" || true; fi
    dir=$(mktemp -d /tmp/lemm-pg.XXXXXX)
    chmod 700 "$dir"
    [ ${#as_pg[@]} -gt 0 ] && chown postgres "$dir"
    echo "$dir" >"$state/dir"
    "${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    for attempt in $(seq 1 25); do
        port=$((20000 + RANDOM % 30000))
        if "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            echo "postgresql://postgres@127.0.0.1:$port/postgres" >"$state/url"
            echo "pg-fixture: PostgreSQL on 127.0.0.1:$port ($dir)"
            exit 0
        fi
    done
    echo "pg-fixture: could not start PostgreSQL" >&2
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
stop)
    [ -f "$state/dir" ] || exit 0
    dir=$(cat "$state/dir")
    if [ -d "$dir/data" ]; then
        "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir" "$state/dir" "$state/url"
    echo "pg-fixture: stopped"
    ;;
*)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac

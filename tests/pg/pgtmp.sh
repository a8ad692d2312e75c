#!/bin/sh
# pgtmp.sh start DIR | stop DIR — a throw-away PostgreSQL cluster for tests.
#
# start: initdb into DIR/data (emptied first), start the server listening only on a unix
# socket in DIR (no TCP port to collide with another run), create the database possum,
# and print its libpq connection string, which is also left in DIR/conninfo.
# stop: stop the server (fast shutdown) and remove DIR.
#
# initdb refuses to run as root: as root, the cluster belongs to the unprivileged user
# $PGTMP_USER (nobody unless set) and every server program runs as that user. The
# superuser of the cluster is always "possum" and local connections are trusted, so
# the tests connect as possum whoever runs them. The binaries are found through
# pg_config --bindir, else /usr/lib/postgresql/*/bin; missing, or not runnable by that
# user, start exits 77 (skip).
# PGTMP_SETTINGS (unset for the tests): postgresql.conf lines added before the server
# starts, for benchmarks (shared_buffers = 512MB ...).
set -eu

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: pgtmp.sh start|stop DIR" >&2; exit 2; }

bindir=""
if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    bindir=$(pg_config --bindir)
else
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && bindir=$d
    done
fi
[ -n "$bindir" ] || { echo "pgtmp: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 77; }

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "${PGTMP_USER:-nobody}" -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    # the socket's path must fit sun_path (107 bytes)
    sock="$dir/.s.PGSQL.5432"
    [ ${#sock} -le 107 ] || { echo "pgtmp: $dir is too long for a socket path" >&2; exit 2; }
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    # A machine where that user can run nothing (a chroot whose / is mode 0700, say)
    # cannot host a server at all: say so, and skip (77) rather than fail; the tests
    # that need the cluster then skip too (tests/pg/with-cluster.sh).
    if ! as_owner "$bindir/initdb" --version >/dev/null 2>&1; then
        echo "pgtmp: ${PGTMP_USER:-nobody} cannot run $bindir/initdb on this machine" \
            "(is every directory above it searchable by others?): PostgreSQL tests skipped" >&2
        exit 77
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown "${PGTMP_USER:-nobody}" "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U possum -A trust -E UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    [ -z "${PGTMP_SETTINGS:-}" ] || printf '%s\n' "$PGTMP_SETTINGS" >>"$dir/data/postgresql.conf"
    # fsync stays on: the commit timings printed by the store tests mean something
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c port=5432" \
        start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    "$bindir/createdb" -h "$dir" -p 5432 -U possum possum
    echo "host=$dir port=5432 user=possum dbname=possum" | tee "$dir/conninfo"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: pgtmp.sh start|stop DIR" >&2
    exit 2
    ;;
esac

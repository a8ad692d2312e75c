#!/bin/sh
# bench-host.sh BUILD_DIR — possumd's benchmark, as `make bench` runs it:
#   1. the baseline: a loopback echo with as many connections and the same frame size,
#      measured now, on this machine (bench_echo);
#   2. possumd (Release, fresh demo store, group commit on) against `possumctl fleet` on
#      the same machine: approved purchases per second and latency;
#   3. resident memory of possumd with 1,000 terminals connected;
#   4. with BENCH_MEMORY_MINUTES=N (default 0: skipped), N minutes of the fleet with
#      possumd's resident memory sampled every minute, to show it stays flat;
#   5. the same fleet against PostgreSQL (a throw-away cluster, tests/pg/pgtmp.sh):
#      one possumd, then two on the same database with the terminals spread over both
#      (BENCH_POSTGRES=0 skips it; so does a machine without the server).
# Figures are printed; nothing here passes or fails a test: a run that fails says so
# and the script still exits 0.
#
# Every database of the run (SQLite's file, PostgreSQL's cluster) lives in one
# directory under BUILD_DIR, so the stores are compared on the same disk.
set -u
build=$1
terminals=${BENCH_TERMINALS:-200}
seconds=${BENCH_SECONDS:-20}
minutes=${BENCH_MEMORY_MINUTES:-0}
postgres=${BENCH_POSTGRES:-1}
possumd="$build/src/host/possumd"
fleet="$build/src/ctl/possumctl"
echo_bench="$build/bench/bench_echo"
pgtmp="$(dirname "$0")/../tests/pg/pgtmp.sh"
dir=$(mktemp -d "$build/bench-XXXXXX")
dir=$(cd "$dir" && pwd) # absolute: it ends up in a libpq connection string
chmod 711 "$dir"        # the PostgreSQL cluster's user (nobody, as root) must get through
host_pids=""
pg_dir=""

# The server settings of the benchmark's cluster: room for the working set and the
# WAL between checkpoints. Durability stays as in production: fsync on, and possumd
# sets synchronous_commit = on for its own connections.
pg_settings="shared_buffers = 512MB
wal_buffers = 16MB
max_wal_size = 4GB
checkpoint_timeout = 15min
max_connections = 50"

stop_hosts() {
    for p in $host_pids; do
        kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    host_pids=""
}

cleanup() {
    stop_hosts
    [ -n "$pg_dir" ] && sh "$pgtmp" stop "$pg_dir" >/dev/null 2>&1
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

json() { # json KEY LINE: the number after "KEY": in a one-line JSON object
    echo "$2" | sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p"
}

# start_possumd NAME [SETTINGS...]: a possumd with its data in $dir/NAME, on a free
# port; its pid in $host_pid (and in $host_pids, for stopping), its port in $port.
# Returns 1, after showing its log, when it did not come up.
start_possumd() {
    name=$1
    shift
    mkdir -p "$dir/$name"
    "$possumd" --data-dir "$dir/$name" --bind 127.0.0.1 --iso-port auto --tls-port off --http-port off \
        --demo "$@" >"$dir/$name/ready" 2>"$dir/$name/possumd.log" &
    host_pid=$!
    host_pids="$host_pids $host_pid"
    for _ in $(seq 300); do
        port=$(sed -n 's/^possumd ready iso=\([0-9]*\).*/\1/p' "$dir/$name/ready" 2>/dev/null)
        [ -n "$port" ] && return 0
        kill -0 "$host_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "  possumd ($name) did not start:" >&2
    sed 's/^/    /' "$dir/$name/possumd.log" >&2
    return 1
}

# run_fleet HOSTS: the benchmark's fleet against HOSTS (--host's list); its JSON line
# in $result ("" when it printed none).
run_fleet() {
    result=$("$fleet" fleet --host "$1" --terminals "$terminals" --duration "$seconds" \
        --json-only 2>"$dir/fleet.err" | tail -1)
}

# figure LABEL: the line of one figure, from $result.
figure() {
    printf '  %-44s %10s/s   p50 %6s ms   p99 %6s ms\n' "$1" "$(json purchases_per_s "$result")" \
        "$(json p50_ms "$result")" "$(json p99_ms "$result")"
}

fleet_counts() {
    echo "  fleet: approved $(json approved "$result"), declined $(json declined "$result") (expected $(json expected_declines "$result")), errors $(json errors "$result"), unbalanced batches $(json unbalanced "$result"); its own CPU $(json cpu_us_per_request "$result") us a request"
}

rss_kib() {
    sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$host_pid/status"
}

# ---- SQLite, one host ----

echo "possumd benchmark: $terminals terminals for ${seconds}s, fleet and host on this machine ($(nproc) cores)"

frame=110 # a purchase request as the fleet frames it, length prefix included
baseline=$("$echo_bench" "$terminals" "$seconds" "$frame")
echo_rps=$(json round_trips_per_s "$baseline")

start_possumd sqlite || exit 1
run_fleet "127.0.0.1:$port"
stats=$(kill -0 "$host_pid" 2>/dev/null && echo ok)
sqlite_figure=$(figure "SQLite: approved purchases (all: $(json tps "$result")/s)")

echo
echo "$sqlite_figure"
printf '  %-44s %10s/s   p50 %6s ms   p99 %6s ms\n' "baseline: loopback echo, ${frame}-byte frames" \
    "$echo_rps" "$(json p50_ms "$baseline")" "$(json p99_ms "$baseline")"
fleet_counts
[ "$stats" = ok ] || echo "  possumd is no longer running: see its log" >&2

# Resident memory with 1,000 connected, slow terminals.
before=$(rss_kib)
"$fleet" fleet --host "127.0.0.1:$port" --terminals 1000 --tid-first 10000001 --duration 10 \
    --pace 1000 --json-only >/dev/null 2>&1 &
fleet_pid=$!
sleep 7
during=$(rss_kib)
wait "$fleet_pid"
echo "  memory: possumd resident $((during / 1024)) MiB with 1,000 terminals connected ($((before / 1024)) MiB before they came)"

if [ "$minutes" -gt 0 ]; then
    echo "  memory over $minutes minutes of load ($terminals terminals):"
    "$fleet" fleet --host "127.0.0.1:$port" --terminals "$terminals" \
        --duration $((minutes * 60)) --json-only >/dev/null 2>&1 &
    fleet_pid=$!
    for m in $(seq "$minutes"); do
        sleep 60
        echo "    minute $m: $(($(rss_kib) / 1024)) MiB"
    done
    wait "$fleet_pid"
fi
stop_hosts
grep "stopped:" "$dir/sqlite/possumd.log" | sed 's/^[^ ]* [^ ]* /  possumd: /'
rm -rf "$dir/sqlite" # its disk space, before PostgreSQL's run

[ "$postgres" = 1 ] || exit 0

# ---- PostgreSQL: one host, then two on the same database ----

# host_trouble NAME PID: says what went wrong with that possumd, if anything (it
# exited, or logged errors); returns 1 then.
host_trouble() {
    errors=$(awk '$2 == "error"' "$dir/$1/possumd.log" | wc -l)
    if ! kill -0 "$2" 2>/dev/null; then
        echo "  possumd ($1) exited during the run; its last lines:"
        tail -3 "$dir/$1/possumd.log" | sed 's/^/    /'
    elif [ "$errors" -gt 0 ]; then
        echo "  possumd ($1) logged $errors errors; the first:"
        awk '$2 == "error"' "$dir/$1/possumd.log" | head -3 | sed 's/^/    /'
    else
        return 0
    fi
    return 1
}

# fleet_trouble: says so when the fleet counted errors or unbalanced batches; returns
# 1 then.
fleet_trouble() {
    if [ -z "$result" ]; then
        echo "  the fleet printed no figures:"
        head -5 "$dir/fleet.err" | sed 's/^/    /'
        return 1
    fi
    [ "$(json errors "$result")" = 0 ] && [ "$(json unbalanced "$result")" = 0 ] && return 0
    fleet_counts
    head -5 "$dir/fleet.err" | sed 's/^/    /'
    return 1
}

# fresh_cluster: a new, empty cluster in $pg_dir (pgtmp.sh start wipes the last one),
# its connection string in $conninfo, as each figure starts from a fresh store. Says
# why and returns 1 when there is none.
fresh_cluster() {
    conninfo=$(PGTMP_SETTINGS="$pg_settings" sh "$pgtmp" start "$pg_dir" 2>"$dir/pgtmp.err")
    case $? in
    0) return 0 ;;
    77) echo "  skipped: $(cat "$dir/pgtmp.err")" ;;
    *)
        echo "  skipped: the cluster did not start:"
        sed 's/^/    /' "$dir/pgtmp.err"
        ;;
    esac
    return 1
}

# trusted_figure LABEL TROUBLE: the figure, or when TROUBLE (what host_trouble and
# fleet_trouble said) is not empty, that there is none, and why.
trusted_figure() {
    if [ -z "$2" ]; then
        figure "$1"
        return
    fi
    printf '  %-44s %s\n' "$1" "no figure: the run failed"
    printf '%s\n' "$2"
}

echo
echo "the same fleet against PostgreSQL (a throw-away cluster in $dir, fsync on):"
pg_dir="$dir/pg"
fresh_cluster || exit 0
echo "$sqlite_figure"
if start_possumd pg-one --store postgres --postgres "$conninfo"; then
    run_fleet "127.0.0.1:$port"
    trusted_figure "PostgreSQL, one host" "$(host_trouble pg-one "$host_pid"; fleet_trouble)"
else
    echo "  PostgreSQL, one host: possumd did not start (see above); no figure"
fi
stop_hosts

# Two hosts on one database: the second with its own data directory, port and host_id
# (the RRN prefix), and the first one's master key, so both derive the same card
# tokens and unwrap the same terminal keys. It finds the demo seeded already.
fresh_cluster || exit 0
if start_possumd pg-a --store postgres --postgres "$conninfo" &&
    pid1=$host_pid && port1=$port &&
    start_possumd pg-b --store postgres --postgres "$conninfo" --host-id 2 \
        --master-key "$dir/pg-a/master.key"; then
    pid2=$host_pid
    run_fleet "127.0.0.1:$port1,127.0.0.1:$port"
    trusted_figure "PostgreSQL, two hosts, one database" \
        "$(host_trouble pg-a "$pid1"; host_trouble pg-b "$pid2"; fleet_trouble)"
else
    echo "  PostgreSQL, two hosts, one database: a host did not start (see above); no figure"
fi
stop_hosts
exit 0

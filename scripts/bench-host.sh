#!/bin/sh
# bench-host.sh BUILD_DIR — possumd's benchmark, as `make bench` runs it:
#   1. the baseline: a loopback echo with as many connections and the same frame size,
#      measured now, on this machine (bench_echo);
#   2. possumd (Release, fresh demo store, group commit on) against `possumctl fleet` on
#      the same machine: approved purchases per second and latency;
#   3. resident memory of possumd with 1,000 terminals connected;
#   4. with BENCH_MEMORY_MINUTES=N (default 0: skipped), N minutes of the fleet with
#      possumd's resident memory sampled every minute, to show it stays flat.
# Figures are printed; nothing here passes or fails a test.
set -u
build=$1
terminals=${BENCH_TERMINALS:-200}
seconds=${BENCH_SECONDS:-20}
minutes=${BENCH_MEMORY_MINUTES:-0}
possumd="$build/src/host/possumd"
fleet="$build/src/ctl/possumctl"
echo_bench="$build/bench/bench_echo"
dir=$(mktemp -d /tmp/possum-bench-XXXXXX)
port=$((20000 + $$ % 20000))
host_pid=""

cleanup() {
    [ -n "$host_pid" ] && kill -TERM "$host_pid" 2>/dev/null && wait "$host_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

json() { # json KEY LINE: the number after "KEY": in a one-line JSON object
    echo "$2" | sed -n "s/.*\"$1\":\([-0-9.]*\).*/\1/p"
}

start_possumd() {
    "$possumd" --data-dir "$dir" --bind 127.0.0.1 --iso-port "$port" --tls-port off --demo \
        >"$dir/ready" 2>"$dir/possumd.log" &
    host_pid=$!
    for _ in $(seq 100); do
        grep -q "possumd ready" "$dir/ready" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench: possumd did not start:" >&2
    cat "$dir/possumd.log" >&2
    exit 1
}

rss_kib() {
    sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$host_pid/status"
}

echo "possumd benchmark: $terminals terminals for ${seconds}s, fleet and host on this machine ($(nproc) cores)"

frame=110 # a purchase request as the fleet frames it, length prefix included
baseline=$("$echo_bench" "$terminals" "$seconds" "$frame")
echo_rps=$(json round_trips_per_s "$baseline")

start_possumd
result=$("$fleet" fleet --host "127.0.0.1:$port" --terminals "$terminals" --duration "$seconds" \
    --json-only 2>"$dir/fleet.err" | tail -1)
stats=$(kill -0 "$host_pid" 2>/dev/null && echo ok)
purchases=$(json purchases_per_s "$result")
tps=$(json tps "$result")
p99=$(json p99_ms "$result")

printf '\n  %-44s %10s/s   p50 %6s ms   p99 %6s ms\n' "approved purchases (all requests: $tps/s)" \
    "$purchases" "$(json p50_ms "$result")" "$p99"
printf '  %-44s %10s/s   p50 %6s ms   p99 %6s ms\n' "baseline: loopback echo, ${frame}-byte frames" \
    "$echo_rps" "$(json p50_ms "$baseline")" "$(json p99_ms "$baseline")"
echo "  fleet: approved $(json approved "$result"), declined $(json declined "$result") (expected $(json expected_declines "$result")), errors $(json errors "$result"), unbalanced batches $(json unbalanced "$result")"
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
        echo "    minute $m: $(( $(rss_kib) / 1024 )) MiB"
    done
    wait "$fleet_pid"
fi
kill -TERM "$host_pid" && wait "$host_pid"
host_pid=""
grep "stopped:" "$dir/possumd.log" | sed 's/^[^ ]* [^ ]* /  possumd: /'

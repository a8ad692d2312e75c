# possumctl fleet against two hosts at once (--host A:P1,B:P2): two possumd processes,
# each with its own SQLite data directory, and a fleet of six terminals spread over
# them round robin. Every batch settles balanced (at the end, and any that filled up
# before) with no errors, and each host's
# journal holds the transactions of its own terminals only (10000001, ..03, ..05 on
# the first; ..02, ..04, ..06 on the second): a terminal never moves to the other host.
#
# Needs $POSSUMCTL, $POSSUMD and sqlite3.
. "$CLI_LIB"
P=$POSSUMCTL
base=$(mktemp -d /tmp/possum-fleet-hosts.XXXXXX)
pids=

stop_all() {
    for p in $pids; do
        kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
}
trap 'stop_all; rm -rf "$base"' EXIT

# expect_true DESCRIPTION SHELL-COMMAND: the command succeeds.
expect_true() {
    checks=$((checks + 1))
    if ! sh -c "$2" >/dev/null 2>&1; then
        failures=$((failures + 1))
        echo "FAIL: $1"
    fi
}

# --- usage ------------------------------------------------------------------------------
expect_err 2 "fleet: --host: host 2 of '127.0.0.1:1,' is empty" \
    $P fleet --host 127.0.0.1:1, --terminals 1 --duration 1
expect_err 2 "fleet: --host: more than 16 hosts" \
    $P fleet --host "$(printf 'h:1,%.0s' $(seq 16))h:1" --terminals 1 --duration 1
expect_out 0 "" sh -c "$P fleet --help | grep -q 'i talks to host i % n'"

# --- two hosts --------------------------------------------------------------------------
# lib.sh's start_possumd works in $work: one directory per host. Its ready FIFO stays
# open on fd 3, so the first host's moves to fd 4 before the second one's takes fd 3.
work=$base/a
mkdir -p "$work"
start_possumd
pids=$pid
iso_a=$iso
exec 4<&3
work=$base/b
mkdir -p "$work"
start_possumd
pids="$pids $pid"
iso_b=$iso

$P fleet --host "127.0.0.1:$iso_a,127.0.0.1:$iso_b" --terminals 6 --duration 2 --json-only \
    >"$base/fleet.out" 2>"$base/fleet.err"
status=$?
out=$(tail -1 "$base/fleet.out")
settlements=$(printf '%s\n' "$out" | sed -n 's/.*"settlements":\([0-9]*\).*/\1/p')
checks=$((checks + 1))
case "$status $out" in
"0 "*'"errors":0,'*'"unbalanced":0,'*) [ "${settlements:-0}" -ge 6 ] ;;
*) false ;;
esac || {
    failures=$((failures + 1))
    echo "FAIL: fleet over two hosts: want no errors and every terminal's batch balanced"
    echo "  got status $status: $out"
    cat "$base/fleet.err"
}
stop_all
pids=

# tids_in DIR: the distinct terminals in that host's journal, in order, on one line.
tids_in() {
    sqlite3 "$1/data/possum.db" "SELECT DISTINCT tid FROM txns ORDER BY tid" | tr '\n' ' '
}
expect_out 0 "10000001 10000003 10000005 " tids_in "$base/a"
expect_out 0 "10000002 10000004 10000006 " tids_in "$base/b"
expect_true "host A's journal has purchases" \
    "[ \$(sqlite3 '$base/a/data/possum.db' 'SELECT count(*) FROM txns') -gt 10 ]"
expect_true "host B's journal has purchases" \
    "[ \$(sqlite3 '$base/b/data/possum.db' 'SELECT count(*) FROM txns') -gt 10 ]"
finish

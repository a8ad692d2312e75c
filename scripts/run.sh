#!/bin/sh
# run.sh BUILD_DIR — what `make run` starts: possumd with the demo sandbox on the
# embedded SQLite store under ./var, a small fleet of terminals trading in the
# background so the journal grows, and a note of what listens where and how to try a
# transaction by hand. Ctrl-C stops the fleet, then possumd (which answers what it
# took before exiting).
set -u
build=$1
possumd="$build/src/host/possumd"
possumctl="$build/src/ctl/possumctl"
data=./var
mkdir -p "$data"

"$possumd" --data-dir "$data" --demo >"$data/possumd.ready" 2>"$data/possumd.log" &
host_pid=$!
for _ in $(seq 100); do
    grep -q "possumd ready" "$data/possumd.ready" 2>/dev/null && break
    kill -0 "$host_pid" 2>/dev/null || break
    sleep 0.1
done
if ! grep -q "possumd ready" "$data/possumd.ready" 2>/dev/null; then
    echo "possumd did not start; its log ($data/possumd.log) says:" >&2
    cat "$data/possumd.log" >&2
    kill "$host_pid" 2>/dev/null
    exit 1
fi

# Ten gentle terminals (one request a second each), at the end of the demo range so
# the examples below have terminal 10000001 to themselves.
"$possumctl" fleet --host 127.0.0.1:5800 --terminals 10 --tid-first 10000991 \
    --duration 86400 --pace 1000 --json-only >"$data/fleet.log" 2>&1 &
fleet_pid=$!

stop() {
    trap - INT TERM
    echo
    echo "stopping the fleet and possumd ..."
    kill "$fleet_pid" 2>/dev/null
    wait "$fleet_pid" 2>/dev/null
    kill -TERM "$host_pid" 2>/dev/null
    wait "$host_pid"
    echo "stopped; the data stays in $data (delete it to start afresh)"
    exit 0
}
trap stop INT TERM

cat <<EOF

possum is running (demo sandbox; see docs/sandbox.md):

  terminals, ISO 8583 over TCP   127.0.0.1:5800
  terminals, ISO 8583 over TLS   127.0.0.1:5801  (self-signed: $data/tls/server.crt)
  store                          $data/possum.db (SQLite), master key $data/master.key
  logs                           $data/possumd.log, $data/fleet.log (10 terminals trading)

Try a transaction as terminal 10000001 would:

  T="--host 127.0.0.1:5800 --tid 10000001 --mid 898100012340001 --tmk 0123456789ABCDEFFEDCBA9876543210"
  $possumctl txn purchase \$T --card debit --amount 12.34
  $possumctl txn balance  \$T --card debit-100
  $possumctl txn settle   \$T

The demo terminals share a development master key: never use the demo data in
production. The HTTP API and the web console arrive with the back-office issues.
Ctrl-C stops everything.
EOF
wait "$host_pid"
echo "possumd exited; its log: $data/possumd.log" >&2
kill "$fleet_pid" 2>/dev/null
exit 1

#!/bin/sh
# run.sh BUILD_DIR — what `make run` starts: possumd with the demo sandbox on the
# embedded SQLite store under ./var, a small fleet of terminals trading in the
# background so the journal grows, and a note of what listens where and how to try a
# transaction by hand; and, the first time, a demo possum-pos terminal (10000002) in
# ./var/pos with a supervisor, a cashier and a small catalogue, ready to sell. Ctrl-C
# stops the fleet, then possumd (which answers what it took before exiting).
set -u
build=$1
possumd="$build/src/host/possumd"
possumctl="$build/src/ctl/possumctl"
possum_pos="$build/src/pos/possum-pos"
data=./var
pos_home="$data/pos"
demo="$(dirname "$0")/demo"
mkdir -p "$data"

"$possumd" --data-dir "$data" --demo --demo-office >"$data/possumd.ready" 2>"$data/possumd.log" &
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

# The demo terminal, set up once: activation (parameters and sign-in included), a
# cashier, the demo catalogue. Its home keeps it across runs.
setup_pos() {
    pos="$possum_pos --home $pos_home"
    tmk="$pos_home.tmk"
    mkdir -p "$pos_home"
    echo 0123456789ABCDEFFEDCBA9876543210 >"$tmk"
    $pos activate --host 127.0.0.1:5800 --tid 10000002 --mid 898100012340001 \
        --tmk-file "$tmk" --supervisor-name Demo --supervisor-password 246810 &&
        $pos operators add 01 --name Cashier --new-password 111111 \
            --operator 00 --password 246810 &&
        $pos catalog import "$demo/catalog.csv" --operator 00 --password 246810
    status=$?
    rm -f "$tmk"
    return $status
}
if [ ! -f "$pos_home/device.key" ]; then
    if ! setup_pos >"$data/pos-setup.log" 2>&1; then
        echo "the demo terminal could not be set up; see $data/pos-setup.log" >&2
    fi
fi

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
  the back office's HTTP API     http://127.0.0.1:8080/api/v1/health  (docs/api.yaml)
  store                          $data/possum.db (SQLite), master key $data/master.key
  logs                           $data/possumd.log, $data/fleet.log (10 terminals trading)

Try a transaction as terminal 10000001 would:

  T="--host 127.0.0.1:5800 --tid 10000001 --mid 898100012340001 --tmk 0123456789ABCDEFFEDCBA9876543210"
  $possumctl txn purchase \$T --card debit --amount 12.34
  $possumctl txn balance  \$T --card debit-100
  $possumctl txn settle   \$T

Log in to the back office's API as one of the demo users (one per role; admin
possum-admin-1, reviewer possum-reviewer-1, operations, technician, support,
finance, agent and merchant likewise; docs/sandbox.md):

  T=\$(curl -s -X POST -H 'Content-Type: application/json' \\
      -d '{"username":"admin","password":"possum-admin-1"}' \\
      http://127.0.0.1:8080/api/v1/session | jq -r .token)
  curl -s -H "Authorization: Bearer \$T" http://127.0.0.1:8080/api/v1/users
  curl -s -H "Authorization: Bearer \$T" http://127.0.0.1:8080/api/v1/applications
  curl -s -H "Authorization: Bearer \$T" http://127.0.0.1:8080/api/v1/terminals
  curl -s -H "Authorization: Bearer \$T" http://127.0.0.1:8080/api/v1/tickets

The demo has merchant applications in every state of onboarding, five terminals of
merchant 1 (one waits for activation: its code is in $data/possumd.log) and
after-sales tickets; docs/operations.md shows each job.

Sell at the demo terminal 10000002 (cashier 01, password 111111; supervisor 00,
password 246810; its catalogue: $demo/catalog.csv):

  $possum_pos --home $pos_home tui          the cashier's full screen
  $possum_pos --home $pos_home login --operator 01 --password 111111
  $possum_pos --home $pos_home sale --ean 6901234567892 --qty 2 --tender cash:50
  $possum_pos --home $pos_home --help       every command (docs/terminal.md)

The demo terminals share a development master key: never use the demo data in
production. The back office's routes and the web console are being built (issue 5
and after). Ctrl-C stops everything.
EOF
wait "$host_pid"
echo "possumd exited; its log: $data/possumd.log" >&2
kill "$fleet_pid" 2>/dev/null
exit 1

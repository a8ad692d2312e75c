# Shared helpers for the command-line tests. Source it; call `finish` at the end.
# Each helper runs one command, compares, and counts a failure without stopping, so
# one run reports every broken expectation.

failures=0
checks=0

# expect_out EXPECTED_STATUS EXPECTED_STDOUT CMD... : exact stdout and exit status.
expect_out() {
    want_status=$1
    want_out=$2
    shift 2
    checks=$((checks + 1))
    got_out=$("$@" 2>/tmp/cli_err.$$)
    got_status=$?
    if [ "$got_status" != "$want_status" ] || [ "$got_out" != "$want_out" ]; then
        failures=$((failures + 1))
        echo "FAIL: $*"
        echo "  want status $want_status, stdout: $want_out"
        echo "  got  status $got_status, stdout: $got_out"
        echo "  stderr: $(cat /tmp/cli_err.$$)"
    fi
    rm -f /tmp/cli_err.$$
}

# expect_err EXPECTED_STATUS SUBSTRING CMD... : exit status, and stderr contains SUBSTRING.
expect_err() {
    want_status=$1
    want_sub=$2
    shift 2
    checks=$((checks + 1))
    "$@" >/dev/null 2>/tmp/cli_err.$$
    got_status=$?
    got_err=$(cat /tmp/cli_err.$$)
    rm -f /tmp/cli_err.$$
    case "$got_err" in
    *"$want_sub"*) matched=1 ;;
    *) matched=0 ;;
    esac
    if [ "$got_status" != "$want_status" ] || [ $matched -ne 1 ]; then
        failures=$((failures + 1))
        echo "FAIL: $*"
        echo "  want status $want_status, stderr containing: $want_sub"
        echo "  got  status $got_status, stderr: $got_err"
    fi
}

# possumd_up FLAG...: a possumd of the test's own with its data in $work/data ($work is
# the test's directory), on 127.0.0.1, started with FLAG...; its pid in $pid, its ports
# in $iso, $tls and $http, its stderr appended to $work/possumd.log. possumd prints its
# ready line, ports included, once it listens: reading it from a FIFO waits exactly that
# long, or ends at once if possumd dies first (then the test stops). The FIFO stays open
# on fd 3 so that possumd never writes to a closed pipe.
possumd_up() {
    rm -f "$work/ready"
    mkfifo "$work/ready"
    "$POSSUMD" --data-dir "$work/data" --bind 127.0.0.1 "$@" >"$work/ready" \
        2>>"$work/possumd.log" &
    pid=$!
    exec 3<"$work/ready"
    IFS= read -r ready <&3
    case "$ready" in
    "possumd ready iso="*) ;;
    *)
        echo "FAIL: possumd did not start (it said: $ready)"
        cat "$work/possumd.log"
        exit 1
        ;;
    esac
    iso=$(printf '%s\n' "$ready" | sed -n 's/.*iso=\([0-9]*\).*/\1/p')
    tls=$(printf '%s\n' "$ready" | sed -n 's/.*tls=\([0-9]*\).*/\1/p')
    http=$(printf '%s\n' "$ready" | sed -n 's/.*http=\([0-9]*\).*/\1/p')
}

# start_possumd [PORT]: possumd_up with the demo data, ISO 8583 on a free port (or on
# PORT, to come back where a killed one was), TLS and the HTTP API on others.
start_possumd() {
    possumd_up --iso-port "${1:-auto}" --tls-port auto --http-port auto --demo
}

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}

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

finish() {
    echo "$checks checks, $failures failed"
    [ "$failures" -eq 0 ]
}

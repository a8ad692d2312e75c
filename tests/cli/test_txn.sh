# possumctl txn against a real possumd this script starts on ports of its own: the
# examples of docs/sandbox.md in their order, over TCP and TLS, each answer checked for
# its response code and approval; then possumd stopped with SIGTERM, which must end it
# with status 0.
. "$CLI_LIB"
P=$POSSUMCTL

work=$(mktemp -d /tmp/possum-txn-live.XXXXXX)
HOME=$work/home
export HOME
mkdir -p "$HOME"
pid=

stop_possumd() {
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid"
}
trap 'stop_possumd; exec 3<&- ; rm -rf "$work"' EXIT

start_possumd
tmk=0123456789ABCDEFFEDCBA9876543210

# The value of a top-level key of the JSON answer in $json: the keys of "steps" (the
# sign-in and reversal made first) come after the answer's own, so they are cut off.
field() {
    printf '%s\n' "$json" | sed 's/,"steps":.*/}/' |
        sed -n "s/.*\"$1\":\"\{0,1\}\([^\",]*\)\"\{0,1\}[,}].*/\1/p"
}

# txn WANT_CODE WANT_APPROVED ARGS... : possumctl txn ARGS exits 0 with one JSON line
# whose response_code and approved are as wanted; the line stays in $json.
txn() {
    want_code=$1
    want_approved=$2
    shift 2
    checks=$((checks + 1))
    json=$("$P" txn "$@" 2>"$work/err")
    status=$?
    lines=$(printf '%s\n' "$json" | wc -l)
    if [ $status -ne 0 ] || [ "$lines" -ne 1 ] || [ "$(field response_code)" != "$want_code" ] ||
        [ "$(field approved)" != "$want_approved" ]; then
        failures=$((failures + 1))
        echo "FAIL: possumctl txn $*"
        echo "  want status 0, one line, response_code $want_code, approved $want_approved"
        echo "  got  status $status, $lines lines: $json"
        echo "  stderr: $(cat "$work/err")"
    fi
}

# expect_field KEY VALUE : the last answer's KEY is VALUE.
expect_field() {
    checks=$((checks + 1))
    if [ "$(field "$1")" != "$2" ]; then
        failures=$((failures + 1))
        echo "FAIL: \"$1\" is \"$(field "$1")\", wanted \"$2\" in: $json"
    fi
}

T="--host 127.0.0.1:$iso --tid 10000001 --mid 898100012340001 --tmk $tmk"

# --- docs/sandbox.md, "Trying it by hand" -----------------------------------------------
txn 00 true signin $T
expect_field mac absent
txn 00 true purchase $T --card debit --amount 12.34
expect_field kind purchase
expect_field amount 12.34
expect_field mac verified
sale_stan=$(field stan)
txn 00 true balance $T --card debit-100
expect_field balance 100.00
txn 41 false purchase $T --card lost --amount 1.00
expect_field response "lost card"
txn 55 false purchase $T --card debit --amount 5.00 --pin 111111
txn 00 true void $T --card debit --orig-stan "$sale_stan"
expect_field kind void
expect_field amount 12.34
txn 00 true purchase $T --card credit --amount 100.00
expect_field rrn 010000000007 # the RRN docs/sandbox.md refunds: the seventh request
credit_rrn=$(field rrn)
credit_date=$(field host_date)
txn 00 true refund $T --card credit --amount 30.00 --rrn "$credit_rrn" --orig-date "$credit_date"
expect_field kind refund
txn 00 true preauth $T --card credit --amount 200.00
hold_auth=$(field auth_code)
hold_date=$(field host_date)
# docs/sandbox.md omits --orig-date, which possumctl requires with --auth (exit 2)
txn 00 true complete $T --card credit --amount 180.00 --auth "$hold_auth" --orig-date "$hold_date"
expect_field kind completion
expect_field auth_code "$hold_auth"
txn 00 true settle $T
expect_field kind settlement
expect_field result balanced
# settled: the next transaction signs in first, into the next batch
txn 00 true balance $T --card debit
expect_field batch 2

# --- over TLS ------------------------------------------------------------------------
TLS="--host 127.0.0.1:$tls --tls --tid 10000002 --mid 898100012340001 --tmk $tmk"
txn 00 true purchase $TLS --insecure --card foreign --amount 8.88
expect_field amount 8.88
# verified against the demo certificate, which names 127.0.0.1 among its names
txn 00 true purchase $TLS --ca "$work/data/tls/server.crt" --card foreign --amount 8.88
expect_field mac verified

# --- possumd stops cleanly -----------------------------------------------------------
checks=$((checks + 1))
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
if [ $status -ne 0 ]; then
    failures=$((failures + 1))
    echo "FAIL: possumd exited with status $status after SIGTERM"
    cat "$work/possumd.log"
fi

finish

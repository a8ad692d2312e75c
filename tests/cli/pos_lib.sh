# Helpers for the possum-pos tests (test_pos_*.sh), on top of lib.sh: a possumd of the
# test's own (lib.sh's start_possumd; frozen, killed, restarted on the same data and
# port), and possum-pos runs whose one JSON object is checked with jq.
#
# Needs $POSSUM_POS, $POSSUMD, jq and sqlite3 (scripts/install-deps.sh build).

work=$(mktemp -d /tmp/possum-pos-test.XXXXXX)
POSSUM_POS_HOME=$work/home
POSSUM_POS_FAST_HASHING=1 # argon2id at its minimum cost: tests only
export POSSUM_POS_HOME POSSUM_POS_FAST_HASHING
unset POSSUM_POS_PASSWORD POSSUM_POS_SUPERVISOR_PASSWORD
pid=
iso=
tmk=0123456789ABCDEFFEDCBA9876543210
printf '%s\n' "$tmk" >"$work/tmk.hex"
printf '{"pan":"6222020000000000018","expiry":"3012","pin":"123456","type":"debit"}\n' \
    >"$work/debit.json"
printf '{"pan":"6258070000000000011","expiry":"3012","type":"credit"}\n' >"$work/credit.json"
printf '{"pan":"6222020000000000034","expiry":"3012","pin":"123456"}\n' >"$work/lost.json"
printf 'code,name,price,tax_rate,stock\n6901234567892,"Tea, green 250g",12.50,13,40\n4006381333931,Spring water 550ml,2.00,9,100\n' \
    >"$work/catalog.csv"
TEA=6901234567892
WATER=4006381333931

stop_possumd() {
    if [ -n "$pid" ]; then
        kill -CONT "$pid" 2>/dev/null
        kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    fi
    pid=
}
trap 'stop_possumd; rm -rf "$work"' EXIT

# kill_possumd: SIGKILL, nothing finishes.
kill_possumd() {
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
}

# pos ARGS...: runs possum-pos; its JSON in $json, exit status in $status, stderr in $err.
pos() {
    json=$("$POSSUM_POS" "$@" 2>"$work/err")
    status=$?
    err=$(cat "$work/err")
}

# j FILTER: jq -r FILTER of the last JSON.
j() {
    printf '%s\n' "$json" | jq -r "$1"
}

# expect_pos STATUS RESULT ARGS...: possum-pos ARGS exits STATUS with one JSON line whose
# "result" is RESULT.
expect_pos() {
    want_status=$1
    want_result=$2
    shift 2
    checks=$((checks + 1))
    pos "$@"
    lines=$(printf '%s\n' "$json" | wc -l)
    if [ "$status" != "$want_status" ] || [ "$lines" -ne 1 ] ||
        [ "$(j .result 2>/dev/null)" != "$want_result" ]; then
        failures=$((failures + 1))
        echo "FAIL: possum-pos $*"
        echo "  want status $want_status, result $want_result"
        echo "  got  status $status: $json"
        echo "  stderr: $err"
    fi
}

# expect_j FILTER VALUE: jq FILTER of the last JSON is VALUE.
expect_j() {
    checks=$((checks + 1))
    got=$(j "$1" 2>&1)
    if [ "$got" != "$2" ]; then
        failures=$((failures + 1))
        echo "FAIL: $1 is \"$got\", wanted \"$2\" in: $json"
    fi
}

# expect_true DESCRIPTION COMMAND...: the command succeeds.
expect_true() {
    desc=$1
    shift
    checks=$((checks + 1))
    if ! "$@" >/dev/null 2>&1; then
        failures=$((failures + 1))
        echo "FAIL: $desc"
    fi
}

# activate_demo: terminal 10000001 of the demo, supervisor password 246810, a
# cashier 01 (password 111111) logged in, the test catalogue, receipts in English.
activate_demo() {
    expect_pos 0 ok activate --host "127.0.0.1:$iso" --tid 10000001 --mid 898100012340001 \
        --tmk-file "$work/tmk.hex" --supervisor-name Wang --supervisor-password 246810
    expect_pos 0 ok login --operator 00 --password 246810
    expect_pos 0 ok operators add 01 --name Li --new-password 111111
    expect_pos 0 ok config set lang en
    expect_pos 0 ok config set host-timeout 2
    expect_pos 0 ok catalog import "$work/catalog.csv"
    expect_pos 0 ok login --operator 01 --password 111111
}

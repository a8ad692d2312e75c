# possumctl txn and fleet without a host: usage errors, the state file (what is
# refused, what stays untouched when the host cannot be reached), and the exit status
# of an unreachable host. Exchanges with a host are tested with possumd
# (tests/integration/) and, for the terminal library, in tests/unit/pos/hostlink/.
. "$CLI_LIB"
P=$POSSUMCTL

work=$(mktemp -d /tmp/possum-txn-test.XXXXXX)
HOME=$work/home
export HOME
mkdir -p "$HOME"
tmk=0123456789ABCDEFFEDCBA9876543210
down=127.0.0.1:1 # nothing listens on port 1
ids="--tid 10000001 --mid 898100012340001 --tmk $tmk"
C="--host $down $ids"

# --- usage -------------------------------------------------------------------------
expect_err 2 "usage: possumctl txn ACTION" $P txn
expect_out 0 "" sh -c "$P txn --help | grep -q 'ACTION: signin, purchase, void'"
expect_err 2 "txn: 'pay' is not signin, purchase, void, refund, balance, preauth, complete, reverse or settle" \
    $P txn pay $C
expect_err 2 "txn: --host, --tid, --mid and --tmk are required" $P txn purchase --tid 10000001
expect_err 2 "txn: --host: 'localhost' is not HOST:PORT" $P txn purchase --host localhost $ids
expect_err 2 "txn: --tmk: 2 bytes; 16 (double-length 3DES) expected" \
    $P txn purchase --host $down --tid 10000001 --mid 898100012340001 --tmk 0011
expect_err 2 "txn: --tmk: hex: " $P txn purchase --host $down --tid 10000001 \
    --mid 898100012340001 --tmk XYZ
expect_err 2 "txn: TID: 3 characters; 8 expected" \
    $P txn purchase --host $down --tid 123 --mid 898100012340001 --tmk $tmk --card debit --amount 1
expect_err 2 "txn: MID: 4 characters; 15 expected" \
    $P txn purchase --host $down --tid 10000001 --mid 8981 --tmk $tmk --card debit --amount 1
expect_err 2 "txn: --card: 'visa' is not one of debit, debit-100" $P txn purchase $C --card visa --amount 1
expect_err 2 "txn: --amount: 0 is not more than 0" $P txn purchase $C --card debit --amount 0
expect_err 2 "txn: --amount: " $P txn purchase $C --card debit --amount 1.234
expect_err 2 "txn: --amount: " $P txn purchase $C --card debit --amount 12,00
expect_err 2 "txn: --pan: 5 digits; 13 to 19 expected" $P txn purchase $C --pan 12345 --amount 1
expect_err 2 "txn: --pan: character 4 of '622A020000000000018' is not a digit" \
    $P txn purchase $C --pan 622A020000000000018 --amount 1
expect_err 2 "txn: --pin: 2 digits; 4 to 12 expected" $P txn purchase $C --card debit --pin 12 --amount 1
expect_err 2 "txn: --expiry: 3 digits; 4 to 4 expected" $P txn purchase $C --card debit --expiry 301 --amount 1
expect_err 2 "txn: --orig-date: 5 digits; 4 to 4 expected" $P txn refund $C --orig-date 11245
expect_err 2 "txn: --operator: 4 digits; 3 to 3 expected" $P txn signin $C --operator 0001
expect_err 2 "txn: --orig-stan: 'x' is not a number from 0 to 999999" $P txn void $C --orig-stan x
expect_err 2 "txn: --orig-stan: '1000000' is not a number from 0 to 999999" $P txn void $C --orig-stan 1000000
expect_err 2 "txn: --timeout: '-5' is not a number" $P txn signin $C --timeout -5
expect_err 2 "txn: --ca and --insecure go with --tls" $P txn signin $C --insecure
expect_err 2 "txn: --ca and --insecure exclude each other" $P txn signin $C --tls --ca x.pem --insecure
expect_err 2 "txn: unexpected argument 'extra'" $P txn signin $C extra
expect_err 2 "txn: unknown option '--bogus' (possumctl txn --help)" $P txn signin $C --bogus
expect_err 2 "txn: --amount needs a value" $P txn purchase $C --card debit --amount
# what each action needs, found before any connection
expect_err 2 "txn: purchase: give the card: --pan PAN or --card NAME" $P txn purchase $C --amount 1
expect_err 2 "txn: purchase: --amount is required" $P txn purchase $C --card debit
expect_err 2 "txn: preauth: --amount is required" $P txn preauth $C --card debit
expect_err 2 "txn: balance: give the card" $P txn balance $C
expect_err 2 "txn: void: --orig-stan (the STAN of the purchase) is required" $P txn void $C
expect_err 2 "txn: void: --rrn (the purchase's RRN), since the state does not hold that STAN" \
    $P txn void $C --orig-stan 5
expect_err 2 "txn: refund: --rrn (the purchase's RRN) is required" $P txn refund $C --amount 1
expect_err 2 "txn: refund: --orig-date (the purchase's MMDD) is required" \
    $P txn refund $C --rrn 000000000001 --amount 1
expect_err 2 "txn: complete: --auth (the pre-authorization's code) is required" \
    $P txn complete $C --amount 1
expect_err 2 "txn: reverse: no reversal is owed; name a transaction of the batch with --orig-stan" \
    $P txn reverse $C
expect_err 2 "txn: reverse: the batch holds no approved transaction with STAN 000004" \
    $P txn reverse $C --orig-stan 4

# --- no host -----------------------------------------------------------------------
expect_err 3 "txn: connect: Connection refused" $P txn signin $C
expect_err 3 "txn: connect: Connection refused" $P txn purchase $C --card debit --amount 12.34
expect_err 3 "txn: connect: Connection refused" $P txn settle $C
expect_err 2 "txn: TLS: CA file /nonexistent.pem: " $P txn signin --host $down --tls $ids --ca /nonexistent.pem
# the default state lives in ~/.possum, private to the user; nothing was answered, so
# nothing was written but the lock
expect_out 0 "700" stat -c %a "$HOME/.possum"
expect_out 0 "" sh -c "test ! -e '$HOME/.possum/terminal-10000001.json'"

# --- the state file ----------------------------------------------------------------
# A terminal signed in long ago, with one purchase and a void of it in its batch, and
# a reversal owed for a purchase whose answer never came. PANs are sealed under the
# TMK (3DES ECB): this one is 6222020000000000018.
sealed=4B72626ED2A11C5170A69B483E522A82B19FB5D4F8DCE36C
msg() { # kind stan amount rrn has_original orig_stan reason
    printf '{"kind":"%s","stan":%s,"batch":1,"amount":%s,"pan":"622202*********0018",' "$1" "$2" "$3"
    printf '"pan_sealed":"%s","expiry":"3012","entry_mode":"011","rrn":"%s","auth_code":"",' "$sealed" "$4"
    printf '"has_original":%s,"orig_batch":1,"orig_stan":%s,"orig_date":"","reason":"%s"}' "$5" "$6" "$7"
}
state() { # tid kcv reversal
    printf '{"version":1,"tid":"%s","mid":"898100012340001","tmk_kcv":"%s",' "$1" "$2"
    printf '"next_stan":8,"signed_in_date":"20000101","pik":"298040CD437F15525D4080E3E9B91F6B",'
    printf '"mak":"29DF1C08D67925DF","batch":1,"settled":false,"transactions":['
    printf '{"sent":%s,"status":"voided","refunded":0,"rrn":"000000000002","auth_code":"000002","date":"1124"},' \
        "$(msg purchase 2 1234 "" false 0 "")"
    printf '{"sent":%s,"status":"approved","refunded":0,"rrn":"000000000003","auth_code":"","date":"1124"}' \
        "$(msg void 3 1234 000000000002 true 2 "")"
    printf '],"reversal":%s}\n' "$3"
}
good=$work/good.json
state 10000001 08D7B4 "$(msg purchase 7 500 "" false 0 98)" >"$good"
cp "$good" "$work/before.json"
S="--host $down $ids --state $good"

expect_err 3 "txn: the terminal owes a reversal of its purchase 000007; it goes first next time" \
    $P txn purchase $S --card debit --amount 1
expect_err 3 "txn: connect: Connection refused" $P txn reverse $S
expect_out 0 "" cmp "$good" "$work/before.json" # untouched: nothing was exchanged
# originals come from the batch the state holds
expect_err 2 "txn: void: STAN 000002 is a purchase that is voided; only approved purchases" \
    $P txn void $S --orig-stan 2
expect_err 2 "txn: void: STAN 000003 is a void that is approved" $P txn void $S --orig-stan 3
# what is refused in a state file
state 10000009 08D7B4 null >"$work/other.json"
expect_err 3 "txn: state $work/other.json: it is terminal 10000009 of merchant 898100012340001" \
    $P txn signin --host $down $ids --state "$work/other.json"
state 10000001 A1B2C3 null >"$work/kcv.json"
expect_err 3 "it was kept under another TMK (check value A1B2C3, not 08D7B4)" \
    $P txn signin --host $down $ids --state "$work/kcv.json"
sed "s/$sealed/000000000000000000000000000000000000000000000000/" "$good" >"$work/seal.json"
expect_err 3 "a sealed PAN does not open under this TMK" \
    $P txn signin --host $down $ids --state "$work/seal.json"
sed 's/"version":1/"version":1,"extra":2/' "$good" >"$work/extra.json"
expect_err 3 "txn: state $work/extra.json: 1 object item(s) left unpacked: extra" \
    $P txn signin --host $down $ids --state "$work/extra.json"
sed 's/"status":"voided"/"status":"lost"/' "$good" >"$work/status.json"
expect_err 3 "transaction 000002: status 'lost' or refunded 0" \
    $P txn signin --host $down $ids --state "$work/status.json"
sed 's/"next_stan":8/"next_stan":0/' "$good" >"$work/stan.json"
expect_err 3 "STAN 0 is outside 1..999999" $P txn signin --host $down $ids --state "$work/stan.json"
printf 'not json' >"$work/garbage.json"
expect_err 3 "txn: state $work/garbage.json: line 1 column 3: '[' or '{' expected near 'not'" \
    $P txn signin --host $down $ids --state "$work/garbage.json"
expect_err 3 "txn: state $work/missing/dir.json.lock: No such file or directory" \
    $P txn signin --host $down $ids --state "$work/missing/dir.json"
# one run at a time per state file
expect_err 3 "txn: state $good is in use by another possumctl" \
    flock "$good.lock" $P txn signin $S

# --- fleet -------------------------------------------------------------------------
expect_err 2 "usage: possumctl fleet --host HOST:PORT" $P fleet
expect_out 0 "" sh -c "$P fleet --help | grep -q -- '--terminals N --duration S'"
expect_err 2 "fleet: --host, --terminals and --duration are required" $P fleet --host $down
expect_err 2 "fleet: --terminals: '0' is not a number from 1 to 100000" \
    $P fleet --host $down --terminals 0 --duration 1
expect_err 2 "fleet: --mix: 'buy=3' is not purchase, balance, void, refund or decline with =WEIGHT" \
    $P fleet --host $down --terminals 1 --duration 1 --mix buy=3
expect_err 2 "fleet: --mix: every weight is 0" \
    $P fleet --host $down --terminals 1 --duration 1 --mix purchase=0
expect_err 2 "fleet: --threads: '0' is not a number from 1 to 64" \
    $P fleet --host $down --terminals 1 --duration 1 --threads 0
expect_err 2 "fleet: --batch-size: '1000' is not a number from 1 to 999" \
    $P fleet --host $down --terminals 1 --duration 1 --batch-size 1000
expect_err 2 "fleet: the demo's MIDs start at TID 10000001; give --mid" \
    $P fleet --host $down --terminals 1 --duration 1 --tid-first 5
expect_err 2 "fleet: --mid: '123' is not 15 characters" \
    $P fleet --host $down --terminals 1 --duration 1 --mid 123
# unreachable: every terminal fails, the figures still come, and the status says so
expect_err 1 "fleet: terminal 10000001: connection: Connection refused" \
    $P fleet --host $down --terminals 1 --duration 1 --json-only
expect_out 1 "0 0" sh -c "$P fleet --host $down --terminals 2 --duration 1 --json-only 2>/dev/null |
    sed -n 's/.*\"requests\":\([0-9]*\).*\"unbalanced\":\([0-9]*\).*/\1 \2/p'; exit 1"

rm -rf "$work"
finish

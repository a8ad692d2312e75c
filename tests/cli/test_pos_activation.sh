# possum-pos activated by the back office's one-time code, against a real possumd started
# with --demo: a terminal received into stock and assigned to demo merchant 1 over the
# API (curl and jq), a wrong code refused with the back office's reason (nothing
# activated, exit 2), `possum-pos activate --api ... --serial ... --code ...` in a fresh
# home (TID, MID and master key from the back office, the ISO 8583 host given), then a
# card sale approved, declined 97 while support has the terminal locked, approved again
# once unlocked.
#
# Needs $POSSUM_POS, $POSSUMD, curl, jq and sqlite3.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
. "$(dirname "$CLI_LIB")/api_lib.sh"

start_possumd
base=http://127.0.0.1:$http
serial=NEWLAND-N910-0042

api_login_all technician support operations
id=$(call technician POST /api/v1/terminals \
    "{\"serial\":\"$serial\",\"model\":\"N910\",\"vendor\":\"Newland\"}" | jq -r .id)
assigned=$(call technician POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":1}')
code=$(printf '%s' "$assigned" | jq -r .activation_code)
tid=$(printf '%s' "$assigned" | jq -r .tid)
last=${code#???????} # a wrong code: the last digit changed (the code may start with zeros)
wrong="${code%?}$(( (last + 1) % 10 ))"

ACT="activate --api $base --serial $serial --host 127.0.0.1:$iso --supervisor-name Wang
    --supervisor-password 246810"

# --- refusals: nothing is activated --------------------------------------------------------------
expect_err 2 "activate: the back office refused: code: wrong activation code: 4 tries left (HTTP 403)" \
    "$POSSUM_POS" $ACT --code "$wrong"
expect_pos 0 ok status
expect_j .message "not activated"
expect_err 2 "activate: the back office refused: serial: " \
    "$POSSUM_POS" activate --api "$base" --serial NO-SUCH-SERIAL --code "$code" \
    --host "127.0.0.1:$iso" --supervisor-name Wang --supervisor-password 246810
expect_err 2 "activate: activation code: " "$POSSUM_POS" $ACT --code 1234
expect_err 2 "activate: URL 'ftp://x': http:// or https:// expected" \
    "$POSSUM_POS" activate --api ftp://x --serial "$serial" --code "$code" \
    --host "127.0.0.1:$iso" --supervisor-name Wang --supervisor-password 246810
expect_err 2 "no --tid, --mid or --tmk-file" "$POSSUM_POS" $ACT --code "$code" --tid 10000001
expect_err 2 "activate: --serial and --code go with --api" \
    "$POSSUM_POS" activate --serial "$serial" --code "$code" --host "127.0.0.1:$iso"
# a weak supervisor password is refused before the code is spent
expect_err 2 "activate: " "$POSSUM_POS" activate --api "$base" --serial "$serial" --code "$code" \
    --host "127.0.0.1:$iso" --supervisor-name Wang --supervisor-password 1
expect_pos 3 offline activate --api http://127.0.0.1:1 --serial "$serial" --code "$code" \
    --host "127.0.0.1:$iso" --supervisor-name Wang --supervisor-password 246810
expect_true "an unreachable back office is named" \
    sh -c "printf '%s' '$err' | grep -q 'the back office at http://127.0.0.1:1: '"

# --- activation by code -------------------------------------------------------------------------
expect_pos 0 ok $ACT --code "$code"
expect_j .detail.tid "$tid"
expect_j .detail.mid 898100012340001
expect_j .detail.serial "$serial"
expect_j '.steps[-2:] | map("\(.kind) \(.response_code)") | join(",")' "params 00,sign_in 00"
expect_pos 0 ok status
expect_j .detail.tid "$tid"
expect_j .message activated
expect_err 2 "activate: this terminal is activated already (TID $tid)" "$POSSUM_POS" $ACT --code "$code"

# --- trading, locked, unlocked ------------------------------------------------------------------
expect_pos 0 ok login --operator 00 --password 246810
expect_pos 0 ok operators add 01 --name Li --new-password 111111
expect_pos 0 ok config set lang en
expect_pos 0 ok config set host-timeout 2
expect_pos 0 ok catalog import "$work/catalog.csv"
expect_pos 0 ok login --operator 01 --password 111111
# the host reads terminal changes once a second: the first sale may come before it knows
for _ in 1 2 3 4 5 6 7 8 9 10; do
    pos sale --ean $WATER --tender card --card-file "$work/debit.json"
    [ "$status" = 0 ] && break
    sleep 0.3
done
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .response_code 00
expect_true "support locks the terminal" test "$(call support POST "/api/v1/terminals/$id/actions/lock" \
    '{"reason":"reported stolen"}' | jq -r .state)" = locked
sleep 1.5
expect_pos 4 declined sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .response_code 97
expect_true "operations unlocks it" test "$(call operations POST "/api/v1/terminals/$id/actions/unlock" \
    '{"reason":"found"}' | jq -r .state)" = active
sleep 1.5
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .response_code 00

finish

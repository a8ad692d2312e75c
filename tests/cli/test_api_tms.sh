# The back office's terminals (TMS) over real HTTP against a possumd started with --demo:
# a terminal received into stock, assigned to demo merchant 1 (a TID and a one-time
# activation code), declined by the host until activated, activated with its code (a
# wrong code counted first), its master key opened with the code (possumctl activation)
# and used to trade (possumctl txn), locked by support (declined within about a second)
# and unlocked; swapped for a replacement from stock (RMA: the faulty one declined, the
# replacement activated with its own TID and trading); each role allowed and denied where
# it should be; every change audited.
#
# Needs $POSSUMD, $POSSUMCTL, curl and jq.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-tms.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd
base=http://127.0.0.1:$http
P=$POSSUMCTL

api_login_all admin technician operations support reviewer merchant

# --- stock ----------------------------------------------------------------------------------
expect_api 201 '"\(.serial) \(.state)"' "PAX-A920-0001 in_stock" technician POST /api/v1/terminals \
    '{"serial":"PAX-A920-0001","model":"A920","vendor":"PAX"}'
id=$(jq -r .id "$work/body")
expect_api 409 '"\(.error.field): \(.error.reason)"' "serial: PAX-A920-0001 is in stock already (terminal $id)" \
    operations POST /api/v1/terminals '{"serial":"PAX-A920-0001","model":"A920","vendor":"PAX"}'
expect_api 422 '.error.reason' "serial number: too few characters, 6 to 32 allowed" technician POST /api/v1/terminals \
    '{"serial":"ab","model":"A920","vendor":"PAX"}'
expect_api 403 '.error.reason' "POST /api/v1/terminals needs the admin or operations or technician role; support is support" \
    support POST /api/v1/terminals '{"serial":"PAX-A920-0002","model":"A920","vendor":"PAX"}'
expect_api 403 '.error.reason' "GET /api/v1/terminals needs the admin or operations or technician or support role; reviewer is reviewer" \
    reviewer GET /api/v1/terminals
expect_api 200 '.items | length' "1" support GET /api/v1/terminals
expect_api 404 '.error.reason' "no terminal 99" admin GET /api/v1/terminals/99
expect_api 409 '.error.reason' "cannot lock a terminal that is in_stock: lock applies to active, suspended" \
    support POST "/api/v1/terminals/$id/actions/lock" '{"reason":"lost"}'

# --- assignment ---------------------------------------------------------------------------------
expect_api 403 '.error.reason' "assigning a terminal needs the admin, operations or technician role" \
    support POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":1}'
expect_api 404 '"\(.error.field): \(.error.reason)"' "merchant_id: no merchant 4242" \
    technician POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":4242}'
expect_api 200 '"\(.state) \(.tid) \(.merchant_id) \(.activation_code | length)"' \
    "activation_pending 10001001 1 8" technician POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":1}'
code=$(jq -r .activation_code "$work/body")
expect_api 200 '.activation_code // "not shown again"' "not shown again" admin GET "/api/v1/terminals/$id"
T="--host 127.0.0.1:$iso --tid 10001001 --mid 898100012340001 --state $work/t.json"
expect_out 0 "97" sh -c "$P txn signin $T --state $work/before.json --tmk 0123456789ABCDEFFEDCBA9876543210 | jq -r .response_code"

# --- activation ------------------------------------------------------------------------------
last=${code#"${code%?}"}
wrong="${code%?}$(( (last + 1) % 10 ))" # the code with its last digit changed
act() { curl -s -o "$work/act" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"serial\":\"$1\",\"code\":\"$2\"}" "$base/api/v1/activation"; }
status=$(act PAX-A920-0001 "$wrong")
expect_out 0 "403 code: wrong activation code: 4 tries left" sh -c \
    "printf '%s ' $status; jq -r '\"\\(.error.field): \\(.error.reason)\"' '$work/act'"
status=$(act PAX-A920-0001 "$code")
expect_out 0 "200 10001001 898100012340001" sh -c "printf '%s ' $status; jq -r '\"\\(.tid) \\(.mid)\"' '$work/act'"
blob=$(jq -r .tmk_blob "$work/act")
expect_out 0 "404" act PAX-A920-0001 "$code"
tmk=$($P activation --blob "$blob" --code "$code" --serial PAX-A920-0001 --tid 10001001 | cut -d' ' -f1)
expect_out 0 "32" sh -c "printf '%s' '$tmk' | wc -c | tr -d ' '"
expect_err 1 "activation: wrong activation code, or the blob was altered" \
    $P activation --blob "$blob" --code "$wrong" --serial PAX-A920-0001 --tid 10001001

# --- trading, locked, unlocked ------------------------------------------------------------------
T="$T --tmk $tmk"
# the host reads terminal changes once a second: a moment for the activation to arrive
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ "$($P txn purchase $T --card debit --amount 1.00 | jq -r .response_code)" = 00 ] && break
    sleep 0.3
done
expect_out 0 "00" sh -c "$P txn purchase $T --card debit --amount 2.00 | jq -r .response_code"
expect_api 422 '"\(.error.field): \(.error.reason)"' "reason: lock: a reason is required" \
    operations POST "/api/v1/terminals/$id/actions/lock" '{}'
expect_api 200 '"\(.state) \(.last_reason)"' "locked reported stolen" support POST \
    "/api/v1/terminals/$id/actions/lock" '{"reason":"reported stolen"}'
sleep 1.5
expect_out 0 "97" sh -c "$P txn purchase $T --card debit --amount 3.00 | jq -r .response_code"
expect_api 200 '.state' "active" operations POST "/api/v1/terminals/$id/actions/unlock" '{"reason":"found"}'
sleep 1.5
expect_out 0 "00" sh -c "$P txn purchase $T --card debit --amount 4.00 | jq -r .response_code"

# --- the RMA swap: a replacement from stock for the same merchant ---------------------------------
expect_api 201 '.state' "in_stock" technician POST /api/v1/terminals \
    '{"serial":"PAX-A920-0002","model":"A920","vendor":"PAX"}'
spare=$(jq -r .id "$work/body")
expect_api 403 '.error.reason' "a swap needs the admin, operations or technician role" \
    support POST "/api/v1/terminals/$id/actions/swap" "{\"replacement_id\":$spare,\"reason\":\"x\"}"
expect_api 422 '"\(.error.field): \(.error.reason)"' "reason: missing" \
    technician POST "/api/v1/terminals/$id/actions/swap" "{\"replacement_id\":$spare}"
expect_api 404 '.error.field' "replacement_id" \
    technician POST "/api/v1/terminals/$id/actions/swap" '{"replacement_id":4242,"reason":"x"}'
expect_api 200 '"\(.faulty.state) \(.faulty.tid) \(.faulty.last_reason) | \(.replacement.state) \(.replacement.tid) \(.replacement.merchant_id) \(.replacement.activation_code | length)"' \
    "in_repair 10001001 RMA: screen cracked | activation_pending 10001002 1 8" \
    technician POST "/api/v1/terminals/$id/actions/swap" "{\"replacement_id\":$spare,\"reason\":\"screen cracked\"}"
code2=$(jq -r .replacement.activation_code "$work/body")
cp "$work/body" "$work/swap.json"
sleep 1.5
expect_out 0 "97" sh -c "$P txn purchase $T --card debit --amount 5.00 | jq -r .response_code"
expect_out 0 "200" act PAX-A920-0002 "$code2"
tmk2=$($P activation --blob "$(jq -r .tmk_blob "$work/act")" --code "$code2" --serial PAX-A920-0002 --tid 10001002 | cut -d' ' -f1)
T2="--host 127.0.0.1:$iso --tid 10001002 --mid 898100012340001 --state $work/t2.json --tmk $tmk2"
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ "$($P txn purchase $T2 --card debit --amount 1.00 | jq -r .response_code)" = 00 ] && break
    sleep 0.3
done
expect_out 0 "00" sh -c "$P txn purchase $T2 --card debit --amount 6.00 | jq -r .response_code"

# --- groups: a name for many terminals at once ------------------------------------------------
spare_id=$(jq -r .replacement.id "$work/swap.json")
expect_api 200 '.group' "pilot" operations PUT "/api/v1/terminals/$spare_id/group" '{"group":"pilot"}'
expect_api 200 '.group' "pilot" technician PUT "/api/v1/terminals/$spare_id/group" '{"group":"pilot"}'
expect_api 403 '.error.status' "403" support PUT "/api/v1/terminals/$spare_id/group" '{"group":"x"}'
expect_api 422 '"\(.error.field): \(.error.reason)"' \
    "group: group \"Pilot\": byte 0x50 at 1: only a-z, 0-9, '-' and '_'" \
    operations PUT "/api/v1/terminals/$spare_id/group" '{"group":"Pilot"}'
expect_api 422 '.error.field' "group" operations PUT "/api/v1/terminals/$spare_id/group" '{}'
expect_api 404 '.error.status' "404" operations PUT /api/v1/terminals/4242/group '{"group":"pilot"}'
expect_api 200 '[.items[].serial] | join(" ")' "PAX-A920-0002" support GET '/api/v1/terminals?group=pilot'
expect_api 200 '.items | length' "0" support GET '/api/v1/terminals?group=north'
expect_api 400 '.error.field' "group" support GET '/api/v1/terminals?group=-x'
expect_api 200 '.group // "none"' "none" operations PUT "/api/v1/terminals/$spare_id/group" '{"group":""}'

# --- the audit log ---------------------------------------------------------------------------
expect_api 200 '[.items[] | select(.object.type == "terminal") | .action] | reverse | join(" ")' \
    "terminal.add terminal.assign terminal.activation_refused terminal.activate terminal.lock terminal.unlock terminal.add terminal.swap_out terminal.swap_in terminal.activate terminal.group terminal.group" \
    admin GET '/api/v1/audit?limit=500'

finish

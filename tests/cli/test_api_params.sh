# Terminal parameter sets over real HTTP, against a possumd started with --demo, and a
# possum-pos that fetches them with its heartbeat: a default set saved (every member
# checked and named when wrong, only admin and operations may save), a terminal
# activated by code getting it with its next heartbeat, and one activated later with its
# activation's answer (GET /terminals/{id}/params says where it comes from and whether
# the terminal runs it); the merchant's set replacing it
# and its limit and receipt header reaching the counter (a sale above the new limit
# refused by the terminal itself, one below it approved with the new header); a group's
# set losing to the merchant's, a terminal's own winning over both; every save audited.
#
# Needs $POSSUM_POS, $POSSUMD, curl, jq and sqlite3.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
. "$(dirname "$CLI_LIB")/api_lib.sh"

start_possumd
base=http://127.0.0.1:$http
serial=PAX-A920-0321

api_login_all admin operations technician support

# set_json SCOPE TARGET HEADER PER_TXN DAILY [KINDS]: a parameter set's body.
set_json() {
    printf '{"scope":"%s","target":%s,"receipt_header":"%s","kinds":[%s],"per_txn_limit":%s,' \
        "$1" "$2" "$3" "${6:-\"purchase\",\"void\",\"refund\",\"balance\"}" "$4"
    printf '"daily_limit":%s,"hosts":["127.0.0.1:%s"],"connect_timeout_s":5,"response_timeout_s":10}' \
        "$5" "$iso"
}
field() { printf '"\\(.error.field): \\(.error.reason)"'; }

# --- a terminal, activated by code ---------------------------------------------------------------
expect_api 201 .state in_stock technician POST /api/v1/terminals \
    "{\"serial\":\"$serial\",\"model\":\"A920\",\"vendor\":\"PAX\"}"
id=$(jq -r .id "$work/body")
expect_api 200 .state activation_pending technician POST "/api/v1/terminals/$id/actions/assign" \
    '{"merchant_id":1}'
code=$(jq -r .activation_code "$work/body")
expect_pos 0 ok activate --api "$base" --serial "$serial" --code "$code" --host "127.0.0.1:$iso" \
    --supervisor-name Wang --supervisor-password 246810
expect_pos 0 ok login --operator 00 --password 246810
expect_pos 0 ok config set lang en
expect_pos 0 ok config set host-timeout 2
expect_pos 0 ok catalog import "$work/catalog.csv"
expect_api 404 .error.reason "no parameter set applies to terminal $id: save a default one" \
    support GET "/api/v1/terminals/$id/params"

# --- every member checked, and who may save ------------------------------------------------------
good=$(set_json default null "POSSUM DEMO" 500000 2000000)
expect_api 403 .error.status 403 technician POST /api/v1/param-sets "$good"
expect_api 422 "$(field)" "scope: \"everyone\" is not a scope: default, group, merchant or terminal" \
    operations POST /api/v1/param-sets "$(set_json everyone null X 1 1)"
expect_api 422 "$(field)" "target: the default set has no target" \
    operations POST /api/v1/param-sets "$(set_json default 1 X 1 1)"
expect_api 404 "$(field)" "target: no merchant 4242" \
    operations POST /api/v1/param-sets "$(set_json merchant 4242 X 1 1)"
expect_api 422 "$(field)" "target: group \"Pilot\": byte 0x50 at 1: only a-z, 0-9, '-' and '_'" \
    operations POST /api/v1/param-sets "$(set_json group '"Pilot"' X 1 1)"
expect_api 422 "$(field)" "kinds: allowed kinds: entry 2: transaction kind \"cashback\" is not defined" \
    operations POST /api/v1/param-sets "$(set_json default null X 1 1 '"purchase","cashback"')"
expect_api 422 "$(field)" "kinds: refund needs purchase" \
    operations POST /api/v1/param-sets "$(set_json default null X 1 1 '"refund"')"
expect_api 422 "$(field)" "daily_limit: 100 fen is below per_txn_limit 500 fen" \
    operations POST /api/v1/param-sets "$(set_json default null X 500 100)"
expect_api 422 "$(field)" "per_txn_limit: 0 fen is outside 1 to 999999999999 fen" \
    operations POST /api/v1/param-sets "$(set_json default null X 0 100)"
expect_api 422 .error.field receipt_header \
    operations POST /api/v1/param-sets "$(set_json default null '' 1 1)"
expect_api 422 "$(field)" "hosts: entry 1: host \"a..b:1\": an empty label" operations POST \
    /api/v1/param-sets "$(set_json default null X 1 1 | sed 's/127.0.0.1:[0-9]*/a..b:1/')"
expect_api 422 .error.field connect_timeout_s operations POST /api/v1/param-sets \
    "$(set_json default null X 1 1 | sed 's/"connect_timeout_s":5/"connect_timeout_s":61/')"
expect_api 200 '.items | length' 0 support GET /api/v1/param-sets

# --- the default set reaches the terminal with its next heartbeat --------------------------------
expect_api 201 '"\(.version) \(.scope) \(.per_txn_limit) \(.hosts[0])"' \
    "1 default 500000 127.0.0.1:$iso" operations POST /api/v1/param-sets "$good"
expect_api 200 '"\(.from) \(.set.version) \(.terminal_runs) \(.current)"' "default 1 0 false" \
    support GET "/api/v1/terminals/$id/params"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent; parameters 1 applied"
expect_j .detail.params_version 1
# the terminal said so at once, in a second heartbeat
expect_api 200 '"\(.from) \(.set.version) \(.terminal_runs) \(.current)"' "default 1 1 true" \
    support GET "/api/v1/terminals/$id/params"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent" # nothing new: the answer carries no set
# a terminal activated now is told its set with its activation too
expect_api 201 .state in_stock technician POST /api/v1/terminals \
    '{"serial":"PAX-A920-0322","model":"A920","vendor":"PAX"}'
id2=$(jq -r .id "$work/body")
expect_api 200 .state activation_pending technician POST "/api/v1/terminals/$id2/actions/assign" \
    '{"merchant_id":1}'
code2=$(jq -r .activation_code "$work/body")
check "activation's set" "1 POSSUM DEMO" "$(call - POST /api/v1/activation \
    "{\"serial\":\"PAX-A920-0322\",\"code\":\"$code2\"}" | jq -r '"\(.params.version) \(.params.receipt_header)"')"

# --- the merchant's set: a lower limit and its own receipt header --------------------------------
expect_api 201 '"\(.version) \(.scope) \(.target)"' "2 merchant 1" operations POST \
    /api/v1/param-sets "$(set_json merchant 1 "TEA HOUSE NO.1" 1000 2000000)"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent; parameters 2 applied"
expect_pos 6 refused sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j .message "purchase of 12.50 is above the 10.00 one transaction may be on this terminal"
expect_pos 0 ok sale --ean $WATER --tender card --card-file "$work/debit.json"
expect_j '.receipt | contains("TEA HOUSE NO.1")' true

# --- a group's set loses to the merchant's, the terminal's own wins ------------------------------
expect_api 200 .group pilot operations PUT "/api/v1/terminals/$id/group" '{"group":"pilot"}'
expect_api 201 .version 3 operations POST /api/v1/param-sets \
    "$(set_json group '"pilot"' "PILOT" 500000 2000000)"
expect_api 200 '"\(.from) \(.set.version) \(.current)"' "merchant 2 true" \
    support GET "/api/v1/terminals/$id/params"
expect_api 201 .version 4 admin POST /api/v1/param-sets \
    "$(set_json terminal "\"$id\"" "COUNTER 2" 500000 2000000)"
expect_api 200 '"\(.from) \(.set.version) \(.current)"' "terminal 4 false" \
    support GET "/api/v1/terminals/$id/params"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent; parameters 4 applied"
expect_pos 0 ok sale --ean $TEA --tender card --card-file "$work/debit.json"
expect_j '.receipt | contains("COUNTER 2")' true

# --- the list and the audit log ------------------------------------------------------------------
expect_api 200 '[.items[] | "\(.version):\(.scope)"] | join(" ")' \
    "1:default 2:merchant 3:group 4:terminal" technician GET /api/v1/param-sets
expect_api 200 '[.items[] | select(.action == "params.save") | .by.username] | reverse | join(" ")' \
    "operations operations operations admin" admin GET '/api/v1/audit?limit=500'
finish

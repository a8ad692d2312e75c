# Heartbeats and offline terminals over real HTTP, against a possumd started with
# --offline-after 2 (seconds, so the test sees a terminal fall silent): a terminal added,
# assigned and activated; heartbeats signed with its master key (HMAC-SHA256 of the body,
# X-Possum-Signature) recorded on it; a wrong signature, an unknown TID and a bad printer
# state refused; its silence opening one support ticket, by the system, and only one;
# its next heartbeat clearing the flag while the ticket stays for support to close. The
# answer's own X-Possum-Signature (HMAC-SHA256 of its exact body bytes, same key) checked
# with openssl, and shown to fail on a changed body.
#
# Needs $POSSUMD, $POSSUMCTL, curl, jq and openssl.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-heartbeat.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
possumd_up --iso-port auto --tls-port auto --http-port auto --demo --offline-after 2
base=http://127.0.0.1:$http
P=$POSSUMCTL

api_login_all technician support

# beat KEY JSON: "STATUS FIELD-OR-OK" of a heartbeat with JSON signed under KEY (hex).
beat() {
    printf '%s' "$2" >"$work/hb.json"
    sig=$(openssl dgst -sha256 -mac HMAC -macopt "hexkey:$1" "$work/hb.json" | sed 's/.*= *//')
    status=$(curl -s -X POST -o "$work/hb.out" -D "$work/hb.head" -w '%{http_code}' \
        -H 'Content-Type: application/json' -H "X-Possum-Signature: $sig" \
        --data-binary "@$work/hb.json" "$base/api/v1/heartbeat")
    printf '%s %s\n' "$status" "$(jq -r '.error.field // .ok' "$work/hb.out")"
}

# --- a terminal, activated --------------------------------------------------------------------
as technician POST /api/v1/terminals '{"serial":"PAX-A920-0100","model":"A920","vendor":"PAX"}' >/dev/null
id=$(jq -r .id "$work/body")
as technician POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":1}' >/dev/null
tid=$(jq -r .tid "$work/body")
code=$(jq -r .activation_code "$work/body")
call - POST /api/v1/activation "{\"serial\":\"PAX-A920-0100\",\"code\":\"$code\"}" >/dev/null
tmk=$($P activation --blob "$(jq -r .tmk_blob "$work/body")" --code "$code" --serial PAX-A920-0100 \
    --tid "$tid" | cut -d' ' -f1)
check "master key" 32 "$(printf '%s' "$tmk" | wc -c | tr -d ' ')"

hb() { # hb PRINTER: a heartbeat body of this terminal
    printf '{"tid":"%s","app_version":"1.4.2","params_version":3,"printer":"%s","last_txn_us":1700000000000000}' \
        "$tid" "$1"
}

# --- heartbeats -------------------------------------------------------------------------------
check "signed heartbeat" "200 true" "$(beat "$tmk" "$(hb ok)")"
# mac FILE: the hex HMAC-SHA256 of FILE's bytes under the terminal's key.
mac() {
    openssl dgst -sha256 -mac HMAC -macopt "hexkey:$tmk" "$1" | sed 's/.*= *//'
}
reply_sig=$(tr -d '\r' <"$work/hb.head" | sed -n 's/^[Xx]-[Pp]ossum-[Ss]ignature: *//p')
check "answer signed" 64 "$(printf '%s' "$reply_sig" | wc -c | tr -d ' ')"
check "answer's signature verifies" "$(mac "$work/hb.out")" "$reply_sig"
sed 's/true/false/' "$work/hb.out" >"$work/hb.tampered"
check "a changed answer does not verify" 1 "$([ "$(mac "$work/hb.tampered")" != "$reply_sig" ] && echo 1)"
check "recorded" "1.4.2 3 ok" "$(as support GET "/api/v1/terminals/$id" >/dev/null;
    jq -r '"\(.heartbeat.app_version) \(.heartbeat.params_version) \(.heartbeat.printer)"' "$work/body")"
check "wrong signature" "401 null" "$(beat 00112233445566778899AABBCCDDEEFF "$(hb ok)")"
check "unknown TID" "401 null" \
    "$(beat "$tmk" '{"tid":"99999999","app_version":"1.4.2","params_version":3,"printer":"ok","last_txn_us":0}')"
check "no signature" "401" "$(curl -s -o /dev/null -w '%{http_code}' -X POST \
    -H 'Content-Type: application/json' --data-binary "$(hb ok)" "$base/api/v1/heartbeat")"
check "bad printer state" "422 printer" "$(beat "$tmk" "$(hb jammed)")"
check "bad app version" "422 app_version" \
    "$(beat "$tmk" "{\"tid\":\"$tid\",\"app_version\":\"1.04\",\"params_version\":3,\"printer\":\"ok\",\"last_txn_us\":0}")"
check "paper out" "200 true" "$(beat "$tmk" "$(hb paper_out)")"

# --- silence: one ticket ------------------------------------------------------------------------
tickets() { # the open tickets about this terminal, as "category priority opened_by"
    as support GET '/api/v1/tickets?status=open' >/dev/null
    jq -r --argjson t "$id" '.items[] | select(.terminal_id == $t) | "\(.category) \(.priority)"' "$work/body"
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -n "$(tickets)" ] && break
    sleep 0.5
done
check "offline ticket" "fault high" "$(tickets)"
as support GET "/api/v1/terminals/$id" >/dev/null
ticket=$(jq -r '.heartbeat.offline_ticket_id // 0' "$work/body")
check "ticket recorded on the terminal" "$(as support GET '/api/v1/tickets?status=open' >/dev/null;
    jq -r --argjson t "$id" '.items[] | select(.terminal_id == $t) | .id' "$work/body")" "$ticket"
sleep 3 # more sweeps while the ticket is open
check "no second ticket" 1 "$(tickets | wc -l | tr -d ' ')"

# --- back online ------------------------------------------------------------------------------
check "heartbeat after silence" "200 true" "$(beat "$tmk" "$(hb ok)")"
as support GET "/api/v1/terminals/$id" >/dev/null
check "flag cleared" "none" "$(jq -r '.heartbeat.offline_ticket_id // "none"' "$work/body")"
check "ticket stays open" 1 "$(tickets | wc -l | tr -d ' ')"
api_login_all admin
as admin GET '/api/v1/audit?limit=500' >/dev/null
check "return audited" 1 "$(jq '[.items[] | select(.action == "terminal.online")] | length' "$work/body")"
finish

# Merchant onboarding (办理) over real HTTP (curl against a possumd started with --demo):
# an application keyed in from paper taken through every state to live (the merchant
# exists afterwards with its 15-digit MID), a rejected one, one returned and
# resubmitted, every identifier error named at once, document uploads with their
# limits (type, size, bytes that lie about their type), each role allowed and denied
# where it should be (agents and merchants see only their own: others' answer 404),
# the overdue list, and the audit log holding an entry for each change.
#
# Needs $POSSUMD, curl and jq. Ids are read from the raw JSON with sed, never through
# jq, which (1.6) holds numbers as doubles.
. "$CLI_LIB"
work=$(mktemp -d /tmp/possum-api-onb.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd
base=http://127.0.0.1:$http

login() {
    curl -s -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/session" | jq -r '.token // empty'
}
admin=$(login admin possum-admin-1)
reviewer=$(login reviewer possum-reviewer-1)
operations=$(login operations possum-operations-1)
technician=$(login technician possum-technician-1)
agent=$(login agent possum-agent-1)
merchant=$(login merchant possum-merchant-1)
support=$(login support possum-support-1)

# as TOKEN METHOD PATH [JSON]: the answer's body in $work/body, "STATUS" printed.
as() {
    token=$1 method=$2 path=$3
    shift 3
    set -- -H "Authorization: Bearer $token" "$@"
    curl -s -X "$method" -o "$work/body" -w '%{http_code}' "$@" "$base$path"
}
# send TOKEN METHOD PATH JSON: the same with a JSON body.
send() {
    curl -s -X "$2" -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $1" \
        -H 'Content-Type: application/json' --data-binary "$4" "$base$3"
}
# got JQ: the last body through jq (never for ids).
got() { jq -c "$1" "$work/body"; }
# id_of: the first "id" of the last body, read as text.
id_of() { sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$work/body"; }

# check WANT STATUS [JQ]: the status and (when JQ is given) the body through JQ.
check() {
    want=$1
    status=$2
    line=$status
    if [ $# -gt 2 ]; then line="$status $(got "$3")"; fi
    checks=$((checks + 1))
    if [ "$line" != "$want" ]; then
        failures=$((failures + 1))
        echo "FAIL: want: $want"
        echo "      got:  $line"
    fi
}

# A good application: the USCC, resident ID and card number pass the core checks
# (possumctl check uscc / idcard / luhn).
form='{"legal_name":"深圳示例商贸有限公司","uscc":"91350100M000100Y43","mcc":"5411",
 "business_type":"enterprise","legal_person":{"name":"张三","id_number":"440305200002290192"},
 "settlement":{"account_kind":"personal","account_name":"张三","bank_name":"工商银行深圳分行",
 "account_number":"6222020000000000018"},"contact_phone":"13800138000",
 "business_address":"深圳市南山区科技园1号","products":["card","qr"],"fee_plan":"standard"}'
act() { send "$1" POST "/api/v1/applications/$2/actions/$3" "${4:-{\}}"; }

# --- every identifier error named at once -------------------------------------------------
check '422 {"field":"uscc","errors":["uscc: USCC: check character should be 3, not 4","legal_person.id_number: legal person'"'"'s ID number: check character should be 2, not 3","contact_phone: contact phone: a mobile number has 11 digits, not 5","mcc: MCC: character '"'"'A'"'"' at position 3 is not a digit","settlement.account_number: settlement account number: check digit should be 8, not 1"]}' \
    "$(send "$operations" POST /api/v1/applications '{"uscc":"91350100M000100Y44","legal_person":{"id_number":"440305200002290193"},"contact_phone":"13800","mcc":"54A1","settlement":{"account_kind":"personal","account_number":"6222020000000000011"}}')" \
    '{field: .error.field, errors: [.error.errors[] | "\(.field): \(.reason)"]}'
check '422 ["legal_nam: is not a field of an application","settlement.iban: is not a field of an application","agent_id: must be a whole number, 0 or more"]' \
    "$(send "$operations" POST /api/v1/applications '{"legal_nam":"x","settlement":{"iban":"x"},"agent_id":"7"}')" \
    '[.error.errors[] | "\(.field): \(.reason)"]'

# --- paper to live --------------------------------------------------------------------------
check 403 "$(send "$reviewer" POST /api/v1/applications "$form")"
check '201 ["draft","paper",null]' "$(send "$operations" POST /api/v1/applications "$form")" '[.state,.channel,.merchant]'
app=$(id_of)
check '200 "深圳示例商贸有限公司"' "$(as "$support" GET "/api/v1/applications/$app")" .legal_name
check '200 ["contact_phone","13900139000"]' \
    "$(send "$operations" PATCH "/api/v1/applications/$app" '{"contact_phone":"13900139000"}')" '["contact_phone",.contact_phone]'
check '422 ["contact_phone","contact phone: a mobile number has 11 digits, not 3"]' \
    "$(send "$operations" PATCH "/api/v1/applications/$app" '{"contact_phone":"139"}')" '[.error.field,.error.reason]'

printf '\211PNG\r\n\032\nrest of a png' >"$work/shop.png"
printf '%%PDF-1.7 a licence' >"$work/licence.pdf"
printf 'GIF89a' >"$work/fake.png"
head -c 5242881 /dev/zero >"$work/big.png"
upload() { curl -s -X PUT -o "$work/body" -w '%{http_code}' -H "Authorization: Bearer $1" -H "Content-Type: $3" --data-binary "@$4" "$base/api/v1/applications/$app/documents/$2"; }
check '201 ["shop_photo","image/png",21]' "$(upload "$operations" shop_photo image/png "$work/shop.png")" '[.kind,.content_type,.size]'
check "201 \"$(sha256sum "$work/licence.pdf" | cut -c1-64)\"" "$(upload "$operations" business_licence application/pdf "$work/licence.pdf")" .sha256
doc=$(id_of)
check '415 "Content-Type image/gif is not accepted: send image/jpeg, image/png, application/pdf"' \
    "$(upload "$operations" shop_photo image/gif "$work/shop.png")" .error.reason
check '422 ["content_type","the file does not begin as image/png files do: it is not one"]' \
    "$(upload "$operations" shop_photo image/png "$work/fake.png")" '[.error.field,.error.reason]'
check '413 "the body is over 5242880 bytes"' "$(upload "$operations" shop_photo image/png "$work/big.png")" .error.reason
check '422 "kind"' "$(upload "$operations" selfie image/png "$work/shop.png")" .error.field
check 403 "$(upload "$technician" shop_photo image/png "$work/shop.png")"
check '200 ["shop_photo","business_licence"]' "$(as "$reviewer" GET "/api/v1/applications/$app/documents")" '[.items[].kind]'
check 200 "$(as "$reviewer" GET "/api/v1/applications/$app/documents/$doc")"
expect_out 0 "" cmp "$work/body" "$work/licence.pdf"

check '403 "submit needs the operations or admin role"' "$(act "$reviewer" "$app" submit)" .error.reason
check '200 ["submitted",true]' "$(act "$operations" "$app" submit)" '[.state, .review_due != null]'
check '409 ["action","an application submitted cannot be approved: it must be under_review first"]' \
    "$(act "$reviewer" "$app" approve)" '[.error.field,.error.reason]'
check '409 "state"' "$(upload "$operations" shop_photo image/png "$work/shop.png")" .error.field
check '409 "action"' "$(send "$operations" PATCH "/api/v1/applications/$app" '{"mcc":"5812"}')" .error.field
check '403 "start_review needs the reviewer or admin role"' "$(act "$operations" "$app" start_review)" .error.reason
check '200 "under_review"' "$(act "$reviewer" "$app" start_review)" .state
check '200 ["approved","898100054110001","suspended"]' "$(act "$reviewer" "$app" approve)" '[.state,.merchant.mid,.merchant.status]'
check '422 "contract_number"' "$(act "$operations" "$app" sign_contract '{"contract_number":"x","fee_plan":"standard","deposit_fen":50000}')" .error.field
check '200 ["contract_signed",{"number":"PSM-2026-000123","fee_plan":"standard","deposit_fen":50000}]' \
    "$(act "$operations" "$app" sign_contract '{"contract_number":"PSM-2026-000123","fee_plan":"standard","deposit_fen":50000}')" '[.state,.contract]'
as "$admin" GET '/api/v1/users?limit=100' >/dev/null
tech_id=$(grep -o '"id":[0-9]*,"username":"technician"' "$work/body" | grep -o '[0-9][0-9]*')
support_id=$(grep -o '"id":[0-9]*,"username":"support"' "$work/body" | grep -o '[0-9][0-9]*')
day=$(date -d '+3 days' +%F)
check '422 ["technician_id"]' "$(act "$operations" "$app" schedule_installation "{\"installation_date\":\"$day\",\"technician_id\":$support_id}")" '[.error.errors[].field]'
check '422 ["installation_date"]' "$(act "$operations" "$app" schedule_installation "{\"installation_date\":\"2026-02-30\",\"technician_id\":$tech_id}")" '[.error.errors[].field]'
check "200 [\"installation_scheduled\",\"$day\"]" "$(act "$operations" "$app" schedule_installation "{\"installation_date\":\"$day\",\"technician_id\":$tech_id}")" '[.state,.installation.date]'
check 403 "$(act "$operations" "$app" mark_installed)"
check '200 "installed"' "$(act "$technician" "$app" mark_installed)" .state
check '200 "trained"' "$(act "$technician" "$app" mark_trained)" .state
check '200 ["live","898100054110001","active","深圳示例商贸有限公司","5411"]' "$(act "$operations" "$app" go_live)" '[.state,.merchant.mid,.merchant.status,.merchant.name,.merchant.mcc]'
check '409 "an application live cannot be live: live is final"' "$(act "$operations" "$app" go_live)" .error.reason
check '200 ["create:-draft","edit:draft-draft","document:draft-draft","document:draft-draft","submit:draft-submitted","start_review:submitted-under_review","approve:under_review-approved","sign_contract:approved-contract_signed","schedule_installation:contract_signed-installation_scheduled","mark_installed:installation_scheduled-installed","mark_trained:installed-trained","go_live:trained-live"]' \
    "$(as "$reviewer" GET "/api/v1/applications/$app/events")" '[.items[] | "\(.action):\(.from // "")-\(.to)"]'

# --- rejected ------------------------------------------------------------------------------
send "$operations" POST /api/v1/applications "$form" >/dev/null
rejected=$(id_of)
act "$operations" "$rejected" submit >/dev/null
act "$reviewer" "$rejected" start_review >/dev/null
check '422 "note"' "$(act "$reviewer" "$rejected" reject)" .error.field
check '200 ["rejected","the licence has expired"]' "$(act "$reviewer" "$rejected" reject '{"note":"the licence has expired"}')" '[.state,.last_note]'
check 409 "$(act "$reviewer" "$rejected" start_review)"

# --- online by an agent, returned, resubmitted; who sees whom ----------------------------------
check '201 ["online",1]' "$(send "$agent" POST /api/v1/applications "$form")" '[.channel,.agent_id]'
mine=$(id_of)
check 403 "$(send "$agent" POST /api/v1/applications '{"agent_id":2}')"
check '200 "submitted"' "$(act "$agent" "$mine" submit)" .state
check 404 "$(as "$agent" GET "/api/v1/applications/$app")"
check 404 "$(as "$merchant" GET "/api/v1/applications/$mine")"
check 404 "$(act "$merchant" "$mine" resubmit)"
check '200 1' "$(as "$agent" GET /api/v1/applications)" '.items | length'
act "$reviewer" "$mine" start_review >/dev/null
check '422 "fix_fields[0]"' "$(act "$reviewer" "$mine" return '{"note":"x","fix_fields":["lgeal_name"]}')" .error.field
check '200 ["returned","the ID photo is unreadable"]' \
    "$(act "$reviewer" "$mine" return '{"note":"the ID photo is unreadable","fix_fields":["documents.id_front"]}')" '[.state,.last_note]'
app_saved=$app
app=$mine
check '201 "id_front"' "$(upload "$agent" id_front image/png "$work/shop.png")" .kind
app=$app_saved
check '200 "resubmitted"' "$(act "$agent" "$mine" resubmit)" .state
check '200 ["return","documents.id_front"]' "$(as "$agent" GET "/api/v1/applications/$mine/events")" '[.items[] | select(.action == "return") | .action, .fix_fields[]]'

# a merchant's own online application, which the agent does not see
check '201 ["online",1]' "$(send "$merchant" POST /api/v1/applications "$form")" '[.channel,.owner_merchant_id]'
own=$(id_of)
check 404 "$(as "$agent" GET "/api/v1/applications/$own")"
check '200 "draft"' "$(as "$merchant" GET "/api/v1/applications/$own")" .state
check '403 "a merchant may edit only its own online application"' \
    "$(send "$merchant" PATCH "/api/v1/applications/$own" '{"channel":"paper"}' )" .error.reason

# --- lists: by state, by agent, overdue (none is: every review is due days from now) ------------
check '200 ["rejected"]' "$(as "$reviewer" GET '/api/v1/applications?state=rejected')" '[.items[].state]'
check '400 "state"' "$(as "$reviewer" GET '/api/v1/applications?state=approved!')" .error.field
check '200 1' "$(as "$reviewer" GET '/api/v1/applications?agent_id=1')" '.items | length'
check '200 []' "$(as "$reviewer" GET '/api/v1/applications?overdue=1')" '.items'
check '200 2' "$(as "$reviewer" GET '/api/v1/applications?limit=2')" '.items | length'

# --- the audit log: an entry for each change ---------------------------------------------------
check '200 ["merchant.activate","merchant.create","application.create","application.edit","application.document","document.upload","application.submit","application.approve","application.go_live","application.return","application.resubmit","application.reject"]' \
    "$(as "$admin" GET '/api/v1/audit?limit=500')" \
    '[.items[].action] as $a | ["merchant.activate","merchant.create","application.create","application.edit","application.document","document.upload","application.submit","application.approve","application.go_live","application.return","application.resubmit","application.reject"] | map(select(. as $x | $a | index($x)))'
check '200 23' "$(as "$admin" GET '/api/v1/audit?limit=500')" '[.items[] | select(.object.type == "merchant_application")] | length'

finish

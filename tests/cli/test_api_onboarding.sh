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
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-onb.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd

api_login_all admin reviewer operations technician agent merchant support

# id_of: the first "id" of the last body, read as text.
id_of() { sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$work/body"; }

# A good application: the USCC, resident ID and card number pass the core checks
# (possumctl check uscc / idcard / luhn).
form='{"legal_name":"深圳示例商贸有限公司","uscc":"91350100M000100Y43","mcc":"5411",
 "business_type":"enterprise","legal_person":{"name":"张三","id_number":"440305200002290192"},
 "settlement":{"account_kind":"personal","account_name":"张三","bank_name":"工商银行深圳分行",
 "account_number":"6222020000000000018"},"contact_phone":"13800138000",
 "business_address":"深圳市南山区科技园1号","products":["card","qr"],"fee_plan":"standard"}'

# --- every identifier error named at once -------------------------------------------------
expect_api 422 '{field: .error.field, errors: [.error.errors[] | "\(.field): \(.reason)"]}' \
    '{"field":"uscc","errors":["uscc: USCC: check character should be 3, not 4","legal_person.id_number: legal person'"'"'s ID number: check character should be 2, not 3","contact_phone: contact phone: a mobile number has 11 digits, not 5","mcc: MCC: character '"'"'A'"'"' at position 3 is not a digit","settlement.account_number: settlement account number: check digit should be 8, not 1"]}' \
    operations POST /api/v1/applications '{"uscc":"91350100M000100Y44","legal_person":{"id_number":"440305200002290193"},"contact_phone":"13800","mcc":"54A1","settlement":{"account_kind":"personal","account_number":"6222020000000000011"}}'
expect_api 422 '[.error.errors[] | "\(.field): \(.reason)"]' '["legal_nam: is not a field of an application","settlement.iban: is not a field of an application","agent_id: must be a whole number, 0 or more"]' \
    operations POST /api/v1/applications '{"legal_nam":"x","settlement":{"iban":"x"},"agent_id":"7"}'

# --- paper to live --------------------------------------------------------------------------
expect_api 403 '' '' reviewer POST /api/v1/applications "$form"
expect_api 201 '[.state,.channel,.merchant]' '["draft","paper",null]' \
    operations POST /api/v1/applications "$form"
app=$(id_of)
expect_api 200 .legal_name '深圳示例商贸有限公司' support GET "/api/v1/applications/$app"
expect_api 200 '["contact_phone",.contact_phone]' '["contact_phone","13900139000"]' \
    operations PATCH "/api/v1/applications/$app" '{"contact_phone":"13900139000"}'
expect_api 422 '[.error.field,.error.reason]' '["contact_phone","contact phone: a mobile number has 11 digits, not 3"]' \
    operations PATCH "/api/v1/applications/$app" '{"contact_phone":"139"}'

printf '\211PNG\r\n\032\nrest of a png' >"$work/shop.png"
printf '%%PDF-1.7 a licence' >"$work/licence.pdf"
printf 'GIF89a' >"$work/fake.png"
head -c 5242881 /dev/zero >"$work/big.png"
# expect_upload WANT_STATUS JQ WANT USER KIND CONTENT-TYPE FILE: expect_api of a PUT of FILE
# as document KIND of application $app.
expect_upload() {
    up_status=$1 up_filter=$2 up_want=$3 up_user=$4
    expect_api "$up_status" "$up_filter" "$up_want" "$up_user" PUT \
        "/api/v1/applications/$app/documents/$5" -H "Content-Type: $6" --data-binary "@$7"
}
expect_upload 201 '[.kind,.content_type,.size]' '["shop_photo","image/png",21]' \
    operations shop_photo image/png "$work/shop.png"
expect_upload 201 .sha256 "$(sha256sum "$work/licence.pdf" | cut -c1-64)" \
    operations business_licence application/pdf "$work/licence.pdf"
doc=$(id_of)
expect_upload 415 .error.reason 'Content-Type image/gif is not accepted: send image/jpeg, image/png, application/pdf' \
    operations shop_photo image/gif "$work/shop.png"
expect_upload 422 '[.error.field,.error.reason]' '["content_type","the file does not begin as image/png files do: it is not one"]' \
    operations shop_photo image/png "$work/fake.png"
expect_upload 413 .error.reason 'the body is over 5242880 bytes' \
    operations shop_photo image/png "$work/big.png"
expect_upload 422 .error.field kind operations selfie image/png "$work/shop.png"
expect_upload 403 '' '' technician shop_photo image/png "$work/shop.png"
expect_api 200 '[.items[].kind]' '["shop_photo","business_licence"]' \
    reviewer GET "/api/v1/applications/$app/documents"
expect_api 200 '' '' reviewer GET "/api/v1/applications/$app/documents/$doc"
expect_out 0 "" cmp "$work/body" "$work/licence.pdf"

expect_api 403 .error.reason 'submit needs the operations or admin role' \
    reviewer POST "/api/v1/applications/$app/actions/submit"
expect_api 200 '[.state, .review_due != null]' '["submitted",true]' \
    operations POST "/api/v1/applications/$app/actions/submit"
expect_api 409 '[.error.field,.error.reason]' '["action","an application submitted cannot be approved: it must be under_review first"]' \
    reviewer POST "/api/v1/applications/$app/actions/approve"
expect_upload 409 .error.field state operations shop_photo image/png "$work/shop.png"
expect_api 409 .error.field action operations PATCH "/api/v1/applications/$app" '{"mcc":"5812"}'
expect_api 403 .error.reason 'start_review needs the reviewer or admin role' \
    operations POST "/api/v1/applications/$app/actions/start_review"
expect_api 200 .state under_review reviewer POST "/api/v1/applications/$app/actions/start_review"
expect_api 200 '[.state,.merchant.mid,.merchant.status]' '["approved","898100054110001","suspended"]' \
    reviewer POST "/api/v1/applications/$app/actions/approve"
expect_api 422 .error.field contract_number \
    operations POST "/api/v1/applications/$app/actions/sign_contract" '{"contract_number":"x","fee_plan":"standard","deposit_fen":50000}'
expect_api 200 '[.state,.contract]' '["contract_signed",{"number":"PSM-2026-000123","fee_plan":"standard","deposit_fen":50000}]' \
    operations POST "/api/v1/applications/$app/actions/sign_contract" '{"contract_number":"PSM-2026-000123","fee_plan":"standard","deposit_fen":50000}'
api_request admin GET '/api/v1/users?limit=100'
tech_id=$(grep -o '"id":[0-9]*,"username":"technician"' "$work/body" | grep -o '[0-9][0-9]*')
support_id=$(grep -o '"id":[0-9]*,"username":"support"' "$work/body" | grep -o '[0-9][0-9]*')
day=$(date -d '+3 days' +%F)
expect_api 422 '[.error.errors[].field]' '["technician_id"]' \
    operations POST "/api/v1/applications/$app/actions/schedule_installation" "{\"installation_date\":\"$day\",\"technician_id\":$support_id}"
expect_api 422 '[.error.errors[].field]' '["installation_date"]' \
    operations POST "/api/v1/applications/$app/actions/schedule_installation" "{\"installation_date\":\"2026-02-30\",\"technician_id\":$tech_id}"
expect_api 200 '[.state,.installation.date]' "[\"installation_scheduled\",\"$day\"]" \
    operations POST "/api/v1/applications/$app/actions/schedule_installation" "{\"installation_date\":\"$day\",\"technician_id\":$tech_id}"
expect_api 403 '' '' operations POST "/api/v1/applications/$app/actions/mark_installed"
expect_api 200 .state installed technician POST "/api/v1/applications/$app/actions/mark_installed"
expect_api 200 .state trained technician POST "/api/v1/applications/$app/actions/mark_trained"
expect_api 200 '[.state,.merchant.mid,.merchant.status,.merchant.name,.merchant.mcc]' '["live","898100054110001","active","深圳示例商贸有限公司","5411"]' \
    operations POST "/api/v1/applications/$app/actions/go_live"
expect_api 409 .error.reason 'an application live cannot be live: live is final' \
    operations POST "/api/v1/applications/$app/actions/go_live"
expect_api 200 '[.items[] | "\(.action):\(.from // "")-\(.to)"]' '["create:-draft","edit:draft-draft","document:draft-draft","document:draft-draft","submit:draft-submitted","start_review:submitted-under_review","approve:under_review-approved","sign_contract:approved-contract_signed","schedule_installation:contract_signed-installation_scheduled","mark_installed:installation_scheduled-installed","mark_trained:installed-trained","go_live:trained-live"]' \
    reviewer GET "/api/v1/applications/$app/events"

# --- rejected ------------------------------------------------------------------------------
api_request operations POST /api/v1/applications "$form"
rejected=$(id_of)
api_request operations POST "/api/v1/applications/$rejected/actions/submit"
api_request reviewer POST "/api/v1/applications/$rejected/actions/start_review"
expect_api 422 .error.field note reviewer POST "/api/v1/applications/$rejected/actions/reject"
expect_api 200 '[.state,.last_note]' '["rejected","the licence has expired"]' \
    reviewer POST "/api/v1/applications/$rejected/actions/reject" '{"note":"the licence has expired"}'
expect_api 409 '' '' reviewer POST "/api/v1/applications/$rejected/actions/start_review"

# --- online by an agent, returned, resubmitted; who sees whom ----------------------------------
expect_api 201 '[.channel,.agent_id]' '["online",1]' agent POST /api/v1/applications "$form"
mine=$(id_of)
expect_api 403 '' '' agent POST /api/v1/applications '{"agent_id":2}'
expect_api 200 .state submitted agent POST "/api/v1/applications/$mine/actions/submit"
expect_api 404 '' '' agent GET "/api/v1/applications/$app"
expect_api 404 '' '' merchant GET "/api/v1/applications/$mine"
expect_api 404 '' '' merchant POST "/api/v1/applications/$mine/actions/resubmit"
expect_api 200 '.items | length' 1 agent GET /api/v1/applications
api_request reviewer POST "/api/v1/applications/$mine/actions/start_review"
expect_api 422 .error.field 'fix_fields[0]' \
    reviewer POST "/api/v1/applications/$mine/actions/return" '{"note":"x","fix_fields":["lgeal_name"]}'
expect_api 200 '[.state,.last_note]' '["returned","the ID photo is unreadable"]' \
    reviewer POST "/api/v1/applications/$mine/actions/return" '{"note":"the ID photo is unreadable","fix_fields":["documents.id_front"]}'
app_saved=$app
app=$mine
expect_upload 201 .kind id_front agent id_front image/png "$work/shop.png"
app=$app_saved
expect_api 200 .state resubmitted agent POST "/api/v1/applications/$mine/actions/resubmit"
expect_api 200 '[.items[] | select(.action == "return") | .action, .fix_fields[]]' '["return","documents.id_front"]' \
    agent GET "/api/v1/applications/$mine/events"

# a merchant's own online application, which the agent does not see
expect_api 201 '[.channel,.owner_merchant_id]' '["online",1]' \
    merchant POST /api/v1/applications "$form"
own=$(id_of)
expect_api 404 '' '' agent GET "/api/v1/applications/$own"
expect_api 200 .state draft merchant GET "/api/v1/applications/$own"
expect_api 403 .error.reason 'a merchant may edit only its own online application' \
    merchant PATCH "/api/v1/applications/$own" '{"channel":"paper"}'

# --- lists: by state, by agent, overdue (none is: every review is due days from now) ------------
expect_api 200 '[.items[].state]' '["rejected"]' reviewer GET '/api/v1/applications?state=rejected'
expect_api 400 .error.field state reviewer GET '/api/v1/applications?state=approved!'
expect_api 200 '.items | length' 1 reviewer GET '/api/v1/applications?agent_id=1'
expect_api 200 '.items' '[]' reviewer GET '/api/v1/applications?overdue=1'
expect_api 200 '.items | length' 2 reviewer GET '/api/v1/applications?limit=2'

# --- the audit log: an entry for each change ---------------------------------------------------
expect_api 200 \
    '[.items[].action] as $a | ["merchant.activate","merchant.create","application.create","application.edit","application.document","document.upload","application.submit","application.approve","application.go_live","application.return","application.resubmit","application.reject"] | map(select(. as $x | $a | index($x)))' \
    '["merchant.activate","merchant.create","application.create","application.edit","application.document","document.upload","application.submit","application.approve","application.go_live","application.return","application.resubmit","application.reject"]' \
    admin GET '/api/v1/audit?limit=500'
expect_api 200 '[.items[] | select(.object.type == "merchant_application")] | length' 23 \
    admin GET '/api/v1/audit?limit=500'

finish

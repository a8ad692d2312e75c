# Training records per merchant (after-sales, 售后) over real HTTP against a possumd
# started with --demo: a record made by its trainer and one for a named technician,
# the merchant's list a page at a time, every field error named (all at once), who may
# record and see whose records (a merchant's user sees its own, another merchant is not
# found), and the audit entry of each record.
#
# Needs $POSSUMD, curl and jq.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-training.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd

E='"\(.error.field): \(.error.reason)"'
ALL='[.error.errors[] | "\(.field): \(.reason)"] | join("; ")'
T=/api/v1/merchants/1/training
ok='"trainee_name":"王小明","trainee_role":"cashier","topics":"sale, void, settlement","trained_on":"20250310"'

api_login_all admin technician operations support reviewer finance agent merchant
me() { call "$1" GET /api/v1/me | jq -r .id; }
technician_id=$(me technician)
support_id=$(me support)
finance_id=$(me finance)

# --- recording -----------------------------------------------------------------------------
expect_api 201 '"\(.merchant_id) \(.trainee_name) \(.trainee_role) \(.topics) \(.trained_on) \(.trainer_id) \(.trainer) \(.created_us > 0)"' \
    "1 王小明 cashier sale, void, settlement 20250310 $technician_id technician true" technician POST $T "{$ok}"
first=$(jq -r .id "$work/body")
# a supervisor records the visit of the technician who gave it; an ISO date is read too
expect_api 201 '"\(.trainer_id) \(.trainer) \(.trained_on) \(.trainee_role)"' "$technician_id technician 20250311 owner" \
    admin POST $T "{\"trainee_name\":\"李 Wei\",\"trainee_role\":\"owner\",\"topics\":\"refunds\",\"trained_on\":\"2025-03-11\",\"trainer_id\":$technician_id}"
second=$(jq -r .id "$work/body")
expect_api 201 '"\(.trainer) \(.trainee_name | length)"' "support 40" operations POST $T \
    "{\"trainee_name\":\"$(printf '店%.0s' $(seq 40))\",\"trainee_role\":\"manager\",\"topics\":\"$(printf '题%.0s' $(seq 200))\",\"trained_on\":\"20250312\",\"trainer_id\":$support_id}"
expect_api 201 '.merchant_id' "2" support POST /api/v1/merchants/2/training "{$ok}"

# --- the list ------------------------------------------------------------------------------
expect_api 200 '"\([.items[].trainee_role] | join(",")) \(.next_after)"' "cashier,owner,manager null" support GET $T
expect_api 200 '"\([.items[].id] | join(",")) \(.next_after)"' "$first $first" admin GET "$T?limit=1"
expect_api 200 '[.items[].id] | join(",")' "$second" admin GET "$T?after=$first&limit=1"
expect_api 200 '.items | length' "1" technician GET /api/v1/merchants/2/training
expect_api 400 '.error.field' "limit" admin GET "$T?limit=0"

# --- every field error named ---------------------------------------------------------------
expect_api 422 "$ALL" "trainee_name: missing; trainee_role: missing; topics: missing; trained_on: missing" \
    technician POST $T '{}'
expect_api 422 "$E" "trainee_name: must not be empty" technician POST $T \
    '{"trainee_name":"","trainee_role":"cashier","topics":"x","trained_on":"20250310"}'
expect_api 422 "$E" "trainee_name: has 41 characters; at most 40" technician POST $T \
    "{\"trainee_name\":\"$(printf 'a%.0s' $(seq 41))\",\"trainee_role\":\"cashier\",\"topics\":\"x\",\"trained_on\":\"20250310\"}"
expect_api 422 '.error.field' "trainee_name" technician POST $T \
    '{"trainee_name":" padded","trainee_role":"cashier","topics":"x","trained_on":"20250310"}'
expect_api 422 "$E" "trainee_name: must be a string" technician POST $T \
    '{"trainee_name":7,"trainee_role":"cashier","topics":"x","trained_on":"20250310"}'
expect_api 422 "$E" "trainee_role: \"chef\" is not a trainee role: cashier, manager or owner" technician POST $T \
    '{"trainee_name":"x","trainee_role":"chef","topics":"x","trained_on":"20250310"}'
expect_api 422 "$E" "topics: has 201 characters; at most 200" technician POST $T \
    "{\"trainee_name\":\"x\",\"trainee_role\":\"cashier\",\"topics\":\"$(printf 't%.0s' $(seq 201))\",\"trained_on\":\"20250310\"}"
expect_api 422 "$E" "topics: must not be empty" technician POST $T \
    '{"trainee_name":"x","trainee_role":"cashier","topics":"","trained_on":"20250310"}'
expect_api 422 '.error.field' "trained_on" technician POST $T \
    '{"trainee_name":"x","trainee_role":"cashier","topics":"x","trained_on":"20250230"}'
expect_api 422 '.error.field' "trained_on" technician POST $T \
    '{"trainee_name":"x","trainee_role":"cashier","topics":"x","trained_on":"yesterday"}'
expect_api 422 '"\(.error.field) \(.error.reason | startswith("20990101 is after today"))"' "trained_on true" \
    technician POST $T '{"trainee_name":"x","trainee_role":"cashier","topics":"x","trained_on":"20990101"}'
expect_api 422 "$E" "trainer_id: no user 4242" technician POST $T "{$ok,\"trainer_id\":4242}"
expect_api 422 "$E" "trainer_id: must be a user id (an integer above 0)" technician POST $T "{$ok,\"trainer_id\":\"7\"}"
expect_api 422 "$E" "trainer_id: finance is a finance user: trainers are technician or support users" \
    technician POST $T "{$ok,\"trainer_id\":$finance_id}"
expect_api 422 "$E" "trainee: is not a field of a training record" technician POST $T "{$ok,\"trainee\":\"x\"}"
expect_api 422 "$ALL" "trainee_role: \"boss\" is not a trainee role: cashier, manager or owner; trainer_id: no user 4242" \
    technician POST $T '{"trainee_name":"x","trainee_role":"boss","topics":"x","trained_on":"20250310","trainer_id":4242}'
expect_api 404 '.error.reason' "no merchant 4242" technician POST /api/v1/merchants/4242/training "{$ok}"
expect_api 404 '.error.reason' "no merchant x" technician POST /api/v1/merchants/x/training "{$ok}"

# --- who may -------------------------------------------------------------------------------
expect_api 200 '[.items[].merchant_id] | unique | join(",")' "1" merchant GET $T
expect_api 404 '.error.reason' "no merchant 2" merchant GET /api/v1/merchants/2/training
expect_api 404 '.error.reason' "no merchant 4242" merchant GET /api/v1/merchants/4242/training
expect_api 403 '.error.reason' "recording a training needs the admin, support, operations or technician role" \
    merchant POST $T "{$ok}"
for u in finance reviewer agent; do
    expect_api 403 '.error.status' "403" $u GET $T
    expect_api 403 '.error.status' "403" $u POST $T "{$ok}"
done
expect_api 404 '.error.reason' "no merchant 4242" admin GET /api/v1/merchants/4242/training

# --- the audit log -------------------------------------------------------------------------
expect_api 200 "[.items[] | select(.action == \"training.record\")] | length" "4" admin GET '/api/v1/audit?limit=500'
expect_api 200 "[.items[] | select(.object.type == \"training_record\" and .object.id == \"$first\")][0] | \"\\(.action) \\(.by.username) \\(.before) \\(.after.trainee_name) \\(.after.trainer)\"" \
    "training.record technician null 王小明 technician" admin GET '/api/v1/audit?limit=500'

finish

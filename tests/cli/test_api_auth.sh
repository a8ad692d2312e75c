# The back office's logins, roles and audit log over real HTTP (curl against a possumd
# started with --demo, whose demo users are one per role): log in by password, a
# bearer token or the cookie with its CSRF header, 401 without a session, 403 naming
# the role a route needs, every field error named, lockout after five wrong
# passwords, a password change, logout, and the audit log recording each change.
#
# Needs $POSSUMD, curl and jq.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-auth.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd
base=http://127.0.0.1:$http

# field_error STATUS FIELD REASON METHOD PATH [JSON] [CURL-ARGS...]: expect_api with no
# session of its own (a token, if any, in CURL-ARGS): the answer is STATUS with error.field
# FIELD ("-" for none) and error.reason REASON.
field_error() {
    fe_status=$1
    fe_want="$2: $3"
    shift 3
    expect_api "$fe_status" '"\(.error.field // "-"): \(.error.reason)"' "$fe_want" - "$@"
}

# --- logging in --------------------------------------------------------------------------------
admin=$(login admin possum-admin-1)
expect_out 0 64 sh -c "printf '%s' '$admin' | wc -c | tr -d ' '"
expect_out 0 "200 admin admin" sh -c "curl -s -o '$work/me' -w '%{http_code} ' -H 'Authorization: Bearer $admin' $base/api/v1/me; jq -r '\"\(.username) \(.role)\"' '$work/me'"
field_error 401 - "wrong user name or password" POST /api/v1/session '{"username":"admin","password":"nope-nope-1"}'
field_error 401 - "wrong user name or password" POST /api/v1/session '{"username":"nobody","password":"nope-nope-1"}'
field_error 401 - "log in first: POST /api/v1/session" GET /api/v1/me
field_error 401 - "the session is unknown, expired or logged out: log in again" GET /api/v1/me \
    -H "Authorization: Bearer 0000000000000000000000000000000000000000000000000000000000000000"
field_error 422 password "missing" POST /api/v1/session '{"username":"admin"}'
field_error 422 username "must be a string" POST /api/v1/session '{"username":7,"password":"x"}'
field_error 415 - "send the body as Content-Type: application/json" POST /api/v1/session \
    --data-binary '{}' -H 'Content-Type: text/plain'
field_error 400 - "the body is not JSON: line 1, column 12: unexpected token near end of file" \
    POST /api/v1/session '{"username":'

# --- roles ----------------------------------------------------------------------------------
reviewer=$(login reviewer possum-reviewer-1)
field_error 403 - "GET /api/v1/users needs the admin role; reviewer is reviewer" \
    GET /api/v1/users -H "Authorization: Bearer $reviewer"
field_error 403 - "GET /api/v1/audit needs the admin role; reviewer is reviewer" \
    GET /api/v1/audit -H "Authorization: Bearer $reviewer"
expect_out 0 "8 admin" sh -c "curl -s -H 'Authorization: Bearer $admin' '$base/api/v1/users?limit=100' | jq -r '\"\(.items | length) \(.items[0].username)\"'"
next=$(curl -s -H "Authorization: Bearer $admin" "$base/api/v1/users?limit=2" | jq -r .next_after)
expect_out 0 "operations technician" sh -c "curl -s -H 'Authorization: Bearer $admin' '$base/api/v1/users?limit=2&after=$next' | jq -r '[.items[].username] | join(\" \")'"
field_error 400 limit "must be a whole number from 1 to 500" GET '/api/v1/users?limit=0' \
    -H "Authorization: Bearer $admin"

# --- creating users: every field named -------------------------------------------------------
new() { printf '{"username":"%s","display_name":"%s","role":"%s","password":"%s"%s}' "$@"; }
field_error 422 username "must start with a lower-case letter" POST /api/v1/users \
    "$(new 9lives Cat support good-password-1 '')" -H "Authorization: Bearer $admin"
field_error 422 role "\"boss\" is not a role (admin, reviewer, operations, technician, support, finance, agent or merchant)" POST /api/v1/users \
    "$(new zhang 张三 boss good-password-1 '')" -H "Authorization: Bearer $admin"
field_error 422 password "at least 10 characters; it has 5" POST /api/v1/users \
    "$(new zhang 张三 support abc12 '')" -H "Authorization: Bearer $admin"
field_error 422 password "mix letters with digits or symbols" POST /api/v1/users \
    "$(new zhang 张三 support onlyletterspassword '')" -H "Authorization: Bearer $admin"
field_error 422 merchant_id "a merchant user names its merchant" POST /api/v1/users \
    "$(new shop2 店 merchant good-password-1 '')" -H "Authorization: Bearer $admin"
field_error 422 display_name "missing" POST /api/v1/users \
    '{"username":"zhang","role":"support","password":"good-password-1"}' -H "Authorization: Bearer $admin"
expect_out 0 "201 zhang 张三 support" sh -c "curl -s -o '$work/made' -w '%{http_code} ' -X POST -H 'Authorization: Bearer $admin' -H 'Content-Type: application/json' -d '$(new zhang 张三 support good-password-1 '')' $base/api/v1/users; jq -r '\"\(.username) \(.display_name) \(.role)\"' '$work/made'"
field_error 409 username "zhang is taken" POST /api/v1/users \
    "$(new zhang 张三 support good-password-1 '')" -H "Authorization: Bearer $admin"
field_error 403 - "POST /api/v1/users needs the admin role; zhang is support" POST /api/v1/users \
    "$(new li 李 support good-password-1 '')" -H "Authorization: Bearer $(login zhang good-password-1)"

# --- the cookie and its CSRF header -------------------------------------------------------------
curl -s -c "$work/jar" -X POST -H 'Content-Type: application/json' \
    -d '{"username":"admin","password":"possum-admin-1"}' "$base/api/v1/session" >"$work/login"
csrf=$(jq -r .csrf "$work/login")
expect_out 0 "1" sh -c "grep -c '#HttpOnly_127.0.0.1.*possum_session' '$work/jar'"
expect_out 0 "200 admin" sh -c "curl -s -b '$work/jar' -o '$work/me' -w '%{http_code} ' $base/api/v1/me; jq -r .username '$work/me'"
field_error 403 X-CSRF-Token "a change made with the session cookie must repeat the login's csrf value in the X-CSRF-Token header" \
    POST /api/v1/users "$(new wang 王 finance good-password-1 '')" -b "$work/jar"
field_error 403 X-CSRF-Token "a change made with the session cookie must repeat the login's csrf value in the X-CSRF-Token header" \
    POST /api/v1/users "$(new wang 王 finance good-password-1 '')" -b "$work/jar" -H "X-CSRF-Token: 00$csrf"
expect_out 0 "201" sh -c "curl -s -o /dev/null -w '%{http_code}' -b '$work/jar' -H 'X-CSRF-Token: $csrf' -H 'Content-Type: application/json' -d '$(new wang 王 finance good-password-1 '')' $base/api/v1/users"

# --- lockout ----------------------------------------------------------------------------------
for i in 1 2 3 4; do
    field_error 401 - "wrong user name or password" POST /api/v1/session '{"username":"support","password":"wrong-password-1"}'
done
field_error 429 - "too many wrong passwords: this user is locked for 900 more seconds" \
    POST /api/v1/session '{"username":"support","password":"wrong-password-1"}'
expect_out 0 "" sh -c "[ -z \"\$(curl -s -X POST -H 'Content-Type: application/json' -d '{\"username\":\"support\",\"password\":\"possum-support-1\"}' $base/api/v1/session | jq -r '.token // empty')\" ]"
expect_out 0 "Retry-After: 900" sh -c "curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' -d '{\"username\":\"support\",\"password\":\"x\"}' $base/api/v1/session | tr -d '\r' | grep '^Retry-After'"

# --- password change, logout ------------------------------------------------------------------
fin=$(login finance possum-finance-1)
field_error 403 current_password "the current password is wrong" PUT /api/v1/me/password \
    '{"current_password":"not-mine-123","new_password":"a-new-secret-2"}' -H "Authorization: Bearer $fin"
field_error 422 new_password "must not be the user name" PUT /api/v1/me/password \
    '{"current_password":"possum-operations-1","new_password":"operations"}' \
    -H "Authorization: Bearer $(login operations possum-operations-1)"
field_error 422 new_password "must differ from the current one" PUT /api/v1/me/password \
    '{"current_password":"possum-finance-1","new_password":"possum-finance-1"}' -H "Authorization: Bearer $fin"
expect_out 0 "200 password changed" sh -c "curl -s -o '$work/pw' -w '%{http_code} ' -X PUT -H 'Authorization: Bearer $fin' -H 'Content-Type: application/json' -d '{\"current_password\":\"possum-finance-1\",\"new_password\":\"a-new-secret-2\"}' $base/api/v1/me/password; jq -r .status '$work/pw'"
expect_out 0 "" login finance possum-finance-1
expect_out 0 "64" sh -c "printf '%s' \"\$(curl -s -X POST -H 'Content-Type: application/json' -d '{\"username\":\"finance\",\"password\":\"a-new-secret-2\"}' $base/api/v1/session | jq -r .token)\" | wc -c | tr -d ' '"
expect_out 0 "200" sh -c "curl -s -o /dev/null -w '%{http_code}' -X DELETE -H 'Authorization: Bearer $reviewer' $base/api/v1/session"
field_error 401 - "the session is unknown, expired or logged out: log in again" GET /api/v1/me \
    -H "Authorization: Bearer $reviewer"

# --- the audit log ----------------------------------------------------------------------------
curl -s -H "Authorization: Bearer $admin" "$base/api/v1/audit?limit=500" >"$work/audit"
expect_out 0 "admin zhang support" sh -c "jq -r '.items[] | select(.action == \"user.create\" and .after.username == \"zhang\") | \"\(.by.username) \(.after.username) \(.after.role)\"' '$work/audit'"
expect_out 0 "1" sh -c "jq '[.items[] | select(.action == \"user.locked\" and .after.username == \"support\")] | length' '$work/audit'"
expect_out 0 "4" sh -c "jq '[.items[] | select(.action == \"session.login_failed\" and .after.username == \"support\")] | length' '$work/audit'"
expect_out 0 "finance" sh -c "jq -r '.items[] | select(.action == \"user.password_change\") | .by.username' '$work/audit'"
expect_out 0 "reviewer" sh -c "jq -r '.items[] | select(.action == \"session.logout\") | .by.username' '$work/audit'"
expect_out 0 "8" sh -c "jq '[.items[] | select(.action == \"user.create\" and .by.username == \"system\")] | length' '$work/audit'"
expect_out 0 "0" sh -c "grep -c 'argon2\|password_hash\|possum-admin-1' '$work/audit' || true"
expect_out 0 "true" sh -c "jq '[.items[].id] == ([.items[].id] | sort | reverse)' '$work/audit'"
field_error 405 - "DELETE is not served on /api/v1/audit: use GET" DELETE /api/v1/audit \
    -H "Authorization: Bearer $admin"

finish

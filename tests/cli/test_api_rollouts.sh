# App packages and rollouts over real HTTP against a possumd started with --demo: a
# package uploaded as raw bytes (a bad version, a stated SHA-256 that is not the bytes',
# an empty file and one over 64 MiB refused, nothing kept; the same version twice a 409),
# downloaded with no login and compared with sha256sum; a rollout of it to a group of two
# terminals (a third in the group runs a newer version: left out and listed), its counts
# and terminals; a retry refused unless the terminal failed; each role allowed and
# denied where it should be; every change audited.
#
# What terminals report reaches a target through their heartbeat (office_rollout_report,
# office_rollout_seen; unit-tested in tests/unit/host/office/tms/test_rollouts.c); here a
# terminal's app version and a failed target are written into possumd's database with
# the sqlite3 shell instead.
#
# Needs $POSSUMD, curl, jq, sqlite3 and sha256sum.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-rollouts.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd
base=http://127.0.0.1:$http
db=$work/data/possum.db

# expect_upload WANT_STATUS JQ WANT USER VERSION FILE [CURL-ARGS...]: expect_api of
# PUT /api/v1/packages/VERSION with FILE's bytes as the body.
expect_upload() {
    up_status=$1 up_filter=$2 up_want=$3 up_user=$4 up_version=$5 up_file=$6
    shift 6
    expect_api "$up_status" "$up_filter" "$up_want" "$up_user" PUT "/api/v1/packages/$up_version" \
        -H 'Content-Type: application/octet-stream' --data-binary "@$up_file" "$@"
}

api_login_all admin operations technician support reviewer finance

# --- packages -------------------------------------------------------------------------------
head -c 300000 /dev/urandom >"$work/app-1.5.0.pkg"
sum=$(sha256sum "$work/app-1.5.0.pkg" | cut -c1-64)
other=$(printf 'x' | sha256sum | cut -c1-64)
expect_upload 422 '"\(.error.field): \(.error.reason)"' \
    "version: app version \"1.05.0\": a leading zero in part 2" operations 1.05.0 "$work/app-1.5.0.pkg"
expect_upload 422 '"\(.error.field): \(.error.reason)"' \
    "sha256: sha256: the bytes hash to $sum, not $other as stated; kept nothing" \
    operations 1.5.0 "$work/app-1.5.0.pkg" -H "X-Possum-SHA256: $other"
expect_upload 422 '.error.field' "sha256" operations 1.5.0 "$work/app-1.5.0.pkg" \
    --url-query "sha256=$other"
check "a refused upload keeps no file" "0" "$(ls -A "$work/data/packages" 2>/dev/null | wc -l)"
: >"$work/empty"
expect_upload 422 '"\(.error.field): \(.error.reason)"' "file: file: the package is empty" \
    operations 1.5.0 "$work/empty"
head -c $((64 * 1024 * 1024 + 1)) /dev/zero >"$work/big"
expect_upload 413 '.error.reason' "the body is over 67108864 bytes" operations 1.5.0 "$work/big"
rm -f "$work/big"
expect_upload 403 '.error.reason' \
    "PUT /api/v1/packages/1.5.0 needs the admin or operations role; technician is technician" \
    technician 1.5.0 "$work/app-1.5.0.pkg"
expect_api 415 '.error.reason' "send the package as Content-Type: application/octet-stream" \
    operations PUT /api/v1/packages/1.5.0 '{"a":1}'
expect_upload 201 '"\(.version) \(.sha256) \(.size) \(.uploader)"' "1.5.0 $sum 300000 operations" \
    operations 1.5.0 "$work/app-1.5.0.pkg" -H "X-Possum-SHA256: $(printf '%s' "$sum" | tr a-f A-F)"
expect_upload 409 '"\(.error.field): \(.error.reason)"' \
    "version: version 1.5.0 is on record already (sha256 $(printf '%s' "$sum" | cut -c1-12)...): a new build is a new version" \
    admin 1.5.0 "$work/app-1.5.0.pkg"
printf 'possum 1.6.0\n' >"$work/app-1.6.0.pkg"
expect_upload 201 '.version' "1.6.0" admin 1.6.0 "$work/app-1.6.0.pkg" --url-query \
    "sha256=$(sha256sum "$work/app-1.6.0.pkg" | cut -c1-64)"
expect_api 200 '[.items[].version] | join(" ")' "1.5.0 1.6.0" support GET /api/v1/packages
expect_api 200 '"\(.items | length) \(.next_after)"' "1 $(sqlite3 "$db" "SELECT id FROM app_packages WHERE version = '1.5.0'")" \
    technician GET '/api/v1/packages?limit=1'
expect_api 403 '.error.reason' "GET /api/v1/packages needs the admin or operations or technician or support role; reviewer is reviewer" \
    reviewer GET /api/v1/packages

# the download: no login, the bytes as uploaded, with their length and hash
status=$(curl -s -o "$work/got.pkg" -D "$work/headers" -w '%{http_code}' "$base/api/v1/packages/1.5.0/file")
check "download status" "200" "$status"
check "download bytes" "$sum" "$(sha256sum "$work/got.pkg" | cut -c1-64)"
check "download headers" "Content-Length: 300000
Content-Type: application/octet-stream
X-Content-SHA256: $sum" "$(tr -d '\r' <"$work/headers" | grep -E '^(Content-Length|Content-Type|X-Content-SHA256):' | sort)"
expect_api 404 .error.reason "no package of version 1.9.9" - GET /api/v1/packages/1.9.9/file

# --- a group of terminals -------------------------------------------------------------------------
add() {
    as technician POST /api/v1/terminals "{\"serial\":\"$1\",\"model\":\"A920\",\"vendor\":\"PAX\"}" >/dev/null
    jq -r .id "$work/body"
}
t1=$(add PAX-A920-R001)
t2=$(add PAX-A920-R002)
t3=$(add PAX-A920-R003)
for t in $t1 $t2 $t3; do
    expect_api 200 '.group' "pilot" technician PUT "/api/v1/terminals/$t/group" '{"group":"pilot"}'
done
# what their heartbeats would have said: t1 runs 1.4.2, t2 never said, t3 runs 1.7.0
sqlite3 "$db" "UPDATE terminal_stock SET app_version = '1.4.2' WHERE id = $t1;
               UPDATE terminal_stock SET app_version = '1.7.0' WHERE id = $t3"

# --- rollouts ---------------------------------------------------------------------------------------
expect_api 403 '.error.reason' "POST /api/v1/rollouts needs the admin or operations role; technician is technician" \
    technician POST /api/v1/rollouts '{"version":"1.5.0","group":"pilot"}'
expect_api 404 '"\(.error.field): \(.error.reason)"' "version: no package of version 1.5.1: upload it first" \
    operations POST /api/v1/rollouts '{"version":"1.5.1","group":"pilot"}'
expect_api 404 '"\(.error.field): \(.error.reason)"' "group: no terminal is in group beta" \
    operations POST /api/v1/rollouts '{"version":"1.5.0","group":"beta"}'
expect_api 422 '.error.field' "group" operations POST /api/v1/rollouts '{"version":"1.5.0","group":"Pilot"}'
expect_api 422 '"\(.error.field): \(.error.reason)"' "allow_downgrade: must be true or false" \
    operations POST /api/v1/rollouts '{"version":"1.5.0","group":"pilot","allow_downgrade":"yes"}'
expect_api 422 '"\(.error.field): \(.error.reason)"' "version: missing" \
    operations POST /api/v1/rollouts '{"group":"pilot"}'
expect_api 201 '"\(.version) \(.group) \(.counts.pending) \(.counts.installed) \(.terminals | length) \(.skipped[0].serial) \(.skipped[0].reason)"' \
    "1.5.0 pilot 2 0 2 PAX-A920-R003 terminal runs 1.7.0, newer than 1.5.0: a downgrade needs allow_downgrade" \
    operations POST /api/v1/rollouts '{"version":"1.5.0","group":"pilot","note":"试点门店"}'
rid=$(jq -r .id "$work/body")
expect_api 200 '[.terminals[] | "\(.serial):\(.state):\(.from_version)"] | join(" ")' \
    "PAX-A920-R001:pending:1.4.2 PAX-A920-R002:pending:" support GET "/api/v1/rollouts/$rid"
expect_api 200 '"\(.terminals | length) \(.next_after)"' "1 $t1" technician GET "/api/v1/rollouts/$rid?limit=1"
expect_api 200 '[.terminals[].terminal_id] | join(" ")' "$t2" technician GET "/api/v1/rollouts/$rid?after=$t1"
expect_api 200 '[.items[] | "\(.version) \(.group) \(.note) \(.creator)"] | join(",")' \
    "1.5.0 pilot 试点门店 operations" support GET /api/v1/rollouts
expect_api 403 '.error.reason' "GET /api/v1/rollouts needs the admin or operations or technician or support role; finance is finance" \
    finance GET /api/v1/rollouts
expect_api 404 '.error.reason' "no rollout 99" support GET /api/v1/rollouts/99

# a retry: only of a failed terminal, by those who start rollouts
expect_api 409 '.error.reason' "cannot retry a terminal that is pending: retry applies to failed" \
    operations POST "/api/v1/rollouts/$rid/terminals/$t1/retry"
expect_api 404 '.error.reason' "no terminal $t3 in rollout $rid" \
    operations POST "/api/v1/rollouts/$rid/terminals/$t3/retry"
sqlite3 "$db" "UPDATE rollout_targets SET state = 'failed', reason = 'checksum mismatch'
               WHERE rollout_id = $rid AND stock_id = $t1"
expect_api 200 '"\(.counts.failed) \(.counts.pending) \(.terminals[0].reason)"' "1 1 checksum mismatch" \
    support GET "/api/v1/rollouts/$rid"
expect_api 403 '.error.reason' "POST /api/v1/rollouts/$rid/terminals/$t1/retry needs the admin or operations role; support is support" \
    support POST "/api/v1/rollouts/$rid/terminals/$t1/retry"
expect_api 200 '"\(.serial) \(.state) \(.reason)"' "PAX-A920-R001 pending " \
    admin POST "/api/v1/rollouts/$rid/terminals/$t1/retry"
expect_api 409 '.error.reason' "cannot retry a terminal that is pending: retry applies to failed" \
    admin POST "/api/v1/rollouts/$rid/terminals/$t1/retry"

# a rollback: with allow_downgrade the newer terminal is targeted too
expect_api 201 '"\(.counts.pending) \(.skipped | length) \(.allow_downgrade)"' "3 0 true" \
    admin POST /api/v1/rollouts '{"version":"1.5.0","group":"pilot","allow_downgrade":true}'
sqlite3 "$db" "UPDATE terminal_stock SET group_name = 'new' WHERE id = $t3"
expect_api 409 '"\(.error.field): \(.error.reason)"' \
    "allow_downgrade: every terminal of group new runs a version newer than 1.6.0: a rollback needs allow_downgrade" \
    admin POST /api/v1/rollouts '{"version":"1.6.0","group":"new"}'

# --- the audit log ------------------------------------------------------------------------------
expect_api 200 '[.items[] | select(.action | test("^(package|rollout)\\.")) | .action] | reverse | join(" ")' \
    "package.upload package.upload rollout.start rollout.retry rollout.start" admin GET '/api/v1/audit?limit=500'
expect_api 200 '[.items[] | select(.action == "rollout.retry")][0] | "\(.before.state) \(.after.state) \(.before.reason)"' \
    "failed pending checksum mismatch" admin GET '/api/v1/audit?limit=500'

finish

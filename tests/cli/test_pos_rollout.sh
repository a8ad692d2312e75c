# An app rollout reaching a real possum-pos, against a possumd started with --demo: a
# terminal activated by code and put in the group "pilot"; a package uploaded and rolled
# out to the group; the terminal's heartbeat answered with the offer, the package
# downloaded, checked by its SHA-256 and installed, and the rollout showing it installed
# (and the terminal running it); then a second version whose file on the host is damaged:
# the terminal refuses it (the hash differs), the rollout shows it failed with the
# terminal's reason, operations retries once the file is good, and it installs.
#
# Needs $POSSUM_POS, $POSSUMD, curl, jq and sqlite3.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
. "$(dirname "$CLI_LIB")/api_lib.sh"

start_possumd
base=http://127.0.0.1:$http
serial=SUNMI-P2-0500

api_login_all operations technician

state_of() { # the terminal's state in rollout $1, and its reason
    call technician GET "/api/v1/rollouts/$1" | jq -r '.terminals[0] | "\(.state) \(.reason)"'
}

# --- a terminal of the pilot group -----------------------------------------------------------------
id=$(call technician POST /api/v1/terminals \
    "{\"serial\":\"$serial\",\"model\":\"P2\",\"vendor\":\"Sunmi\"}" | jq -r .id)
code=$(call technician POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":1}' |
    jq -r .activation_code)
expect_pos 0 ok activate --api "$base" --serial "$serial" --code "$code" --host "127.0.0.1:$iso" \
    --supervisor-name Wang --supervisor-password 246810
check "put in the group" pilot "$(call operations PUT "/api/v1/terminals/$id/group" \
    '{"group":"pilot"}' | jq -r .group)"

# --- 1.5.0: uploaded, rolled out, installed --------------------------------------------------------
head -c 200000 /dev/urandom >"$work/possum-pos-1.5.0.pkg"
sum=$(sha256sum "$work/possum-pos-1.5.0.pkg" | cut -c1-64)
check "uploaded" "1.5.0 $sum" "$(call operations PUT /api/v1/packages/1.5.0 \
    -H 'Content-Type: application/octet-stream' -H "X-Possum-SHA256: $sum" \
    --data-binary "@$work/possum-pos-1.5.0.pkg" | jq -r '"\(.version) \(.sha256)"')"
r1=$(call operations POST /api/v1/rollouts '{"version":"1.5.0","group":"pilot"}' | jq -r .id)
check "pending before the heartbeat" "pending " "$(state_of "$r1")"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent; app 1.5.0 installed"
check "the package is on the terminal, whole" "$sum" \
    "$(sha256sum "$POSSUM_POS_HOME/app/1.5.0/package" | cut -c1-64)"
check "installed, said at once" "installed " "$(state_of "$r1")"
check "the terminal runs it" "1.5.0" \
    "$(call technician GET "/api/v1/terminals/$id" | jq -r .heartbeat.app_version)"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent" # nothing more is offered
expect_j .detail.app_version 1.5.0

# --- 1.6.0: a damaged file is refused by the terminal, retried once good ---------------------------
head -c 150000 /dev/urandom >"$work/possum-pos-1.6.0.pkg"
sum2=$(sha256sum "$work/possum-pos-1.6.0.pkg" | cut -c1-64)
call operations PUT /api/v1/packages/1.6.0 -H 'Content-Type: application/octet-stream' \
    --data-binary "@$work/possum-pos-1.6.0.pkg" >/dev/null
stored=$work/data/packages/$sum2
expect_true "kept under the data directory by its hash" test -f "$stored"
cp "$stored" "$work/good"
printf 'X' | dd of="$stored" bs=1 seek=1000 conv=notrunc 2>/dev/null # damaged on the host
r2=$(call operations POST /api/v1/rollouts '{"version":"1.6.0","group":"pilot"}' | jq -r .id)
expect_pos 0 ok heartbeat
said=$(j .message)
check "the terminal says why it did not install" "app 1.6.0 not installed: sha256 mismatch" \
    "$(printf '%s' "$said" | sed -n 's/^heartbeat sent; \(app 1.6.0 not installed: sha256 mismatch\):.*/\1/p')"
got=$(state_of "$r2")
check "failed, with the terminal's reason" "failed sha256 mismatch" \
    "$(printf '%s' "$got" | cut -d: -f1)"
expect_j .detail.app_version 1.5.0
cp "$work/good" "$stored"
check "retried" pending "$(call operations POST "/api/v1/rollouts/$r2/terminals/$id/retry" \
    | jq -r .state)"
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent; app 1.6.0 installed"
check "installed after the retry" "installed " "$(state_of "$r2")"
check "and the first rollout stays as it was" "installed " "$(state_of "$r1")"
finish

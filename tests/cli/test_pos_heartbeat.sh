# possum-pos's heartbeats to the back office, against a real possumd started with --demo:
# a terminal received into stock, assigned and activated by code (activate --api keeps
# the back office as the setting back-office, and the first sign-in sends a heartbeat);
# `possum-pos heartbeat` sent, its signed answer verified, and the host's record of it
# read back over the API (app version, parameter set 0, printer, last seen); the
# cashier's screen (possum-pos tui, in tmux) sending its own while it waits for a key,
# every heartbeat-every seconds; with no back office set, and with one that is not
# there, the command fails saying why.
#
# Needs $POSSUM_POS, $POSSUMD, curl, jq, sqlite3 and tmux.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/pos_lib.sh"
. "$(dirname "$CLI_LIB")/api_lib.sh"
. "$(dirname "$CLI_LIB")/tui_lib.sh"
trap 'tui_stop; stop_possumd; rm -rf "$work"' EXIT

start_possumd
base=http://127.0.0.1:$http
serial=SUNMI-P2-0077

seen() { # what the host recorded of the terminal's last heartbeat
    call support GET "/api/v1/terminals/$id" |
        jq -r '.heartbeat | "\(.app_version) \(.params_version) \(.printer) \(.last_seen_us)"'
}

api_login_all technician support
id=$(call technician POST /api/v1/terminals \
    "{\"serial\":\"$serial\",\"model\":\"P2\",\"vendor\":\"Sunmi\"}" | jq -r .id)
code=$(call technician POST "/api/v1/terminals/$id/actions/assign" '{"merchant_id":1}' |
    jq -r .activation_code)

# --- activation keeps the back office and says it is alive ---------------------------------------
expect_pos 0 ok activate --api "$base" --serial "$serial" --code "$code" --host "127.0.0.1:$iso" \
    --supervisor-name Wang --supervisor-password 246810
expect_true "activation's sign-in sent a heartbeat" \
    sh -c "printf '%s' '$(j .message)' | grep -q '; heartbeat sent'"
expect_pos 0 ok config show
expect_j '.detail."back-office"' "$base"
first=$(seen)
check "recorded at activation" "0.1.0 0 ok" "${first% *}"

# --- the command ---------------------------------------------------------------------------------
sleep 0.01
expect_pos 0 ok heartbeat
expect_j .message "heartbeat sent"
expect_j '.detail | "\(.app_version) \(.params_version) \(.printer)"' "0.1.0 0 ok"
again=$(seen)
check "recorded again" "0.1.0 0 ok" "${again% *}"
expect_true "last seen moved on" test "${again##* }" -gt "${first##* }"

# --- the cashier's screen beats while it waits ----------------------------------------------------
expect_pos 0 ok login --operator 00 --password 246810
expect_err 6 'heartbeat-every: "86401" is not a whole number from 0 to 86400' \
    "$POSSUM_POS" config set heartbeat-every 86401
expect_pos 0 ok config set heartbeat-every 1
before=$(seen)
start_tui
wait_for "操作员登录"
sleep 2.5 # the login screen waits: two heartbeats fall due meanwhile
during=$(seen)
expect_true "the idle screen sent a heartbeat" test "${during##* }" -gt "${before##* }"
sleep 1.5
later=$(seen)
expect_true "and keeps sending them" test "${later##* }" -gt "${during##* }"
keys Escape
wait_for "退出收银程序？"
keys Enter
expect_tui_exit
expect_pos 0 ok config set heartbeat-every 300

# --- failures say why ----------------------------------------------------------------------------
expect_pos 0 ok config set back-office http://127.0.0.1:1
expect_pos 3 offline heartbeat
expect_true "an unreachable back office is named" \
    sh -c "printf '%s' '$err' | grep -q 'the back office at http://127.0.0.1:1: '"
expect_err 6 "back-office: URL 'ftp://x': http:// or https:// expected" \
    "$POSSUM_POS" config set back-office ftp://x
expect_pos 0 ok config set back-office ""
expect_pos 6 refused heartbeat
expect_true "no back office is said" \
    sh -c "printf '%s' '$err' | grep -q 'no back office to send heartbeats to'"
finish

# Helpers for the tests that drive possum-pos's full screen (possum-pos tui) as a
# cashier would, on top of lib.sh and pos_lib.sh: a tmux server of the test's own, an
# 80x24 window in C.UTF-8, keys typed with send-keys, the screen read with capture-pane,
# and every wait polling the screen with a time limit. A test using it sets its EXIT
# trap to call tui_stop too.
#
# Needs tmux (scripts/install-deps.sh installs it).
if ! command -v tmux >/dev/null 2>&1; then
    echo "FAIL: tmux is needed (scripts/install-deps.sh installs it)"
    exit 1
fi
unset TMUX
sock=possum-tui-test-$$ # a tmux server of this test's own
LC_ALL=C.UTF-8
export LC_ALL

screen() {
    tmux -L "$sock" capture-pane -p -t tui 2>/dev/null
}

keys() {
    tmux -L "$sock" send-keys -t tui "$@"
}

# wait_for TEXT [SECONDS]: the screen shows TEXT within SECONDS (10), else a failure with
# the screen as it was.
wait_for() {
    tries=$((${2:-10} * 20))
    checks=$((checks + 1))
    while [ "$tries" -gt 0 ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
        tries=$((tries - 1))
    done
    failures=$((failures + 1))
    echo "FAIL: the screen never showed '$1'; it shows:"
    screen | sed 's/^/  | /'
    return 1
}

# expect_screen TEXT: the screen shows TEXT now.
expect_screen() {
    checks=$((checks + 1))
    if ! screen | grep -qF -- "$1"; then
        failures=$((failures + 1))
        echo "FAIL: the screen does not show '$1'"
    fi
}

# start_tui ARGS...: possum-pos tui ARGS in a detached 80x24 session; its exit status
# goes to $work/tui.status, its stderr (ASan's reports included) to $work/tui.err.
start_tui() {
    rm -f "$work/tui.status"
    tmux -L "$sock" -f /dev/null new-session -d -s tui -x 80 -y 24 \
        "\"$POSSUM_POS\" tui $* 2>\"$work/tui.err\"; echo \$? >\"$work/tui.status\""
}

# expect_tui_exit: the interface ended with status 0 and said nothing on stderr.
expect_tui_exit() {
    tries=200
    while [ ! -s "$work/tui.status" ] && [ "$tries" -gt 0 ]; do
        sleep 0.05
        tries=$((tries - 1))
    done
    checks=$((checks + 1))
    if [ "$(cat "$work/tui.status" 2>/dev/null)" != 0 ] || [ -s "$work/tui.err" ]; then
        failures=$((failures + 1))
        echo "FAIL: possum-pos tui ended with status '$(cat "$work/tui.status" 2>/dev/null)'"
        sed 's/^/  stderr: /' "$work/tui.err"
    fi
}

# tui_stop: ends the test's tmux server (and the interface in it, if still running).
tui_stop() {
    tmux -L "$sock" kill-server 2>/dev/null
}

#!/bin/sh
# install-deps.sh [PROFILE...] — installs the Debian packages a make target needs,
# only those missing. Profiles: build (always), fuzz (clang + libFuzzer runtime).
# jq and sqlite3 are for the possum-pos tests (tests/cli/test_pos_*.sh): they read the
# program's JSON and tamper with a terminal's database the way an intruder would; tmux
# is the terminal test_pos_tui.sh drives the full-screen interface in. postgresql is the
# server the store tests start a throw-away cluster of (tests/pg/pgtmp.sh); libpq-dev
# the client library possumd's PostgreSQL store is built on. curl asks possumd's HTTP
# API in tests/cli/test_api.sh.
# Runs apt-get as root, or through sudo; otherwise prints the command to run.
set -eu

packages="gcc libc6-dev make cmake pkg-config libssl-dev libjansson-dev libcmocka-dev
          libevent-dev libsqlite3-dev libsodium-dev libncurses-dev jq sqlite3 tmux
          libpq-dev postgresql curl"
for profile in "$@"; do
    case "$profile" in
    build) ;;
    fuzz) packages="$packages clang libclang-rt-14-dev" ;;
    *) echo "install-deps: unknown profile '$profile'" >&2; exit 2 ;;
    esac
done

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

echo "install-deps: installing$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "install-deps: need root to run: apt-get install$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null

# Helpers for the tests that talk to possumd's back-office HTTP API (test_api_*.sh, and the
# possum-pos tests that set their terminal up through it), on top of lib.sh: a session token
# kept per user, calls made as a user, and checks of an answer's status and body (jq).
#
# Needs $work (the test's directory: each answer's body is left in $work/body for the test
# to read on) and $http (possumd_up's HTTP port, read at each call, so this may be sourced
# before possumd starts), curl and jq. The demo's users log in with possum-USER-1.
# Variables of their own are named api_*, so that a test's $status or $got survive a call.

# login USER [PASSWORD]: USER's session token (password possum-USER-1 unless given), or
# nothing when the login is refused.
login() {
    curl -s -X POST -H 'Content-Type: application/json' \
        -d "{\"username\":\"$1\",\"password\":\"${2:-possum-$1-1}\"}" \
        "http://127.0.0.1:$http/api/v1/session" | jq -r '.token // empty'
}

# api_login_all USER...: logs each USER in with the demo password; the token in $tok_USER,
# which api_request (so as, call and expect_api) sends for USER.
api_login_all() {
    for api_user in "$@"; do
        eval "tok_$api_user=\$(login \"\$api_user\")"
    done
}

# api_request USER METHOD PATH [JSON] [CURL-ARGS...]: the answer's status in $api_status, its
# body in $work/body. Sends USER's bearer token ($tok_USER); USER "-" sends none (a login,
# the activation, a cookie or a header of the test's own in CURL-ARGS). JSON, the argument
# after PATH unless it starts with "-" (an empty one sends nothing), goes as the body with
# Content-Type application/json.
api_request() {
    api_user=$1
    api_method=$2
    api_path=$3
    shift 3
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
        api_json=$1
        shift
        if [ -n "$api_json" ]; then
            set -- -H 'Content-Type: application/json' --data-binary "$api_json" "$@"
        fi
    fi
    if [ "$api_user" != - ]; then
        api_token=$(eval "printf '%s' \"\${tok_$api_user-}\"")
        [ -n "$api_token" ] || echo "api_lib: no token for $api_user: api_login_all $api_user first" >&2
        set -- -H "Authorization: Bearer $api_token" "$@"
    fi
    api_status=$(curl -s -X "$api_method" -o "$work/body" -w '%{http_code}' "$@" \
        "http://127.0.0.1:$http$api_path")
}

# as USER METHOD PATH [JSON] [CURL-ARGS...]: api_request; "STATUS BODY" on one line, the
# body compacted by jq (as it came when it is not JSON).
as() {
    api_request "$@"
    printf '%s %s\n' "$api_status" "$(jq -c . "$work/body" 2>/dev/null || cat "$work/body")"
}

# call USER METHOD PATH [JSON] [CURL-ARGS...]: api_request; the answer's body on stdout.
call() {
    api_request "$@"
    cat "$work/body"
}

# check WHAT WANT GOT: GOT is WANT; WHAT names the check when it is not.
check() {
    checks=$((checks + 1))
    if [ "$2" != "$3" ]; then
        failures=$((failures + 1))
        echo "FAIL: $1"
        echo "  want: $2"
        echo "  got:  $3"
    fi
}

# expect_api WANT_STATUS JQ WANT USER METHOD PATH [JSON] [CURL-ARGS...]: api_request, and the
# answer is "WANT_STATUS WANT": its status, and its body through `jq -rc JQ` (strings bare,
# arrays and objects compact on one line). JQ "" checks the status alone (WANT "" too), for
# a body that is not JSON.
expect_api() {
    api_want="$1 $3"
    api_filter=$2
    shift 3
    api_request "$@"
    if [ -n "$api_filter" ]; then
        check "$*" "$api_want" "$api_status $(jq -rc "$api_filter" "$work/body")"
    else
        check "$*" "$api_want" "$api_status "
    fi
}

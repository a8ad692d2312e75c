# possumd's HTTP/JSON API over a real socket with curl: the health route; the JSON
# errors of what no route serves (404 naming the path, 405 naming the methods there
# are, 413 for a body over the limit); and docs/api.yaml kept true both ways: every
# route it lists answers, and every route possumd serves (src/host/api/routes.c) is
# listed in it.
#
# Needs $POSSUMD, curl and jq.
. "$CLI_LIB"
work=$(mktemp -d /tmp/possum-api.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
here=$(cd "$(dirname "$0")" && pwd)
spec=$here/../../docs/api.yaml
routes=$here/../../src/host/api/routes.c

start_possumd
base=http://127.0.0.1:$http

# ask METHOD PATH [CURL-ARGS...]: the status on the first line, the body after it.
ask() {
    method=$1
    path=$2
    shift 2
    curl -s -X "$method" -o "$work/body" -w '%{http_code}\n' "$@" "$base$path"
    cat "$work/body"
}

# --- health -------------------------------------------------------------------------------
expect_out 0 "200
{\"status\":\"ok\",\"host_id\":1,\"store\":\"sqlite\"}" ask GET /api/v1/health
expect_out 0 "application/json; charset=utf-8" sh -c \
    "curl -s -o /dev/null -w '%{content_type}' $base/api/v1/health"

# --- what no route serves -----------------------------------------------------------------
expect_out 0 "404
{\"error\":{\"status\":404,\"reason\":\"no route GET /api/v1/nothing (docs/api.yaml lists them)\"}}" \
    ask GET /api/v1/nothing
expect_out 0 "405
{\"error\":{\"status\":405,\"reason\":\"POST is not served on /api/v1/health: use GET\"}}" \
    ask POST /api/v1/health -d '{}'
expect_out 0 "Allow: GET" sh -c \
    "curl -s -D - -o /dev/null -X DELETE $base/api/v1/health | tr -d '\r' | grep '^Allow:'"
head -c 1100000 /dev/zero | tr '\0' 'x' >"$work/big"
expect_out 0 "413
{\"error\":{\"status\":413,\"reason\":\"the body is over 1048576 bytes\"}}" \
    ask PUT /api/v1/health --data-binary "@$work/big"
expect_out 0 "400" sh -c "curl -s -o /dev/null -w '%{http_code}' '$base/api/v1/%00x'"

# --- docs/api.yaml, both ways ---------------------------------------------------------------
# Its paths ("  /api/...:") and their methods ("    get:") as "GET /api/...", {name} as 1.
awk '/^  \/api\// { path = $1; sub(/:$/, "", path) }
     /^    (get|post|put|patch|delete):/ { m = $1; sub(/:$/, "", m); print toupper(m), path }' \
    "$spec" >"$work/listed"
expect_out 0 "" sh -c "[ -s '$work/listed' ] || echo 'docs/api.yaml lists no route'"
while read -r method path; do
    status=$(curl -s -o "$work/body" -w '%{http_code}' -X "$method" \
        "$base$(printf '%s' "$path" | sed 's/{[^}]*}/1/g')")
    expect_out 0 "" sh -c "case $status in 404|405) jq -e '.error.reason | startswith(\"no route\") or contains(\"is not served\")' '$work/body' >/dev/null && echo '$method $path: not served ($status)' || :;; esac"
done <"$work/listed"
# Served: {EVHTTP_REQ_GET, "/api/v1/health", ...} in routes.c.
sed -n 's/.*{EVHTTP_REQ_\([A-Z]*\), "\([^"]*\)".*/\1 \2/p' "$routes" >"$work/served"
expect_out 0 "" sh -c "[ -s '$work/served' ] || echo 'no routes read from routes.c'"
while read -r method path; do
    expect_out 0 "" sh -c "grep -qx '$method $path' '$work/listed' || echo '$method $path is served but not in docs/api.yaml'"
done <"$work/served"

finish

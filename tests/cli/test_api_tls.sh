# The API over TLS (http_tls = yes): possumd --demo serves it with the self-signed pair it
# generates for the terminals (it names possumd-demo, localhost and 127.0.0.1), so curl
# trusting that certificate reaches it by name; plain HTTP on the same port gets nothing;
# the session cookie is marked Secure; a certificate that cannot be loaded stops possumd
# at start with the file named.
#
# Needs $POSSUMD, curl and jq.
. "$CLI_LIB"
work=$(mktemp -d /tmp/possum-api-tls.XXXXXX)
pid=
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

possumd_up --iso-port auto --tls-port auto --http-port auto --http-tls --demo
port=$http
ca="$work/data/tls/server.crt"
base="https://localhost:$port"

# the ready line and the log say the API speaks TLS
expect_out 0 "api=https" sh -c "printf '%s\n' '$ready' | grep -o 'api=https'"
expect_out 0 "1" sh -c "grep -c '; HTTPS API $port;' '$work/possumd.log'"

# health over TLS, the demo certificate trusted: 200 and JSON
expect_out 0 "200 ok" sh -c "curl -s --cacert '$ca' -o '$work/health' -w '%{http_code}' \
    '$base/api/v1/health' && printf ' ' && jq -r .status '$work/health'"
# by address too: the certificate names 127.0.0.1
expect_out 0 "200" curl -s --cacert "$ca" -o /dev/null -w '%{http_code}' \
    "https://127.0.0.1:$port/api/v1/health"
# TLS 1.2 is the least it takes (the gateway's policy); 1.3 is served
expect_out 0 "200" curl -s --cacert "$ca" --tlsv1.3 -o /dev/null -w '%{http_code}' \
    "$base/api/v1/health"

# without trusting the certificate, curl refuses it (60: peer certificate not verified)
expect_out 60 "000" curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/health"

# plain HTTP to the TLS port gets no answer (curl 52: empty reply, or 56: reset)
plain_fails() {
    curl -s -m 5 -o "$work/plain" -w '%{http_code}' "http://localhost:$port/api/v1/health"
    status=$?
    [ "$status" -ne 0 ] && [ ! -s "$work/plain" ] && echo "refused"
}
expect_out 0 "000refused" plain_fails

# log in over TLS: the session cookie is Secure (and HttpOnly, as ever)
login_cookie() {
    curl -s --cacert "$ca" -D - -o /dev/null -X POST -H 'Content-Type: application/json' \
        -d '{"username":"admin","password":"possum-admin-1"}' "$base/api/v1/session" |
        tr -d '\r' | grep -i '^set-cookie: possum_session=' |
        sed -n 's/.*\(HttpOnly\).*\(; Secure\).*/\1\2/p'
}
expect_out 0 "HttpOnly; Secure" login_cookie

kill -TERM "$pid"
wait "$pid"
exec 3<&-
pid=

# a certificate that cannot be loaded stops possumd before it serves, the file named;
# the terminals' TLS port is off so that it is the API that refuses (the demo's store
# and key are reused, without --demo: it would make the missing files)
refuses() {
    "$POSSUMD" --data-dir "$work/data" --bind 127.0.0.1 --iso-port auto --tls-port off \
        --http-port auto --http-tls "$@"
}
expect_err 1 "HTTP API (http_tls): TLS certificate $work/missing.crt: No such file or directory" \
    refuses --tls-cert "$work/missing.crt"
echo "not a certificate" >"$work/garbage.crt"
expect_err 1 "HTTP API (http_tls): TLS certificate $work/garbage.crt: not a usable PEM certificate" \
    refuses --tls-cert "$work/garbage.crt"
expect_err 1 "HTTP API (http_tls): TLS key $ca: not a usable PEM private key" \
    refuses --tls-key "$ca"
finish

# possumd on an empty store (no --demo): it starts, serves its API, declines a terminal
# it does not know (97), and stops cleanly; a provider's first start looks like this.
#
# Needs $POSSUMD, $POSSUMCTL, curl and jq.
. "$CLI_LIB"
work=$(mktemp -d /tmp/possum-empty.XXXXXX)
pid=
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
possumd_up --iso-port auto --tls-port off --http-port auto

expect_out 0 '{"status":"ok","host_id":1,"store":"sqlite"}' curl -s "http://127.0.0.1:$http/api/v1/health"
expect_out 0 "97" sh -c "$POSSUMCTL txn signin --host 127.0.0.1:$iso --tid 10000001 \
    --mid 898100012340001 --tmk 0123456789ABCDEFFEDCBA9876543210 --state $work/t.json \
    | jq -r .response_code"
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
expect_out 0 "0" echo "$status"
expect_out 0 "" sh -c "grep -i 'runtime error\|AddressSanitizer' '$work/possumd.log' || true"
finish

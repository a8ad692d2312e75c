# possumd --demo --demo-office (what make run starts) seeds the back office's demo data
# through the office's own functions: merchant applications in every state of
# onboarding, and five terminals of demo merchant 1 in stock, waiting for activation
# (its code in the log), active and locked; after-sales tickets in several states; a
# default parameter set and a group "pilot" with its own; each
# audited; and only once.
#
# Needs $POSSUMD, curl and jq.
. "$CLI_LIB"
work=$(mktemp -d /tmp/possum-demo-office.XXXXXX)
pid=
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# start: possumd with the whole demo; an admin's token in $token.
start() {
    possumd_up --iso-port auto --tls-port auto --http-port auto --demo --demo-office
    base=http://127.0.0.1:$http
    token=$(curl -s -X POST -H 'Content-Type: application/json' \
        -d '{"username":"admin","password":"possum-admin-1"}' "$base/api/v1/session" | jq -r .token)
}

# look: what the demo holds, one line each.
look() {
    curl -s -H "Authorization: Bearer $token" "$base/api/v1/applications?limit=100" \
        | jq -r '[.items[].state] | sort | join(" ")'
    curl -s -H "Authorization: Bearer $token" "$base/api/v1/terminals" \
        | jq -r '[.items[].state] | sort | join(" ")'
    curl -s -H "Authorization: Bearer $token" "$base/api/v1/tickets" \
        | jq -r '[.items[] | "\(.category):\(.status)"] | sort | join(" ")'
    curl -s -H "Authorization: Bearer $token" "$base/api/v1/param-sets" \
        | jq -r '[.items[] | "\(.scope):\(.target // "")"] | join(" ")'
    curl -s -H "Authorization: Bearer $token" "$base/api/v1/terminals?group=pilot" \
        | jq -r '[.items[].serial] | join(" ")'
    curl -s -H "Authorization: Bearer $token" "$base/api/v1/audit?limit=500" \
        | jq -r '[.items[] | select(.action == "application.create" or .action == "terminal.add")] | length'
}

want="approved contract_signed draft installation_scheduled installed live rejected resubmitted returned submitted trained under_review
activation_pending active in_stock in_stock locked
consultation:resolved fault:in_progress repair:waiting_customer training:open
default: group:pilot
DEMO-A920-0004
17"
start
expect_out 0 "$want" look
expect_out 0 "1" sh -c "grep -c 'DEMO-A920-0003 waits for activation with code [0-9]\{8\}' '$work/possumd.log'"
kill -TERM "$pid"
wait "$pid"
exec 3<&-
start # seeded once: a restart adds nothing
expect_out 0 "$want" look
finish

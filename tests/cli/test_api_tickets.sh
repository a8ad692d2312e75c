# After-sales tickets (售后) over real HTTP against a possumd started with --demo: a
# ticket opened, assigned, taken through every step to closed with a reopen on the way,
# its comments; a repair ticket on a terminal saying whether the repair is free (under
# warranty from its activation, and not once the installation is years old); each role
# allowed and denied where it should be; a merchant's user seeing and opening only its
# own merchant's tickets; every field error named; every change audited.
#
# Needs $POSSUMD, curl, jq and sqlite3.
. "$CLI_LIB"
. "$(dirname "$CLI_LIB")/api_lib.sh"
work=$(mktemp -d /tmp/possum-api-tickets.XXXXXX)
trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
start_possumd

E='"\(.error.field): \(.error.reason)"'

api_login_all admin technician operations support reviewer finance agent merchant
support_id=$(call support GET /api/v1/me | jq -r .id)
finance_id=$(call finance GET /api/v1/me | jq -r .id)

# --- roles -------------------------------------------------------------------------------------
for u in finance reviewer agent; do
    expect_api 403 '.error.status' "403" $u GET /api/v1/tickets
    expect_api 403 '.error.status' "403" $u POST /api/v1/tickets \
        '{"category":"fault","title":"x","description":"x"}'
done
expect_api 403 '.error.reason' "GET /api/v1/tickets/1 needs the admin or operations or technician or support or merchant role; finance is finance" \
    finance GET /api/v1/tickets/1

# --- opening: every field error named -----------------------------------------------------------
expect_api 422 "$E" "category: missing" support POST /api/v1/tickets '{"title":"x","description":"x"}'
expect_api 422 "$E" "category: ticket category \"broken\" is not defined" support POST /api/v1/tickets \
    '{"category":"broken","title":"x","description":"x"}'
expect_api 422 "$E" "priority: ticket priority \"asap\" is not defined" support POST /api/v1/tickets \
    '{"category":"fault","priority":"asap","title":"x","description":"x"}'
expect_api 422 "$E" "title: missing" support POST /api/v1/tickets '{"category":"fault","description":"x"}'
expect_api 422 "$E" "title: must not be empty" support POST /api/v1/tickets \
    '{"category":"fault","title":"","description":"x"}'
expect_api 422 '.error.field' "title" support POST /api/v1/tickets \
    "{\"category\":\"fault\",\"title\":\"$(printf '%0101d' 0)\",\"description\":\"x\"}"
expect_api 422 "$E" "description: missing" support POST /api/v1/tickets '{"category":"fault","title":"x"}'
expect_api 422 "$E" "description: has 2001 bytes; at most 2000" support POST /api/v1/tickets \
    "{\"category\":\"fault\",\"title\":\"x\",\"description\":\"$(printf '%02001d' 0)\"}"
expect_api 422 "$E" "merchant_id: must be an integer" support POST /api/v1/tickets \
    '{"category":"fault","title":"x","description":"x","merchant_id":"1"}'
expect_api 404 "$E" "merchant_id: no merchant 4242" support POST /api/v1/tickets \
    '{"category":"fault","title":"x","description":"x","merchant_id":4242}'
expect_api 404 "$E" "terminal_id: no terminal 4242" support POST /api/v1/tickets \
    '{"category":"fault","title":"x","description":"x","terminal_id":4242}'
expect_api 422 "$E" "terminal_id: serial: a repair ticket names its terminal" support POST /api/v1/tickets \
    '{"category":"repair","title":"x","description":"x","merchant_id":1}'

# --- a fault ticket from open to closed, with a reopen ------------------------------------------
expect_api 201 '"\(.number | test("^T[0-9]{8}-0001$")) \(.status) \(.priority) \(.merchant_id) \(.overdue) \(.due_us - .opened_us)"' \
    "true open urgent 2 false 14400000000" support POST /api/v1/tickets \
    '{"category":"fault","priority":"urgent","title":"收银台无法刷卡","description":"card reader dead\nsince 9:00","merchant_id":2}'
id=$(jq -r .id "$work/body")
expect_api 201 '"\(.number | test("^T[0-9]{8}-0002$")) \(.priority)"' "true normal" operations POST /api/v1/tickets \
    '{"category":"consultation","title":"fee question","description":"how is the fee computed?"}'
id2=$(jq -r .id "$work/body")
expect_api 200 '[.items[].id] | length' "2" technician GET /api/v1/tickets
expect_api 200 '[.items[].id] | length' "1" admin GET '/api/v1/tickets?merchant_id=2'
expect_api 200 '.items | length' "1" admin GET '/api/v1/tickets?limit=1'
expect_api 400 "$E" "status: ticket status \"lost\" is not defined" admin GET '/api/v1/tickets?status=lost'
expect_api 400 "$E" "overdue: must be a whole number from 0 to 1" admin GET '/api/v1/tickets?overdue=yes'
expect_api 200 '.items | length' "0" admin GET '/api/v1/tickets?overdue=1'

expect_api 404 '.error.reason' "no action fix: assign, start, wait_customer, customer_replied, resolve, close or reopen" \
    support POST "/api/v1/tickets/$id/actions/fix" '{}'
expect_api 422 "$E" "assignee_id: missing" support POST "/api/v1/tickets/$id/actions/assign" '{}'
expect_api 404 "$E" "assignee_id: no user 4242" support POST "/api/v1/tickets/$id/actions/assign" '{"assignee_id":4242}'
expect_api 422 "$E" "assignee_id: finance is a finance user: tickets go to admin, support, operations or technician users" \
    support POST "/api/v1/tickets/$id/actions/assign" "{\"assignee_id\":$finance_id}"
expect_api 200 '"\(.assignee_id) \(.status)"' "$support_id open" support POST "/api/v1/tickets/$id/actions/assign" \
    "{\"assignee_id\":$support_id}"
expect_api 409 '.error.reason' "cannot resolve a ticket that is open: resolve applies to in_progress, waiting_customer" \
    support POST "/api/v1/tickets/$id/actions/resolve"
expect_api 200 '.status' "in_progress" support POST "/api/v1/tickets/$id/actions/start"
expect_api 200 '"\(.status) \(.last_reason)"' "waiting_customer which card?" support POST "/api/v1/tickets/$id/actions/wait_customer" \
    '{"reason":"which card?"}'
expect_api 200 '.status' "in_progress" support POST "/api/v1/tickets/$id/actions/customer_replied"
expect_api 200 '"\(.status) \(.resolved_us > 0)"' "resolved true" support POST "/api/v1/tickets/$id/actions/resolve" \
    '{"reason":"reader replaced"}'
expect_api 422 "$E" "reason: reopen: a reason is required" support POST "/api/v1/tickets/$id/actions/reopen" '{}'
expect_api 200 '"\(.status) \(.resolved_us // 0) \(.last_reason)"' "in_progress 0 fails again" support POST \
    "/api/v1/tickets/$id/actions/reopen" '{"reason":"fails again"}'
expect_api 200 '.status' "resolved" technician POST "/api/v1/tickets/$id/actions/resolve"
expect_api 200 '"\(.status) \(.closed_us > 0)"' "closed true" operations POST "/api/v1/tickets/$id/actions/close"
expect_api 409 '.error.reason' "cannot reopen a ticket that is closed: reopen applies to resolved" \
    support POST "/api/v1/tickets/$id/actions/reopen" '{"reason":"again"}'
expect_api 200 '.status' "closed" admin GET "/api/v1/tickets/$id"
expect_api 404 '.error.reason' "no ticket 99" admin GET /api/v1/tickets/99
expect_api 404 '.error.reason' "no ticket abc" admin GET /api/v1/tickets/abc

# --- comments ---------------------------------------------------------------------------------
expect_api 201 '"\(.author) \(.text)"' "support fee is 0.60% of each sale" support POST "/api/v1/tickets/$id2/comments" \
    '{"text":"fee is 0.60% of each sale"}'
expect_api 201 '.author' "operations" operations POST "/api/v1/tickets/$id2/comments" '{"text":"第二条\nline two"}'
expect_api 422 "$E" "text: missing" support POST "/api/v1/tickets/$id2/comments" '{}'
expect_api 422 "$E" "text: must not be empty" support POST "/api/v1/tickets/$id2/comments" '{"text":""}'
expect_api 422 '.error.field' "text" support POST "/api/v1/tickets/$id2/comments" \
    "{\"text\":\"$(printf '%02001d' 0)\"}"
expect_api 409 '.error.reason' "ticket $(call admin GET /api/v1/tickets/$id | jq -r .number) is closed; open a new one" \
    support POST "/api/v1/tickets/$id/comments" '{"text":"late"}'
expect_api 200 '[.items[].author] | join(" ")' "support operations" technician GET "/api/v1/tickets/$id2/comments"
expect_api 200 '"\(.items | length) \(.next_after > 0)"' "1 true" technician GET "/api/v1/tickets/$id2/comments?limit=1"

# --- a merchant's own tickets ---------------------------------------------------------------------
expect_api 403 "$E" "merchant_id: a merchant user opens tickets for its own merchant only" merchant POST /api/v1/tickets \
    '{"category":"fault","title":"x","description":"x","merchant_id":2}'
expect_api 201 '"\(.merchant_id) \(.opened_by > 0) \(.status)"' "1 true open" merchant POST /api/v1/tickets \
    '{"category":"training","priority":"low","title":"新收银员培训","description":"two new cashiers"}'
mid_ticket=$(jq -r .id "$work/body")
expect_api 200 '[.items[].merchant_id] | unique | join(",")' "1" merchant GET /api/v1/tickets
expect_api 403 "$E" "merchant_id: a merchant user sees its own tickets only" merchant GET '/api/v1/tickets?merchant_id=2'
expect_api 404 '.error.reason' "no ticket $id" merchant GET "/api/v1/tickets/$id"
expect_api 404 '.error.reason' "no ticket $id" merchant GET "/api/v1/tickets/$id/comments"
expect_api 404 '.error.reason' "no ticket $id2" merchant POST "/api/v1/tickets/$id2/comments" '{"text":"hi"}'
expect_api 403 '.error.reason' "start needs the admin, support, operations or technician role; a merchant may reply, close or reopen" \
    merchant POST "/api/v1/tickets/$mid_ticket/actions/start"
expect_api 403 '.error.reason' "assigning a ticket needs the admin, support, operations or technician role" \
    merchant POST "/api/v1/tickets/$mid_ticket/actions/assign" "{\"assignee_id\":$support_id}"
expect_api 200 '.status' "in_progress" support POST "/api/v1/tickets/$mid_ticket/actions/start"
expect_api 200 '.status' "waiting_customer" support POST "/api/v1/tickets/$mid_ticket/actions/wait_customer" '{"reason":"which day?"}'
expect_api 201 '.author' "merchant" merchant POST "/api/v1/tickets/$mid_ticket/comments" '{"text":"Monday 10:00"}'
expect_api 200 '.status' "in_progress" merchant POST "/api/v1/tickets/$mid_ticket/actions/customer_replied"
expect_api 200 '.status' "resolved" support POST "/api/v1/tickets/$mid_ticket/actions/resolve"
expect_api 200 '.status' "closed" merchant POST "/api/v1/tickets/$mid_ticket/actions/close"

# --- a repair ticket and its warranty ----------------------------------------------------------
expect_api 201 '.state' "in_stock" technician POST /api/v1/terminals '{"serial":"PAX-A920-0101","model":"A920","vendor":"PAX"}'
term=$(jq -r .id "$work/body")
expect_api 201 '.warranty.free' "true" technician POST /api/v1/tickets \
    "{\"category\":\"repair\",\"title\":\"dead on arrival\",\"description\":\"does not boot\",\"terminal_id\":$term}"
expect_api 200 '.state' "activation_pending" technician POST "/api/v1/terminals/$term/actions/assign" '{"merchant_id":1}'
code=$(jq -r .activation_code "$work/body")
call - POST /api/v1/activation "{\"serial\":\"PAX-A920-0101\",\"code\":\"$code\"}" >/dev/null
installed=$(call admin GET "/api/v1/terminals/$term" | jq -r .installed_date)
ends=$(date -u -d "$(printf '%s' "$installed" | cut -c1-4)-$(printf '%s' "$installed" | cut -c5-6)-01 +1 year" +%Y%m)
expect_api 201 '"\(.merchant_id) \(.warranty.free) \(.warranty.ends | .[0:6])"' "1 true $ends" merchant POST /api/v1/tickets \
    "{\"category\":\"repair\",\"priority\":\"high\",\"title\":\"printer jams\",\"description\":\"paper jams\",\"terminal_id\":$term}"
expect_api 422 "$E" "terminal_id: terminal $term is not with merchant 2" support POST /api/v1/tickets \
    "{\"category\":\"repair\",\"title\":\"x\",\"description\":\"x\",\"terminal_id\":$term,\"merchant_id\":2}"
# an installation years ago (written behind possumd's back, as history would have it)
sqlite3 "$work/data/possum.db" "UPDATE terminal_stock SET installed_date = '20200115' WHERE id = $term"
expect_api 201 '"\(.warranty.free) \(.warranty.ends)"' "false 20210115" support POST /api/v1/tickets \
    "{\"category\":\"repair\",\"title\":\"screen cracked\",\"description\":\"dropped\",\"terminal_id\":$term}"
expect_api 201 '.warranty // "none"' "none" support POST /api/v1/tickets \
    "{\"category\":\"software_update\",\"title\":\"update app\",\"description\":\"to 2.1\",\"terminal_id\":$term}"
expect_api 404 "$E" "terminal_id: no terminal $(( term + 100000 ))" merchant POST /api/v1/tickets \
    "{\"category\":\"fault\",\"title\":\"x\",\"description\":\"x\",\"terminal_id\":$(( term + 100000 ))}"

# --- the audit log ---------------------------------------------------------------------------
expect_api 200 "[.items[] | select(.object.type == \"ticket\" and .object.id == \"$id\") | .action] | reverse | join(\" \")" \
    "ticket.open ticket.assign ticket.start ticket.wait_customer ticket.customer_replied ticket.resolve ticket.reopen ticket.resolve ticket.close" \
    admin GET '/api/v1/audit?limit=500'
expect_api 200 "[.items[] | select(.object.type == \"ticket\" and .object.id == \"$id2\") | .action] | join(\" \")" \
    "ticket.comment ticket.comment ticket.open" admin GET '/api/v1/audit?limit=500'
expect_api 200 "[.items[] | select(.action == \"ticket.assign\")][0] | \"\\(.before.assignee_id // 0) \\(.after.assignee_id)\"" \
    "0 $support_id" admin GET '/api/v1/audit?limit=500'

finish

/* After-sales tickets (售后): GET and POST /api/v1/tickets, GET /api/v1/tickets/{id},
 * POST .../{id}/actions/{action}, GET and POST .../{id}/comments. Who may see and do what
 * is the office's (office/service/desk.h): a merchant's user reaches only its own
 * merchant's tickets, and another's answers 404. */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "host/office/service/desk.h"
#include "host/store/tickets.h"

/* The desk's outcomes as answers: a denial is 403 naming the field it is about. */
static void desk_error(struct api_call *call, int rc, const char *field,
                       const struct ps_reason *why)
{
    if (rc == OFFICE_DENIED)
        api_error(call->req, 403, field, "%s", why->text);
    else
        api_office_error(call, rc, field, why);
}

/* The {id} path segment, or the 404 has been sent. */
static int ticket_id(struct api_call *call, int64_t *id)
{
    *id = api_param_id(call, 0);
    if (*id == 0) {
        api_error(call->req, 404, NULL, "no ticket %s", call->params[0]);
        return -1;
    }
    return 0;
}

/* ---- lists ------------------------------------------------------------------------- */

struct listing {
    struct api_page page;
    int64_t now_us;
};

static int take_ticket(void *ctx, const struct ticket_row *row)
{
    struct listing *l = ctx;
    api_page_add(&l->page, office_ticket_json(row, l->now_us), row->id);
    return 0;
}

/* The status query parameter, checked, into buf ("" when absent); -1 when the 400 has
 * been sent. */
static int query_status(struct api_call *call, char *buf, size_t cap)
{
    enum office_ticket_status status;
    struct ps_reason why = {{0}};

    if (api_query_text(call, "status", buf, cap) != 0)
        return -1;
    if (buf[0] != '\0' && office_ticket_status_parse(buf, &status, &why) != 0) {
        api_error(call->req, 400, "status", "%s", why.text);
        return -1;
    }
    return 0;
}

void api_tickets_list(struct api_call *call)
{
    struct listing l = {{json_array(), 0, 0}, office_now_us(call->office)};
    struct store_ticket_filter f = {0};
    struct ps_reason why = {{0}};
    int64_t after = 0, overdue = 0, own = 0, merchant_id = 0;
    char status[32];

    if (query_status(call, status, sizeof(status)) != 0 ||
        api_query_int(call, "merchant_id", 1, INT64_MAX, 0, &merchant_id) != 0 ||
        api_query_int(call, "overdue", 0, 1, 0, &overdue) != 0 ||
        api_query_int(call, "after", 0, INT64_MAX, 0, &after) != 0 ||
        api_query_int(call, "limit", 1, 500, 100, &l.page.limit) != 0)
        goto out;
    int rc = office_desk_scope(&call->actor, &own, &why);
    if (rc == 0 && own != 0 && merchant_id != 0 && merchant_id != own)
        rc = ps_fail(&why, OFFICE_DENIED, "a merchant user sees its own tickets only");
    if (rc != 0) {
        desk_error(call, rc, "merchant_id", &why);
        goto out;
    }
    f.status = status;
    f.merchant_id = own != 0 ? own : merchant_id;
    f.overdue_at_us = overdue ? l.now_us : 0;
    rc =
        store_each_ticket(call->office->store, &f, after, (int)l.page.limit, take_ticket, &l, &why);
    if (rc != 0) {
        api_office_error(call, rc, NULL, &why);
        goto out;
    }
    api_page_reply(call, &l.page, "next_after");
out:
    json_decref(l.page.items);
}

/* ---- one ticket -------------------------------------------------------------------- */

void api_tickets_open(struct api_call *call)
{
    json_t *body = NULL;
    struct office_ticket_input in = {0};
    struct ticket_row t;
    const char *field = NULL;
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0 || api_string(call, body, "category", 1, &in.category) != 0 ||
        api_string(call, body, "priority", 0, &in.priority) != 0 ||
        api_string(call, body, "title", 1, &in.title) != 0 ||
        api_string(call, body, "description", 1, &in.description) != 0 ||
        api_integer(call, body, "merchant_id", 0, &in.merchant_id) != 0 ||
        api_integer(call, body, "terminal_id", 0, &in.terminal_id) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_desk_open(call->office, &call->actor, &in, &t, &field, &why);
    json_decref(body);
    if (rc != 0)
        desk_error(call, rc, field, &why);
    else
        api_reply(call->req, 201, office_ticket_json(&t, office_now_us(call->office)));
}

void api_ticket_get(struct api_call *call)
{
    struct ticket_row t;
    struct ps_reason why = {{0}};
    int64_t id = 0;

    if (ticket_id(call, &id) != 0)
        return;
    int rc = office_desk_find(call->office, &call->actor, id, &t, &why);
    if (rc != 0)
        desk_error(call, rc, NULL, &why);
    else
        api_reply(call->req, 200, office_ticket_json(&t, office_now_us(call->office)));
}

/* An optional body: none (a step that needs no input) is an empty object. */
static int body_or_empty(struct api_call *call, json_t **out)
{
    if (evbuffer_get_length(evhttp_request_get_input_buffer(call->req)) == 0) {
        *out = json_object();
        return 0;
    }
    return api_body(call, out);
}

void api_ticket_act(struct api_call *call)
{
    enum office_ticket_action action = 0;
    struct ticket_row t;
    json_t *body = NULL;
    const char *reason = NULL, *field = NULL;
    struct ps_reason why = {{0}};
    int64_t id = 0, assignee = 0;
    int assign = strcmp(call->params[1], "assign") == 0;
    int rc;

    if (ticket_id(call, &id) != 0)
        return;
    if (!assign && office_ticket_action_parse(call->params[1], &action, &why) != 0) {
        api_error(call->req, 404, NULL,
                  "no action %s: assign, start, wait_customer, customer_replied, resolve, close "
                  "or reopen",
                  call->params[1]);
        return;
    }
    if (body_or_empty(call, &body) != 0)
        return;
    if (assign) {
        if (api_integer(call, body, "assignee_id", 1, &assignee) != 0)
            goto out;
        rc = office_desk_assign(call->office, &call->actor, id, assignee, &t, &field, &why);
    } else {
        if (api_string(call, body, "reason", 0, &reason) != 0)
            goto out;
        rc = office_desk_act(call->office, &call->actor, id, action, reason, &t, &field, &why);
    }
    if (rc != 0)
        desk_error(call, rc, field, &why);
    else
        api_reply(call->req, 200, office_ticket_json(&t, office_now_us(call->office)));
out:
    json_decref(body);
}

/* ---- comments ---------------------------------------------------------------------- */

static int take_comment(void *ctx, const struct ticket_comment_row *row)
{
    api_page_add(ctx, office_ticket_comment_json(row), row->id);
    return 0;
}

void api_ticket_comments_list(struct api_call *call)
{
    struct api_page page = {json_array(), 0, 0};
    struct ticket_row t;
    struct ps_reason why = {{0}};
    int64_t id = 0, after = 0;

    if (ticket_id(call, &id) != 0 || api_query_int(call, "after", 0, INT64_MAX, 0, &after) != 0 ||
        api_query_int(call, "limit", 1, 500, 100, &page.limit) != 0)
        goto out;
    int rc = office_desk_find(call->office, &call->actor, id, &t, &why);
    if (rc != 0) {
        desk_error(call, rc, NULL, &why);
        goto out;
    }
    rc = store_each_ticket_comment(call->office->store, id, after, (int)page.limit, take_comment,
                                   &page, &why);
    if (rc != 0) {
        api_office_error(call, rc, NULL, &why);
        goto out;
    }
    api_page_reply(call, &page, "next_after");
out:
    json_decref(page.items);
}

void api_ticket_comment_add(struct api_call *call)
{
    struct ticket_comment_row c;
    json_t *body = NULL;
    const char *text = NULL, *field = NULL;
    struct ps_reason why = {{0}};
    int64_t id = 0;

    if (ticket_id(call, &id) != 0 || api_body(call, &body) != 0)
        return;
    if (api_string(call, body, "text", 1, &text) == 0) {
        int rc = office_desk_comment(call->office, &call->actor, id, text, &c, &field, &why);
        if (rc != 0)
            desk_error(call, rc, field, &why);
        else
            api_reply(call->req, 201, office_ticket_comment_json(&c));
    }
    json_decref(body);
}

/* The provider's terminals (TMS): the stock, a terminal, and what is done to one
 * (assign, lock, unlock, suspend, resume, swap). Assigning, and the swap's replacement,
 * answer the one-time activation code, shown this once. */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/tms/group.h"
#include "host/office/tms/stock.h"

static int take_stock(void *ctx, const struct stock_row *row)
{
    api_page_add(ctx, office_stock_json(row), row->id);
    return 0;
}

void api_terminals_list(struct api_call *call)
{
    int64_t after = 0;
    struct api_page page;
    struct ps_reason why = {{0}};
    char group[OFFICE_GROUP_MAX + 1];

    if (api_query_text(call, "group", group, sizeof(group)) != 0)
        return;
    if (group[0] != '\0' && office_group_name_check(group, &why) != 0) {
        api_error(call->req, 400, "group", "%s", why.text);
        return;
    }
    if (api_page_start(call, &page, "after", &after) != 0)
        return;
    int rc = store_each_stock(call->office->store, group, after, (int)page.limit, take_stock,
                              &page, &why);
    api_page_end(call, &page, rc, &why, "next_after");
}

void api_terminals_add(struct api_call *call)
{
    json_t *body = NULL;
    struct office_stock_input in = {0};
    struct stock_row added;
    const char *field = NULL;
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0 || api_string(call, body, "serial", 1, &in.serial) != 0 ||
        api_string(call, body, "model", 1, &in.model) != 0 ||
        api_string(call, body, "vendor", 1, &in.vendor) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_stock_add(call->office, &call->actor, &in, &added, &field, &why);
    json_decref(body);
    if (rc != 0)
        api_office_error(call, rc, field, &why);
    else
        api_reply(call->req, 201, office_stock_json(&added));
}

int api_terminal_id(struct api_call *call, int64_t *id)
{
    char *end = NULL;
    long long v = strtoll(call->params[0], &end, 10);
    if (end == call->params[0] || *end != '\0' || v <= 0) {
        api_error(call->req, 404, NULL, "no terminal %s", call->params[0]);
        return -1;
    }
    *id = v;
    return 0;
}

void api_terminal_get(struct api_call *call)
{
    struct stock_row s;
    struct ps_reason why = {{0}};
    int64_t id = 0;

    if (api_terminal_id(call, &id) != 0)
        return;
    int rc = store_find_stock(call->office->store, id, &s, &why);
    if (rc < 0)
        api_office_error(call, rc, NULL, &why);
    else if (rc == 0)
        api_error(call->req, 404, NULL, "no terminal %" PRId64, id);
    else
        api_reply(call->req, 200, office_stock_json(&s));
}

static void assign(struct api_call *call, int64_t id, json_t *body)
{
    struct stock_row s;
    char code[PS_ACTIVATION_CODE_DIGITS + 1];
    const char *field = NULL;
    struct ps_reason why = {{0}};
    int64_t merchant_id = 0;

    if (call->actor.user.role[0] == 's') { /* support: answers tickets, assigns nothing */
        api_error(call->req, 403, NULL,
                  "assigning a terminal needs the admin, operations or "
                  "technician role");
        return;
    }
    if (api_integer(call, body, "merchant_id", 1, &merchant_id) != 0)
        return;
    int rc =
        office_stock_assign(call->office, &call->actor, id, merchant_id, &s, code, &field, &why);
    if (rc != 0) {
        api_office_error(call, rc, field, &why);
        return;
    }
    json_t *j = office_stock_json(&s);
    json_object_set_new(j, "activation_code", json_string(code));
    api_reply(call->req, 200, j);
}

/* The RMA swap: the faulty terminal {id} for replacement_id from stock. */
static void swap(struct api_call *call, int64_t id, json_t *body)
{
    struct stock_row faulty, replacement;
    char code[PS_ACTIVATION_CODE_DIGITS + 1];
    const char *reason = NULL, *field = NULL;
    struct ps_reason why = {{0}};
    int64_t replacement_id = 0;

    if (call->actor.user.role[0] == 's') {
        api_error(call->req, 403, NULL, "a swap needs the admin, operations or technician role");
        return;
    }
    if (api_integer(call, body, "replacement_id", 1, &replacement_id) != 0 ||
        api_string(call, body, "reason", 1, &reason) != 0)
        return;
    int rc = office_stock_swap(call->office, &call->actor, id, replacement_id, reason, &faulty,
                               &replacement, code, &field, &why);
    if (rc != 0) {
        api_office_error(call, rc, rc == PS_EINVAL ? "reason" : field, &why);
        return;
    }
    json_t *in = office_stock_json(&replacement);
    json_object_set_new(in, "activation_code", json_string(code));
    api_reply(call->req, 200,
              json_pack("{s:o, s:o}", "faulty", office_stock_json(&faulty), "replacement", in));
}

void api_terminal_act(struct api_call *call)
{
    enum office_terminal_action action;
    struct stock_row s;
    const char *reason = NULL;
    json_t *body = NULL;
    struct ps_reason why = {{0}};
    int64_t id = 0;

    if (api_terminal_id(call, &id) != 0)
        return;
    if (strcmp(call->params[1], "swap") == 0) {
        if (api_body(call, &body) == 0)
            swap(call, id, body);
        json_decref(body);
        return;
    }
    if (office_terminal_action_parse(call->params[1], &action, &why) != 0) {
        api_error(call->req, 404, NULL,
                  "no action %s: assign, lock, unlock, suspend, resume or swap",
                  call->params[1]);
        return;
    }
    if (api_body(call, &body) != 0)
        return;
    if (action == OFFICE_TERMINAL_ASSIGN) {
        assign(call, id, body);
    } else if (api_string(call, body, "reason", 0, &reason) == 0) {
        int rc = office_stock_act(call->office, &call->actor, id, action, reason, &s, &why);
        if (rc != 0)
            api_office_error(call, rc, rc == PS_EINVAL ? "reason" : NULL, &why);
        else
            api_reply(call->req, 200, office_stock_json(&s));
    }
    json_decref(body);
}

/* PUT /api/v1/terminals/{id}/group {"group": "pilot"}; "" takes it out of its group. */
void api_terminal_group(struct api_call *call)
{
    struct stock_row s;
    const char *group = NULL;
    json_t *body = NULL;
    struct ps_reason why = {{0}};
    int64_t id = 0;

    if (api_terminal_id(call, &id) != 0 || api_body(call, &body) != 0)
        return;
    if (api_string(call, body, "group", 1, &group) == 0) {
        int rc = office_stock_set_group(call->office, &call->actor, id, group, &s, &why);
        if (rc != 0)
            api_office_error(call, rc, rc == PS_EFORMAT || rc == PS_EINVAL ? "group" : NULL, &why);
        else
            api_reply(call->req, 200, office_stock_json(&s));
    }
    json_decref(body);
}

/* Merchant applications (办理): GET and POST /api/v1/applications, GET and PATCH
 * /api/v1/applications/{id}, POST .../{id}/actions/{action}, GET .../{id}/events.
 * Who may do what is the office's (office/onboarding/applications.h): every route
 * admits any login, and an application the caller may not see answers 404. */
#include "host/api/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/buffer.h>
#include <event2/keyvalq_struct.h>

#include "host/office/onboarding/applications.h"
#include "host/office/onboarding/records.h"

/* An optional body: none (an action that needs no input) is an empty object. */
static int body_or_empty(struct api_call *call, json_t **out)
{
    if (evbuffer_get_length(evhttp_request_get_input_buffer(call->req)) == 0) {
        *out = json_object();
        return 0;
    }
    return api_body(call, out);
}

static void reply_application(struct api_call *call, int status, const struct application_row *a)
{
    struct merchant_row m;
    struct ps_reason why;
    int has = a->merchant_id != 0 &&
              store_find_merchant(call->office->store, a->merchant_id, &m, &why) == 1;
    api_reply(call->req, status,
              office_application_json(a, has ? &m : NULL, office_onboarding_today(call->office)));
}

/* ---- lists ------------------------------------------------------------------------- */

struct listing {
    struct api_page page;
    uint32_t today;
};

static int take_application(void *ctx, const struct application_row *row)
{
    struct listing *l = ctx;
    api_page_add(&l->page, office_application_json(row, NULL, l->today), row->id);
    return 0;
}

/* The state query parameter, copied into buf ("" when absent); -1 when the query
 * cannot be read (the 400 has been sent). */
static int query_state(struct api_call *call, char *buf, size_t cap)
{
    struct evkeyvalq q;
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(call->req);
    const char *query = uri != NULL ? evhttp_uri_get_query(uri) : NULL;
    buf[0] = '\0';
    if (query == NULL)
        return 0;
    if (evhttp_parse_query_str(query, &q) != 0) {
        api_error(call->req, 400, NULL, "the query string cannot be read");
        return -1;
    }
    const char *state = evhttp_find_header(&q, "state");
    snprintf(buf, cap, "%s", state != NULL ? state : "");
    evhttp_clear_headers(&q);
    return 0;
}

void api_applications_list(struct api_call *call)
{
    struct listing l = {{json_array(), 0, 0}, office_onboarding_today(call->office)};
    struct api_page *page = &l.page;
    struct office_application_query q = {0};
    struct office_problems problems;
    struct ps_reason why = {{0}};
    int64_t after = 0, overdue = 0;
    char state[32];

    office_problems_clear(&problems);
    if (query_state(call, state, sizeof(state)) != 0 ||
        api_query_int(call, "agent_id", 0, INT64_MAX, 0, &q.agent_id) != 0 ||
        api_query_int(call, "overdue", 0, 1, 0, &overdue) != 0 ||
        api_query_int(call, "after", 0, INT64_MAX, 0, &after) != 0 ||
        api_query_int(call, "limit", 1, 500, 100, &page->limit) != 0) {
        json_decref(page->items);
        return;
    }
    q.state = state;
    q.overdue = (int)overdue;
    int rc = office_application_list(call->office, &call->actor, &q, after, (int)page->limit,
                                     take_application, &l, &problems, &why);
    if (rc != 0) {
        json_decref(page->items);
        if (rc == PS_EFORMAT) /* a query parameter, not the body: 400 */
            api_error(call->req, 400, problems.items[0].field, "%s", problems.items[0].reason.text);
        else
            api_onboarding_error(call, rc, "application", 0, &problems, &why);
        return;
    }
    api_page_reply(call, page, "next_after");
}

/* ---- one application ----------------------------------------------------------------- */

void api_application_get(struct api_call *call)
{
    struct application_row a;
    struct ps_reason why = {{0}};
    int64_t id = api_param_id(call, 0);
    int rc = id > 0 ? office_application_get(call->office, &call->actor, id, &a, NULL, &why) : 0;
    if (rc < 0)
        api_office_error(call, rc, NULL, &why);
    else if (rc == 0)
        api_error(call->req, 404, NULL, "no application %s", call->params[0]);
    else
        reply_application(call, 200, &a);
}

/* Create (id 0) or edit: the body's fields, all or nothing. */
static void create_or_edit(struct api_call *call, int64_t id)
{
    json_t *body = NULL;
    struct office_field_value values[API_FIELDS_MAX];
    struct api_fields fields = {.v = values};
    struct office_problems problems;
    struct application_row a;
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0)
        return;
    office_problems_clear(&problems);
    api_application_fields(body, &fields, &problems);
    int rc = id == 0 ? office_application_create(call->office, &call->actor, fields.v, fields.n, &a,
                                                 &problems, &why)
                     : office_application_edit(call->office, &call->actor, id, fields.v, fields.n,
                                               &a, &problems, &why);
    json_decref(body);
    if (rc != 0)
        api_onboarding_error(call, rc, "application", id, &problems, &why);
    else
        reply_application(call, id == 0 ? 201 : 200, &a);
}

void api_applications_create(struct api_call *call)
{
    create_or_edit(call, 0);
}

void api_application_edit(struct api_call *call)
{
    int64_t id = api_param_id(call, 0);
    if (id == 0)
        api_error(call->req, 404, NULL, "no application %s", call->params[0]);
    else
        create_or_edit(call, id);
}

void api_application_act(struct api_call *call)
{
    json_t *body = NULL;
    struct office_step_input *in = calloc(1, sizeof(*in)); /* 3 KiB of note and fields */
    struct office_problems problems;
    struct application_row a;
    enum office_app_action action;
    struct ps_reason why = {{0}};
    int64_t id = api_param_id(call, 0);
    const char *name = call->params[1];

    office_problems_clear(&problems);
    if (in == NULL) {
        api_office_error(call, PS_ENOMEM, NULL, &why);
    } else if (id == 0) {
        api_error(call->req, 404, NULL, "no application %s", call->params[0]);
    } else if (office_app_action_from_name(name, strlen(name), &action, &why) != 0) {
        api_error(call->req, 404, "action", "%s", why.text);
    } else if (body_or_empty(call, &body) == 0) {
        api_step_input(body, in, &problems);
        int rc = problems.count > 0 ? PS_EFORMAT
                                    : office_application_act(call->office, &call->actor, id, action,
                                                             in, &a, &problems, &why);
        if (rc != 0)
            api_onboarding_error(call, rc, "application", id, &problems, &why);
        else
            reply_application(call, 200, &a);
    }
    json_decref(body);
    free(in);
}

static int take_event(void *ctx, const struct application_event_row *row)
{
    json_array_append_new(ctx, office_application_event_json(row));
    return 0;
}

void api_application_events(struct api_call *call)
{
    struct application_row a;
    struct ps_reason why = {{0}};
    int64_t id = api_param_id(call, 0);
    int rc = id > 0 ? office_application_get(call->office, &call->actor, id, &a, NULL, &why) : 0;
    json_t *items = json_array();
    if (rc == 1)
        rc = store_each_application_event(call->office->store, id, take_event, items, &why) == 0
                 ? 1
                 : -1;
    if (rc == 1)
        api_reply(call->req, 200, json_pack("{s:o}", "items", items));
    else
        json_decref(items);
    if (rc == 0)
        api_error(call->req, 404, NULL, "no application %s", call->params[0]);
    else if (rc < 0)
        api_office_error(call, PS_EIO, NULL, &why);
}

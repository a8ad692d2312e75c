/* App rollouts (TMS): POST /api/v1/rollouts starts one (a package's version to a
 * group), GET /api/v1/rollouts lists them, GET /api/v1/rollouts/{id} shows one with its
 * counts per state and a page of its terminals, and POST
 * /api/v1/rollouts/{id}/terminals/{terminal_id}/retry offers a failed terminal the
 * package again. The rules are the office's (office/tms/rollouts.h). */
#include "host/api/internal.h"

#include <inttypes.h>

#include "host/office/tms/rollouts.h"
#include "host/store/rollouts.h"

#define TERMINALS_PAGE 100 /* a rollout's terminals shown at a time, unless ?limit= */

/* An optional boolean member (false when absent), or the 422 naming it has been sent. */
static int boolean(struct api_call *call, json_t *obj, const char *field, bool *out)
{
    json_t *v = json_object_get(obj, field);
    *out = false;
    if (v == NULL)
        return 0;
    if (!json_is_boolean(v)) {
        api_error(call->req, 422, field, "must be true or false");
        return -1;
    }
    *out = json_is_true(v);
    return 0;
}

void api_rollouts_start(struct api_call *call)
{
    struct office_rollout_input in = {0};
    struct rollout_row r;
    json_t *body = NULL, *skipped = NULL, *shown = NULL;
    const char *field = NULL;
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0)
        return;
    if (api_string(call, body, "version", 1, &in.version) != 0 ||
        api_string(call, body, "group", 1, &in.group) != 0 ||
        boolean(call, body, "allow_downgrade", &in.allow_downgrade) != 0 ||
        api_string(call, body, "note", 0, &in.note) != 0) {
        json_decref(body);
        return;
    }
    int rc = office_rollout_start(call->office, &call->actor, &in, &r, &skipped, &field, &why);
    json_decref(body);
    if (rc == 0)
        rc = office_rollout_get(call->office, r.id, 0, TERMINALS_PAGE, &shown, &why);
    if (rc != 0) {
        json_decref(skipped);
        api_office_error(call, rc, field, &why);
        return;
    }
    json_object_set_new(shown, "skipped", skipped);
    api_reply(call->req, 201, shown);
}

static int take_rollout(void *ctx, const struct rollout_row *row)
{
    api_page_add(ctx, office_rollout_json(row), row->id);
    return 0;
}

void api_rollouts_list(struct api_call *call)
{
    int64_t after = 0;
    struct api_page page;
    struct ps_reason why = {{0}};

    if (api_page_start(call, &page, "after", &after) != 0)
        return;
    int rc = store_each_rollout(call->office->store, after, (int)page.limit, take_rollout, &page,
                                &why);
    api_page_end(call, &page, rc, &why, "next_after");
}

void api_rollout_get(struct api_call *call)
{
    int64_t id = api_param_id(call, 0), after = 0, limit = 0;
    struct ps_reason why = {{0}};
    json_t *shown = NULL;

    if (api_query_int(call, "after", 0, INT64_MAX, 0, &after) != 0 ||
        api_query_int(call, "limit", 1, 500, TERMINALS_PAGE, &limit) != 0)
        return;
    int rc = id > 0 ? office_rollout_get(call->office, id, after, (int)limit, &shown, &why)
                    : ps_fail(&why, OFFICE_NOT_FOUND, "no rollout %s", call->params[0]);
    if (rc != 0)
        api_office_error(call, rc, NULL, &why);
    else
        api_reply(call->req, 200, shown);
}

void api_rollout_retry(struct api_call *call)
{
    int64_t id = api_param_id(call, 0), terminal_id = api_param_id(call, 1);
    struct rollout_target_row t;
    struct stock_row s;
    struct ps_reason why = {{0}};

    int rc = id > 0 && terminal_id > 0
                 ? office_rollout_retry(call->office, &call->actor, id, terminal_id, &t, &why)
                 : ps_fail(&why, OFFICE_NOT_FOUND, "no terminal %s in rollout %s", call->params[1],
                           call->params[0]);
    if (rc != 0) {
        api_office_error(call, rc, NULL, &why);
        return;
    }
    rc = store_find_stock(call->office->store, terminal_id, &s, &why);
    if (rc < 0)
        api_office_error(call, rc, NULL, &why);
    else
        api_reply(call->req, 200, office_rollout_target_json(&t, rc == 1 ? &s : NULL));
}

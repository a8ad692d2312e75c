/* Terminal parameter sets (TMS): saving one for the default, a group, a merchant or one
 * terminal, listing them, and which one a terminal gets (office/tms/param_sets.h). A
 * terminal downloads its set with its heartbeat's answer (heartbeat.c). */
#include "host/api/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host/office/tms/param_sets.h"
#include "host/store/param_sets.h"

static int take_set(void *ctx, const struct param_set_row *row)
{
    api_page_add(ctx, office_param_set_json(row), row->id);
    return 0;
}

void api_param_sets_list(struct api_call *call)
{
    int64_t after = 0;
    struct api_page page;
    struct ps_reason why = {{0}};

    if (api_page_start(call, &page, "after", &after) != 0)
        return;
    int rc =
        store_each_param_set(call->office->store, after, (int)page.limit, take_set, &page, &why);
    api_page_end(call, &page, rc, &why, "next_after");
}

/* A required array of at most max strings into names[], or the 422 has been sent. */
static int string_array(struct api_call *call, json_t *body, const char *field, size_t max,
                        const char **names, size_t *n)
{
    json_t *a = json_object_get(body, field), *v;
    size_t i;

    if (!json_is_array(a)) {
        api_error(call->req, 422, field, a == NULL ? "missing" : "must be an array of strings");
        return -1;
    }
    if (json_array_size(a) > max) {
        api_error(call->req, 422, field, "%zu given, at most %zu", json_array_size(a), max);
        return -1;
    }
    json_array_foreach(a, i, v)
    {
        if (!json_is_string(v)) {
            api_error(call->req, 422, field, "entry %zu is not a string", i + 1);
            return -1;
        }
        names[i] = json_string_value(v);
    }
    *n = json_array_size(a);
    return 0;
}

/* The set's members into *p (checked as a whole by the office), or the 422 has been sent. */
static int read_set(struct api_call *call, json_t *body, struct office_param_set *p)
{
    const char *header = NULL, *kinds[2 * OFFICE_KIND_COUNT], *hosts[OFFICE_PARAM_HOSTS_MAX + 4];
    size_t n_kinds = 0, n_hosts = 0;
    int64_t connect = 0, response = 0;
    struct ps_reason why = {{0}};

    memset(p, 0, sizeof(*p));
    if (api_string(call, body, "receipt_header", 1, &header) != 0 ||
        string_array(call, body, "kinds", PS_ARRAY_LEN(kinds), kinds, &n_kinds) != 0 ||
        api_integer(call, body, "per_txn_limit", 1, &p->per_txn_limit_fen) != 0 ||
        api_integer(call, body, "daily_limit", 1, &p->daily_limit_fen) != 0 ||
        string_array(call, body, "hosts", PS_ARRAY_LEN(hosts), hosts, &n_hosts) != 0 ||
        api_integer(call, body, "connect_timeout_s", 1, &connect) != 0 ||
        api_integer(call, body, "response_timeout_s", 1, &response) != 0)
        return -1;
    if (strlen(header) >= sizeof(p->receipt_header)) {
        api_error(call->req, 422, "receipt_header", "%zu bytes; at most %d", strlen(header),
                  OFFICE_PARAM_HEADER_MAX);
        return -1;
    }
    snprintf(p->receipt_header, sizeof(p->receipt_header), "%s", header);
    if (office_txn_kinds_from_names(kinds, n_kinds, &p->kinds, &why) != 0) {
        api_error(call->req, 422, "kinds", "%s", why.text);
        return -1;
    }
    if (n_hosts > OFFICE_PARAM_HOSTS_MAX) {
        api_error(call->req, 422, "hosts", "%zu given, 1 to %d allowed", n_hosts,
                  OFFICE_PARAM_HOSTS_MAX);
        return -1;
    }
    for (size_t i = 0; i < n_hosts; i++, p->n_hosts++)
        if (office_param_host_parse(hosts[i], &p->hosts[i], &why) != 0) {
            api_error(call->req, 422, "hosts", "entry %zu: %s", i + 1, why.text);
            return -1;
        }
    /* clamped only so an int holds them; the office's check names the range */
    p->connect_timeout_s = connect < 0 || connect > 100000 ? 100000 : (int)connect;
    p->response_timeout_s = response < 0 || response > 100000 ? 100000 : (int)response;
    return 0;
}

/* "target": a group's name, or a merchant's or terminal's id as a number or a string. */
static int read_target(struct api_call *call, json_t *body, char *buf, size_t cap)
{
    json_t *v = json_object_get(body, "target");
    buf[0] = '\0';
    if (v == NULL || json_is_null(v))
        return 0;
    if (json_is_integer(v))
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_string(v) && json_string_length(v) < cap)
        snprintf(buf, cap, "%s", json_string_value(v));
    else {
        api_error(call->req, 422, "target", "must be a group's name or an id");
        return -1;
    }
    return 0;
}

void api_param_sets_save(struct api_call *call)
{
    json_t *body = NULL;
    struct office_param_set set;
    struct office_param_target where = {NULL, NULL};
    struct param_set_row saved;
    const char *field = NULL;
    char target[48];
    struct ps_reason why = {{0}};

    if (api_body(call, &body) != 0)
        return;
    if (api_string(call, body, "scope", 1, &where.scope) == 0 &&
        read_target(call, body, target, sizeof(target)) == 0 && read_set(call, body, &set) == 0) {
        where.target = target;
        int rc =
            office_param_set_save(call->office, &call->actor, &where, &set, &saved, &field, &why);
        if (rc != 0)
            api_office_error(call, rc, field, &why);
        else
            api_reply(call->req, 201, office_param_set_json(&saved));
    }
    json_decref(body);
}

/* GET /api/v1/terminals/{id}/params: the set that applies, where from, and whether the
 * terminal runs it yet (its last heartbeat's params_version). */
void api_terminal_params(struct api_call *call)
{
    struct stock_row s;
    struct param_set_row row;
    enum office_param_scope scope;
    struct ps_reason why = {{0}};
    int64_t id = 0;

    if (api_terminal_id(call, &id) != 0)
        return;
    int rc = store_find_stock(call->office->store, id, &s, &why);
    if (rc == 0)
        rc = ps_fail(&why, OFFICE_NOT_FOUND, "no terminal %" PRId64, id);
    else if (rc > 0)
        rc = office_param_set_for(call->office, &s, &row, &scope, &why);
    if (rc == 0)
        rc = ps_fail(&why, OFFICE_NOT_FOUND,
                     "no parameter set applies to terminal %" PRId64 ": save a default one", id);
    if (rc < 0 || rc == OFFICE_NOT_FOUND) {
        api_office_error(call, rc, NULL, &why);
        return;
    }
    api_reply(call->req, 200,
              json_pack("{s:s, s:o, s:I, s:b}", "from", office_param_scope_name(scope), "set",
                        office_param_set_json(&row), "terminal_runs", (json_int_t)s.params_version,
                        "current", s.params_version == row.version));
}

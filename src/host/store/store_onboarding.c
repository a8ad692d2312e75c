/* Merchant onboarding's operations and reads (onboarding.h): the plans ops.c hands over
 * for the onboarding operations, and the queries, run through store__query. */
#include "host/store/onboarding.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host/store/backend.h"

static void add_i64(struct store__params *p, int64_t v)
{
    p->v[p->count++] = (struct store__value){.i64 = v};
}

/* Text that may be NULL (as ""), up to cap bytes. */
static void add_text(struct store__params *p, const char *s, size_t cap)
{
    if (s == NULL)
        s = "";
    p->v[p->count++] = (struct store__value){.text = s, .len = strnlen(s, cap)};
}

/* ---- operations ------------------------------------------------------------------- */

int store__plan_onboarding(const struct store_op *op, struct store__plan *out,
                           struct ps_reason *why)
{
    const struct store_application_guard *g = &op->u.application_guard;

    switch (op->type) {
    case STORE_APPLICATION_PUT:
        if (op->u.application == NULL)
            return ps_fail(why, PS_EINVAL, "no application");
        out->stmt = STORE__SQL_APPLICATION_PUT;
        return store__params_from_row(&store__application_map, op->u.application, &out->params,
                                      why);
    case STORE_APPLICATION_EVENT_PUT:
        if (op->u.application_event == NULL)
            return ps_fail(why, PS_EINVAL, "no application event");
        out->stmt = STORE__SQL_APPLICATION_EVENT_PUT;
        return store__params_from_row(&store__application_event_map, op->u.application_event,
                                      &out->params, why);
    case STORE_DOCUMENT_PUT:
        out->stmt = STORE__SQL_DOCUMENT_PUT;
        return store__params_from_row(&store__document_map, &op->u.document, &out->params, why);
    case STORE_APPLICATION_GUARD:
        out->stmt = STORE__SQL_APPLICATION_GUARD;
        out->guarded = 1;
        add_i64(&out->params, g->id);
        add_text(&out->params, g->state, sizeof(g->state));
        add_i64(&out->params, g->updated_us);
        return 0;
    default:
        return ps_fail(why, PS_EINVAL, "type %d is not an onboarding operation", (int)op->type);
    }
}

void store__onboarding_context(const struct store_op *op, size_t index, char *buf, size_t cap)
{
    const struct application_row *a = op->u.application;
    const struct application_event_row *e = op->u.application_event;

    switch (op->type) {
    case STORE_APPLICATION_PUT:
        snprintf(buf, cap, "op %zu, putting application %" PRId64 " (%.24s)", index,
                 a != NULL ? a->id : 0, a != NULL ? a->state : "none");
        return;
    case STORE_APPLICATION_GUARD:
        snprintf(buf, cap, "op %zu, checking application %" PRId64 " is still %.24s", index,
                 op->u.application_guard.id, op->u.application_guard.state);
        return;
    case STORE_APPLICATION_EVENT_PUT:
        snprintf(buf, cap, "op %zu, adding event %" PRId64 " of application %" PRId64, index,
                 e != NULL ? e->id : 0, e != NULL ? e->application_id : 0);
        return;
    case STORE_DOCUMENT_PUT:
        snprintf(buf, cap, "op %zu, adding document %" PRId64 " of application %" PRId64, index,
                 op->u.document.id, op->u.document.application_id);
        return;
    default:
        snprintf(buf, cap, "op %zu, of type %d", index, (int)op->type);
    }
}

/* ---- reads ------------------------------------------------------------------------ */

static int note_found(void *ctx, void *row)
{
    (void)row;
    *(int *)ctx = 1;
    return 0;
}

static int find(struct store *s, enum store__stmt stmt, const struct store__params *p, void *out,
                struct ps_reason *why)
{
    int found = 0;
    int rc = store__query(s, stmt, p, out, note_found, &found, why);
    return rc < 0 ? rc : found;
}

int store_find_application(struct store *s, int64_t id, struct application_row *out,
                           struct ps_reason *why)
{
    struct store__params p = {0};
    add_i64(&p, id);
    return find(s, STORE__SQL_APPLICATION_BY_ID, &p, out, why);
}

/* Adapters from the backend's untyped row callback to the caller's typed ones. */
#define ADAPTER(name, type)                                                                        \
    struct name {                                                                                  \
        int (*fn)(void *ctx, const struct type *row);                                              \
        void *ctx;                                                                                 \
    };                                                                                             \
    static int name##_row(void *ctx, void *row)                                                    \
    {                                                                                              \
        struct name *e = ctx;                                                                      \
        return e->fn(e->ctx, row);                                                                 \
    }
ADAPTER(each_application, application_row)
ADAPTER(each_event, application_event_row)
ADAPTER(each_document, document_row)
#undef ADAPTER

int store_each_application(struct store *s, const struct store_application_filter *f,
                           int64_t after_id, int limit,
                           int (*fn)(void *ctx, const struct application_row *row), void *ctx,
                           struct ps_reason *why)
{
    struct store__params p = {0};
    struct application_row row;
    struct each_application e = {fn, ctx};
    int overdue = f->overdue_on != NULL && f->overdue_on[0] != '\0';

    if (overdue)
        add_text(&p, f->overdue_on, 9);
    add_i64(&p, after_id);
    add_text(&p, f->state, ROW_APP_STATE_MAX);
    add_text(&p, f->state, ROW_APP_STATE_MAX);
    add_i64(&p, f->agent_id);
    add_i64(&p, f->agent_id);
    add_i64(&p, f->merchant_id);
    add_i64(&p, f->merchant_id);
    add_i64(&p, f->merchant_id);
    add_i64(&p, limit);
    return store__query(s,
                        overdue ? STORE__SQL_EACH_OVERDUE_APPLICATION : STORE__SQL_EACH_APPLICATION,
                        &p, &row, each_application_row, &e, why);
}

int store_each_application_event(struct store *s, int64_t application_id,
                                 int (*fn)(void *ctx, const struct application_event_row *row),
                                 void *ctx, struct ps_reason *why)
{
    struct store__params p = {0};
    struct application_event_row row;
    struct each_event e = {fn, ctx};

    add_i64(&p, application_id);
    return store__query(s, STORE__SQL_EACH_APPLICATION_EVENT, &p, &row, each_event_row, &e, why);
}

int store_each_document(struct store *s, int64_t application_id,
                        int (*fn)(void *ctx, const struct document_row *row), void *ctx,
                        struct ps_reason *why)
{
    struct store__params p = {0};
    struct document_row row;
    struct each_document e = {fn, ctx};

    add_i64(&p, application_id);
    return store__query(s, STORE__SQL_EACH_DOCUMENT, &p, &row, each_document_row, &e, why);
}

int store_find_document(struct store *s, int64_t application_id, int64_t id,
                        struct document_row *out, struct ps_reason *why)
{
    struct store__params p = {0};
    add_i64(&p, id);
    add_i64(&p, application_id);
    return find(s, STORE__SQL_DOCUMENT_BY_ID, &p, out, why);
}

int store_max_mid(struct store *s, const char *prefix, char mid[ROW_MID_LEN + 1],
                  struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__max_mid max;
    char upper[ROW_MID_LEN + 1];
    size_t len = strlen(prefix);

    if (len >= ROW_MID_LEN)
        return ps_fail(why, PS_EINVAL, "store: a MID prefix has at most %d digits",
                       ROW_MID_LEN - 1);
    memcpy(upper, prefix, len);
    upper[len] = ':'; /* sorts right after '9' */
    upper[len + 1] = '\0';
    add_text(&p, prefix, len);
    add_text(&p, upper, len + 1);
    int rc = find(s, STORE__SQL_MAX_MID, &p, &max, why);
    if (rc == 1)
        memcpy(mid, max.mid, sizeof(max.mid));
    return rc;
}

int store_max_merchant_id(struct store *s, int host_id, int64_t *out, struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__max_id max;

    if (host_id < 0 || host_id > STORE_HOST_ID_MAX)
        return ps_fail(why, PS_EINVAL, "store: host id %d is not 0 to %d", host_id,
                       STORE_HOST_ID_MAX);
    int64_t low = store_first_id(host_id);
    add_i64(&p, low);
    add_i64(&p, low + STORE_IDS_PER_HOST);
    int rc = find(s, STORE__SQL_MAX_MERCHANT_ID, &p, &max, why);
    if (rc < 0)
        return rc;
    *out = max.max_id > low ? max.max_id : low;
    return 0;
}

/* Terminal parameter sets' reads (param_sets.h), run through store__query. The write is
 * a plain row put, planned in ops.c like the training records'. */
#include "host/store/param_sets.h"

#include <string.h>

#include "host/store/backend.h"

static void add_text(struct store__params *p, const char *s)
{
    p->v[p->count++] = (struct store__value){.text = s, .len = strlen(s)};
}

static void add_i64(struct store__params *p, int64_t v)
{
    p->v[p->count++] = (struct store__value){.i64 = v};
}

static int note_found(void *ctx, void *row)
{
    (void)row;
    *(int *)ctx = 1;
    return 0;
}

int store_newest_param_set(struct store *s, const char *scope, const char *target,
                           struct param_set_row *out, struct ps_reason *why)
{
    struct store__params p = {0};
    int found = 0;

    add_text(&p, scope);
    add_text(&p, target);
    int rc = store__query(s, STORE__SQL_NEWEST_PARAM_SET, &p, out, note_found, &found, why);
    return rc < 0 ? rc : found;
}

/* Adapts the backend's untyped row callback to the caller's typed one. */
struct each_param_set {
    int (*fn)(void *ctx, const struct param_set_row *row);
    void *ctx;
};

static int each_param_set_row(void *ctx, void *row)
{
    struct each_param_set *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_param_set(struct store *s, int64_t after_id, int limit,
                         int (*fn)(void *ctx, const struct param_set_row *row), void *ctx,
                         struct ps_reason *why)
{
    struct store__params p = {0};
    struct param_set_row row;
    struct each_param_set e = {fn, ctx};

    add_i64(&p, after_id);
    add_i64(&p, limit);
    return store__query(s, STORE__SQL_EACH_PARAM_SET, &p, &row, each_param_set_row, &e, why);
}

int store_max_param_version(struct store *s, uint32_t *out, struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__count max = {0};
    int found = 0;

    int rc = store__query(s, STORE__SQL_MAX_PARAM_VERSION, &p, &max, note_found, &found, why);
    if (rc < 0)
        return rc;
    if (max.n < 0 || max.n > UINT32_MAX)
        return ps_fail(why, PS_EOVERFLOW, "store: parameter set version %lld is out of range",
                       (long long)max.n);
    *out = (uint32_t)max.n;
    return 0;
}

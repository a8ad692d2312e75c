/* App packages' and rollouts' operations and reads (rollouts.h): the plans ops.c hands
 * over for their operations, and the queries, run through store__query. */
#include "host/store/rollouts.h"

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

int store__plan_rollouts(const struct store_op *op, struct store__plan *out, struct ps_reason *why)
{
    const struct store_rollout_target_change *c = &op->u.target_change;

    switch (op->type) {
    case STORE_PACKAGE_PUT:
        out->stmt = STORE__SQL_PACKAGE_PUT;
        return store__params_from_row(&store__package_map, &op->u.package, &out->params, why);
    case STORE_ROLLOUT_PUT:
        out->stmt = STORE__SQL_ROLLOUT_PUT;
        return store__params_from_row(&store__rollout_map, &op->u.rollout, &out->params, why);
    case STORE_ROLLOUT_TARGET_PUT:
        out->stmt = STORE__SQL_ROLLOUT_TARGET_PUT;
        return store__params_from_row(&store__rollout_target_map, &op->u.rollout_target,
                                      &out->params, why);
    case STORE_ROLLOUT_TARGET_CHANGE:
        out->stmt = STORE__SQL_ROLLOUT_TARGET_CHANGE;
        out->guarded = 1;
        add_text(&out->params, c->to_state, sizeof(c->to_state));
        add_text(&out->params, c->reason, sizeof(c->reason));
        add_i64(&out->params, c->updated_us);
        add_i64(&out->params, c->id);
        add_text(&out->params, c->from_state, sizeof(c->from_state));
        add_i64(&out->params, c->from_updated_us);
        return 0;
    default:
        return ps_fail(why, PS_EINVAL, "type %d is not a rollout operation", (int)op->type);
    }
}

void store__rollouts_context(const struct store_op *op, size_t index, char *buf, size_t cap)
{
    switch (op->type) {
    case STORE_PACKAGE_PUT:
        snprintf(buf, cap, "op %zu, adding package %" PRId64 " (version %.23s)", index,
                 op->u.package.id, op->u.package.version);
        return;
    case STORE_ROLLOUT_PUT:
        snprintf(buf, cap, "op %zu, adding rollout %" PRId64 " (version %.23s to %.32s)", index,
                 op->u.rollout.id, op->u.rollout.version, op->u.rollout.group_name);
        return;
    case STORE_ROLLOUT_TARGET_PUT:
        snprintf(buf, cap, "op %zu, adding terminal %" PRId64 " to rollout %" PRId64, index,
                 op->u.rollout_target.stock_id, op->u.rollout_target.rollout_id);
        return;
    case STORE_ROLLOUT_TARGET_CHANGE:
        snprintf(buf, cap, "op %zu, rollout target %" PRId64 " from %.11s to %.11s", index,
                 op->u.target_change.id, op->u.target_change.from_state,
                 op->u.target_change.to_state);
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

/* Runs a lookup of one row into out: 1 found, 0 none, < 0. */
static int find_one(struct store *s, enum store__stmt stmt, const struct store__params *p,
                    void *out, struct ps_reason *why)
{
    int found = 0;
    int rc = store__query(s, stmt, p, out, note_found, &found, why);
    return rc < 0 ? rc : found;
}

int store_find_package(struct store *s, const char *version, struct package_row *out,
                       struct ps_reason *why)
{
    struct store__params p = {0};
    add_text(&p, version, sizeof(out->version));
    return find_one(s, STORE__SQL_PACKAGE_BY_VERSION, &p, out, why);
}

int store_find_rollout(struct store *s, int64_t id, struct rollout_row *out, struct ps_reason *why)
{
    struct store__params p = {0};
    add_i64(&p, id);
    return find_one(s, STORE__SQL_ROLLOUT_BY_ID, &p, out, why);
}

int store_find_rollout_target(struct store *s, int64_t rollout_id, int64_t stock_id,
                              struct rollout_target_row *out, struct ps_reason *why)
{
    struct store__params p = {0};
    add_i64(&p, rollout_id);
    add_i64(&p, stock_id);
    return find_one(s, STORE__SQL_ROLLOUT_TARGET_BY_KEY, &p, out, why);
}

int store_find_newest_stock_target(struct store *s, int64_t stock_id, const char *version,
                                   struct rollout_target_row *out, struct ps_reason *why)
{
    struct store__params p = {0};
    add_i64(&p, stock_id);
    add_text(&p, version, ROW_APP_VERSION);
    add_text(&p, version, ROW_APP_VERSION);
    return find_one(s, STORE__SQL_NEWEST_STOCK_TARGET, &p, out, why);
}

/* Adapters from the backend's untyped row callback to the caller's typed ones. */
struct each_package {
    int (*fn)(void *ctx, const struct package_row *row);
    void *ctx;
};

static int each_package_row(void *ctx, void *row)
{
    struct each_package *e = ctx;
    return e->fn(e->ctx, row);
}

struct each_rollout {
    int (*fn)(void *ctx, const struct rollout_row *row);
    void *ctx;
};

static int each_rollout_row(void *ctx, void *row)
{
    struct each_rollout *e = ctx;
    return e->fn(e->ctx, row);
}

struct each_target {
    int (*fn)(void *ctx, const struct rollout_target_row *row);
    void *ctx;
};

static int each_target_row(void *ctx, void *row)
{
    struct each_target *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_package(struct store *s, int64_t after_id, int limit,
                       int (*fn)(void *ctx, const struct package_row *row), void *ctx,
                       struct ps_reason *why)
{
    struct store__params p = {0};
    struct package_row row;
    struct each_package e = {fn, ctx};
    add_i64(&p, after_id);
    add_i64(&p, limit);
    return store__query(s, STORE__SQL_EACH_PACKAGE, &p, &row, each_package_row, &e, why);
}

int store_each_rollout(struct store *s, int64_t after_id, int limit,
                       int (*fn)(void *ctx, const struct rollout_row *row), void *ctx,
                       struct ps_reason *why)
{
    struct store__params p = {0};
    struct rollout_row row;
    struct each_rollout e = {fn, ctx};
    add_i64(&p, after_id);
    add_i64(&p, limit);
    return store__query(s, STORE__SQL_EACH_ROLLOUT, &p, &row, each_rollout_row, &e, why);
}

int store_each_rollout_target(struct store *s, int64_t rollout_id, int64_t after_stock_id,
                              int limit, int (*fn)(void *ctx, const struct rollout_target_row *row),
                              void *ctx, struct ps_reason *why)
{
    struct store__params p = {0};
    struct rollout_target_row row;
    struct each_target e = {fn, ctx};
    add_i64(&p, rollout_id);
    add_i64(&p, after_stock_id);
    add_i64(&p, limit);
    return store__query(s, STORE__SQL_EACH_ROLLOUT_TARGET, &p, &row, each_target_row, &e, why);
}

int store_each_stock_target(struct store *s, int64_t stock_id, const char *version,
                            int (*fn)(void *ctx, const struct rollout_target_row *row), void *ctx,
                            struct ps_reason *why)
{
    struct store__params p = {0};
    struct rollout_target_row row;
    struct each_target e = {fn, ctx};
    add_i64(&p, stock_id);
    add_text(&p, version, ROW_APP_VERSION);
    add_text(&p, version, ROW_APP_VERSION);
    return store__query(s, STORE__SQL_EACH_STOCK_TARGET, &p, &row, each_target_row, &e, why);
}

int store_count_rollout_targets(struct store *s, int64_t rollout_id, const char *state, int64_t *n,
                                struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__count count = {0};
    add_i64(&p, rollout_id);
    add_text(&p, state, 12);
    int rc = find_one(s, STORE__SQL_COUNT_ROLLOUT_TARGETS, &p, &count, why);
    if (rc < 0)
        return rc;
    *n = count.n;
    return 0;
}

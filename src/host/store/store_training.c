/* Training records' read (training.h), run through store__query. The write is a plain
 * row put, planned in ops.c like the audit log's. */
#include "host/store/training.h"

#include "host/store/backend.h"

/* Adapts the backend's untyped row callback to the caller's typed one. */
struct each_training {
    int (*fn)(void *ctx, const struct training_row *row);
    void *ctx;
};

static int each_training_row(void *ctx, void *row)
{
    struct each_training *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_training(struct store *s, int64_t merchant_id, int64_t after_id, int limit,
                        int (*fn)(void *ctx, const struct training_row *row), void *ctx,
                        struct ps_reason *why)
{
    struct store__params p = {0};
    struct training_row row;
    struct each_training e = {fn, ctx};

    p.v[p.count++] = (struct store__value){.i64 = merchant_id};
    p.v[p.count++] = (struct store__value){.i64 = after_id};
    p.v[p.count++] = (struct store__value){.i64 = limit};
    return store__query(s, STORE__SQL_EACH_TRAINING, &p, &row, each_training_row, &e, why);
}

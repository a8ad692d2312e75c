#include "host/store/batch.h"

#include <stdlib.h>
#include <string.h>

void store_batch_init(struct store_batch *b)
{
    memset(b, 0, sizeof(*b));
}

void store_batch_reset(struct store_batch *b)
{
    b->count = 0;
}

void store_batch_free(struct store_batch *b)
{
    free(b->ops);
    store_batch_init(b);
}

struct store_op *store_batch_add(struct store_batch *b, enum store_op_type type)
{
    if (b->count == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        struct store_op *ops = realloc(b->ops, cap * sizeof(*ops));
        if (ops == NULL)
            return NULL;
        b->ops = ops;
        b->cap = cap;
    }
    struct store_op *op = &b->ops[b->count++];
    memset(op, 0, sizeof(*op));
    op->type = type;
    return op;
}

void store_batch_truncate(struct store_batch *b, size_t count)
{
    if (count < b->count)
        b->count = count;
}

/* After-sales' operations and reads (tickets.h): the plans ops.c hands over for the
 * ticket operations, and the queries, run through store__query. */
#include "host/store/tickets.h"

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

int store__plan_tickets(const struct store_op *op, struct store__plan *out, struct ps_reason *why)
{
    const struct store_ticket_guard *g = &op->u.ticket_guard;

    switch (op->type) {
    case STORE_TICKET_PUT:
        if (op->u.ticket == NULL)
            return ps_fail(why, PS_EINVAL, "no ticket");
        out->stmt = STORE__SQL_TICKET_PUT;
        return store__params_from_row(&store__ticket_map, op->u.ticket, &out->params, why);
    case STORE_TICKET_COMMENT_PUT:
        if (op->u.ticket_comment == NULL)
            return ps_fail(why, PS_EINVAL, "no ticket comment");
        out->stmt = STORE__SQL_TICKET_COMMENT_PUT;
        return store__params_from_row(&store__ticket_comment_map, op->u.ticket_comment,
                                      &out->params, why);
    case STORE_TICKET_GUARD:
        out->stmt = STORE__SQL_TICKET_GUARD;
        out->guarded = 1;
        add_i64(&out->params, g->id);
        add_text(&out->params, g->status, sizeof(g->status));
        add_i64(&out->params, g->updated_us);
        return 0;
    default:
        return ps_fail(why, PS_EINVAL, "type %d is not a ticket operation", (int)op->type);
    }
}

void store__tickets_context(const struct store_op *op, size_t index, char *buf, size_t cap)
{
    const struct ticket_row *t = op->u.ticket;
    const struct ticket_comment_row *c = op->u.ticket_comment;

    switch (op->type) {
    case STORE_TICKET_PUT:
        snprintf(buf, cap, "op %zu, putting ticket %" PRId64 " (%.23s, %.23s)", index,
                 t != NULL ? t->id : 0, t != NULL ? t->number : "none",
                 t != NULL ? t->status : "none");
        return;
    case STORE_TICKET_GUARD:
        snprintf(buf, cap, "op %zu, checking ticket %" PRId64 " is still %.23s", index,
                 op->u.ticket_guard.id, op->u.ticket_guard.status);
        return;
    case STORE_TICKET_COMMENT_PUT:
        snprintf(buf, cap, "op %zu, adding comment %" PRId64 " of ticket %" PRId64, index,
                 c != NULL ? c->id : 0, c != NULL ? c->ticket_id : 0);
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

int store_find_ticket(struct store *s, int64_t id, struct ticket_row *out, struct ps_reason *why)
{
    struct store__params p = {0};
    int found = 0;

    add_i64(&p, id);
    int rc = store__query(s, STORE__SQL_TICKET_BY_ID, &p, out, note_found, &found, why);
    return rc < 0 ? rc : found;
}

/* Adapters from the backend's untyped row callback to the caller's typed ones. */
struct each_ticket {
    int (*fn)(void *ctx, const struct ticket_row *row);
    void *ctx;
};

static int each_ticket_row(void *ctx, void *row)
{
    struct each_ticket *e = ctx;
    return e->fn(e->ctx, row);
}

struct each_comment {
    int (*fn)(void *ctx, const struct ticket_comment_row *row);
    void *ctx;
};

static int each_comment_row(void *ctx, void *row)
{
    struct each_comment *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_ticket(struct store *s, const struct store_ticket_filter *f, int64_t after_id,
                      int limit, int (*fn)(void *ctx, const struct ticket_row *row), void *ctx,
                      struct ps_reason *why)
{
    struct store__params p = {0};
    struct ticket_row row;
    struct each_ticket e = {fn, ctx};
    int overdue = f->overdue_at_us != 0;

    if (overdue)
        add_i64(&p, f->overdue_at_us);
    add_i64(&p, after_id);
    add_text(&p, f->status, sizeof(row.status));
    add_text(&p, f->status, sizeof(row.status));
    add_i64(&p, f->merchant_id);
    add_i64(&p, f->merchant_id);
    add_i64(&p, limit);
    return store__query(s, overdue ? STORE__SQL_EACH_OVERDUE_TICKET : STORE__SQL_EACH_TICKET, &p,
                        &row, each_ticket_row, &e, why);
}

int store_each_ticket_comment(struct store *s, int64_t ticket_id, int64_t after_id, int limit,
                              int (*fn)(void *ctx, const struct ticket_comment_row *row), void *ctx,
                              struct ps_reason *why)
{
    struct store__params p = {0};
    struct ticket_comment_row row;
    struct each_comment e = {fn, ctx};

    add_i64(&p, ticket_id);
    add_i64(&p, after_id);
    add_i64(&p, limit);
    return store__query(s, STORE__SQL_EACH_TICKET_COMMENT, &p, &row, each_comment_row, &e, why);
}

int store_count_ticket_numbers(struct store *s, const char *prefix, int64_t *n,
                               struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__count count = {0};
    char upper[24];
    size_t len = strlen(prefix);
    int found = 0;

    if (len + 2 > sizeof(upper))
        return ps_fail(why, PS_EINVAL, "store: a ticket number prefix has at most %zu bytes",
                       sizeof(upper) - 2);
    memcpy(upper, prefix, len);
    upper[len] = ':'; /* sorts right after '9' */
    upper[len + 1] = '\0';
    add_text(&p, prefix, len);
    add_text(&p, upper, len + 1);
    int rc = store__query(s, STORE__SQL_COUNT_TICKET_NUMBERS, &p, &count, note_found, &found, why);
    if (rc < 0)
        return rc;
    *n = count.n;
    return 0;
}

/* store.c — the public store interface: picks a backend by name and runs every call
 * through it. What the answers mean (batch totals as field 48 counts them, the high
 * marks) is decided here, once, for every backend. */
#include "host/store/store.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/store/backend.h"

struct store {
    const struct store__backend *backend;
    struct store__conn *conn;
    int version; /* reached by store_open; possumd never migrates a live database */
};

static const struct store__backend *const backends[] = {&store__sqlite, &store__postgres};

int store__migrate(const struct store__backend *b, struct store__conn *c,
                  const struct store__migration *migrations, size_t count,
                  int *version /* OUT */, struct ps_reason *why)
{
    int current = 0;

    int rc = b->migrations_table(c, why);
    if (rc == 0)
        rc = b->schema_version(c, &current, why);
    for (; rc == 0 && current < (int)count; current++)
        rc = b->migrate_one(c, &migrations[current], current, why);
    if (rc == 0)
        rc = b->schema_version(c, &current, why);
    if (rc != 0)
        return rc;
    if (current > (int)count)
        return ps_fail(why, PS_EUNDEFINED,
                       "store: the database is at schema version %d; this possumd knows %zu",
                       current, count);
    *version = current;
    return 0;
}

int store_open(struct store **out, const struct store_config *cfg, struct ps_reason *why)
{
    const struct store__backend *backend = NULL;
    struct store *s = NULL;
    int rc = 0;

    *out = NULL;
    const char *name = cfg->backend != NULL ? cfg->backend : "sqlite";
    for (size_t i = 0; i < PS_ARRAY_LEN(backends); i++) {
        if (strcmp(backends[i]->name, name) == 0)
            backend = backends[i];
    }
    if (backend == NULL)
        return ps_fail(why, PS_EINVAL, "store: no backend named '%s' (there are: sqlite, postgres)",
                       name);
    const char *where = backend == &store__postgres ? cfg->conninfo : cfg->path;
    if (where == NULL || where[0] == '\0')
        return ps_fail(why, PS_EINVAL, "store: no %s for the %s backend",
                       backend == &store__postgres ? "connection string" : "database path", name);
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return ps_fail(why, PS_ENOMEM, "store: no memory for a store");
    s->backend = backend;
    rc = backend->open(&s->conn, cfg, why);
    if (rc == 0)
        rc = store__migrate(backend, s->conn, store__migrations, store__migration_count,
                            &s->version, why);
    if (rc != 0)
        goto out;
    *out = s;
    s = NULL;
out:
    store_close(s);
    return rc;
}

void store_close(struct store *s)
{
    if (s == NULL)
        return;
    if (s->conn != NULL)
        s->backend->close(s->conn);
    free(s);
}

int store_schema_version(struct store *s)
{
    return s->version;
}

int store_commit(struct store *s, const struct store_batch *b, struct ps_reason *why)
{
    if (b->count == 0)
        return 0;
    return s->backend->commit(s->conn, b, why);
}

static const struct store__params no_params;

/* ---- loaders ---------------------------------------------------------------------- */

/* Adapters from the backend's untyped row callback to the caller's typed one. */
struct each_merchant {
    int (*fn)(void *ctx, const struct merchant_row *row);
    void *ctx;
};

static int each_merchant_row(void *ctx, void *row)
{
    struct each_merchant *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_merchant(struct store *s, int (*fn)(void *ctx, const struct merchant_row *row),
                        void *ctx, struct ps_reason *why)
{
    struct each_merchant e = {fn, ctx};
    struct merchant_row row;
    return s->backend->query(s->conn, STORE__SQL_EACH_MERCHANT, &no_params, &row, each_merchant_row,
                             &e, why);
}

struct each_terminal {
    int (*fn)(void *ctx, const struct terminal_row *row);
    void *ctx;
};

static int each_terminal_row(void *ctx, void *row)
{
    struct each_terminal *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_terminal(struct store *s, int (*fn)(void *ctx, const struct terminal_row *row),
                        void *ctx, struct ps_reason *why)
{
    struct each_terminal e = {fn, ctx};
    struct terminal_row row;
    return s->backend->query(s->conn, STORE__SQL_EACH_TERMINAL, &no_params, &row, each_terminal_row,
                             &e, why);
}

struct each_card {
    int (*fn)(void *ctx, const struct card_row *row);
    void *ctx;
};

static int each_card_row(void *ctx, void *row)
{
    struct each_card *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_card(struct store *s, int (*fn)(void *ctx, const struct card_row *row), void *ctx,
                    struct ps_reason *why)
{
    struct each_card e = {fn, ctx};
    struct card_row row;
    return s->backend->query(s->conn, STORE__SQL_EACH_CARD, &no_params, &row, each_card_row, &e,
                             why);
}

struct each_hold {
    int (*fn)(void *ctx, const struct hold_row *row);
    void *ctx;
};

static int each_hold_row(void *ctx, void *row)
{
    struct each_hold *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_open_hold(struct store *s, int (*fn)(void *ctx, const struct hold_row *row),
                         void *ctx, struct ps_reason *why)
{
    struct each_hold e = {fn, ctx};
    struct hold_row row;
    return s->backend->query(s->conn, STORE__SQL_EACH_OPEN_HOLD, &no_params, &row, each_hold_row,
                             &e, why);
}

int store_each_live_hold(struct store *s, int (*fn)(void *ctx, const struct hold_row *row),
                         void *ctx, struct ps_reason *why)
{
    struct each_hold e = {fn, ctx};
    struct hold_row row;
    return s->backend->query(s->conn, STORE__SQL_EACH_LIVE_HOLD, &no_params, &row, each_hold_row,
                             &e, why);
}

struct each_token {
    int (*fn)(void *ctx, const char *token);
    void *ctx;
};

static int each_token_row(void *ctx, void *row)
{
    struct each_token *e = ctx;
    return e->fn(e->ctx, ((const struct store__token *)row)->card_token);
}

int store_each_used_paycode(struct store *s, int (*fn)(void *ctx, const char *token), void *ctx,
                            struct ps_reason *why)
{
    struct each_token e = {fn, ctx};
    struct store__token row;
    return s->backend->query(s->conn, STORE__SQL_EACH_USED_PAYCODE, &no_params, &row,
                             each_token_row, &e, why);
}

/* ---- batch totals ----------------------------------------------------------------- */

/* The totals query returns lines ordered by terminal: this sums one terminal's lines
 * and hands the totals over when the next terminal starts (and after the last). */
struct totals_fold {
    int (*fn)(void *ctx, int64_t terminal_id, uint32_t batch, uint32_t max_stan,
              const struct ps_cup_totals *totals);
    void *ctx;
    struct ps_reason *why;
    int open; /* a terminal is being summed */
    int64_t terminal_id;
    uint32_t batch;
    uint32_t max_stan;
    struct ps_cup_totals totals;
};

static int fold_emit(struct totals_fold *f)
{
    if (!f->open)
        return 0;
    f->open = 0;
    return f->fn(f->ctx, f->terminal_id, f->batch, f->max_stan, &f->totals);
}

static int fold_add(struct totals_fold *f, int64_t *amount, unsigned *count,
                    const struct store__total_line *l)
{
    if (__builtin_add_overflow(*amount, l->amount_sum, amount) || l->txn_count < 0 ||
        l->txn_count > (int64_t)(UINT32_MAX - *count))
        return ps_fail(f->why, PS_EOVERFLOW,
                       "store: batch totals of terminal %" PRId64 " overflow their fields",
                       l->terminal_id);
    *count += (unsigned)l->txn_count;
    return 0;
}

static int fold_line(void *ctx, void *row)
{
    struct totals_fold *f = ctx;
    const struct store__total_line *l = row;

    if (f->open && l->terminal_id != f->terminal_id) {
        int rc = fold_emit(f);
        if (rc != 0)
            return rc;
    }
    if (!f->open) {
        f->open = 1;
        f->terminal_id = l->terminal_id;
        f->batch = l->batch;
        f->max_stan = l->max_stan;
        memset(&f->totals, 0, sizeof(f->totals));
    }
    if (l->txn_count == 0)
        return 0; /* a terminal with nothing in its batch */
    struct ps_cup_side_totals *side = l->domestic ? &f->totals.domestic : &f->totals.foreign;
    if (!l->domestic)
        f->totals.has_foreign = 1;
    switch (l->kind) {
    case TXN_PURCHASE:
    case TXN_COMPLETION:
        return fold_add(f, &side->debit_amount, &side->debit_count, l);
    case TXN_REFUND:
        return fold_add(f, &side->credit_amount, &side->credit_count, l);
    default:
        return ps_fail(f->why, PS_EINVAL,
                       "store: batch totals: kind %d is neither debit nor credit", (int)l->kind);
    }
}

int store_each_batch_total(struct store *s,
                           int (*fn)(void *ctx, int64_t terminal_id, uint32_t batch,
                                     uint32_t max_stan, const struct ps_cup_totals *totals),
                           void *ctx, struct ps_reason *why)
{
    struct totals_fold f = {.fn = fn, .ctx = ctx, .why = why};
    struct store__total_line line;

    int rc =
        s->backend->query(s->conn, STORE__SQL_BATCH_TOTALS, &no_params, &line, fold_line, &f, why);
    if (rc == 0)
        rc = fold_emit(&f);
    return rc;
}

/* The one terminal's totals, from the fold's single emit. */
struct one_total {
    uint32_t batch;
    uint32_t max_stan;
    struct ps_cup_totals *out;
    int found;
};

static int take_one_total(void *ctx, int64_t terminal_id, uint32_t batch, uint32_t max_stan,
                          const struct ps_cup_totals *totals)
{
    (void)terminal_id;
    struct one_total *one = ctx;
    one->found = 1;
    one->batch = batch;
    one->max_stan = max_stan;
    *one->out = *totals;
    return 0;
}

int store_batch_total(struct store *s, const char *tid, uint32_t *batch, uint32_t *max_stan,
                      struct ps_cup_totals *out, struct ps_reason *why)
{
    struct one_total one = {.out = out};
    struct totals_fold f = {.fn = take_one_total, .ctx = &one, .why = why};
    struct store__params p = {0};
    struct store__total_line line;

    memset(out, 0, sizeof(*out));
    p.v[p.count++] = (struct store__value){.text = tid, .len = strlen(tid)};
    int rc = s->backend->query(s->conn, STORE__SQL_BATCH_TOTAL_OF, &p, &line, fold_line, &f, why);
    if (rc == 0)
        rc = fold_emit(&f);
    if (rc != 0)
        return rc;
    *batch = one.batch;
    *max_stan = one.max_stan;
    return one.found;
}

/* ---- lookups ---------------------------------------------------------------------- */

/* Lookups decode straight into the caller's struct; this only notes that a row came. */
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
    int rc = s->backend->query(s->conn, stmt, p, out, note_found, &found, why);
    return rc < 0 ? rc : found;
}

static void add_i64(struct store__params *p, int64_t v)
{
    p->v[p->count++] = (struct store__value){.i64 = v};
}

static void add_text(struct store__params *p, const char *s)
{
    p->v[p->count++] = (struct store__value){.text = s, .len = strlen(s)};
}

int store_find_txn_by_key(struct store *s, const char *tid, uint32_t batch, uint32_t stan,
                          enum txn_kind kind, uint64_t fingerprint, struct txn_row *out,
                          struct ps_reason *why)
{
    struct store__params p = {0};
    const char *name = store__kind_name(kind);

    if (name == NULL)
        return ps_fail(why, PS_EINVAL, "store: %d is not a kind", (int)kind);
    add_text(&p, tid);
    add_i64(&p, batch);
    add_i64(&p, stan);
    add_text(&p, name);
    add_i64(&p, store__u64_to_i64(fingerprint));
    return find(s, STORE__SQL_TXN_BY_KEY, &p, out, why);
}

int store_each_merchant_changed(struct store *s, int64_t since_us,
                                int (*fn)(void *ctx, const struct merchant_row *row), void *ctx,
                                struct ps_reason *why)
{
    struct store__params p = {0};
    struct each_merchant e = {fn, ctx};
    struct merchant_row row;

    add_i64(&p, since_us);
    return s->backend->query(s->conn, STORE__SQL_MERCHANTS_CHANGED, &p, &row, each_merchant_row,
                             &e, why);
}

int store_each_terminal_changed(struct store *s, int64_t since_us,
                                int (*fn)(void *ctx, const struct terminal_row *row), void *ctx,
                                struct ps_reason *why)
{
    struct store__params p = {0};
    struct each_terminal e = {fn, ctx};
    struct terminal_row row;

    add_i64(&p, since_us);
    return s->backend->query(s->conn, STORE__SQL_TERMINALS_CHANGED, &p, &row, each_terminal_row,
                             &e, why);
}

int store_find_terminal(struct store *s, const char *tid, struct terminal_row *out,
                        struct ps_reason *why)
{
    struct store__params p = {0};

    add_text(&p, tid);
    return find(s, STORE__SQL_TERMINAL_BY_TID, &p, out, why);
}

/* ---- the terminal stock ------------------------------------------------------------ */

int store_find_stock(struct store *s, int64_t id, struct stock_row *out, struct ps_reason *why)
{
    struct store__params p = {0};

    add_i64(&p, id);
    return find(s, STORE__SQL_STOCK_BY_ID, &p, out, why);
}

int store_find_stock_by_serial(struct store *s, const char *serial, struct stock_row *out,
                               struct ps_reason *why)
{
    struct store__params p = {0};

    add_text(&p, serial);
    return find(s, STORE__SQL_STOCK_BY_SERIAL, &p, out, why);
}

struct each_stock {
    int (*fn)(void *ctx, const struct stock_row *row);
    void *ctx;
};

static int each_stock_row(void *ctx, void *row)
{
    struct each_stock *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_stock(struct store *s, const char *group, int64_t after_id, int limit,
                     int (*fn)(void *ctx, const struct stock_row *row), void *ctx,
                     struct ps_reason *why)
{
    struct store__params p = {0};
    struct each_stock e = {fn, ctx};
    struct stock_row row;
    int in_group = group != NULL && group[0] != '\0';

    if (in_group)
        add_text(&p, group);
    add_i64(&p, after_id);
    add_i64(&p, limit);
    return s->backend->query(s->conn, in_group ? STORE__SQL_EACH_STOCK_IN_GROUP : STORE__SQL_EACH_STOCK,
                             &p, &row, each_stock_row, &e, why);
}

int store_find_stock_by_terminal(struct store *s, int64_t terminal_id, struct stock_row *out,
                                 struct ps_reason *why)
{
    struct store__params p = {0};

    add_i64(&p, terminal_id);
    return find(s, STORE__SQL_STOCK_BY_TERMINAL, &p, out, why);
}

int store_each_silent_stock(struct store *s, int64_t before_us, int64_t after_id, int limit,
                            int (*fn)(void *ctx, const struct stock_row *row), void *ctx,
                            struct ps_reason *why)
{
    struct store__params p = {0};
    struct each_stock e = {fn, ctx};
    struct stock_row row;

    add_i64(&p, before_us);
    add_i64(&p, after_id);
    add_i64(&p, limit);
    return s->backend->query(s->conn, STORE__SQL_EACH_SILENT_STOCK, &p, &row, each_stock_row, &e,
                             why);
}

struct each_tid {
    int (*fn)(void *ctx, const char *tid);
    void *ctx;
};

static int each_tid_row(void *ctx, void *row)
{
    struct each_tid *e = ctx;
    return e->fn(e->ctx, ((const struct store__tid *)row)->tid);
}

int store_each_tid(struct store *s, int (*fn)(void *ctx, const char *tid), void *ctx,
                   struct ps_reason *why)
{
    struct each_tid e = {fn, ctx};
    struct store__tid row;
    return s->backend->query(s->conn, STORE__SQL_EACH_TID, &no_params, &row, each_tid_row, &e,
                             why);
}

int store_find_merchant(struct store *s, int64_t id, struct merchant_row *out,
                        struct ps_reason *why)
{
    struct store__params p = {0};

    add_i64(&p, id);
    return find(s, STORE__SQL_MERCHANT_BY_ID, &p, out, why);
}

int store_find_card(struct store *s, int64_t id, struct card_row *out, struct ps_reason *why)
{
    struct store__params p = {0};

    add_i64(&p, id);
    return find(s, STORE__SQL_CARD_BY_ID, &p, out, why);
}

int store_find_txn_by_rrn(struct store *s, const char *rrn, struct txn_row *out,
                          struct ps_reason *why)
{
    struct store__params p = {0};

    add_text(&p, rrn);
    return find(s, STORE__SQL_TXN_BY_RRN, &p, out, why);
}

int store_find_preauth(struct store *s, int64_t card_id, const char *auth_code, struct txn_row *out,
                       struct ps_reason *why)
{
    struct store__params p = {0};

    add_i64(&p, card_id);
    add_text(&p, auth_code);
    return find(s, STORE__SQL_PREAUTH, &p, out, why);
}

/* ---- high marks and counts -------------------------------------------------------- */

/* The highest RRN starting with prefix: "pp" <= rrn < "pp:" holds every "pp" followed
 * by digits (':' sorts right after '9'), which an index range can serve. */
static int max_rrn_seq(struct store *s, const char *prefix, uint64_t *out, struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__max_rrn max;
    char upper[4] = {prefix[0], prefix[1], ':', '\0'};

    add_text(&p, prefix);
    add_text(&p, upper);
    int rc = find(s, STORE__SQL_MAX_RRN, &p, &max, why);
    if (rc <= 0) {
        *out = 0;
        return rc;
    }
    uint64_t seq = 0;
    for (size_t i = 2; i < 12; i++) {
        if (max.rrn[i] < '0' || max.rrn[i] > '9')
            return ps_fail(why, PS_EFORMAT,
                           "store: the highest RRN with prefix %s is '%s', not 12 digits", prefix,
                           max.rrn);
        seq = seq * 10 + (uint64_t)(max.rrn[i] - '0');
    }
    if (max.rrn[12] != '\0')
        return ps_fail(why, PS_EFORMAT,
                       "store: the highest RRN with prefix %s is '%s', not 12 digits", prefix,
                       max.rrn);
    *out = seq;
    return 0;
}

int store_high_marks(struct store *s, int host_id, struct store_high_marks *out,
                     struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__max_id max;
    char prefix[3];

    if (host_id < 0 || host_id > STORE_HOST_ID_MAX)
        return ps_fail(why, PS_EINVAL, "store: host id %d is not 0 to %d", host_id,
                       STORE_HOST_ID_MAX);
    int64_t low = store_first_id(host_id), high = low + STORE_IDS_PER_HOST;
    for (int table = 0; table < 7; table++) {
        add_i64(&p, low);
        add_i64(&p, high);
    }
    int rc = find(s, STORE__SQL_MAX_ID, &p, &max, why);
    if (rc < 0)
        return rc;
    out->max_id = max.max_id > low ? max.max_id : low;
    snprintf(prefix, sizeof(prefix), "%02d", host_id);
    return max_rrn_seq(s, prefix, &out->max_rrn_seq, why);
}

int store_count_txns(struct store *s, int64_t *out, struct ps_reason *why)
{
    struct store__count count;

    int rc = find(s, STORE__SQL_COUNT_TXNS, &no_params, &count, why);
    if (rc < 0)
        return rc;
    *out = count.n;
    return 0;
}

int store_max_stan(struct store *s, const char *tid, uint32_t batch, uint32_t *out,
                   struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__count max;

    add_text(&p, tid);
    add_i64(&p, batch);
    int rc = find(s, STORE__SQL_MAX_STAN, &p, &max, why);
    if (rc < 0)
        return rc;
    *out = (uint32_t)max.n;
    return 0;
}

/* ---- the back office's tables -------------------------------------------------------- */

int store_find_user_by_name(struct store *s, const char *username, struct user_row *out,
                            struct ps_reason *why)
{
    struct store__params p = {0};

    add_text(&p, username);
    return find(s, STORE__SQL_USER_BY_NAME, &p, out, why);
}

int store_find_user(struct store *s, int64_t id, struct user_row *out, struct ps_reason *why)
{
    struct store__params p = {0};

    add_i64(&p, id);
    return find(s, STORE__SQL_USER_BY_ID, &p, out, why);
}

struct each_user {
    int (*fn)(void *ctx, const struct user_row *row);
    void *ctx;
};

static int each_user_row(void *ctx, void *row)
{
    struct each_user *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_user(struct store *s, int64_t after_id, int limit,
                    int (*fn)(void *ctx, const struct user_row *row), void *ctx,
                    struct ps_reason *why)
{
    struct store__params p = {0};
    struct each_user e = {fn, ctx};
    struct user_row row;

    add_i64(&p, after_id);
    add_i64(&p, limit);
    return s->backend->query(s->conn, STORE__SQL_EACH_USER, &p, &row, each_user_row, &e, why);
}

int store_find_auth_session(struct store *s, const char *token_hash, struct auth_session_row *out,
                            struct ps_reason *why)
{
    struct store__params p = {0};

    add_text(&p, token_hash);
    return find(s, STORE__SQL_AUTH_SESSION_BY_TOKEN, &p, out, why);
}

struct each_audit {
    int (*fn)(void *ctx, const struct audit_row *row);
    void *ctx;
};

static int each_audit_row(void *ctx, void *row)
{
    struct each_audit *e = ctx;
    return e->fn(e->ctx, row);
}

int store_each_audit(struct store *s, int64_t before_id, int limit,
                     int (*fn)(void *ctx, const struct audit_row *row), void *ctx,
                     struct ps_reason *why)
{
    struct store__params p = {0};
    struct each_audit e = {fn, ctx};
    struct audit_row *row = malloc(sizeof(*row)); /* 8 KiB of JSON text: not on the stack */
    if (row == NULL)
        return ps_fail(why, PS_ENOMEM, "store: out of memory reading the audit log");
    add_i64(&p, before_id);
    add_i64(&p, limit);
    int rc = s->backend->query(s->conn, STORE__SQL_EACH_AUDIT, &p, row, each_audit_row, &e, why);
    free(row);
    return rc;
}

int store_office_high_mark(struct store *s, int host_id, int64_t *out, struct ps_reason *why)
{
    struct store__params p = {0};
    struct store__max_id max;

    if (host_id < 0 || host_id > STORE_HOST_ID_MAX)
        return ps_fail(why, PS_EINVAL, "store: host id %d is not 0 to %d", host_id,
                       STORE_HOST_ID_MAX);
    int64_t low = store_first_id(host_id);
    for (int table = 0; table < 3; table++) {
        add_i64(&p, low);
        add_i64(&p, low + STORE_IDS_PER_HOST);
    }
    int rc = find(s, STORE__SQL_MAX_OFFICE_ID, &p, &max, why);
    if (rc < 0)
        return rc;
    *out = max.max_id > low ? max.max_id : low;
    return 0;
}

int store__query(struct store *s, enum store__stmt stmt, const struct store__params *params,
                 void *row, store__row_fn fn, void *ctx, struct ps_reason *why)
{
    return s->backend->query(s->conn, stmt, params, row, fn, ctx, why);
}

int store_checkpoint(struct store *s, struct ps_reason *why)
{
    return s->backend->checkpoint != NULL ? s->backend->checkpoint(s->conn, why) : 0;
}

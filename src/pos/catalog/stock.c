#include "pos/catalog/stock.h"

#include "pos/catalog/catalog.h"
#include "pos/catalog/internal.h"
#include "pos/db/db.h"

#define CODE_SHOWN_MAX 40 /* a reason quotes at most this much of a code */

/* The two statements one delta needs, prepared once per adjustment. */
struct stock_statements {
    sqlite3_stmt *read;
    sqlite3_stmt *write;
};

/* Applies one delta inside the open transaction. Reading, adding in C and writing
 * back (rather than SET stock = stock + ?) is what lets the sum be overflow-checked:
 * SQLite would quietly turn an overflowing integer into a float. */
static int apply_delta(sqlite3 *db, struct stock_statements *s, const struct pos_stock_delta *d,
                       struct ps_reason *why)
{
    int64_t stock, sum;
    sqlite3_reset(s->read);
    sqlite3_bind_text(s->read, 1, d->code, -1, SQLITE_STATIC);
    int step = sqlite3_step(s->read);
    if (step == SQLITE_DONE)
        return ps_fail(why, POS_CATALOG_NOT_FOUND, "code %.*s: not in the catalog", CODE_SHOWN_MAX,
                       d->code);
    if (step != SQLITE_ROW)
        return pos_db_fail(db, "read stock", why);
    stock = sqlite3_column_int64(s->read, 0);
    sqlite3_reset(s->read);
    if (__builtin_add_overflow(stock, d->delta, &sum))
        return ps_fail(why, PS_EOVERFLOW, "code %s: stock %lld%+lld does not fit 64 bits", d->code,
                       (long long)stock, (long long)d->delta);

    sqlite3_reset(s->write);
    sqlite3_bind_int64(s->write, 1, sum);
    sqlite3_bind_text(s->write, 2, d->code, -1, SQLITE_STATIC);
    if (sqlite3_step(s->write) != SQLITE_DONE)
        return pos_db_fail(db, "write stock", why);
    return 0;
}

static int apply_all(sqlite3 *db, const struct pos_stock_delta *deltas, size_t n,
                     struct ps_reason *why)
{
    struct stock_statements s = {NULL, NULL};
    int rc = pos_catalog__prepare(db, "SELECT stock FROM catalog_product WHERE code = ?1", &s.read,
                                  "read stock", why);
    if (rc == 0)
        rc = pos_catalog__prepare(db, "UPDATE catalog_product SET stock = ?1 WHERE code = ?2",
                                  &s.write, "write stock", why);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = apply_delta(db, &s, &deltas[i], why);
    sqlite3_finalize(s.read);
    sqlite3_finalize(s.write);
    return rc;
}

int pos_catalog_adjust_stock(sqlite3 *db, const struct pos_stock_delta *deltas, size_t n,
                             struct ps_reason *why)
{
    struct pos_catalog__tx tx;
    int rc = pos_catalog__begin(db, &tx, why);
    if (rc != 0)
        return rc;
    rc = apply_all(db, deltas, n, why);
    if (rc != 0) {
        pos_catalog__rollback(db, &tx);
        return rc;
    }
    return pos_catalog__commit(db, &tx, why);
}

int pos_catalog_short_stock(sqlite3 *db, const char *after, struct pos_product *out, size_t cap,
                            size_t *count, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int more = 0;
    *count = 0;
    int rc = pos_catalog__prepare(db,
                                  "SELECT " POS_CATALOG__COLUMNS " FROM catalog_product"
                                  " WHERE stock < 0 AND code > ?1 ORDER BY code LIMIT ?2",
                                  &st, "list short stock", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, after != NULL ? after : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, cap >= (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)cap);
    rc = pos_catalog__rows(db, st, out, cap, count, &more, "list short stock", why);
    sqlite3_finalize(st);
    return rc;
}

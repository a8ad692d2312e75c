#include "pos/catalog/catalog.h"

#include <string.h>

#include "pos/catalog/internal.h"
#include "pos/db/db.h"

/* A reason quotes at most this much of a code it was handed unchecked. */
#define CODE_SHOWN_MAX 40

/* Version i+1 of the room's tables is steps[i]; never edit a step once released, add
 * one. The partial index keeps the "recount these" query cheap however large the
 * catalog grows; WITHOUT ROWID because the code is the key every lookup uses. */
static const char *const steps[] = {
    "CREATE TABLE catalog_product ("
    " code TEXT PRIMARY KEY NOT NULL,"
    " name TEXT NOT NULL,"
    " price INTEGER NOT NULL CHECK (typeof(price) = 'integer' AND price >= 0),"
    " tax_bp INTEGER NOT NULL CHECK (typeof(tax_bp) = 'integer' AND tax_bp BETWEEN 0 AND 10000),"
    " stock INTEGER NOT NULL CHECK (typeof(stock) = 'integer')"
    ") WITHOUT ROWID;"
    "CREATE INDEX catalog_product_by_name ON catalog_product (lower(name), code);"
    "CREATE INDEX catalog_product_short ON catalog_product (code) WHERE stock < 0;",
};

const char *pos_catalog_strerror(int code)
{
    switch (code) {
    case POS_CATALOG_NOT_FOUND:
        return "no such product";
    case POS_CATALOG_EXISTS:
        return "a product with that code exists";
    default:
        return ps_strerror(code);
    }
}

int pos_catalog_migrate(sqlite3 *db, struct ps_reason *why)
{
    return pos_db_migrate(db, "catalog", steps, PS_ARRAY_LEN(steps), why);
}

/* Binds p to ?1..?5 in the order code, name, price, tax_bp, stock. */
static void bind_product(sqlite3_stmt *st, const struct pos_product *p)
{
    sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, p->price);
    sqlite3_bind_int64(st, 4, p->tax_bp);
    sqlite3_bind_int64(st, 5, p->stock);
}

/* Runs a statement that writes at most one product row; *changed says whether it did. */
static int write_one(sqlite3 *db, const char *sql, const struct pos_product *p, const char *what,
                     int *changed, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_catalog__prepare(db, sql, &st, what, why);
    if (rc != 0)
        return rc;
    bind_product(st, p);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pos_db_fail(db, what, why);
    else
        *changed = sqlite3_changes(db) > 0;
    sqlite3_finalize(st);
    return rc;
}

int pos_catalog_add(sqlite3 *db, const struct pos_product *p, struct ps_reason *why)
{
    int changed = 0;
    int rc = pos_product_check(p, why);
    if (rc == 0)
        rc = write_one(db,
                       "INSERT INTO catalog_product (code, name, price, tax_bp, stock)"
                       " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (code) DO NOTHING",
                       p, "add product", &changed, why);
    if (rc != 0)
        return rc;
    if (!changed)
        return ps_fail(why, POS_CATALOG_EXISTS, "code %s: already in the catalog", p->code);
    return 0;
}

int pos_catalog_update(sqlite3 *db, const struct pos_product *p, struct ps_reason *why)
{
    int changed = 0;
    int rc = pos_product_check(p, why);
    if (rc == 0)
        rc = write_one(db,
                       "UPDATE catalog_product SET name = ?2, price = ?3, tax_bp = ?4, stock = ?5"
                       " WHERE code = ?1",
                       p, "update product", &changed, why);
    if (rc != 0)
        return rc;
    if (!changed)
        return ps_fail(why, POS_CATALOG_NOT_FOUND, "code %s: not in the catalog", p->code);
    return 0;
}

int pos_catalog_remove(sqlite3 *db, const char *code, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_catalog__prepare(db, "DELETE FROM catalog_product WHERE code = ?1", &st,
                                  "remove product", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = pos_db_fail(db, "remove product", why);
    else if (sqlite3_changes(db) == 0)
        rc = ps_fail(why, POS_CATALOG_NOT_FOUND, "code %.*s: not in the catalog", CODE_SHOWN_MAX,
                     code);
    else
        ps_reason_clear(why);
    sqlite3_finalize(st);
    return rc;
}

int pos_catalog_find(sqlite3 *db, const char *code, struct pos_product *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    size_t count = 0;
    int more = 0;

    memset(out, 0, sizeof(*out));
    int rc = pos_product_check_code(code, strlen(code), why);
    if (rc == 0)
        rc = pos_catalog__prepare(
            db, "SELECT " POS_CATALOG__COLUMNS " FROM catalog_product WHERE code = ?1", &st,
            "find product", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = pos_catalog__rows(db, st, out, 1, &count, &more, "find product", why);
    sqlite3_finalize(st);
    if (rc == 0 && count == 0)
        rc = ps_fail(why, POS_CATALOG_NOT_FOUND, "code %s: not in the catalog", code);
    return rc;
}

/* SQLite's LIMIT is a signed 64-bit number; one more than cap tells whether more rows
 * matched than fit. */
static sqlite3_int64 limit_for(size_t cap)
{
    return cap >= (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)cap + 1;
}

int pos_catalog_search(sqlite3 *db, const char *text, struct pos_product *out, size_t cap,
                       size_t *count, int *more, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    *count = 0;
    *more = 0;
    size_t len = strnlen(text, POS_CATALOG_SEARCH_MAX + 1);
    if (len > POS_CATALOG_SEARCH_MAX)
        return ps_fail(why, PS_ETOOLONG, "search: longer than %d bytes", POS_CATALOG_SEARCH_MAX);
    /* instr, not LIKE: a '%' or '_' the cashier types is a character, not a wildcard. */
    int rc = pos_catalog__prepare(db,
                                  "SELECT " POS_CATALOG__COLUMNS " FROM catalog_product"
                                  " WHERE instr(lower(name), lower(?1)) > 0"
                                  " ORDER BY lower(name), code LIMIT ?2",
                                  &st, "search products", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit_for(cap));
    rc = pos_catalog__rows(db, st, out, cap, count, more, "search products", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_catalog_list(sqlite3 *db, const char *after, struct pos_product *out, size_t cap,
                     size_t *count, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int more = 0;
    *count = 0;
    int rc = pos_catalog__prepare(db,
                                  "SELECT " POS_CATALOG__COLUMNS " FROM catalog_product"
                                  " WHERE code > ?1 ORDER BY code LIMIT ?2",
                                  &st, "list products", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, after != NULL ? after : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, limit_for(cap));
    rc = pos_catalog__rows(db, st, out, cap, count, &more, "list products", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_catalog_count(sqlite3 *db, size_t *count, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    *count = 0;
    int rc = pos_catalog__prepare(db, "SELECT count(*) FROM catalog_product", &st, "count products",
                                  why);
    if (rc != 0)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *count = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = pos_db_fail(db, "count products", why);
    sqlite3_finalize(st);
    return rc;
}

/* sql.c — statements, rows and transactions the catalog's files share (internal.h). */
#include "pos/catalog/internal.h"

#include <string.h>

#include "pos/db/db.h"

int pos_catalog__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, const char *what,
                         struct ps_reason *why)
{
    *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return pos_db_fail(db, what, why);
    return 0;
}

/* Copies column col as text into dst[0..cap), cut to cap - 1 bytes, NUL-terminated. */
static void read_text(sqlite3_stmt *st, int col, char *dst, size_t cap)
{
    const unsigned char *text = sqlite3_column_text(st, col);
    size_t len = text != NULL ? (size_t)sqlite3_column_bytes(st, col) : 0;
    if (len > cap - 1)
        len = cap - 1;
    if (len > 0)
        memcpy(dst, text, len);
    dst[len] = '\0';
}

void pos_catalog__read(sqlite3_stmt *st, struct pos_product *p)
{
    memset(p, 0, sizeof(*p));
    read_text(st, 0, p->code, sizeof(p->code));
    read_text(st, 1, p->name, sizeof(p->name));
    p->price = sqlite3_column_int64(st, 2);
    p->tax_bp = (int32_t)sqlite3_column_int64(st, 3); /* CHECK keeps it within 0..10000 */
    p->stock = sqlite3_column_int64(st, 4);
}

int pos_catalog__rows(sqlite3 *db, sqlite3_stmt *st, struct pos_product *out, size_t cap,
                      size_t *count, int *more, const char *what, struct ps_reason *why)
{
    int step;
    *count = 0;
    *more = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*count == cap) {
            *more = 1;
            break;
        }
        pos_catalog__read(st, &out[(*count)++]);
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return pos_db_fail(db, what, why);
    ps_reason_clear(why);
    return 0;
}

int pos_catalog__begin(sqlite3 *db, struct pos_catalog__tx *tx, struct ps_reason *why)
{
    tx->savepoint = !sqlite3_get_autocommit(db);
    return pos_db_exec(db, tx->savepoint ? "SAVEPOINT pos_catalog" : "BEGIN IMMEDIATE", why);
}

int pos_catalog__commit(sqlite3 *db, struct pos_catalog__tx *tx, struct ps_reason *why)
{
    int rc = pos_db_exec(db, tx->savepoint ? "RELEASE pos_catalog" : "COMMIT", why);
    if (rc != 0)
        pos_catalog__rollback(db, tx);
    return rc;
}

void pos_catalog__rollback(sqlite3 *db, struct pos_catalog__tx *tx)
{
    /* ROLLBACK TO keeps the savepoint open; RELEASE then closes it, leaving the
     * caller's transaction as it was before begin. */
    pos_db_exec(db, tx->savepoint ? "ROLLBACK TO pos_catalog; RELEASE pos_catalog" : "ROLLBACK",
                NULL);
}

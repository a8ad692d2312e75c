/* internal.h — what the catalog's files share (not public): statements, rows, and
 * transactions that nest inside the caller's. */
#ifndef POSSUM_POS_CATALOG_INTERNAL_H
#define POSSUM_POS_CATALOG_INTERNAL_H

#include <stddef.h>
#include <sqlite3.h>

#include "core/error.h"
#include "pos/catalog/product.h"

/* The columns every query that returns products selects, in the order
 * pos_catalog__read() expects them. */
#define POS_CATALOG__COLUMNS "code, name, price, tax_bp, stock"

/* sqlite3_prepare_v2 with the failure as PS_EIO ("what: message") in why. */
int pos_catalog__prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st /* OUT */,
                         const char *what, struct ps_reason *why);

/* Copies the current row (POS_CATALOG__COLUMNS) into *p. Text longer than p's arrays
 * (a row edited outside possum) is cut, never overrun. */
void pos_catalog__read(sqlite3_stmt *st, struct pos_product *p /* OUT */);

/* Steps st to its end, copying at most cap rows into out; *more is 1 when rows were
 * left over. Does not finalize st. 0 or PS_EIO. */
int pos_catalog__rows(sqlite3 *db, sqlite3_stmt *st, struct pos_product *out, size_t cap,
                      size_t *count /* OUT */, int *more /* OUT */, const char *what,
                      struct ps_reason *why);

/* A write that must be all or nothing. Outside a transaction it is its own (BEGIN
 * IMMEDIATE, so it never fails half way for a lock); inside the caller's it is a
 * savepoint, so a sale can record its journal entry and take its stock in one commit
 * of the caller's. */
struct pos_catalog__tx {
    int savepoint; /* 1 when nested in the caller's transaction */
};

int pos_catalog__begin(sqlite3 *db, struct pos_catalog__tx *tx, struct ps_reason *why);
int pos_catalog__commit(sqlite3 *db, struct pos_catalog__tx *tx, struct ps_reason *why);
/* Undoes everything since begin; never fails in a way the caller could act on. */
void pos_catalog__rollback(sqlite3 *db, struct pos_catalog__tx *tx);

/* The codes an import has seen, and on which line each first was: an open-addressing
 * hash table, so a file of 100,000 products finds its duplicates in one pass. Start
 * from a zeroed struct; free with pos_catalog__codeset_cleanup. */
struct pos_catalog__code_slot {
    char code[POS_PRODUCT_CODE_MAX + 1];
    size_t line; /* 0: the slot is empty */
};

struct pos_catalog__codeset {
    struct pos_catalog__code_slot *slot;
    size_t cap; /* a power of two, or 0 */
    size_t n;
};

/* Records code (NUL-terminated, at most POS_PRODUCT_CODE_MAX bytes) as seen on line
 * (>= 1). Returns 0 when it is new, 1 when it was seen before (*first_line (OUT) says
 * where), or PS_ENOMEM. */
int pos_catalog__codeset_add(struct pos_catalog__codeset *set, const char *code, size_t line,
                             size_t *first_line /* OUT */);

void pos_catalog__codeset_cleanup(struct pos_catalog__codeset *set);

#endif

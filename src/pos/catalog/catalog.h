/* catalog.h — the merchant's products, kept in the terminal's database (pos/db/db.h).
 *
 * The room owns one table, catalog_product, brought up to date by
 * pos_catalog_migrate() once after pos_db_open(). Every function here takes the open
 * database; none keeps state between calls, none keeps a pointer it was given.
 *
 * Results go into caller-provided struct pos_product arrays. Lookups that find nothing
 * and adds that find the code taken are business outcomes, not errors: they return
 * the positive values below (with a reason), so the cashier sees "not in the catalog"
 * rather than a failure. Database failures are PS_EIO with SQLite's message. */
#ifndef POSSUM_POS_CATALOG_CATALOG_H
#define POSSUM_POS_CATALOG_CATALOG_H

#include <stddef.h>
#include <sqlite3.h>

#include "core/error.h"
#include "pos/catalog/product.h"

enum pos_catalog_outcome {
    POS_CATALOG_NOT_FOUND = 1, /* no product has that code: nothing changed */
    POS_CATALOG_EXISTS = 2,    /* a product already has that code: nothing changed */
};

/* A static one-line name for a catalog outcome or any libpossum code. */
const char *pos_catalog_strerror(int code);

/* Creates or upgrades the room's tables (pos_db_migrate with room "catalog"). */
int pos_catalog_migrate(sqlite3 *db, struct ps_reason *why);

/* Adds p (checked with pos_product_check first). 0, POS_CATALOG_EXISTS, a check's
 * error, or PS_EIO. */
int pos_catalog_add(sqlite3 *db, const struct pos_product *p, struct ps_reason *why);

/* Replaces every field of the product with p's code (stock too: a recount).
 * 0, POS_CATALOG_NOT_FOUND, a check's error, or PS_EIO. */
int pos_catalog_update(sqlite3 *db, const struct pos_product *p, struct ps_reason *why);

/* Removes the product with code (NUL-terminated). 0, POS_CATALOG_NOT_FOUND or PS_EIO. */
int pos_catalog_remove(sqlite3 *db, const char *code, struct ps_reason *why);

/* Finds the product a scanned code names and copies it into *out. A code that is not
 * a valid EAN/UPC is refused before the database is asked (PS_EFORMAT or PS_ECHECK,
 * so a misread scan says what is wrong with it). 0, POS_CATALOG_NOT_FOUND or an error;
 * *out is zeroed unless 0 is returned. */
int pos_catalog_find(sqlite3 *db, const char *code, struct pos_product *out /* OUT */,
                     struct ps_reason *why);

/* Longest search text, in bytes. */
#define POS_CATALOG_SEARCH_MAX 64

/* Products whose name contains text (NUL-terminated; case-insensitive for ASCII
 * letters only, as SQLite's lower() folds; "" matches every product), ordered by the
 * ASCII-folded name, then code. Fills out[0..cap) and sets *count (OUT); *more (OUT)
 * is 1 when further products matched than fit. PS_ETOOLONG for a text longer than
 * POS_CATALOG_SEARCH_MAX, PS_EIO. */
int pos_catalog_search(sqlite3 *db, const char *text, struct pos_product *out /* OUT */, size_t cap,
                       size_t *count /* OUT */, int *more /* OUT */, struct ps_reason *why);

/* One page of every product in code order, starting after the code `after` (NULL or ""
 * for the first page). Fills out[0..cap), sets *count (OUT); a page shorter than cap
 * is the last. Pass the last code of a page as `after` for the next one. */
int pos_catalog_list(sqlite3 *db, const char *after, struct pos_product *out /* OUT */, size_t cap,
                     size_t *count /* OUT */, struct ps_reason *why);

/* How many products the catalog holds. */
int pos_catalog_count(sqlite3 *db, size_t *count /* OUT */, struct ps_reason *why);

#endif

/* stock.h — what a sale, a delivery or a recount does to the units on hand.
 *
 * A sale always takes its stock, even below zero: a cashier must never be kept from
 * selling what is on the shelf because the count was wrong. Products below zero are
 * what pos_catalog_short_stock() lists, so the merchant knows what to recount. */
#ifndef POSSUM_POS_CATALOG_STOCK_H
#define POSSUM_POS_CATALOG_STOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "core/error.h"
#include "pos/catalog/product.h"

/* One product's change: -3 for three sold, +24 for a delivered case. */
struct pos_stock_delta {
    const char *code; /* NUL-terminated; read during the call only */
    int64_t delta;
};

/* Applies deltas[0..n) all or nothing: a completed sale takes all its lines or none.
 * A code may appear more than once (its deltas add up). Runs in its own transaction,
 * or as a savepoint inside the caller's when one is open (so a sale's journal entry
 * and its stock can commit together). Returns 0; POS_CATALOG_NOT_FOUND naming the
 * first unknown code; PS_EOVERFLOW when a stock would leave int64; PS_EIO. On any
 * failure no stock has changed. */
int pos_catalog_adjust_stock(sqlite3 *db, const struct pos_stock_delta *deltas, size_t n,
                             struct ps_reason *why);

/* One page, in code order, of the products whose stock is below zero, starting after
 * the code `after` (NULL or "" for the first page); as pos_catalog_list(). */
int pos_catalog_short_stock(sqlite3 *db, const char *after, struct pos_product *out /* OUT */,
                            size_t cap, size_t *count /* OUT */, struct ps_reason *why);

#endif

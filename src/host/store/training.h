/* training.h — the store's side of training records (after-sales, 售后): who at a
 * merchant was trained, when, and by whom. A record is added through store_commit()
 * with STORE_TRAINING_PUT (batch.h); this header has the read. A header of its own, as
 * tickets.h: only the back office's service code needs it.
 *
 * Returns as store.h: 0, what fn returned (nonzero stops), or < 0 an error. A row
 * handed to fn lives until fn returns. */
#ifndef POSSUM_HOST_STORE_TRAINING_H
#define POSSUM_HOST_STORE_TRAINING_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/rows.h"
#include "host/store/store.h"

/* Merchant merchant_id's records with ids above after_id, oldest first, at most limit. */
int store_each_training(struct store *s, int64_t merchant_id, int64_t after_id, int limit,
                        int (*fn)(void *ctx, const struct training_row *row), void *ctx,
                        struct ps_reason *why);

#endif

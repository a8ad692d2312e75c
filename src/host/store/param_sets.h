/* param_sets.h — the store's side of the TMS's terminal parameter sets
 * (office/tms/param_sets.h). A set is added through store_commit() with
 * STORE_PARAM_SET_PUT (batch.h); this header has the reads. A header of its own, as
 * tickets.h: only the TMS code needs it.
 *
 * Returns as store.h: 0, what fn returned (nonzero stops), or < 0 an error. */
#ifndef POSSUM_HOST_STORE_PARAM_SETS_H
#define POSSUM_HOST_STORE_PARAM_SETS_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/rows.h"
#include "host/store/store.h"

/* The highest version of scope and target ("merchant", "7"): 1 with *out, 0 when none,
 * or < 0. */
int store_newest_param_set(struct store *s, const char *scope, const char *target,
                           struct param_set_row *out, struct ps_reason *why);

/* Every set with an id above after_id, in id order (the order they were saved), at most
 * limit. A row handed to fn lives until fn returns. */
int store_each_param_set(struct store *s, int64_t after_id, int limit,
                         int (*fn)(void *ctx, const struct param_set_row *row), void *ctx,
                         struct ps_reason *why);

/* The highest version saved (0 when none) into *out. */
int store_max_param_version(struct store *s, uint32_t *out, struct ps_reason *why);

#endif

/* rollouts.h — the store's side of app packages and their rollouts (the TMS): a
 * package per version, a rollout of one to a group's terminals, and each terminal's
 * progress (a target). Changes go through store_commit() with STORE_PACKAGE_PUT,
 * STORE_ROLLOUT_PUT, STORE_ROLLOUT_TARGET_PUT and the guarded STORE_ROLLOUT_TARGET_CHANGE
 * (batch.h); this header has the reads. A header of its own, as tickets.h: only the
 * back office's TMS code needs it.
 *
 * Returns as store.h: lookups 1 with *out filled, 0 when there is no such row, < 0 an
 * error; walks 0, what fn returned (nonzero stops), or < 0. A row handed to fn lives
 * until fn returns. */
#ifndef POSSUM_HOST_STORE_ROLLOUTS_H
#define POSSUM_HOST_STORE_ROLLOUTS_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/rows.h"
#include "host/store/store.h"

int store_find_package(struct store *s, const char *version, struct package_row *out /* OUT */,
                       struct ps_reason *why);

/* Packages with ids above after_id, in id order, at most limit. */
int store_each_package(struct store *s, int64_t after_id, int limit,
                       int (*fn)(void *ctx, const struct package_row *row), void *ctx,
                       struct ps_reason *why);

int store_find_rollout(struct store *s, int64_t id, struct rollout_row *out /* OUT */,
                       struct ps_reason *why);

/* Rollouts with ids above after_id, in id order, at most limit. */
int store_each_rollout(struct store *s, int64_t after_id, int limit,
                       int (*fn)(void *ctx, const struct rollout_row *row), void *ctx,
                       struct ps_reason *why);

/* Stock terminal stock_id's target in rollout rollout_id. */
int store_find_rollout_target(struct store *s, int64_t rollout_id, int64_t stock_id,
                              struct rollout_target_row *out /* OUT */, struct ps_reason *why);

/* Rollout rollout_id's targets whose stock ids are above after_stock_id, by stock id, at
 * most limit. */
int store_each_rollout_target(struct store *s, int64_t rollout_id, int64_t after_stock_id,
                              int limit, int (*fn)(void *ctx, const struct rollout_target_row *row),
                              void *ctx, struct ps_reason *why);

/* How many of rollout rollout_id's targets are in state (a state's name), into *n. */
int store_count_rollout_targets(struct store *s, int64_t rollout_id, const char *state,
                                int64_t *n /* OUT */, struct ps_reason *why);

/* Stock terminal stock_id's target in the newest of its rollouts (by the rollout's
 * created_us, then id) of version, or of any version when version is "". */
int store_find_newest_stock_target(struct store *s, int64_t stock_id, const char *version,
                                   struct rollout_target_row *out /* OUT */, struct ps_reason *why);

/* Every target of stock terminal stock_id in rollouts of version ("": of any), newest
 * rollout first. */
int store_each_stock_target(struct store *s, int64_t stock_id, const char *version,
                            int (*fn)(void *ctx, const struct rollout_target_row *row), void *ctx,
                            struct ps_reason *why);

#endif

/* tickets.h — the store's side of after-sales (售后): tickets and their comments.
 * Changes go through store_commit() with the operations of batch.h (STORE_TICKET_PUT,
 * _GUARD, STORE_TICKET_COMMENT_PUT); this header has the reads. A header of its own, as
 * onboarding.h: only the back office's service code needs it.
 *
 * Returns as store.h: lookups 1 with *out filled, 0 when there is no such row, < 0 an
 * error; walks 0, what fn returned (nonzero stops), or < 0. A row handed to fn lives
 * until fn returns. */
#ifndef POSSUM_HOST_STORE_TICKETS_H
#define POSSUM_HOST_STORE_TICKETS_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/rows.h"
#include "host/store/store.h"

int store_find_ticket(struct store *s, int64_t id, struct ticket_row *out, struct ps_reason *why);

/* Which tickets a list shows; each filter is off when "" or 0. */
struct store_ticket_filter {
    const char *status;    /* a ticket status's name */
    int64_t merchant_id;   /* this merchant's */
    int64_t overdue_at_us; /* only open or in-progress tickets due before this time */
};

/* Tickets with ids above after_id that pass f, in id order, at most limit. */
int store_each_ticket(struct store *s, const struct store_ticket_filter *f, int64_t after_id,
                      int limit, int (*fn)(void *ctx, const struct ticket_row *row), void *ctx,
                      struct ps_reason *why);

/* A ticket's comments with ids above after_id, oldest first, at most limit. */
int store_each_ticket_comment(struct store *s, int64_t ticket_id, int64_t after_id, int limit,
                              int (*fn)(void *ctx, const struct ticket_comment_row *row), void *ctx,
                              struct ps_reason *why);

/* How many ticket numbers start with prefix ("T20261123-", at most 22 bytes), into *n
 * (OUT): the day's count, from which the next number is made. 0 or < 0. */
int store_count_ticket_numbers(struct store *s, const char *prefix, int64_t *n /* OUT */,
                               struct ps_reason *why);

#endif

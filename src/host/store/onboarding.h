/* onboarding.h — the store's side of merchant onboarding (办理): applications, the
 * history of their steps, their documents, and the merchant lookups approval needs.
 * Changes go through store_commit() with the operations of batch.h
 * (STORE_APPLICATION_PUT, _GUARD, _EVENT_PUT, STORE_DOCUMENT_PUT); this header has the
 * reads. A header of its own rather than more of store.h: only the back office's
 * onboarding code needs it, and store.h stays the host's hot-path interface.
 *
 * Returns as store.h: lookups 1 with *out filled, 0 when there is no such row, < 0 an
 * error; walks 0, what fn returned (nonzero stops), or < 0. A row handed to fn lives
 * until fn returns. */
#ifndef POSSUM_HOST_STORE_ONBOARDING_H
#define POSSUM_HOST_STORE_ONBOARDING_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/rows.h"
#include "host/store/store.h"

int store_find_application(struct store *s, int64_t id, struct application_row *out,
                           struct ps_reason *why);

/* Which applications a list shows; each filter is off when "" or 0. */
struct store_application_filter {
    const char *state;      /* an application state's name */
    int64_t agent_id;       /* brought by this agent */
    int64_t merchant_id;    /* this merchant's own: applied for online by its user, or
                               the merchant its approval made */
    const char *overdue_on; /* "YYYYMMDD": only reviews due before that day and not yet
                               decided (submitted, under_review, resubmitted) */
};

/* Applications with ids above after_id that pass f, in id order, at most limit. */
int store_each_application(struct store *s, const struct store_application_filter *f,
                           int64_t after_id, int limit,
                           int (*fn)(void *ctx, const struct application_row *row), void *ctx,
                           struct ps_reason *why);

/* An application's history, oldest first. */
int store_each_application_event(struct store *s, int64_t application_id,
                                 int (*fn)(void *ctx, const struct application_event_row *row),
                                 void *ctx, struct ps_reason *why);

/* An application's documents in upload order; one of them by id. */
int store_each_document(struct store *s, int64_t application_id,
                        int (*fn)(void *ctx, const struct document_row *row), void *ctx,
                        struct ps_reason *why);
int store_find_document(struct store *s, int64_t application_id, int64_t id,
                        struct document_row *out, struct ps_reason *why);

/* The highest MID that starts with prefix (digits, up to 14 of them), into
 * mid (OUT, ROW_MID_LEN + 1 bytes): 1, 0 when there is none, or < 0. */
int store_max_mid(struct store *s, const char *prefix, char mid[ROW_MID_LEN + 1],
                  struct ps_reason *why);

/* The highest merchant id in host_id's range (store_first_id() if none): a merchant
 * the back office creates takes an id above it, since the demo seeds merchants by id
 * after the back office read its high mark. */
int store_max_merchant_id(struct store *s, int host_id, int64_t *out, struct ps_reason *why);

#endif

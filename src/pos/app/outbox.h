/* outbox.h — messages that must reach the host, kept until they have: a reversal
 * owed, a settlement asked for while the host was away, the rest of a batch upload,
 * a sign-off.
 *
 * Items wait in table app_outbox in the order they were put (their id) and are
 * forwarded in that order, each until the host has answered it, and then never
 * again:
 *   - every item has a key ("reversal:000001:000042"); putting a key already there
 *     adds nothing, so the same obligation is never queued twice;
 *   - pos_outbox_forward() hands the oldest waiting item to the sender; an item the
 *     sender delivered is marked done in the database before the next one is
 *     tried; an item the sender could not deliver (the host is still away) stops the
 *     forwarding, so nothing behind it overtakes it; an item the host refused for
 *     good is marked failed, with the reason, and the next one goes.
 * A crash between the host's answer and the mark leaves the item waiting: what is
 * queued is what the host treats as a retransmission (the same reversal, STAN and
 * all) or checks again (a settlement of a batch it has settled), so sending it again
 * moves nothing twice. */
#ifndef POSSUM_POS_APP_OUTBOX_H
#define POSSUM_POS_APP_OUTBOX_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"

#define POS_OUTBOX_KEY_MAX     63
#define POS_OUTBOX_KIND_MAX    15
#define POS_OUTBOX_PAYLOAD_MAX 1023

enum pos_outbox_outcome {
    POS_OUTBOX_EXISTS = 1, /* put: an item with that key is there already */
    POS_OUTBOX_EMPTY = 2,  /* next: nothing waits */
};

struct pos_outbox_item {
    int64_t id;
    char key[POS_OUTBOX_KEY_MAX + 1];
    char kind[POS_OUTBOX_KIND_MAX + 1];       /* "reversal", "settlement", ... */
    char payload[POS_OUTBOX_PAYLOAD_MAX + 1]; /* JSON, the sender's */
    int64_t created_at;
    char state[8]; /* "waiting", "done", "failed" */
    int attempts;
    char last_error[PS_REASON_MAX];
    int64_t done_at;
};

/* Queues an item. 0, POS_OUTBOX_EXISTS (nothing added, whatever its state), PS_EINVAL
 * (a text too long), PS_EIO. */
int pos_outbox_put(sqlite3 *db, const char *key, const char *kind, const char *payload, int64_t now,
                   struct ps_reason *why);

/* The oldest waiting item into *out (OUT). 0, POS_OUTBOX_EMPTY, PS_EIO. */
int pos_outbox_next(sqlite3 *db, struct pos_outbox_item *out, struct ps_reason *why);

/* The item with key into *out (OUT). 0, PS_EUNDEFINED, PS_EIO. */
int pos_outbox_find(sqlite3 *db, const char *key, struct pos_outbox_item *out,
                    struct ps_reason *why);

/* Marks a waiting item done (delivered) or failed (refused for good, with reason).
 * An item no longer waiting is left as it is. 0 or PS_EIO. */
int pos_outbox_done(sqlite3 *db, int64_t id, int64_t now, struct ps_reason *why);
int pos_outbox_failed(sqlite3 *db, int64_t id, const char *reason, int64_t now,
                      struct ps_reason *why);

/* Counts a failed attempt (the host away) on a waiting item, with its reason. */
int pos_outbox_attempted(sqlite3 *db, int64_t id, const char *reason, struct ps_reason *why);

/* How many items wait. */
int pos_outbox_waiting(sqlite3 *db, size_t *n /* OUT */, struct ps_reason *why);

/* Delivers one item: 0 when the host has it (the item becomes done), a positive value
 * when the host refused it for good (failed; why says why), a negative code when it
 * could not be delivered now (it keeps waiting and forwarding stops). */
typedef int (*pos_outbox_send_fn)(void *ctx, const struct pos_outbox_item *item,
                                  struct ps_reason *why);

struct pos_outbox_report {
    size_t delivered;
    size_t failed;
    size_t waiting; /* left when forwarding stopped */
};

/* Forwards the waiting items, oldest first, as the top of this file says. Returns 0
 * when nothing is left waiting; the sender's negative code when it stopped (why
 * says why, rep->waiting how many wait); PS_EIO. rep (OUT) may be NULL. */
int pos_outbox_forward(sqlite3 *db, pos_outbox_send_fn send, void *ctx, int64_t now,
                       struct pos_outbox_report *rep, struct ps_reason *why);

#endif

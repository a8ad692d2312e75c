/* batch.h — the terminal's own record of its batch: the approved transactions it holds
 * (for voids, refunds, completions and the batch upload) and the totals it will send
 * in field 48 of the settlement.
 *
 * The totals count as field 48 does (core/iso8583/cup_fields.h): approved purchases
 * and completions are debits, approved refunds credits; a void or a reversal takes
 * back what it cancels (amount and count). A card whose PAN starts with 62 is
 * domestic, any other foreign; a QR payment (by payment code) is domestic.
 *
 * A batch holds at most `cap` transactions (1 to HL_BATCH_LIMIT): field 48 has room
 * for three-digit counts, and CUP terminals make the cashier settle when the batch is
 * full rather than forget a transaction the upload may need. Only approved financial
 * transactions take a place; declines and balance inquiries do not.
 *
 * The caller allocates struct hl_batch; hl_batch_init() allocates the records and
 * hl_batch_cleanup() wipes (they hold PANs) and frees them. */
#ifndef POSSUM_POS_HOSTLINK_BATCH_H
#define POSSUM_POS_HOSTLINK_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/iso8583/cup_fields.h"
#include "pos/hostlink/kinds.h"
#include "pos/hostlink/message.h"
#include "pos/hostlink/outcome.h"

#define HL_BATCH_LIMIT   999 /* three-digit counts in field 48 */
#define HL_BATCH_DEFAULT 500 /* what CUP terminals commonly hold */

enum hl_record_status {
    HL_REC_APPROVED = 1,
    HL_REC_VOIDED,    /* a later void (or pre-authorization void) cancelled it */
    HL_REC_REVERSED,  /* a reversal cancelled it */
    HL_REC_COMPLETED, /* a pre-authorization a completion used */
};

/* One approved financial transaction: the request as sent and what the answer said. */
struct hl_record {
    struct hl_message sent; /* kind, STAN, amount, PAN, the originals it named */
    enum hl_record_status status;
    int64_t refunded;  /* purchases: approved refunds of it so far, fen */
    char rrn[13];      /* 37 of the answer */
    char auth_code[7]; /* 38 of the answer; the pre-authorization's code for a
                          completion, its void and a pre-authorization void */
    char date[5];      /* 13 of the answer: the host's date MMDD */
};

struct hl_batch {
    uint32_t number;             /* 60.2, given by the host at sign-in */
    int settled;                 /* the host recorded its settlement: sign in for the next */
    struct ps_cup_totals totals; /* always with the foreign part, so 48 has 62 digits */
    struct hl_record *records;   /* oldest first */
    size_t count;
    size_t cap;
};

/* Prepares an empty batch numbered 0 with room for cap transactions (1 to
 * HL_BATCH_LIMIT). Returns 0, PS_EINVAL or PS_ENOMEM. */
int hl_batch_init(struct hl_batch *b, size_t cap, struct ps_reason *why);

/* Wipes and frees the records; b may be zeroed or initialised. */
void hl_batch_cleanup(struct hl_batch *b);

/* Empties the batch and gives it a number: a new batch after a sign-in. */
void hl_batch_reset(struct hl_batch *b, uint32_t number);

/* Nonzero when no transaction can be added before a settlement. */
int hl_batch_full(const struct hl_batch *b);

/* Nonzero for a PAN that settles as domestic (issued in China: starts with 62). */
int hl_pan_is_domestic(const char *pan);

/* Nonzero for a transaction that settles as domestic: a domestic card's, or a QR
 * payment's (docs/protocol.md, "QR payments"). */
int hl_message_is_domestic(const struct hl_message *m);

/* Adds the approved transaction rec (copied) and updates the totals and the status of
 * what it cancels or uses: a void marks its purchase voided and takes it out of the
 * debits, a refund adds to its purchase's refunded amount, a completion marks its
 * pre-authorization completed. Returns 0 or HL_BATCH_FULL (nothing changed). */
int hl_batch_record(struct hl_batch *b, const struct hl_record *rec);

/* Undoes the approved transaction numbered stan, for an approved reversal: out of the
 * totals, and what it cancelled counts again. Returns 0, or PS_EUNDEFINED when the
 * batch holds no approved transaction with that STAN (the usual case: the reversed
 * message's answer never arrived, so it was never recorded). */
int hl_batch_reverse(struct hl_batch *b, uint32_t stan, struct ps_reason *why);

/* Recounts the totals from the records' kinds and statuses (the same totals the
 * functions above keep), for a batch restored from saved records. */
void hl_batch_recount(struct hl_batch *b);

/* The newest record with that STAN (any status), or NULL. */
struct hl_record *hl_batch_find_stan(struct hl_batch *b, uint32_t stan);

/* The newest record with that RRN (any status), or NULL. */
struct hl_record *hl_batch_find_rrn(struct hl_batch *b, const char *rrn);

/* Whether the record is a line of the batch upload: an approved purchase, completion
 * or refund. */
int hl_record_uploads(const struct hl_record *r);

#endif

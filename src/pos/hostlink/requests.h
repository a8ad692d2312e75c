/* requests.h — every request a terminal sends to possumd, built field by field as
 * docs/protocol.md ("Messages between terminals and possumd") lists them, packed in a
 * CUP frame (length, TPDU, header) and signed with the MAC of field 64: the UnionPay
 * ECB MAC under the MAK over the message from the MTI through field 63.
 *
 * Each builder takes the next STAN from the terminal (a reversal reuses the STAN of
 * the message it reverses), fills *sent (OUT) with what reading the answer needs
 * (hostlink/responses.h) and leaves the frame in w->frame[0..w->len). Nothing is
 * allocated; w is caller-owned scratch, reusable for the next request.
 *
 * Returns 0; HL_SIGN_IN_FIRST when the message needs a MAC and the terminal has no
 * keys; HL_REVERSAL_FIRST when a reversal is owed and the message is financial or a
 * settlement; HL_BATCH_FULL for a financial message when the batch is full; or
 * PS_EINVAL when the input lacks what the kind needs (why names it), or a codec /
 * crypto error. On any nonzero return no STAN was taken. */
#ifndef POSSUM_POS_HOSTLINK_REQUESTS_H
#define POSSUM_POS_HOSTLINK_REQUESTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/iso8583/frame.h"
#include "core/iso8583/iso8583.h"
#include "pos/hostlink/outcome.h"
#include "pos/hostlink/terminal.h"

#define HL_FRAME_MAX    (PS_FRAME_PREFIX + PS_ISO_MAX_MESSAGE)
#define HL_UPLOAD_LINES 8 /* lines in one batch-upload message: 48 is n2 + 8 x n40 */

/* Scratch for building (and reading) messages: about 26 KiB, keep one per thread. */
struct hl_wire {
    struct ps_iso_msg iso;
    uint8_t frame[HL_FRAME_MAX]; /* the request as it goes on TCP */
    size_t len;
};

/* What a card transaction asks for. Strings are NUL-terminated and only read; NULL
 * (or "") means not given. Which fields each kind needs (pan: or track2, or for a
 * purchase, its void and refund paid by QR, paycode):
 *   balance          pan, pin
 *   purchase         pan, amount (pin for debit cards)
 *   preauth          pan, amount (pin for debit cards)
 *   void             pan, amount (the purchase's), rrn, orig_batch + orig_stan
 *   refund           pan, amount, rrn, orig_date (the purchase's MMDD)
 *   preauth_void     pan, amount (the hold's), auth_code, orig_date
 *   completion       pan, amount, auth_code, orig_date (the pre-authorization's)
 *   completion_void  pan, amount, rrn, auth_code, orig_batch + orig_stan (the completion's)
 * orig_batch and orig_stan default to 0 where the kind does not need them. */
struct hl_card_input {
    enum hl_kind kind;
    const char *pan;    /* 13 to 19 digits; with track2, NULL or the track's own */
    const char *expiry; /* YYMM, optional; ignored with track2 (the track has it) */
    /* A swiped card: track 2 data between the sentinels (PAN '=' YYMM service code
     * ..., core/checks/track.h). Then 35 is sent instead of 2 and 14, and the entry
     * mode is 021 (with PIN) or 022. Only the PAN and expiry read from it go into
     * *sent, so the batch and a reversal owed never hold the track. */
    const char *track2;
    /* A QR payment (docs/protocol.md, "QR payments"): the customer's payment code as
     * scanned (core/checks/paycode.h), sent in 59 with entry mode 032 instead of a
     * card, so pan, expiry, track2 and pin must be absent. Only a purchase, its void
     * and its refund carry one; *sent keeps it for their reversal. */
    const char *paycode;
    const char *pin;       /* 4 to 12 digits; NULL: no PIN (entry mode 012, 022 swiped) */
    int64_t amount;        /* fen, 1 to 999999999999 */
    const char *rrn;       /* the original's RRN */
    const char *auth_code; /* the pre-authorization's code */
    int has_original;      /* send 61 */
    uint32_t orig_batch;
    uint32_t orig_stan;
    const char *orig_date; /* MMDD */
};

int hl_request_sign_in(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                       struct ps_reason *why);
int hl_request_sign_off(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                        struct ps_reason *why);
/* A parameter download (0800, 60.3 360): no working keys needed. */
int hl_request_params(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                      struct ps_reason *why);

/* A balance inquiry, purchase, void, refund, pre-authorization, completion or one of
 * their voids. The PIN, when given, travels only as the format 0 block encrypted
 * under the PIK (52, with 53 = 2600000000000000). */
int hl_request_card(struct hl_terminal *t, const struct hl_card_input *in, struct hl_message *sent,
                    struct hl_wire *w, struct ps_reason *why);

/* The reversal the terminal owes (t->reversal). PS_EINVAL when none is pending. */
int hl_request_reversal(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                        struct ps_reason *why);

/* The settlement of the current batch with the terminal's totals (48, result 0). */
int hl_request_settlement(struct hl_terminal *t, struct hl_message *sent, struct hl_wire *w,
                          struct ps_reason *why);

/* The next batch-upload message: up to HL_UPLOAD_LINES of the batch's uploadable
 * records (hl_record_uploads) from index *cursor on; advances *cursor past them.
 * PS_EINVAL when none is left (then send hl_request_upload_end). */
int hl_request_upload(struct hl_terminal *t, size_t *cursor, struct hl_message *sent,
                      struct hl_wire *w, struct ps_reason *why);

/* Nonzero when records from index cursor on still have lines to upload. */
int hl_upload_remaining(const struct hl_terminal *t, size_t cursor);

/* The end of the upload, carrying the number of lines uploaded (48, n4). */
int hl_request_upload_end(struct hl_terminal *t, unsigned lines, struct hl_message *sent,
                          struct hl_wire *w, struct ps_reason *why);

#endif

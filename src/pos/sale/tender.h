/* tender.h — how a sale is paid: cash, bank card, QR payment code, or several of them.
 *
 * The amount due is fixed when payment starts (the cart's net total; the caller does
 * not change the cart while paying). Then:
 *   - cash is what the customer hands over and counts at once; it alone may pay more
 *     than remains, and the difference is the change;
 *   - a card or QR tender may not exceed what remains; it is pending until the host
 *     answers, then approved (pos_tenders_approve) or removed (a decline);
 *   - one tender at a time: nothing is added while one is pending;
 *   - the sale is complete when what was approved covers the amount due and nothing is
 *     pending. From then on the tenders are final (the drawer opens): nothing is added
 *     or removed.
 * Tenders are addressed by index, 0 first; removing one moves the later ones up.
 *
 * The caller allocates struct pos_tenders; nothing inside is allocated. No I/O: the
 * card and QR exchanges with the host happen around these calls, not in them. */
#ifndef POSSUM_POS_SALE_TENDER_H
#define POSSUM_POS_SALE_TENDER_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define POS_TENDERS_MAX    8  /* tenders on one sale (declined ones are removed) */
#define POS_TENDER_REF_MAX 40 /* bytes of a tender's reference */

enum pos_tender_kind {
    POS_TENDER_CASH = 1,
    POS_TENDER_CARD,
    POS_TENDER_QR,
};

enum pos_tender_status {
    POS_TENDER_PENDING = 1, /* sent to the host, no answer yet */
    POS_TENDER_APPROVED,
};

struct pos_tender {
    enum pos_tender_kind kind;
    enum pos_tender_status status;
    int64_t amount; /* fen: cash handed over, or what the card or QR payment charges */
    /* What the receipt prints to find the payment again (the host's reference number,
     * the QR order number); "" for cash. */
    char reference[POS_TENDER_REF_MAX + 1];
};

struct pos_tenders {
    int64_t due;
    struct pos_tender tender[POS_TENDERS_MAX];
    size_t n;
};

/* Where the payment stands, all in fen. */
struct pos_tender_state {
    int64_t due;       /* the sale's total */
    int64_t paid;      /* the approved tenders, cash counted as handed over */
    int64_t pending;   /* the tender waiting for the host (0 when none) */
    int64_t remaining; /* still to pay: due - paid - pending, never below 0 */
    int64_t change;    /* cash to hand back: paid - due when above 0 (only cash makes it) */
    int complete;      /* nonzero when paid covers due and nothing is pending */
};

/* A kind's static name: "cash", "card", "QR", or "unknown". */
const char *pos_tender_kind_name(enum pos_tender_kind kind);

/* Starts paying due fen (>= 0; a sale of free items is complete at once). PS_EINVAL. */
int pos_tenders_init(struct pos_tenders *t, int64_t due, struct ps_reason *why);

/* Adds a tender of amount fen (> 0). Cash is approved at once; a card or QR tender is
 * pending. *index (OUT, may be NULL) is its index. Returns 0; PS_EINVAL (the sale is
 * complete, a tender is pending, a card or QR amount above what remains, an unknown
 * kind, POS_TENDERS_MAX reached), PS_EOVERFLOW (the tenders would add up past int64). */
int pos_tenders_add(struct pos_tenders *t, enum pos_tender_kind kind, int64_t amount,
                    size_t *index /* OUT */, struct ps_reason *why);

/* Records that the pending tender index was approved, with its reference
 * (NUL-terminated, copied; may be NULL or ""). PS_EINVAL (no such tender, or it is not
 * pending), PS_ETOOLONG (reference). */
int pos_tenders_approve(struct pos_tenders *t, size_t index, const char *reference,
                        struct ps_reason *why);

/* Removes tender index before the sale is complete: a declined card, a cancelled QR
 * payment, cash keyed by mistake. Removing an approved card or QR tender does not give
 * the money back: the caller voids it with the host. PS_EINVAL (no such tender, or the
 * sale is complete). */
int pos_tenders_remove(struct pos_tenders *t, size_t index, struct ps_reason *why);

/* Where the payment stands. */
void pos_tenders_state(const struct pos_tenders *t, struct pos_tender_state *s /* OUT */);

/* What tender index pays toward the amount due, as a receipt or the journal records
 * it: its amount, less the change for a cash tender that completed the sale. (Only
 * the last tender can have completed it, and only cash gives change, so the change
 * belongs to exactly one tender.) 0 for an index out of range or a pending tender. */
int64_t pos_tenders_applied(const struct pos_tenders *t, size_t index);

#endif

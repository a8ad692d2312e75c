/* cart.h — the lines of a sale being rung up, and the discounts on them.
 *
 * Prices are in fen and tax-inclusive, as Chinese shelves show them. The cart is a
 * plain value: the caller allocates struct pos_cart (about 50 KiB: keep it static or
 * on the heap, not on a small stack), pos_cart_init() empties it, and nothing inside
 * is allocated, so there is nothing to clean up. It does no I/O: the TUI, the command
 * line and the tests drive it the same way, and receipts read it with totals.h.
 *
 * Every change is checked before it is kept: a change that would overflow a total,
 * make a discount take more than what it discounts, or give a discount above the
 * cashier's limits is refused (or waits for a supervisor) and leaves the cart as it
 * was. Lines are addressed by index, 0 first; removing a line moves the later ones up. */
#ifndef POSSUM_POS_SALE_CART_H
#define POSSUM_POS_SALE_CART_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "pos/sale/discount.h"

#define POS_CART_LINES_MAX    200
#define POS_CART_CODE_MAX     32    /* bytes: an EAN-13, or a shop's own code */
#define POS_CART_NAME_MAX     160   /* bytes of UTF-8, as the catalog's names */
#define POS_CART_QUANTITY_MAX 99999 /* units on one line */
#define POS_CART_TAX_BP_MAX   10000

/* What is added: usually a catalog product a scan found. Read during the call only. */
struct pos_cart_item {
    const char *code;   /* NUL-terminated, 1 to POS_CART_CODE_MAX bytes */
    const char *name;   /* NUL-terminated, 1 to POS_CART_NAME_MAX bytes */
    int64_t unit_price; /* fen, tax included, >= 0 */
    int32_t tax_bp;     /* 0 to 10000 */
};

struct pos_cart_line {
    char code[POS_CART_CODE_MAX + 1];
    char name[POS_CART_NAME_MAX + 1];
    int64_t unit_price; /* fen, tax included, as it was when first added */
    int64_t quantity;   /* 1 to POS_CART_QUANTITY_MAX */
    int32_t tax_bp;
    struct pos_discount discount; /* POS_DISCOUNT_NONE when there is none */
};

struct pos_cart {
    struct pos_cart_line line[POS_CART_LINES_MAX];
    size_t nlines;
    struct pos_discount order_discount; /* on the whole order, after the lines' own */
};

/* Empties c: no lines, no order discount. */
void pos_cart_init(struct pos_cart *c);

/* Adds quantity units of item. When a line has item's code already, the units go on
 * that line (at its price); otherwise a new line is added at the end. *index (OUT,
 * may be NULL) is the line's index. Returns 0; PS_EINVAL (a bad field, a quantity
 * outside 1..POS_CART_QUANTITY_MAX in total, a full cart), PS_ETOOLONG (code or name),
 * PS_EOVERFLOW. */
int pos_cart_add(struct pos_cart *c, const struct pos_cart_item *item, int64_t quantity,
                 size_t *index /* OUT */, struct ps_reason *why);

/* Sets line index's quantity (1..POS_CART_QUANTITY_MAX). PS_EINVAL (also when an
 * amount discount would then take more than the line or the order), PS_EOVERFLOW. */
int pos_cart_set_quantity(struct pos_cart *c, size_t index, int64_t quantity,
                          struct ps_reason *why);

/* Removes line index. PS_EINVAL for no such line, or when the order's amount discount
 * would then take more than what is left (change that discount first). */
int pos_cart_remove(struct pos_cart *c, size_t index, struct ps_reason *why);

/* Gives line index the discount d (copied; NULL or POS_DISCOUNT_NONE takes it away).
 * Returns 0; POS_SALE_NEEDS_SUPERVISOR when d is above lim and not approved (nothing
 * changed: ask, set d->approved, call again); PS_EINVAL (a malformed discount, one
 * that takes more than the line, no such line); PS_EOVERFLOW. lim NULL means no
 * limits are known: every discount then needs approval. */
int pos_cart_discount_line(struct pos_cart *c, size_t index, const struct pos_discount *d,
                           const struct pos_discount_limits *lim, struct ps_reason *why);

/* Gives the whole order the discount d, taken off what the lines come to after their
 * own discounts; otherwise as pos_cart_discount_line. */
int pos_cart_discount_order(struct pos_cart *c, const struct pos_discount *d,
                            const struct pos_discount_limits *lim, struct ps_reason *why);

#endif

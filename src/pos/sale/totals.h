/* totals.h — what a cart comes to: per line, per tax rate, and in all.
 *
 * The arithmetic, in fen, every step overflow-checked:
 *   line gross     = unit price × quantity
 *   line discount  = the line's own discount of its gross (a percent rounded half up)
 *   order discount = the order's discount of the lines' gross less their discounts,
 *                    spread over the lines in proportion to those amounts by the
 *                    largest remainder rule (allocate.h), so it adds up exactly
 *   line net       = gross - line discount - its share of the order discount
 *   line tax       = the tax contained in the (tax-inclusive) net:
 *                    net × rate / (10000 + rate), rounded half up to the fen, per line
 * and the totals are the sums of those. Per rate, the nets and taxes of the lines at
 * that rate are summed (no second rounding), so the receipt's tax lines add up to the
 * total tax. */
#ifndef POSSUM_POS_SALE_TOTALS_H
#define POSSUM_POS_SALE_TOTALS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "pos/sale/cart.h"

struct pos_line_total {
    int64_t gross;          /* unit_price × quantity */
    int64_t line_discount;  /* the line's own discount */
    int64_t order_discount; /* the line's share of the order discount */
    int64_t net;            /* what the customer pays for the line, tax included */
    int64_t tax;            /* the tax contained in net */
};

struct pos_rate_total {
    int32_t tax_bp;
    int64_t net; /* the nets of the lines at this rate */
    int64_t tax; /* the taxes of the lines at this rate */
};

struct pos_cart_totals {
    int64_t gross;
    int64_t line_discounts;
    int64_t order_discount; /* as allocated: the lines' shares add up to it */
    int64_t net;            /* the amount due: gross - line_discounts - order_discount */
    int64_t tax;            /* the tax contained in net */
    size_t nlines;
    struct pos_line_total line[POS_CART_LINES_MAX]; /* in the cart's line order */
    size_t nrates;
    struct pos_rate_total rate[POS_CART_LINES_MAX]; /* one per rate in use, lowest first */
};

/* Works out every figure above for c into *t (OUT, caller-allocated, about 13 KiB).
 * Returns 0; PS_EOVERFLOW ("line 2: 92233720368547758.07 x 2 does not fit in fen");
 * PS_EINVAL when a discount takes more than it discounts or a field is out of range
 * (the cart's functions never let that happen; a cart filled by hand might). */
int pos_cart_totals(const struct pos_cart *c, struct pos_cart_totals *t /* OUT */,
                    struct ps_reason *why);

#endif

/* discount.h — a discount on a line or on the whole order, what it takes off, and
 * whether a cashier may give it alone.
 *
 * A discount is a rule ("15% off", "5.00 off"), kept as given; what it takes off in fen
 * is worked out against what it discounts each time the totals are, so a percent off a
 * line follows its quantity. It never takes more than what it discounts. */
#ifndef POSSUM_POS_SALE_DISCOUNT_H
#define POSSUM_POS_SALE_DISCOUNT_H

#include <stdint.h>

#include "core/error.h"

#define POS_DISCOUNT_BP_MAX 10000 /* 100% off */

enum pos_discount_kind {
    POS_DISCOUNT_NONE = 0,
    POS_DISCOUNT_PERCENT, /* value: basis points off, 1 to 10000 (1500 is 15% off) */
    POS_DISCOUNT_AMOUNT,  /* value: fen off, >= 1 */
};

struct pos_discount {
    enum pos_discount_kind kind;
    int64_t value;
    int approved; /* nonzero: a supervisor approved it, so the cashier's limits do not apply */
};

/* What a cashier may give without a supervisor: a percent discount up to max_bp, an
 * amount discount up to max_amount fen. A parameter of the merchant's, read by the
 * caller (e.g. from the operators' settings). {0, 0}: every discount needs approval. */
struct pos_discount_limits {
    int64_t max_bp;
    int64_t max_amount;
};

/* Checks that d is a discount as documented above (NONE has value 0). PS_EINVAL. */
int pos_discount_check(const struct pos_discount *d, struct ps_reason *why);

/* Sets *off (OUT) to the fen d takes off base (>= 0): a percent of it rounded half up
 * to the fen, or the amount. what names the discount in a reason ("line 2 discount",
 * "order discount"). Returns 0, PS_EINVAL (d is malformed, or would take more than
 * base: "order discount 50.00 is more than the 42.00 it discounts") or PS_EOVERFLOW. */
int pos_discount_apply(const struct pos_discount *d, int64_t base, const char *what,
                       int64_t *off /* OUT */, struct ps_reason *why);

/* 0 when d is approved or within lim; POS_SALE_NEEDS_SUPERVISOR otherwise, with a
 * reason ("order discount 20% is above the 10% a cashier may give"). */
int pos_discount_check_limits(const struct pos_discount *d, const struct pos_discount_limits *lim,
                              const char *what, struct ps_reason *why);

#endif

#include "pos/sale/discount.h"

#include <stdio.h>

#include "core/money.h"
#include "pos/sale/outcome.h"

#define PERCENT_TEXT_MAX 24

/* "15%" or "12.50%": how a cashier reads a rate in basis points. */
static const char *percent_text(int64_t bp, char buf[PERCENT_TEXT_MAX])
{
    if (bp % 100 == 0)
        snprintf(buf, PERCENT_TEXT_MAX, "%lld%%", (long long)(bp / 100));
    else
        snprintf(buf, PERCENT_TEXT_MAX, "%lld.%02lld%%", (long long)(bp / 100),
                 (long long)(bp % 100));
    return buf;
}

static const char *money_text(int64_t fen, char buf[PS_MONEY_TEXT_MAX])
{
    ps_money_format(fen, buf, PS_MONEY_TEXT_MAX);
    return buf;
}

int pos_discount_check(const struct pos_discount *d, struct ps_reason *why)
{
    switch (d->kind) {
    case POS_DISCOUNT_NONE:
        if (d->value != 0)
            return ps_fail(why, PS_EINVAL, "discount: none, yet a value of %lld",
                           (long long)d->value);
        return 0;
    case POS_DISCOUNT_PERCENT:
        if (d->value < 1 || d->value > POS_DISCOUNT_BP_MAX)
            return ps_fail(why, PS_EINVAL,
                           "discount: %lld basis points is outside 1 to %d (0.01%% to 100%%)",
                           (long long)d->value, POS_DISCOUNT_BP_MAX);
        return 0;
    case POS_DISCOUNT_AMOUNT:
        if (d->value < 1)
            return ps_fail(why, PS_EINVAL, "discount: an amount of %lld fen is not above 0",
                           (long long)d->value);
        return 0;
    }
    return ps_fail(why, PS_EINVAL, "discount: unknown kind %d", (int)d->kind);
}

int pos_discount_apply(const struct pos_discount *d, int64_t base, const char *what, int64_t *off,
                       struct ps_reason *why)
{
    char a[PS_MONEY_TEXT_MAX], b[PS_MONEY_TEXT_MAX];
    *off = 0;
    int rc = pos_discount_check(d, why);
    if (rc != 0)
        return rc;
    if (d->kind == POS_DISCOUNT_PERCENT) {
        /* at most 100% of base: never more than it, and never out of range */
        return ps_money_mul_bp(base, d->value, PS_ROUND_HALF_UP, off);
    }
    if (d->kind == POS_DISCOUNT_AMOUNT) {
        if (d->value > base)
            return ps_fail(why, PS_EINVAL, "%s %s is more than the %s it discounts", what,
                           money_text(d->value, a), money_text(base, b));
        *off = d->value;
    }
    return 0;
}

int pos_discount_check_limits(const struct pos_discount *d, const struct pos_discount_limits *lim,
                              const char *what, struct ps_reason *why)
{
    char a[PERCENT_TEXT_MAX], b[PERCENT_TEXT_MAX];
    char m[PS_MONEY_TEXT_MAX], n[PS_MONEY_TEXT_MAX];
    if (d->approved)
        return 0;
    if (d->kind == POS_DISCOUNT_PERCENT && d->value > lim->max_bp)
        return ps_fail(why, POS_SALE_NEEDS_SUPERVISOR,
                       "%s %s is above the %s a cashier may give; a supervisor must approve it",
                       what, percent_text(d->value, a), percent_text(lim->max_bp, b));
    if (d->kind == POS_DISCOUNT_AMOUNT && d->value > lim->max_amount)
        return ps_fail(why, POS_SALE_NEEDS_SUPERVISOR,
                       "%s %s is above the %s a cashier may give; a supervisor must approve it",
                       what, money_text(d->value, m), money_text(lim->max_amount, n));
    return 0;
}

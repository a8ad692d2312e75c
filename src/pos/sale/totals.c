#include "pos/sale/totals.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/sale/allocate.h"

/* Reasons count lines from 1, as the cashier's screen does. */

static int check_line(const struct pos_cart_line *l, size_t i, struct ps_reason *why)
{
    if (l->quantity < 1 || l->quantity > POS_CART_QUANTITY_MAX)
        return ps_fail(why, PS_EINVAL, "line %zu: quantity %lld is outside 1 to %d", i + 1,
                       (long long)l->quantity, POS_CART_QUANTITY_MAX);
    if (l->unit_price < 0)
        return ps_fail(why, PS_EINVAL, "line %zu: a negative price", i + 1);
    if (l->tax_bp < 0 || l->tax_bp > POS_CART_TAX_BP_MAX)
        return ps_fail(why, PS_EINVAL, "line %zu: tax rate %d basis points is outside 0 to %d",
                       i + 1, (int)l->tax_bp, POS_CART_TAX_BP_MAX);
    return 0;
}

/* *sum += v, or PS_EOVERFLOW naming what was being added up. */
static int add_checked(int64_t *sum, int64_t v, const char *what, struct ps_reason *why)
{
    if (__builtin_add_overflow(*sum, v, sum))
        return ps_fail(why, PS_EOVERFLOW, "%s: the total does not fit in fen", what);
    return 0;
}

/* A line's gross and own discount; *after is what is left for the order discount. */
static int line_before_order(const struct pos_cart_line *l, size_t i, struct pos_line_total *lt,
                             int64_t *after, struct ps_reason *why)
{
    char price[PS_MONEY_TEXT_MAX], what[48];
    int rc = check_line(l, i, why);
    if (rc != 0)
        return rc;
    if (__builtin_mul_overflow(l->unit_price, l->quantity, &lt->gross)) {
        ps_money_format(l->unit_price, price, sizeof(price));
        return ps_fail(why, PS_EOVERFLOW, "line %zu: %s x %lld does not fit in fen", i + 1, price,
                       (long long)l->quantity);
    }
    snprintf(what, sizeof(what), "line %zu discount", i + 1);
    rc = pos_discount_apply(&l->discount, lt->gross, what, &lt->line_discount, why);
    *after = lt->gross - lt->line_discount; /* a discount never passes its gross */
    return rc;
}

/* Adds a line's net and tax to the total of its rate, keeping the rates in order. The
 * sums cannot overflow: each is part of the cart's net, which fits. */
static void add_to_rate(struct pos_cart_totals *t, int32_t tax_bp, int64_t net, int64_t tax)
{
    size_t at = 0;
    while (at < t->nrates && t->rate[at].tax_bp < tax_bp)
        at++;
    if (at == t->nrates || t->rate[at].tax_bp != tax_bp) {
        memmove(&t->rate[at + 1], &t->rate[at], (t->nrates - at) * sizeof(t->rate[0]));
        t->rate[at] = (struct pos_rate_total){tax_bp, 0, 0};
        t->nrates++;
    }
    t->rate[at].net += net;
    t->rate[at].tax += tax;
}

/* Spreads the order discount over the lines, then works out each line's net and tax. */
static int lines_after_order(const struct pos_cart *c, struct pos_cart_totals *t,
                             const int64_t *after, struct ps_reason *why)
{
    int64_t share[POS_CART_LINES_MAX];
    int rc = pos_allocate(t->order_discount, after, c->nlines, share, why);
    for (size_t i = 0; rc == 0 && i < c->nlines; i++) {
        struct pos_line_total *lt = &t->line[i];
        int32_t rate = c->line[i].tax_bp;
        lt->order_discount = share[i];
        lt->net = after[i] - share[i];
        /* tax-inclusive: the price is net of tax × (1 + rate), so the tax in it is
         * net × rate / (1 + rate); rounded half up to the fen, line by line */
        rc = ps_money_mul_ratio(lt->net, rate, 10000 + (int64_t)rate, PS_ROUND_HALF_UP, &lt->tax);
        if (rc != 0)
            return ps_fail(why, rc, "line %zu: tax does not fit in fen", i + 1);
        t->net += lt->net;
        t->tax += lt->tax;
        add_to_rate(t, rate, lt->net, lt->tax);
    }
    return rc;
}

int pos_cart_totals(const struct pos_cart *c, struct pos_cart_totals *t, struct ps_reason *why)
{
    int64_t after[POS_CART_LINES_MAX], subtotal = 0;
    int rc = 0;

    memset(t, 0, sizeof(*t));
    if (c->nlines > POS_CART_LINES_MAX)
        return ps_fail(why, PS_EINVAL, "cart: %zu lines, at most %d", c->nlines,
                       POS_CART_LINES_MAX);
    t->nlines = c->nlines;
    for (size_t i = 0; rc == 0 && i < c->nlines; i++) {
        rc = line_before_order(&c->line[i], i, &t->line[i], &after[i], why);
        if (rc == 0)
            rc = add_checked(&t->gross, t->line[i].gross, "gross", why);
        if (rc == 0)
            rc = add_checked(&t->line_discounts, t->line[i].line_discount, "line discounts", why);
        if (rc == 0)
            rc = add_checked(&subtotal, after[i], "subtotal", why);
    }
    if (rc == 0)
        rc = pos_discount_apply(&c->order_discount, subtotal, "order discount", &t->order_discount,
                                why);
    if (rc == 0)
        rc = lines_after_order(c, t, after, why);
    if (rc != 0) {
        memset(t, 0, sizeof(*t));
        return rc;
    }
    ps_reason_clear(why);
    return 0;
}

/* The engine's prices (price_book.h). Plans are kept sorted by code, then effective
 * moment, so a merchant's versions are one run found by binary search. */
#include "host/txn/price_book.h"

#include <stdlib.h>
#include <string.h>

#include "core/money.h"

struct price_book {
    struct pricing_bin_table *bins;
    struct pricing_fee_plan *plans;
    size_t n, cap;
};

int price_book_new(struct pricing_bin_table *bins, struct price_book **out, struct ps_reason *why)
{
    struct price_book *b = calloc(1, sizeof(*b));
    int rc = 0;

    *out = NULL;
    if (b == NULL) {
        pricing_bin_table_free(bins);
        return ps_fail(why, PS_ENOMEM, "price book: out of memory");
    }
    if (bins == NULL)
        rc = pricing_bin_default(&bins, why);
    if (rc != 0) {
        free(b);
        return rc;
    }
    b->bins = bins;
    *out = b;
    return 0;
}

void price_book_free(struct price_book *b)
{
    if (b == NULL)
        return;
    pricing_bin_table_free(b->bins);
    free(b->plans);
    free(b);
}

size_t price_book_plans(const struct price_book *b)
{
    return b->n;
}

/* Orders plans by code, then effective moment. */
static int plan_cmp(const struct pricing_fee_plan *a, const char *code, int64_t effective_us)
{
    int c = strcmp(a->code, code);
    if (c != 0)
        return c;
    return a->effective_us < effective_us ? -1 : a->effective_us > effective_us;
}

int price_book_add(struct price_book *b, const struct pricing_fee_plan *plan, struct ps_reason *why)
{
    struct ps_reason inner;
    size_t at = b->n;

    if (pricing_fee_plan_check(plan, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "fee plan %.32s: %s", plan->code, inner.text);
    if (b->n == b->cap) {
        size_t cap = b->cap != 0 ? b->cap * 2 : 16;
        struct pricing_fee_plan *p = realloc(b->plans, cap * sizeof(*p));
        if (p == NULL)
            return ps_fail(why, PS_ENOMEM, "price book: out of memory");
        b->plans = p;
        b->cap = cap;
    }
    while (at > 0 && plan_cmp(&b->plans[at - 1], plan->code, plan->effective_us) > 0)
        at--; /* plans come in order from the store: this rarely moves */
    memmove(&b->plans[at + 1], &b->plans[at], (b->n - at) * sizeof(*b->plans));
    b->plans[at] = *plan;
    b->n++;
    return 0;
}

/* The run of versions of code: [*first, *first + *count). */
static void versions_of(const struct price_book *b, const char *code, size_t *first, size_t *count)
{
    size_t lo = 0, hi = b->n;
    while (lo < hi) { /* the first version of code or after it */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(b->plans[mid].code, code) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = lo;
    while (hi < b->n && strcmp(b->plans[hi].code, code) == 0)
        hi++;
    *count = hi - lo;
}

/* The channel of a card by its BIN (the fallback for a BIN not in the table), or of a
 * payment code by its scheme. */
static enum pricing_pay_channel channel_of(const struct price_book *b, const struct price_ask *a)
{
    struct pricing_bin bin;

    if (a->pan == NULL)
        return pricing_qr_channel(a->paycode == PS_PAYCODE_UNIONPAY, a->amount_fen);
    if (pricing_bin_classify(b->bins, a->pan, a->pan_len, &bin, NULL) < 0)
        return PRICING_PAY_FOREIGN; /* not a card number at all: the dearest, never cheaper */
    return pricing_card_channel(bin.type == PRICING_CARD_CREDIT,
                                bin.region == PRICING_REGION_DOMESTIC);
}

/* The flat rate on every channel: a merchant without a plan. */
static int flat(const struct price_ask *a, struct price *out, struct ps_reason *why)
{
    out->plan[0] = '\0';
    out->plan_effective_us = 0;
    out->surcharge_fen = 0;
    if (ps_money_mul_ppm(a->amount_fen, a->flat_ppm, PS_ROUND_HALF_UP, &out->fee_fen) != 0) {
        memset(out, 0, sizeof(*out));
        return ps_fail(why, PS_EOVERFLOW, "the fee of %lld fen does not fit",
                       (long long)a->amount_fen);
    }
    return 0;
}

int price_book_quote(const struct price_book *b, const struct price_ask *a, struct price *out,
                     struct ps_reason *why)
{
    struct pricing_fee fee;
    size_t first = 0, count = 0, at = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    if (a->amount_fen <= 0)
        return ps_fail(why, PS_EINVAL, "amount: %lld fen; a fee is charged on more than 0",
                       (long long)a->amount_fen);
    out->channel = channel_of(b, a);
    if (a->plan == NULL || a->plan[0] == '\0')
        return flat(a, out, why);
    versions_of(b, a->plan, &first, &count);
    if (count == 0) {
        rc = flat(a, out, why);
        return rc != 0 ? rc : ps_fail(why, PS_EUNDEFINED, "fee plan %.32s is not known", a->plan);
    }
    if (pricing_fee_plan_at(&b->plans[first], count, a->at_us, &at, why) != 0)
        return (rc = flat(a, out, NULL)) != 0 ? rc : PS_EUNDEFINED;
    const struct pricing_fee_plan *p = &b->plans[first + at];
    if ((rc = pricing_fee_of(p, out->channel, a->amount_fen, a->d0, &fee, why)) != 0) {
        memset(out, 0, sizeof(*out));
        return rc;
    }
    out->fee_fen = fee.fee_fen;
    out->surcharge_fen = fee.surcharge_fen;
    memcpy(out->plan, p->code, sizeof(out->plan));
    out->plan_effective_us = p->effective_us;
    return 0;
}

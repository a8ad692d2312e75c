/* Fee plans and the fee of one transaction (fees.h). */
#include "host/pricing/fees.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

static const char *const channel_names[PRICING_PAY_CHANNEL_COUNT + 1] = {
    [PRICING_PAY_DEBIT] = "debit",           [PRICING_PAY_CREDIT] = "credit",
    [PRICING_PAY_FOREIGN] = "foreign",       [PRICING_PAY_UPQR_SMALL] = "upqr_small",
    [PRICING_PAY_UPQR_LARGE] = "upqr_large", [PRICING_PAY_WALLET_QR] = "wallet_qr",
};

static bool channel_valid(enum pricing_pay_channel c)
{
    return c >= PRICING_PAY_DEBIT && c <= PRICING_PAY_WALLET_QR;
}

const char *pricing_pay_channel_name(enum pricing_pay_channel c)
{
    return channel_valid(c) ? channel_names[c] : "unknown";
}

int pricing_pay_channel_parse(const char *name, enum pricing_pay_channel *out,
                              struct ps_reason *why)
{
    for (int c = PRICING_PAY_DEBIT; name != NULL && c <= PRICING_PAY_WALLET_QR; c++) {
        if (strcmp(name, channel_names[c]) == 0) {
            *out = (enum pricing_pay_channel)c;
            return 0;
        }
    }
    return ps_fail(why, PS_EUNDEFINED,
                   "channel \"%.24s\": debit, credit, foreign, upqr_small, upqr_large or "
                   "wallet_qr",
                   name != NULL ? name : "");
}

enum pricing_pay_channel pricing_card_channel(bool credit, bool domestic)
{
    if (!domestic)
        return PRICING_PAY_FOREIGN;
    return credit ? PRICING_PAY_CREDIT : PRICING_PAY_DEBIT;
}

enum pricing_pay_channel pricing_qr_channel(bool unionpay, int64_t amount_fen)
{
    if (!unionpay)
        return PRICING_PAY_WALLET_QR;
    return amount_fen <= PRICING_UPQR_SMALL_MAX_FEN ? PRICING_PAY_UPQR_SMALL
                                                    : PRICING_PAY_UPQR_LARGE;
}

/* ---- checks ---------------------------------------------------------------------------- */

static int in_range(const char *what, const char *unit, int64_t v, int64_t max,
                    struct ps_reason *why)
{
    if (v < 0)
        return ps_fail(why, PS_EFORMAT, "%s: %" PRId64 " %s is negative", what, v, unit);
    if (v > max)
        return ps_fail(why, PS_EFORMAT, "%s: %" PRId64 " %s is above %" PRId64 " %s", what, v, unit,
                       max, unit);
    return 0;
}

static int check_code(const char *code, struct ps_reason *why)
{
    size_t len = strnlen(code, PRICING_PLAN_CODE_MAX + 1);
    if (len == 0 || len > PRICING_PLAN_CODE_MAX)
        return ps_fail(why, PS_EFORMAT, "code: 1 to %d characters", PRICING_PLAN_CODE_MAX);
    for (size_t i = 0; i < len; i++) {
        char c = code[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return ps_fail(why, PS_EFORMAT,
                           "code: byte 0x%02x at %zu: only letters, digits, '-' and '_'",
                           (unsigned char)c, i + 1);
    }
    return 0;
}

static int check_rate(enum pricing_pay_channel c, const struct pricing_pay_rate *r,
                      struct ps_reason *why)
{
    char what[48];
    int rc;

#define MEMBER(m) (snprintf(what, sizeof(what), "rates.%s." m, channel_names[c]), what)
    if ((rc = in_range(MEMBER("rate_ppm"), "ppm", r->rate_ppm, PRICING_RATE_PPM_MAX, why)) != 0 ||
        (rc = in_range(MEMBER("cap"), "fen", r->cap_fen, PRICING_FEE_FIXED_MAX_FEN, why)) != 0 ||
        (rc = in_range(MEMBER("fixed"), "fen", r->fixed_fen, PRICING_FEE_FIXED_MAX_FEN, why)) !=
            0 ||
        (rc = in_range(MEMBER("min"), "fen", r->min_fen, PRICING_FEE_FIXED_MAX_FEN, why)) != 0)
        return rc;
#undef MEMBER
    if (r->cap_fen != 0 && r->min_fen > r->cap_fen + r->fixed_fen)
        return ps_fail(why, PS_EFORMAT,
                       "rates.%s.min: %" PRId64 " fen is above the cap and fixed fee (%" PRId64
                       " fen): no fee could be both",
                       channel_names[c], r->min_fen, r->cap_fen + r->fixed_fen);
    return 0;
}

int pricing_fee_plan_check(const struct pricing_fee_plan *p, struct ps_reason *why)
{
    int rc;

    if (p == NULL)
        return ps_fail(why, PS_EINVAL, "no fee plan");
    if ((rc = check_code(p->code, why)) != 0)
        return rc;
    if (p->effective_us < 0)
        return ps_fail(why, PS_EFORMAT, "effective: before 1970");
    for (int c = PRICING_PAY_DEBIT; c <= PRICING_PAY_WALLET_QR; c++)
        if ((rc = check_rate((enum pricing_pay_channel)c, &p->rates[c], why)) != 0)
            return rc;
    if ((rc = in_range("d0.rate_ppm", "ppm", p->d0_rate_ppm, PRICING_RATE_PPM_MAX, why)) != 0)
        return rc;
    return in_range("d0.fixed", "fen", p->d0_fixed_fen, PRICING_FEE_FIXED_MAX_FEN, why);
}

int pricing_fee_plan_at(const struct pricing_fee_plan *plans, size_t n, int64_t at_us,
                        size_t *index, struct ps_reason *why)
{
    size_t best = n, first = n;

    for (size_t i = 0; i < n; i++) {
        if (first == n || plans[i].effective_us < plans[first].effective_us)
            first = i;
        if (plans[i].effective_us <= at_us &&
            (best == n || plans[i].effective_us >= plans[best].effective_us))
            best = i;
    }
    if (best == n) {
        if (first == n)
            return ps_fail(why, PS_EUNDEFINED, "no fee plan at all");
        return ps_fail(why, PS_EUNDEFINED,
                       "no fee plan in force at %" PRId64 " us: the first, %s, starts at %" PRId64
                       " us",
                       at_us, plans[first].code, plans[first].effective_us);
    }
    *index = best;
    return 0;
}

/* ---- the fee ----------------------------------------------------------------------------- */

/* round_half_up(amount * ppm / 10^6) + fixed. */
static int rate_part(int64_t amount, int64_t ppm, int64_t fixed, int64_t cap, int64_t *out)
{
    int64_t part = 0;
    int rc = ps_money_mul_ppm(amount, ppm, PS_ROUND_HALF_UP, &part);
    if (rc != 0)
        return rc;
    if (cap != 0 && part > cap)
        part = cap;
    return ps_money_add(part, fixed, out);
}

int pricing_fee_of(const struct pricing_fee_plan *p, enum pricing_pay_channel channel,
                   int64_t amount_fen, bool d0, struct pricing_fee *out, struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    if (!channel_valid(channel))
        return ps_fail(why, PS_EINVAL, "channel %d is not defined", (int)channel);
    if (amount_fen <= 0)
        return ps_fail(why, PS_EINVAL, "amount: %" PRId64 " fen; a fee is charged on more than 0",
                       amount_fen);
    const struct pricing_pay_rate *r = &p->rates[channel];
    int rc = rate_part(amount_fen, r->rate_ppm, r->fixed_fen, r->cap_fen, &out->fee_fen);
    if (rc == 0 && out->fee_fen < r->min_fen)
        out->fee_fen = r->min_fen;
    if (rc == 0 && d0)
        rc = rate_part(amount_fen, p->d0_rate_ppm, p->d0_fixed_fen, 0, &out->surcharge_fen);
    if (rc != 0) {
        memset(out, 0, sizeof(*out));
        return ps_fail(why, PS_EOVERFLOW, "the fee of %" PRId64 " fen does not fit", amount_fen);
    }
    return 0;
}

int pricing_fee_returned(const struct pricing_fee_plan *p, int64_t original_fen, int64_t fee_fen,
                         int64_t refunded_before_fen, int64_t returned_before_fen,
                         int64_t refund_fen, int64_t *returned_fen, struct ps_reason *why)
{
    int64_t before = 0, after = 0;

    *returned_fen = 0;
    if (original_fen <= 0 || fee_fen < 0 || refunded_before_fen < 0 || returned_before_fen < 0 ||
        refund_fen < 0)
        return ps_fail(why, PS_EINVAL, "a refund's fee: amounts must not be negative");
    if (refund_fen > original_fen - refunded_before_fen)
        return ps_fail(why, PS_EINVAL,
                       "a refund of %" PRId64 " fen is more than the %" PRId64 " fen left",
                       refund_fen, original_fen - refunded_before_fen);
    if (!p->refund_returns_fee)
        return returned_before_fen == 0
                   ? 0
                   : ps_fail(why, PS_EINVAL, "the plan keeps fees, yet %" PRId64 " fen came back",
                             returned_before_fen);
    /* on the running total, so the parts add up to the whole fee and never more */
    if (ps_money_mul_ratio(fee_fen, refunded_before_fen, original_fen, PS_ROUND_HALF_UP, &before) !=
            0 ||
        ps_money_mul_ratio(fee_fen, refunded_before_fen + refund_fen, original_fen,
                           PS_ROUND_HALF_UP, &after) != 0)
        return ps_fail(why, PS_EINVAL, "a refund's fee does not fit");
    if (before != returned_before_fen)
        return ps_fail(why, PS_EINVAL,
                       "%" PRId64 " fen came back before, where the plan gives %" PRId64,
                       returned_before_fen, before);
    *returned_fen = after - before;
    return 0;
}

/* fees.h — fee plans and the fee of one transaction (pricing). Pure logic: the caller
 * gives the plans, the channel and the amounts; nothing here reads a store or a clock.
 * docs/money.md has every formula with a worked example.
 *
 * A plan prices six channels, each with a rate (millionths of the amount), an optional
 * cap on the rate's part, a fixed fee per transaction and a minimum; a D0 (same-day
 * settlement) surcharge; whether a refund returns its share of the fee; and the moment
 * it takes effect. The fee of an approved transaction is
 *
 *     rate part = round_half_up(amount * rate_ppm / 1,000,000), at most cap
 *     fee       = max(rate part + fixed, minimum)
 *
 * and a D0 merchant also pays round_half_up(amount * d0_rate_ppm / 1,000,000) + d0_fixed.
 * A void cancels the whole fee (and surcharge). A refund returns, when the plan says so,
 * the fee in proportion to the amount refunded so far, rounded half up on the running
 * total, so partial refunds never return more than the fee in all (pricing_fee_returned).
 */
#ifndef POSSUM_HOST_PRICING_FEES_H
#define POSSUM_HOST_PRICING_FEES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* What a transaction is priced as. */
enum pricing_pay_channel {
    PRICING_PAY_DEBIT = 1,  /* a domestic debit (or prepaid) card */
    PRICING_PAY_CREDIT,     /* a domestic credit card */
    PRICING_PAY_FOREIGN,    /* a card issued outside mainland China */
    PRICING_PAY_UPQR_SMALL, /* UnionPay QR, up to 1,000.00 yuan */
    PRICING_PAY_UPQR_LARGE, /* UnionPay QR, above 1,000.00 yuan */
    PRICING_PAY_WALLET_QR   /* WeChat Pay or Alipay QR */
};
#define PRICING_PAY_CHANNEL_COUNT 6

#define PRICING_UPQR_SMALL_MAX_FEN INT64_C(100000) /* 1,000.00 yuan: still the small rate */
#define PRICING_RATE_PPM_MAX       INT64_C(100000) /* 10%: no plan charges more */
#define PRICING_FEE_FIXED_MAX_FEN  INT64_C(100000) /* 1,000.00 yuan per transaction */
#define PRICING_PLAN_CODE_MAX      32

/* "debit", "credit", "foreign", "upqr_small", "upqr_large", "wallet_qr"; "unknown"
 * outside the enum. */
const char *pricing_pay_channel_name(enum pricing_pay_channel c);
int pricing_pay_channel_parse(const char *name, enum pricing_pay_channel *out /* OUT */,
                              struct ps_reason *why);

/* How a card is priced: foreign when not issued in mainland China, else credit or debit
 * (a prepaid card is priced as debit: it spends money already paid in). */
enum pricing_pay_channel pricing_card_channel(bool credit, bool domestic);

/* How a QR payment is priced: UnionPay's by its amount (up to 1,000.00 yuan small),
 * WeChat Pay's and Alipay's alike. */
enum pricing_pay_channel pricing_qr_channel(bool unionpay, int64_t amount_fen);

/* One channel's price. */
struct pricing_pay_rate {
    int64_t rate_ppm;  /* 0.60% is 6000; 0 to PRICING_RATE_PPM_MAX */
    int64_t cap_fen;   /* the rate part is at most this; 0: no cap */
    int64_t fixed_fen; /* added to every transaction; 0 to PRICING_FEE_FIXED_MAX_FEN */
    int64_t min_fen;   /* the fee is at least this; 0: no minimum */
};

struct pricing_fee_plan {
    char code[PRICING_PLAN_CODE_MAX + 1]; /* "STD-2026": letters, digits, '-', '_' */
    int64_t effective_us;                 /* in force from this moment (UTC microseconds) */
    struct pricing_pay_rate rates[PRICING_PAY_CHANNEL_COUNT + 1]; /* by enum pricing_pay_channel */
    int64_t d0_rate_ppm;     /* the D0 surcharge's rate; 0 to PRICING_RATE_PPM_MAX */
    int64_t d0_fixed_fen;    /* and its fixed part per transaction */
    bool refund_returns_fee; /* a refund gives back its share of the fee */
};

/* Checks every member; the reason names it as the API does ("rates.credit.cap: -1 fen
 * is negative"). Rules: a code of 1 to 32 of A-Z, a-z, 0-9, '-', '_'; rates and the D0
 * rate 0 to 10%; caps, fixed fees and minimums 0 to 1,000.00 yuan; a minimum not above
 * the cap + fixed fee when there is a cap (else no fee could satisfy both); effective_us
 * not negative. Returns 0 or PS_EFORMAT. */
int pricing_fee_plan_check(const struct pricing_fee_plan *p, struct ps_reason *why);

/* The plan in force at at_us among plans[0..n): the one with the latest effective_us not
 * after at_us (two with the same moment: the later in the array, the newer save). Sets
 * *index (OUT). Returns 0, or PS_EUNDEFINED when none is in force yet ("no fee plan in
 * force at 2026-11-23T01:00:00Z: the first starts at ..."). */
int pricing_fee_plan_at(const struct pricing_fee_plan *plans, size_t n, int64_t at_us,
                        size_t *index /* OUT */, struct ps_reason *why);

/* What one approved transaction costs the merchant. */
struct pricing_fee {
    int64_t fee_fen;       /* the plan's fee for the channel */
    int64_t surcharge_fen; /* the D0 surcharge; 0 for a T+1 merchant */
};

/* The fee of an approved sale (or completion) of amount_fen (> 0) on channel under p,
 * with the D0 surcharge when d0. Returns 0, PS_EINVAL (an amount not positive, a
 * channel outside the enum) or PS_EOVERFLOW. */
int pricing_fee_of(const struct pricing_fee_plan *p, enum pricing_pay_channel channel,
                   int64_t amount_fen, bool d0, struct pricing_fee *out /* OUT */,
                   struct ps_reason *why);

/* What a refund gives back of an original's fee: fee_fen charged on original_fen; the
 * refunds before it took refunded_before_fen and gave back returned_before_fen; this one
 * takes refund_fen. The running total returned after it is round_half_up(fee *
 * (refunded_before + refund) / original), so the returns add up to the fee exactly when
 * the whole amount has come back, and never more. 0 when the plan keeps fees. Returns
 * 0, or PS_EINVAL (amounts negative, original not positive, refunds beyond the
 * original, a returned_before that does not match). */
int pricing_fee_returned(const struct pricing_fee_plan *p, int64_t original_fen, int64_t fee_fen,
                         int64_t refunded_before_fen, int64_t returned_before_fen,
                         int64_t refund_fen, int64_t *returned_fen /* OUT */,
                         struct ps_reason *why);

#endif

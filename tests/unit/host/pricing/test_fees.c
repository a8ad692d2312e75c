/* The fee engine (pricing/fees.h), table-driven: each channel at the market's
 * typical figures, caps, fixed fees and minimums, the D0 surcharge, rounding at exactly
 * half a fen, the UnionPay QR boundary at 1,000.00 yuan, a plan changing mid-day, refunds
 * giving back the fee in parts that add up to it, and every check naming its member. */
#include "testing.h"

#include <stdio.h>

#include "host/pricing/fees.h"

#define HOUR_US (3600 * INT64_C(1000000))
#define DAY0_US INT64_C(1795392000000000) /* 2026-11-23T00:00:00Z */

/* The market's typical plan (issue 6): debit 0.50% capped at 20 yuan, credit 0.60%, QR
 * 0.38%, foreign 1.25% + 1.00, large UnionPay QR 0.60%, D0 + 3 yuan. */
static struct pricing_fee_plan market(void)
{
    struct pricing_fee_plan p;
    memset(&p, 0, sizeof(p));
    snprintf(p.code, sizeof(p.code), "STD-2026");
    p.effective_us = DAY0_US;
    p.rates[PRICING_PAY_DEBIT] = (struct pricing_pay_rate){5000, 2000, 0, 0};
    p.rates[PRICING_PAY_CREDIT] = (struct pricing_pay_rate){6000, 0, 0, 0};
    p.rates[PRICING_PAY_FOREIGN] = (struct pricing_pay_rate){12500, 0, 100, 0};
    p.rates[PRICING_PAY_UPQR_SMALL] = (struct pricing_pay_rate){3800, 0, 0, 0};
    p.rates[PRICING_PAY_UPQR_LARGE] = (struct pricing_pay_rate){6000, 0, 0, 0};
    p.rates[PRICING_PAY_WALLET_QR] = (struct pricing_pay_rate){3800, 0, 0, 0};
    p.d0_fixed_fen = 300;
    p.refund_returns_fee = true;
    return p;
}

static void fees_by_channel(void **state)
{
    (void)state;
    static const struct {
        enum pricing_pay_channel channel;
        int64_t amount, fee, surcharge;
        bool d0;
        const char *why;
    } cases[] = {
        {PRICING_PAY_DEBIT, 10000, 50, 0, false, "debit 100.00 at 0.50%"},
        {PRICING_PAY_DEBIT, 399900, 2000, 0, false, "debit 3,999.00: 19.995 rounds to the cap"},
        {PRICING_PAY_DEBIT, 400000, 2000, 0, false, "debit 4,000.00: exactly the cap"},
        {PRICING_PAY_DEBIT, 10000000, 2000, 0, false, "debit 100,000.00: capped at 20.00"},
        {PRICING_PAY_CREDIT, 10000, 60, 0, false, "credit 100.00 at 0.60%"},
        {PRICING_PAY_CREDIT, 10000000, 60000, 0, false, "credit: no cap"},
        {PRICING_PAY_CREDIT, 250, 2, 0, false, "2.50 at 0.60% is 1.5 fen: half up to 2"},
        {PRICING_PAY_CREDIT, 249, 1, 0, false, "2.49 at 0.60% is 1.494 fen: 1"},
        {PRICING_PAY_CREDIT, 1, 0, 0, false, "0.01 at 0.60%: nothing"},
        {PRICING_PAY_FOREIGN, 10000, 225, 0, false, "foreign 100.00: 1.25% + 1.00"},
        {PRICING_PAY_UPQR_SMALL, 1250, 5, 0, false, "QR 12.50 at 0.38% is 4.75 fen: 5"},
        {PRICING_PAY_UPQR_LARGE, 200000, 1200, 0, false, "QR 2,000.00 at 0.60%"},
        {PRICING_PAY_WALLET_QR, 1250, 5, 0, false, "WeChat 12.50 at 0.38%"},
        {PRICING_PAY_DEBIT, 10000, 50, 300, true, "D0: 3.00 on top"},
        {PRICING_PAY_DEBIT, 10000000, 2000, 300, true, "D0: the surcharge has no cap"},
    };
    struct pricing_fee_plan p = market();
    struct pricing_fee fee;
    struct ps_reason why = {{0}};

    assert_int_equal(pricing_fee_plan_check(&p, &why), 0);
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        assert_int_equal(
            pricing_fee_of(&p, cases[i].channel, cases[i].amount, cases[i].d0, &fee, &why), 0);
        if (fee.fee_fen != cases[i].fee || fee.surcharge_fen != cases[i].surcharge)
            fail_msg("%s: fee %lld + %lld, wanted %lld + %lld", cases[i].why,
                     (long long)fee.fee_fen, (long long)fee.surcharge_fen, (long long)cases[i].fee,
                     (long long)cases[i].surcharge);
    }
}

static void minimums_fixed_fees_and_the_d0_rate(void **state)
{
    (void)state;
    struct pricing_fee_plan p = market();
    struct pricing_fee fee;

    p.rates[PRICING_PAY_CREDIT].min_fen = 100; /* at least 1.00 */
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_CREDIT, 1000, false, &fee, NULL), 0);
    assert_int_equal(fee.fee_fen, 100); /* 6 fen raised to the minimum */
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_CREDIT, 100000, false, &fee, NULL), 0);
    assert_int_equal(fee.fee_fen, 600);
    /* the cap holds the rate part; the fixed fee comes on top of it */
    p.rates[PRICING_PAY_DEBIT].fixed_fen = 50;
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_DEBIT, 10000000, false, &fee, NULL), 0);
    assert_int_equal(fee.fee_fen, 2050);
    /* a D0 surcharge of 0.10% + 3.00: 0.10% of 12.35 is 1.235 fen, 1 */
    p.d0_rate_ppm = 1000;
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_CREDIT, 1235, true, &fee, NULL), 0);
    assert_int_equal(fee.surcharge_fen, 301);
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_CREDIT, 1250, true, &fee, NULL), 0);
    assert_int_equal(fee.surcharge_fen, 301); /* 1.25 fen: 1 */
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_CREDIT, 1500, true, &fee, NULL), 0);
    assert_int_equal(fee.surcharge_fen, 302); /* 1.5 fen: half up */
    assert_int_equal(pricing_fee_of(&p, PRICING_PAY_CREDIT, 0, false, &fee, NULL), PS_EINVAL);
    assert_int_equal(pricing_fee_of(&p, (enum pricing_pay_channel)9, 100, false, &fee, NULL),
                     PS_EINVAL);
}

static void channels_of_cards_and_codes(void **state)
{
    (void)state;
    assert_int_equal(pricing_card_channel(false, true), PRICING_PAY_DEBIT);
    assert_int_equal(pricing_card_channel(true, true), PRICING_PAY_CREDIT);
    assert_int_equal(pricing_card_channel(true, false), PRICING_PAY_FOREIGN);
    assert_int_equal(pricing_card_channel(false, false), PRICING_PAY_FOREIGN);
    assert_int_equal(pricing_qr_channel(true, 100000), PRICING_PAY_UPQR_SMALL);
    assert_int_equal(pricing_qr_channel(true, 100001), PRICING_PAY_UPQR_LARGE);
    assert_int_equal(pricing_qr_channel(false, 900000), PRICING_PAY_WALLET_QR);
    enum pricing_pay_channel c;
    assert_int_equal(pricing_pay_channel_parse("upqr_large", &c, NULL), 0);
    assert_int_equal(c, PRICING_PAY_UPQR_LARGE);
    assert_string_equal(pricing_pay_channel_name(PRICING_PAY_WALLET_QR), "wallet_qr");
    assert_int_equal(pricing_pay_channel_parse("amex", &c, NULL), PS_EUNDEFINED);
}

static void a_plan_changing_mid_day(void **state)
{
    (void)state;
    struct pricing_fee_plan plans[3] = {market(), market(), market()};
    struct pricing_fee fee;
    struct ps_reason why = {{0}};
    size_t at = 99;

    plans[1].effective_us = DAY0_US + 12 * HOUR_US; /* noon: credit goes to 0.55% */
    plans[1].rates[PRICING_PAY_CREDIT].rate_ppm = 5500;
    snprintf(plans[1].code, sizeof(plans[1].code), "NOON");
    plans[2].effective_us = DAY0_US + 30 * HOUR_US; /* tomorrow's, saved in advance */
    assert_int_equal(pricing_fee_plan_at(plans, 3, DAY0_US + 12 * HOUR_US - 1, &at, &why), 0);
    assert_int_equal(at, 0);
    assert_int_equal(pricing_fee_of(&plans[at], PRICING_PAY_CREDIT, 10000, false, &fee, NULL), 0);
    assert_int_equal(fee.fee_fen, 60);
    assert_int_equal(pricing_fee_plan_at(plans, 3, DAY0_US + 12 * HOUR_US, &at, &why), 0);
    assert_int_equal(at, 1);
    assert_int_equal(pricing_fee_of(&plans[at], PRICING_PAY_CREDIT, 10000, false, &fee, NULL), 0);
    assert_int_equal(fee.fee_fen, 55);
    assert_int_equal(pricing_fee_plan_at(plans, 3, DAY0_US + 40 * HOUR_US, &at, &why), 0);
    assert_int_equal(at, 2);
    assert_int_equal(pricing_fee_plan_at(plans, 3, DAY0_US - 1, &at, &why), PS_EUNDEFINED);
    assert_non_null(strstr(why.text, "STD-2026"));
    assert_int_equal(pricing_fee_plan_at(plans, 0, DAY0_US, &at, &why), PS_EUNDEFINED);
}

static void refunds_give_back_the_fee_in_parts_that_add_up(void **state)
{
    (void)state;
    struct pricing_fee_plan p = market();
    int64_t back = -1, refunded = 0, returned = 0;
    static const int64_t parts[] = {3333, 3333, 3334};
    static const int64_t wanted[] = {20, 20, 20}; /* 19.998, then 39.996 - 20, then 60 - 40 */

    for (size_t i = 0; i < PS_ARRAY_LEN(parts); i++) {
        assert_int_equal(
            pricing_fee_returned(&p, 10000, 60, refunded, returned, parts[i], &back, NULL), 0);
        assert_int_equal(back, wanted[i]);
        refunded += parts[i];
        returned += back;
    }
    assert_int_equal(returned, 60);
    /* one fen at a time on a 5-fen fee: never more than the fee, all of it at the end */
    refunded = returned = 0;
    for (int i = 0; i < 7; i++) {
        assert_int_equal(pricing_fee_returned(&p, 7, 5, refunded, returned, 1, &back, NULL), 0);
        refunded += 1;
        returned += back;
        assert_true(returned <= 5);
    }
    assert_int_equal(returned, 5);
    assert_int_equal(pricing_fee_returned(&p, 7, 5, 7, 5, 1, &back, NULL), PS_EINVAL);
    assert_int_equal(pricing_fee_returned(&p, 10000, 60, 3333, 19, 1, &back, NULL), PS_EINVAL);
    p.refund_returns_fee = false;
    assert_int_equal(pricing_fee_returned(&p, 10000, 60, 0, 0, 10000, &back, NULL), 0);
    assert_int_equal(back, 0);
}

static void checks_name_the_member(void **state)
{
    (void)state;
    struct pricing_fee_plan p = market();
    struct ps_reason why = {{0}};

    p.rates[PRICING_PAY_CREDIT].cap_fen = -1;
    assert_int_equal(pricing_fee_plan_check(&p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "rates.credit.cap: -1 fen is negative");
    p = market();
    p.rates[PRICING_PAY_WALLET_QR].rate_ppm = 100001;
    assert_int_equal(pricing_fee_plan_check(&p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "rates.wallet_qr.rate_ppm: 100001 ppm is above 100000 ppm");
    p = market();
    p.rates[PRICING_PAY_DEBIT].min_fen = 2001;
    assert_int_equal(pricing_fee_plan_check(&p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "rates.debit.min: 2001 fen is above the cap and fixed fee "
                                  "(2000 fen): no fee could be both");
    p = market();
    snprintf(p.code, sizeof(p.code), "STD 2026");
    assert_int_equal(pricing_fee_plan_check(&p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "code: byte 0x20 at 4: only letters, digits, '-' and '_'");
    p = market();
    p.d0_fixed_fen = 100001;
    assert_int_equal(pricing_fee_plan_check(&p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "d0.fixed: 100001 fen is above 100000 fen");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fees_by_channel),
        cmocka_unit_test(minimums_fixed_fees_and_the_d0_rate),
        cmocka_unit_test(channels_of_cards_and_codes),
        cmocka_unit_test(a_plan_changing_mid_day),
        cmocka_unit_test(refunds_give_back_the_fee_in_parts_that_add_up),
        cmocka_unit_test(checks_name_the_member),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The engine's prices (txn/price_book.h): a merchant's plan in force at the moment of
 * the approval, the channel from the default BIN table (the sandbox's debit and credit
 * cards, a foreign card, an unknown BIN) or from a payment code's scheme, the D0
 * surcharge, and the flat rate for a merchant without a plan or with one unknown or not
 * yet in force. */
#include "testing.h"

#include <stdio.h>

#include "host/txn/price_book.h"

#define HOUR_US (3600 * INT64_C(1000000))
#define DAY0_US INT64_C(1795392000000000) /* 2026-11-23T00:00:00Z */

static struct pricing_fee_plan plan(const char *code, int64_t effective_us, int64_t credit_ppm)
{
    struct pricing_fee_plan p;
    memset(&p, 0, sizeof(p));
    snprintf(p.code, sizeof(p.code), "%s", code);
    p.effective_us = effective_us;
    p.rates[PRICING_PAY_DEBIT] = (struct pricing_pay_rate){5000, 2000, 0, 0};
    p.rates[PRICING_PAY_CREDIT] = (struct pricing_pay_rate){credit_ppm, 0, 0, 0};
    p.rates[PRICING_PAY_FOREIGN] = (struct pricing_pay_rate){12500, 0, 100, 0};
    p.rates[PRICING_PAY_UPQR_SMALL] = (struct pricing_pay_rate){3800, 0, 0, 0};
    p.rates[PRICING_PAY_UPQR_LARGE] = (struct pricing_pay_rate){6000, 0, 0, 0};
    p.rates[PRICING_PAY_WALLET_QR] = (struct pricing_pay_rate){2500, 0, 0, 0};
    p.d0_fixed_fen = 300;
    return p;
}

static int setup(void **state)
{
    struct price_book *b = NULL;
    struct ps_reason why = {{0}};
    struct pricing_fee_plan later = plan("STD-2026", DAY0_US + 12 * HOUR_US, 5500);
    struct pricing_fee_plan first = plan("STD-2026", DAY0_US, 6000);
    struct pricing_fee_plan vip = plan("VIP", DAY0_US, 4000);

    assert_int_equal(price_book_new(NULL, &b, &why), 0);
    /* out of order on purpose: the book sorts them */
    assert_int_equal(price_book_add(b, &vip, &why), 0);
    assert_int_equal(price_book_add(b, &later, &why), 0);
    assert_int_equal(price_book_add(b, &first, &why), 0);
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    price_book_free(*state);
    return 0;
}

static struct price_ask card(const char *plan_code, const char *pan, int64_t amount, int64_t at)
{
    return (struct price_ask){plan_code, 6000, false, pan, strlen(pan), 0, amount, at};
}

static void cards_are_priced_by_their_bin_and_the_plan_in_force(void **state)
{
    const struct price_book *b = *state;
    static const struct {
        const char *plan, *pan;
        int64_t amount, at, fee;
        enum pricing_pay_channel channel;
        const char *why;
    } cases[] = {
        {"STD-2026", "6222020000000000018", 10000, DAY0_US, 50, PRICING_PAY_DEBIT,
         "the sandbox's ICBC debit card"},
        {"STD-2026", "6222020000000000018", 10000000, DAY0_US, 2000, PRICING_PAY_DEBIT,
         "debit, capped"},
        {"STD-2026", "6258070000000000011", 10000, DAY0_US, 60, PRICING_PAY_CREDIT,
         "the sandbox's credit card, morning plan"},
        {"STD-2026", "6258070000000000011", 10000, DAY0_US + 13 * HOUR_US, 55, PRICING_PAY_CREDIT,
         "the same after noon's version"},
        {"VIP", "6258070000000000011", 10000, DAY0_US + 13 * HOUR_US, 40, PRICING_PAY_CREDIT,
         "another plan"},
        {"STD-2026", "4111111111111111", 10000, DAY0_US, 225, PRICING_PAY_FOREIGN,
         "a Visa test card: foreign"},
        {"STD-2026", "6299999999999999", 10000, DAY0_US, 50, PRICING_PAY_DEBIT,
         "an unknown 62 BIN: domestic debit, never overcharged"},
    };
    struct price p;
    struct ps_reason why = {{0}};

    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct price_ask a = card(cases[i].plan, cases[i].pan, cases[i].amount, cases[i].at);
        assert_int_equal(price_book_quote(b, &a, &p, &why), 0);
        if (p.fee_fen != cases[i].fee || p.channel != cases[i].channel)
            fail_msg("%s: %s %lld, wanted %s %lld", cases[i].why,
                     pricing_pay_channel_name(p.channel), (long long)p.fee_fen,
                     pricing_pay_channel_name(cases[i].channel), (long long)cases[i].fee);
        assert_string_equal(p.plan, cases[i].plan);
    }
}

static void payment_codes_and_d0(void **state)
{
    const struct price_book *b = *state;
    struct price p;
    struct price_ask a = {"STD-2026", 6000, true, NULL, 0, PS_PAYCODE_UNIONPAY, 1250, DAY0_US};

    assert_int_equal(price_book_quote(b, &a, &p, NULL), 0);
    assert_int_equal(p.channel, PRICING_PAY_UPQR_SMALL);
    assert_int_equal(p.fee_fen, 5);
    assert_int_equal(p.surcharge_fen, 300);
    a.amount_fen = 200000;
    assert_int_equal(price_book_quote(b, &a, &p, NULL), 0);
    assert_int_equal(p.channel, PRICING_PAY_UPQR_LARGE);
    assert_int_equal(p.fee_fen, 1200);
    a.paycode = PS_PAYCODE_WECHAT;
    a.d0 = false;
    assert_int_equal(price_book_quote(b, &a, &p, NULL), 0);
    assert_int_equal(p.channel, PRICING_PAY_WALLET_QR);
    assert_int_equal(p.fee_fen, 500);
    assert_int_equal(p.surcharge_fen, 0);
}

static void without_a_plan_in_force_the_flat_rate(void **state)
{
    const struct price_book *b = *state;
    struct price p;
    struct ps_reason why = {{0}};
    struct price_ask a = card("", "6222020000000000018", 10000, DAY0_US);

    a.flat_ppm = 7000;
    assert_int_equal(price_book_quote(b, &a, &p, &why), 0);
    assert_int_equal(p.fee_fen, 70);
    assert_string_equal(p.plan, "");
    a.plan = "GONE";
    assert_int_equal(price_book_quote(b, &a, &p, &why), PS_EUNDEFINED);
    assert_int_equal(p.fee_fen, 70);
    assert_string_equal(why.text, "fee plan GONE is not known");
    a.plan = "STD-2026";
    a.at_us = DAY0_US - 1;
    assert_int_equal(price_book_quote(b, &a, &p, &why), PS_EUNDEFINED);
    assert_int_equal(p.fee_fen, 70);
    assert_non_null(strstr(why.text, "no fee plan in force"));
    a.amount_fen = 0;
    assert_int_equal(price_book_quote(b, &a, &p, &why), PS_EINVAL);
    assert_int_equal(price_book_plans(b), 3);
}

static void a_bad_plan_is_refused_by_name(void **state)
{
    struct price_book *b = *state;
    struct pricing_fee_plan bad = plan("BAD", DAY0_US, 6000);
    struct ps_reason why = {{0}};

    bad.rates[PRICING_PAY_CREDIT].cap_fen = -1;
    assert_int_equal(price_book_add(b, &bad, &why), PS_EFORMAT);
    assert_string_equal(why.text, "fee plan BAD: rates.credit.cap: -1 fen is negative");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(cards_are_priced_by_their_bin_and_the_plan_in_force),
        T(payment_codes_and_d0),
        T(without_a_plan_in_force_the_flat_rate),
        T(a_bad_plan_is_refused_by_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

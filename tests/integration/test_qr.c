/* QR payments against a real possumd (docs/protocol.md, "QR payments"): a demo
 * terminal sends purchases paid by a customer's payment code (field 59) through
 * hostlink, voids and refunds them, and finds each in the journal with the code's
 * masked form; a code pays once, also after a restart; a malformed code is refused
 * 30 naming field 59. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "pos/hostlink/requests.h"

#define WECHAT_CODE   "134567890123456789"
#define ALIPAY_CODE   "2812345678901234"
#define UNIONPAY_CODE "6212345678901234567"

static struct possumd server;

POSSUMD_GROUP(server)

/* A QR request: the payment code in place of the card; originals in *o when not NULL. */
static int qr(struct term *t, enum hl_kind kind, const char *code, int64_t amount,
              const struct original *o)
{
    struct hl_card_input in;
    memset(&in, 0, sizeof(in));
    in.paycode = code;
    if (o != NULL) {
        in.rrn = o->rrn;
        in.has_original = 1;
        in.orig_batch = o->batch;
        in.orig_stan = o->stan;
        if (kind == HL_REFUND)
            in.orig_date = o->date;
    }
    return term_card(t, kind, NULL, NULL, amount, &in);
}

/* The wallet's balance on the disk is want. */
static void expect_wallet(int64_t id, int64_t want)
{
    if (db_count(&server, "cards WHERE id = %lld AND balance = %lld", (long long)id,
                 (long long)want) != 1)
        fail_msg("wallet %lld: balance is not %lld", (long long)id, (long long)want);
}

static void qr_purchase_void_refund(void **state)
{
    struct term t;
    struct original o;
    (void)state;
    term_open_signed_in(&t, &server, 0);

    int64_t before = 100000000; /* the demo's 1,000,000.00 */
    qr(&t, HL_PURCHASE, WECHAT_CODE, 12345, NULL);
    expect_code(&t, "00");
    term_keep_original(&t, &o);
    struct txn_row row = journal_by_rrn(&server, t.r.rrn);
    assert_string_equal(row.card_masked, "1345**********6789");
    assert_string_equal(row.entry_mode, "032");
    assert_int_equal(row.card_id, 300001);
    expect_wallet(300001, before - 12345);

    qr(&t, HL_PURCHASE, WECHAT_CODE, 100, NULL); /* the same code again */
    expect_code(&t, "54");
    row = journal_by_rrn(&server, t.r.rrn);
    assert_string_equal(row.reason, "payment code used already");

    qr(&t, HL_VOID, WECHAT_CODE, 12345, &o);
    expect_code(&t, "00");
    expect_wallet(300001, before);

    qr(&t, HL_PURCHASE, ALIPAY_CODE, 5000, NULL);
    expect_code(&t, "00");
    term_keep_original(&t, &o);
    qr(&t, HL_REFUND, ALIPAY_CODE, 2000, &o);
    expect_code(&t, "00");
    expect_wallet(300002, 100000000 - 3000);

    qr(&t, HL_PURCHASE, UNIONPAY_CODE, 200000000, NULL); /* 2,000,000.00: more than it has */
    expect_code(&t, "51");
    term_close(&t);
}

/* The used-code memory is loaded again at start-up, through its index. */
static void a_code_pays_once_across_a_restart(void **state)
{
    struct term t;
    (void)state;
    term_open_signed_in(&t, &server, 1);
    qr(&t, HL_PURCHASE, "101234567890123456", 700, NULL);
    expect_code(&t, "00");
    possumd_stop(&server);
    possumd_restart(&server);
    term_reconnect(&t);
    qr(&t, HL_PURCHASE, "101234567890123456", 700, NULL);
    expect_code(&t, "54");
    qr(&t, HL_PURCHASE, "101234567890123457", 700, NULL);
    expect_code(&t, "00");
    term_close(&t);
}

static void set_bad_code(struct ps_iso_msg *m, void *ctx)
{
    assert_int_equal(ps_iso_set_str(m, 59, ctx, NULL), 0);
}

static void set_pan_too(struct ps_iso_msg *m, void *ctx)
{
    assert_int_equal(ps_iso_set_str(m, 2, ctx, NULL), 0);
}

static void malformed_codes_are_30(void **state)
{
    struct term t;
    struct raw_request r;
    struct raw_answer a;
    (void)state;
    term_open_signed_in(&t, &server, 2);

    struct hl_card_input in;
    memset(&in, 0, sizeof(in));
    in.paycode = "134567890123456780";
    term_build_card(&t, HL_PURCHASE, NULL, NULL, 100, &in, &r);
    raw_request_edit(&t, &r, set_bad_code, "6212345678901234");
    raw_ask(&server, &r, &a);
    assert_string_equal(a.code, "30");
    struct txn_row row = journal_by_rrn(&server, a.rrn);
    assert_string_equal(row.reason, "field 59: UnionPay QR codes have 19 digits, not 16");

    term_build_card(&t, HL_PURCHASE, NULL, NULL, 100, &in, &r);
    raw_request_edit(&t, &r, set_pan_too, "6222020000000000018");
    raw_ask(&server, &r, &a);
    assert_string_equal(a.code, "30");
    row = journal_by_rrn(&server, a.rrn);
    assert_string_equal(row.reason, "field 59: sent with field 2; a request carries a card or a "
                                    "payment code, never both");
    term_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qr_purchase_void_refund),
        cmocka_unit_test(a_code_pays_once_across_a_restart),
        cmocka_unit_test(malformed_codes_are_30),
    };
    return cmocka_run_group_tests(tests, start, finish);
}

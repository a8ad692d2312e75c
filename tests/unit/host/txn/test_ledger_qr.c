/* The ledger and the sandbox issuer on QR payments (docs/protocol.md, "QR payments"):
 * a payment code pays from its scheme's wallet, once; voids, refunds and reversals
 * give the money back to the wallet; the journal keeps the code's token and masked
 * form; the used-once rule holds across a restart. */
#include "test_ledger_fixture.h"

#define WECHAT   1
#define ALIPAY   2
#define UNIONPAY 3

struct qr_sale {
    struct txn_request req;
    char rrn[13];
    char date[5];
};

static struct qr_sale qr_buy(struct lfx *f, const char *code, int scheme, int64_t amount,
                             const char *want)
{
    struct qr_sale s;
    s.req = req_qr(f, TXN_PURCHASE, T1, 1, code, scheme, amount);
    assert_code(lfx_decide(f, &s.req), want);
    memcpy(s.rrn, f->resp.rrn, sizeof(s.rrn));
    memcpy(s.date, f->resp.local_date, sizeof(s.date));
    return s;
}

static const struct txn_response *qr_void(struct lfx *f, const struct qr_sale *s, const char *code)
{
    struct txn_request v = req_qr(f, TXN_VOID, T1, 1, code, WECHAT, s->req.amount);
    req_original(&v, s->req.batch, s->req.stan, s->rrn, NULL, NULL);
    return lfx_decide(f, &v);
}

static const struct txn_response *qr_refund(struct lfx *f, const struct qr_sale *s,
                                            const char *code, int64_t amount)
{
    struct txn_request r = req_qr(f, TXN_REFUND, T1, 1, code, WECHAT, amount);
    req_original(&r, 0, 0, s->rrn, NULL, s->date);
    return lfx_decide(f, &r);
}

static void qr_purchase_pays_from_the_wallet(void **state)
{
    struct lfx *f = *state;
    char token[KEYS_TOKEN_HEX + 1];
    lfx_sign_in(f, T1, 1);
    struct qr_sale s = qr_buy(f, WECHAT_CODE, WECHAT, 8800, "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000) - 8800);
    assert_int_equal(strlen(f->resp.auth_code), 6);
    struct txn_row row = db_txn(f, s.rrn);
    assert_string_equal(row.card_masked, "1345**********6789");
    assert_string_equal(row.entry_mode, "032");
    assert_int_equal(row.card_id, C_WALLET + WECHAT);
    assert_int_equal(row.domestic, 1);
    host_keys_pan_token(f->keys, WECHAT_CODE, token);
    assert_string_equal(row.card_token, token);
    /* a retransmission is answered again; nothing moves, and it is not a reuse */
    assert_code(lfx_decide(f, &s.req), "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000) - 8800);
}

static void qr_declines(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    qr_buy(f, ALIPAY_CODE, ALIPAY, YUAN(200), "51");
    assert_int_equal(balance_of(f, C_WALLET + ALIPAY), YUAN(100));
    /* a declined payment does not use the code up */
    qr_buy(f, ALIPAY_CODE, ALIPAY, YUAN(60), "00");
    assert_int_equal(balance_of(f, C_WALLET + ALIPAY), YUAN(40));
    qr_buy(f, UNIONPAY_CODE, UNIONPAY, 100, "14"); /* the fixture has no UnionPay wallet */
    qr_buy(f, WECHAT_CODE, WECHAT, 0, "13");
}

static void a_code_pays_once(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct qr_sale s = qr_buy(f, WECHAT_CODE, WECHAT, 500, "00");
    qr_buy(f, WECHAT_CODE, WECHAT, 500, "54");
    assert_string_equal(f->resp.reason, "payment code used already");
    /* voided, the code is still used: a scheme's code is single-use */
    assert_code(qr_void(f, &s, WECHAT_CODE), "00");
    qr_buy(f, WECHAT_CODE, WECHAT, 500, "54");
    qr_buy(f, WECHAT_CODE2, WECHAT, 700, "00");
    lfx_restart(f);
    qr_buy(f, WECHAT_CODE, WECHAT, 500, "54");
    qr_buy(f, WECHAT_CODE2, WECHAT, 700, "54");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000) - 700);
}

static void void_and_refund_give_back_to_the_wallet(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct qr_sale s = qr_buy(f, WECHAT_CODE, WECHAT, 8800, "00");
    /* another code, or a card, is not the same payer */
    assert_code(qr_void(f, &s, WECHAT_CODE2), "12");
    struct txn_request by_card = req_card(f, TXN_VOID, T1, 1, RICH, 8800, NULL);
    req_original(&by_card, 1, s.req.stan, s.rrn, NULL, NULL);
    assert_code(lfx_decide(f, &by_card), "12");
    assert_code(qr_void(f, &s, WECHAT_CODE), "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000));
    assert_string_equal(db_txn(f, s.rrn).status, "voided");

    struct qr_sale t = qr_buy(f, WECHAT_CODE2, WECHAT, 5000, "00");
    assert_code(qr_refund(f, &t, WECHAT_CODE, 1000), "12");
    assert_code(qr_refund(f, &t, WECHAT_CODE2, 1000), "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000) - 4000);
    assert_int_equal(db_txn(f, t.rrn).refunded, 1000);
}

static void reversals_of_qr_payments(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct qr_sale s = qr_buy(f, WECHAT_CODE, WECHAT, 3000, "00");
    struct txn_request rev = req_reversal_of(&s.req);
    assert_code(lfx_decide(f, &rev), "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000));
    assert_string_equal(db_txn(f, s.rrn).status, "reversed");
    qr_buy(f, WECHAT_CODE, WECHAT, 3000, "54"); /* reversed, still used */

    /* the reversal of a void takes the money again */
    struct qr_sale t = qr_buy(f, WECHAT_CODE2, WECHAT, 2000, "00");
    struct txn_request v = req_qr(f, TXN_VOID, T1, 1, WECHAT_CODE2, WECHAT, 2000);
    req_original(&v, 1, t.req.stan, t.rrn, NULL, NULL);
    assert_code(lfx_decide(f, &v), "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000));
    struct txn_request vrev = req_reversal_of(&v);
    assert_code(lfx_decide(f, &vrev), "00");
    assert_int_equal(balance_of(f, C_WALLET + WECHAT), YUAN(1000000) - 2000);
}

static void qr_payments_count_in_the_totals(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct qr_sale s = qr_buy(f, WECHAT_CODE, WECHAT, 8800, "00");
    assert_code(qr_refund(f, &s, WECHAT_CODE, 800), "00");
    lfx_buy(f, T1, 1, RICH, 1000, "00");
    struct txn_request st = req_settlement(f, T1, 1, 9800, 2, 800, 1);
    const struct txn_response *resp = lfx_decide(f, &st);
    assert_code(resp, "00");
    assert_int_equal(resp->totals.domestic.result, PS_CUP_SETTLE_BALANCED);
}

/* After an unbalanced settlement, a QR purchase's upload line (card type 00, zeros for
 * the PAN) matches it by STAN and amount. */
static void qr_upload_line_matches(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct qr_sale s = qr_buy(f, WECHAT_CODE, WECHAT, 8800, "00");
    struct txn_request st = req_settlement(f, T1, 1, 1, 1, 0, 0);
    assert_int_equal(lfx_decide(f, &st)->totals.domestic.result, PS_CUP_SETTLE_UNBALANCED);
    struct txn_request up = req_base(f, TXN_BATCH_UPLOAD, T1, MID1, 1);
    snprintf(up.mti, sizeof(up.mti), "0320");
    up.network_code = 201;
    up.upload_count = 1;
    up.upload[0] = (struct txn_upload_line){.stan = s.req.stan, .amount = 8800};
    snprintf(up.upload[0].pan, sizeof(up.upload[0].pan), "0000000000000000");
    req_finish(&up);
    const struct txn_response *resp = lfx_decide(f, &up);
    assert_code(resp, "00");
    assert_string_equal(resp->reason, "batch upload: 1 lines received, 1 matched");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(qr_purchase_pays_from_the_wallet, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(qr_declines, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(a_code_pays_once, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(void_and_refund_give_back_to_the_wallet, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(reversals_of_qr_payments, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(qr_payments_count_in_the_totals, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(qr_upload_line_matches, lfx_setup, lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The ledger (src/host/txn/ledger.h): reversals undo exactly once — of every kind, when
 * repeated, when another reversal claims the same STAN (94), when the reversal comes
 * before its original (the late original is declined), and when there is nothing to
 * undo. Balances, statuses and batch totals are checked on the disk. */
#include "test_ledger_fixture.h"

/* Settles T1's batch 1 with these totals and asserts possumd counted the same. */
static void assert_totals(struct lfx *f, int64_t debit, unsigned debits, int64_t credit,
                          unsigned credits)
{
    struct txn_request s = req_settlement(f, T1, 1, debit, debits, credit, credits);
    assert_code(lfx_decide(f, &s), "00");
    if (f->resp.totals.domestic.result != PS_CUP_SETTLE_BALANCED)
        print_error("%s\n", f->resp.reason);
    assert_int_equal(f->resp.totals.domestic.result, PS_CUP_SETTLE_BALANCED);
}

static const struct txn_response *reverse(struct lfx *f, const struct txn_request *r)
{
    struct txn_request v = req_reversal_of(r);
    return lfx_decide(f, &v);
}

static void purchase_reversed_exactly_once(void **state)
{
    struct lfx *f = *state;
    char want[96];
    lfx_sign_in(f, T1, 1);
    struct txn_request p = lfx_buy(f, T1, 1, RICH, 5000, "00");
    char prrn[13];
    memcpy(prrn, f->resp.rrn, sizeof(prrn));
    struct txn_request v = req_reversal_of(&p);

    const struct txn_response *resp = lfx_decide(f, &v);
    assert_code(resp, "00");
    snprintf(want, sizeof(want), "reversed: purchase %06u of batch 000001", p.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(resp->mac, 1);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    assert_string_equal(db_txn(f, prrn).status, "reversed");
    struct txn_row rv = db_txn(f, resp->rrn);
    assert_int_equal(rv.kind, TXN_REVERSAL);
    assert_int_equal(rv.original_id, db_txn(f, prrn).id);
    assert_int_equal(rv.stan, p.stan);
    assert_int_equal(rv.card_id, C_RICH);

    /* repeated: the same answer, nothing moves */
    int64_t rows = db_txn_count(f);
    for (int i = 0; i < 3; i++) {
        assert_code(lfx_decide(f, &v), "00");
        assert_int_equal(f->last_ops, 0);
    }
    assert_int_equal(db_txn_count(f), rows);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));

    /* another reversal of the same STAN with other content: a duplicate */
    struct txn_request other = v;
    other.amount = 4000;
    req_finish(&other);
    assert_code(lfx_decide(f, &other), "94");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    /* the purchase sent again is answered as it was (approved), and moves nothing */
    assert_code(lfx_decide(f, &p), "00");
    assert_int_equal(f->last_ops, 0);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    assert_totals(f, 0, 0, 0, 0);
}

static void reversal_before_its_original(void **state)
{
    struct lfx *f = *state;
    char want[96];
    lfx_sign_in(f, T1, 1);
    struct txn_request p = req_card(f, TXN_PURCHASE, T1, 1, RICH, 5000, PIN);

    const struct txn_response *resp = reverse(f, &p);
    assert_code(resp, "00");
    assert_string_equal(resp->reason, "nothing to reverse: the original never reached possumd");
    assert_int_equal(db_txn(f, resp->rrn).original_id, 0);

    resp = lfx_decide(f, &p); /* the late original */
    assert_code(resp, "12");
    snprintf(want, sizeof(want), "already reversed: the reversal of STAN %06u came first", p.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    assert_code(lfx_decide(f, &p), "12");
    assert_int_equal(f->last_ops, 0);
    assert_totals(f, 0, 0, 0, 0);
}

static void reversal_of_a_decline_moves_nothing(void **state)
{
    struct lfx *f = *state;
    char want[96];
    lfx_sign_in(f, T1, 1);
    struct txn_request p = lfx_buy(f, T1, 1, POOR, YUAN(500), "51");
    const struct txn_response *resp = reverse(f, &p);
    assert_code(resp, "00");
    snprintf(want, sizeof(want),
             "nothing to reverse: purchase %06u of batch 000001 was declined "
             "(51)",
             p.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(balance_of(f, C_POOR), YUAN(100));

    /* nor does a reversal of a voided purchase: the void gave the money back */
    struct txn_request q = lfx_buy(f, T1, 1, POOR, YUAN(50), "00");
    struct txn_request v = req_card(f, TXN_VOID, T1, 1, POOR, YUAN(50), NULL);
    req_original(&v, 1, q.stan, NULL, NULL, NULL);
    assert_code(lfx_decide(f, &v), "00");
    resp = reverse(f, &q);
    assert_code(resp, "00");
    assert_non_null(strstr(resp->reason, "was voided"));
    assert_int_equal(balance_of(f, C_POOR), YUAN(100));

    struct txn_request b = req_card(f, TXN_BALANCE, T1, 1, POOR, 0, PIN);
    assert_code(lfx_decide(f, &b), "00");
    assert_code(reverse(f, &b), "12"); /* inquiries are not reversed */
    assert_totals(f, 0, 0, 0, 0);
}

/* The reversal of a void debits again, even an account that spent the money since. */
static void void_reversed_debits_again(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request p = lfx_buy(f, T1, 1, POOR, YUAN(100), "00");
    char prrn[13];
    memcpy(prrn, f->resp.rrn, sizeof(prrn));
    struct txn_request v = req_card(f, TXN_VOID, T1, 1, POOR, YUAN(100), NULL);
    req_original(&v, 1, p.stan, prrn, NULL, NULL);
    assert_code(lfx_decide(f, &v), "00");
    assert_int_equal(balance_of(f, C_POOR), YUAN(100));
    lfx_buy(f, T1, 1, POOR, YUAN(60), "00");

    const struct txn_response *resp = reverse(f, &v);
    assert_code(resp, "00");
    assert_int_equal(balance_of(f, C_POOR), YUAN(40) - YUAN(100)); /* overdrawn, forced */
    assert_string_equal(db_txn(f, prrn).status, "approved");
    assert_string_equal(db_txn(f, resp->rrn).status, "approved");
    assert_code(reverse(f, &v), "00");
    assert_int_equal(balance_of(f, C_POOR), YUAN(-60));
    assert_totals(f, YUAN(160), 2, 0, 0);
}

static void refund_reversed_takes_the_money_again(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    lfx_buy(f, T1, 1, RICH, 10000, "00");
    char prrn[13];
    memcpy(prrn, f->resp.rrn, sizeof(prrn));
    struct txn_request r = req_card(f, TXN_REFUND, T1, 1, RICH, 3000, NULL);
    req_original(&r, 0, 0, prrn, NULL, NULL);
    assert_code(lfx_decide(f, &r), "00");
    char rrrn[13];
    memcpy(rrrn, f->resp.rrn, sizeof(rrrn));
    assert_int_equal(db_txn(f, prrn).refunded, 3000);

    assert_code(reverse(f, &r), "00");
    assert_int_equal(db_txn(f, prrn).refunded, 0);
    assert_string_equal(db_txn(f, rrrn).status, "reversed");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 10000);
    assert_code(reverse(f, &r), "00");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 10000);

    /* the whole amount can be refunded again */
    r = req_card(f, TXN_REFUND, T1, 1, RICH, 10000, NULL);
    req_original(&r, 0, 0, prrn, NULL, NULL);
    assert_code(lfx_decide(f, &r), "00");
    assert_totals(f, 10000, 1, 10000, 1);
}

static void holds_reversed(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    /* a pre-authorization reversed: the hold released */
    struct txn_request h = req_card(f, TXN_PREAUTH, T1, 1, CREDIT, YUAN(1000), PIN);
    assert_code(lfx_decide(f, &h), "00");
    char auth[7], hrrn[13];
    memcpy(auth, f->resp.auth_code, sizeof(auth));
    memcpy(hrrn, f->resp.rrn, sizeof(hrrn));
    assert_code(reverse(f, &h), "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(50000));
    assert_string_equal(db_txn(f, hrrn).status, "reversed");
    struct txn_request c = req_card(f, TXN_COMPLETION, T1, 1, CREDIT, YUAN(100), PIN);
    req_original(&c, 0, 0, NULL, auth, NULL);
    assert_code(lfx_decide(f, &c), "12"); /* was reversed */

    /* a completion reversed: the hold back as it was, open for another completion */
    h = req_card(f, TXN_PREAUTH, T1, 1, CREDIT, YUAN(1000), PIN);
    assert_code(lfx_decide(f, &h), "00");
    memcpy(auth, f->resp.auth_code, sizeof(auth));
    memcpy(hrrn, f->resp.rrn, sizeof(hrrn));
    c = req_card(f, TXN_COMPLETION, T1, 1, CREDIT, YUAN(1100), PIN);
    req_original(&c, 0, 0, NULL, auth, NULL);
    assert_code(lfx_decide(f, &c), "00");
    char crrn[13];
    memcpy(crrn, f->resp.rrn, sizeof(crrn));
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(48900));
    assert_code(reverse(f, &c), "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49000));
    assert_string_equal(db_txn(f, crrn).status, "reversed");
    assert_string_equal(db_txn(f, hrrn).status, "approved");

    /* its completion void reversed: captured again */
    c = req_card(f, TXN_COMPLETION, T1, 1, CREDIT, YUAN(700), PIN);
    req_original(&c, 0, 0, NULL, auth, NULL);
    assert_code(lfx_decide(f, &c), "00");
    memcpy(crrn, f->resp.rrn, sizeof(crrn));
    struct txn_request cv = req_card(f, TXN_COMPLETION_VOID, T1, 1, CREDIT, YUAN(700), NULL);
    req_original(&cv, 1, c.stan, crrn, NULL, NULL);
    assert_code(lfx_decide(f, &cv), "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49000));
    assert_code(reverse(f, &cv), "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49300));
    assert_string_equal(db_txn(f, crrn).status, "approved");
    assert_string_equal(db_txn(f, hrrn).status, "completed");
    assert_code(reverse(f, &cv), "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49300));

    /* a pre-authorization void stands: a released hold cannot be put back */
    h = req_card(f, TXN_PREAUTH, T1, 1, RICH, YUAN(10), PIN);
    assert_code(lfx_decide(f, &h), "00");
    struct txn_request hv = req_card(f, TXN_PREAUTH_VOID, T1, 1, RICH, YUAN(10), NULL);
    req_original(&hv, 0, 0, NULL, f->resp.auth_code, NULL);
    assert_code(lfx_decide(f, &hv), "00");
    assert_code(reverse(f, &hv), "12");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    assert_totals(f, YUAN(700), 1, 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(purchase_reversed_exactly_once, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(reversal_before_its_original, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(reversal_of_a_decline_moves_nothing, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(void_reversed_debits_again, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(refund_reversed_takes_the_money_again, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(holds_reversed, lfx_setup, lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

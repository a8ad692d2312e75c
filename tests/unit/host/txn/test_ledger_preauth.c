/* The ledger (src/host/txn/ledger.h): pre-authorizations, their voids, completions
 * (up to 115% of the hold) and completion voids — holds on the card, statuses on the
 * disk, the batch totals, and every check. */
#include "test_ledger_fixture.h"

struct hold {
    struct txn_request req;
    char rrn[13];
    char auth[7];
};

static struct hold preauth(struct lfx *f, const char *pan, int64_t amount, const char *want)
{
    struct hold h;
    h.req = req_card(f, TXN_PREAUTH, T1, 1, pan, amount, PIN);
    assert_code(lfx_decide(f, &h.req), want);
    memcpy(h.rrn, f->resp.rrn, sizeof(h.rrn));
    memcpy(h.auth, f->resp.auth_code, sizeof(h.auth));
    return h;
}

static const struct txn_response *complete(struct lfx *f, const char *tid, const char *pan,
                                           const char *auth, int64_t amount, const char *date)
{
    struct txn_request c = req_card(f, TXN_COMPLETION, tid, 1, pan, amount, PIN);
    req_original(&c, 0, 0, NULL, auth, date);
    return lfx_decide(f, &c);
}

static const struct txn_response *release(struct lfx *f, const char *pan, const char *auth,
                                          int64_t amount)
{
    struct txn_request v = req_card(f, TXN_PREAUTH_VOID, T1, 1, pan, amount, NULL);
    req_original(&v, 0, 0, NULL, auth, NULL);
    return lfx_decide(f, &v);
}

static const struct txn_response *void_completion(struct lfx *f, uint32_t stan, const char *pan,
                                                  int64_t amount, const char *rrn)
{
    struct txn_request v = req_card(f, TXN_COMPLETION_VOID, T1, 1, pan, amount, NULL);
    req_original(&v, 1, stan, rrn, NULL, NULL);
    return lfx_decide(f, &v);
}

static void settle_balances(struct lfx *f, int64_t debit, unsigned debits)
{
    struct txn_request s = req_settlement(f, T1, 1, debit, debits, 0, 0);
    assert_code(lfx_decide(f, &s), "00");
    assert_int_equal(f->resp.totals.domestic.result, PS_CUP_SETTLE_BALANCED);
}

static void preauth_holds_and_completion_captures(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct hold h = preauth(f, CREDIT, YUAN(1000), "00");
    assert_int_equal(strlen(h.auth), 6);
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49000));
    struct txn_row p = db_txn(f, h.rrn);
    assert_int_equal(p.kind, TXN_PREAUTH);
    assert_string_equal(p.status, "approved");
    assert_string_equal(p.auth_code, h.auth);
    assert_int_equal(p.fee, 0);

    /* a completion of 115% of the hold is allowed, a fen more is not (the issuer's 13) */
    assert_code(complete(f, T1, CREDIT, h.auth, YUAN(1150) + 1, "0615"), "13");
    const struct txn_response *resp = complete(f, T1, CREDIT, h.auth, YUAN(1150), "0615");
    assert_code(resp, "00");
    assert_string_equal(resp->auth_code, h.auth);
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(48850));
    struct txn_row c = db_txn(f, resp->rrn);
    assert_int_equal(c.kind, TXN_COMPLETION);
    assert_int_equal(c.original_id, p.id);
    assert_int_equal(c.fee, 690); /* 0.60% of 1150.00 */
    assert_string_equal(db_txn(f, h.rrn).status, "completed");

    /* the hold is gone: a second completion is refused by the ledger */
    resp = complete(f, T1, CREDIT, h.auth, YUAN(10), NULL);
    assert_code(resp, "12");
    char want[96];
    snprintf(want, sizeof(want),
             "completion refused: pre-authorization %06u of batch 000001 was "
             "already completed",
             h.req.stan);
    assert_string_equal(resp->reason, want);
    /* completions are sales: in the batch totals; pre-authorizations are not */
    settle_balances(f, YUAN(1150), 1);
}

static void completion_checks_the_preauth(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    lfx_sign_in(f, T5, 1);
    struct hold h = preauth(f, CREDIT, YUAN(1000), "00");

    const struct txn_response *resp = complete(f, T1, CREDIT, "999999", YUAN(100), NULL);
    assert_code(resp, "25");
    assert_string_equal(resp->reason, "completion refused: no open pre-authorization with auth "
                                      "code 999999 for this card");
    assert_code(complete(f, T1, RICH, h.auth, YUAN(100), NULL), "25"); /* another card */
    assert_code(complete(f, T1, CREDIT, h.auth, YUAN(100), "0614"), "25");
    assert_code(complete(f, T5, CREDIT, h.auth, YUAN(100), NULL), "12"); /* another merchant */
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49000));
    assert_string_equal(db_txn(f, h.rrn).status, "approved");

    /* the extra over the hold comes from the balance: 51 without it */
    struct hold poor = preauth(f, POOR, YUAN(90), "00"); /* 10.00 left on the card */
    assert_code(complete(f, T1, POOR, poor.auth, YUAN(1035) / 10, NULL), "51");
    assert_code(complete(f, T1, POOR, poor.auth, YUAN(100), NULL), "00");
    assert_int_equal(balance_of(f, C_POOR), 0);
    preauth(f, POOR, YUAN(1), "51");
}

static void preauth_void_releases_the_hold(void **state)
{
    struct lfx *f = *state;
    char want[96];
    lfx_sign_in(f, T1, 1);
    struct hold h = preauth(f, CREDIT, YUAN(1000), "00");

    assert_code(release(f, CREDIT, h.auth, YUAN(999)), "13");
    assert_code(release(f, CREDIT, "999999", YUAN(1000)), "25");
    const struct txn_response *resp = release(f, CREDIT, h.auth, YUAN(1000));
    assert_code(resp, "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(50000));
    assert_string_equal(db_txn(f, h.rrn).status, "voided");
    assert_int_equal(db_txn(f, resp->rrn).original_id, db_txn(f, h.rrn).id);

    resp = release(f, CREDIT, h.auth, YUAN(1000));
    assert_code(resp, "12");
    snprintf(want, sizeof(want),
             "void refused: pre-authorization %06u of batch 000001 was "
             "already voided",
             h.req.stan);
    assert_string_equal(resp->reason, want);
    assert_code(complete(f, T1, CREDIT, h.auth, YUAN(1000), NULL), "12");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(50000));
    settle_balances(f, 0, 0);
}

static void completion_void_opens_the_preauth_again(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct hold h = preauth(f, CREDIT, YUAN(1000), "00");
    struct txn_request c = req_card(f, TXN_COMPLETION, T1, 1, CREDIT, YUAN(800), PIN);
    req_original(&c, 0, 0, NULL, h.auth, NULL);
    assert_code(lfx_decide(f, &c), "00");
    char crrn[13];
    memcpy(crrn, f->resp.rrn, sizeof(crrn));
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49200));

    assert_code(void_completion(f, 999000, CREDIT, YUAN(800), NULL), "25");
    assert_code(void_completion(f, c.stan, CREDIT, YUAN(801), NULL), "13");
    assert_code(void_completion(f, c.stan, RICH, YUAN(800), NULL), "12");
    const struct txn_response *resp = void_completion(f, c.stan, CREDIT, YUAN(800), crrn);
    assert_code(resp, "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49000)); /* held again */
    assert_string_equal(db_txn(f, crrn).status, "voided");
    assert_string_equal(db_txn(f, h.rrn).status, "approved");
    assert_code(void_completion(f, c.stan, CREDIT, YUAN(800), crrn), "12");

    /* open again: completed for another amount */
    assert_code(complete(f, T1, CREDIT, h.auth, YUAN(900), NULL), "00");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(49100));
    assert_string_equal(db_txn(f, h.rrn).status, "completed");
    settle_balances(f, YUAN(900), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(preauth_holds_and_completion_captures, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(completion_checks_the_preauth, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(preauth_void_releases_the_hold, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(completion_void_opens_the_preauth_again, lfx_setup,
                                        lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

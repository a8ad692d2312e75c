/* The ledger (src/host/txn/ledger.h): voids of purchases and refunds — every check in
 * the order a support person reads them, the money back on the card, the original's
 * status and refunded amount on the disk, and partial refunds until nothing is left. */
#include "test_ledger_fixture.h"

struct sale {
    struct txn_request req;
    char rrn[13];
    char date[5];
};

static struct sale buy(struct lfx *f, const char *tid, const char *pan, int64_t amount)
{
    struct sale s;
    s.req = lfx_buy(f, tid, 1, pan, amount, "00");
    memcpy(s.rrn, f->resp.rrn, sizeof(s.rrn));
    memcpy(s.date, f->resp.local_date, sizeof(s.date));
    return s;
}

static const struct txn_response *void_of(struct lfx *f, const struct sale *s, const char *pan,
                                          int64_t amount, const char *rrn, uint32_t batch)
{
    struct txn_request v = req_card(f, TXN_VOID, T1, batch, pan, amount, NULL);
    req_original(&v, s->req.batch, s->req.stan, rrn, NULL, NULL);
    return lfx_decide(f, &v);
}

static const struct txn_response *refund_of(struct lfx *f, const char *tid, const char *rrn,
                                            const char *date, const char *pan, int64_t amount,
                                            uint32_t batch)
{
    struct txn_request r = req_card(f, TXN_REFUND, tid, batch, pan, amount, NULL);
    req_original(&r, 0, 0, rrn, NULL, date);
    return lfx_decide(f, &r);
}

static void void_gives_the_money_back_once(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct sale s = buy(f, T1, RICH, 8800);
    const struct txn_response *resp = void_of(f, &s, RICH, 8800, s.rrn, 1);
    assert_code(resp, "00");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    struct txn_row v = db_txn(f, resp->rrn);
    struct txn_row p = db_txn(f, s.rrn);
    assert_string_equal(p.status, "voided");
    assert_int_equal(v.original_id, p.id);
    assert_string_equal(v.status, "approved");
    assert_int_equal(v.kind, TXN_VOID);
    assert_int_equal(v.card_id, C_RICH);

    /* a second void of the same purchase (new STAN): already voided */
    resp = void_of(f, &s, RICH, 8800, s.rrn, 1);
    assert_code(resp, "12");
    char want[96];
    snprintf(want, sizeof(want), "void refused: purchase %06u of batch 000001 was already voided",
             s.req.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
}

static void void_checks_the_original(void **state)
{
    struct lfx *f = *state;
    char want[96];
    lfx_sign_in(f, T1, 1);
    struct sale s = buy(f, T1, RICH, 8800);

    struct sale missing = s;
    missing.req.stan = 999000;
    const struct txn_response *resp = void_of(f, &missing, RICH, 8800, NULL, 1);
    assert_code(resp, "25");
    assert_string_equal(resp->reason, "void refused: no purchase with STAN 999000 in batch 000001");

    resp = void_of(f, &s, CREDIT, 8800, NULL, 1);
    assert_code(resp, "12");
    snprintf(want, sizeof(want),
             "void refused: purchase %06u of batch 000001 was paid with "
             "another card",
             s.req.stan);
    assert_string_equal(resp->reason, want);

    resp = void_of(f, &s, RICH, 8801, NULL, 1);
    assert_code(resp, "13");
    snprintf(want, sizeof(want),
             "void refused: the amount of purchase %06u of batch 000001 is "
             "88.00",
             s.req.stan);
    assert_string_equal(resp->reason, want);

    resp = void_of(f, &s, RICH, 8800, "019999999999", 1);
    assert_code(resp, "25");

    /* declined purchases are not voided */
    struct txn_request poor = lfx_buy(f, T1, 1, POOR, YUAN(500), "51");
    struct sale declined = {.req = poor};
    resp = void_of(f, &declined, POOR, YUAN(500), NULL, 1);
    assert_code(resp, "12");
    snprintf(want, sizeof(want), "void refused: purchase %06u of batch 000001 was declined",
             poor.stan);
    assert_string_equal(resp->reason, want);

    /* refunded in part: no void */
    assert_code(refund_of(f, T1, s.rrn, s.date, RICH, 100, 1), "00");
    resp = void_of(f, &s, RICH, 8800, NULL, 1);
    assert_code(resp, "12");
    snprintf(want, sizeof(want), "void refused: purchase %06u of batch 000001 was refunded in part",
             s.req.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 8800 + 100);
    assert_string_equal(db_txn(f, s.rrn).status, "approved");
}

static void void_of_another_batch_is_12(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct sale s = buy(f, T1, RICH, 8800);
    struct txn_request settle = req_settlement(f, T1, 1, 8800, 1, 0, 0);
    assert_code(lfx_decide(f, &settle), "00");
    assert_int_equal(lfx_sign_in(f, T1, 1), 2);

    const struct txn_response *resp = void_of(f, &s, RICH, 8800, NULL, 2);
    assert_code(resp, "12");
    char want[96];
    snprintf(want, sizeof(want),
             "void refused: purchase %06u of batch 000001 is not in the "
             "current batch 000002",
             s.req.stan);
    assert_string_equal(resp->reason, want);
    assert_string_equal(db_txn(f, s.rrn).status, "approved");
}

static void refunds_in_parts_until_nothing_is_left(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    lfx_sign_in(f, T2, 1);
    struct sale s = buy(f, T1, CREDIT, 10000);
    const struct txn_response *resp;

    assert_code(refund_of(f, T1, s.rrn, s.date, CREDIT, 3000, 1), "00");
    assert_int_equal(db_txn(f, s.rrn).refunded, 3000);
    struct txn_row first = db_txn(f, f->resp.rrn);
    assert_int_equal(first.kind, TXN_REFUND);
    assert_int_equal(first.original_id, db_txn(f, s.rrn).id);
    assert_int_equal(first.fee, 0);

    /* another terminal of the same merchant may refund too */
    assert_code(refund_of(f, T2, s.rrn, s.date, CREDIT, 5000, 1), "00");
    resp = refund_of(f, T1, s.rrn, s.date, CREDIT, 2001, 1);
    assert_code(resp, "13");
    char want[96];
    snprintf(want, sizeof(want),
             "refund refused: purchase %06u of batch 000001 has 20.00 left "
             "to refund",
             s.req.stan);
    assert_string_equal(resp->reason, want);
    assert_code(refund_of(f, T1, s.rrn, NULL, CREDIT, 2000, 1), "00");
    assert_int_equal(db_txn(f, s.rrn).refunded, 10000);
    assert_string_equal(db_txn(f, s.rrn).status, "approved");
    assert_code(refund_of(f, T1, s.rrn, s.date, CREDIT, 1, 1), "13");
    assert_int_equal(balance_of(f, C_CREDIT), YUAN(50000));
}

static void refund_checks_the_sale(void **state)
{
    struct lfx *f = *state;
    char want[96];
    lfx_sign_in(f, T1, 1);
    lfx_sign_in(f, T5, 1);
    struct sale s = buy(f, T1, RICH, 5000);

    const struct txn_response *resp = refund_of(f, T1, "019999999999", NULL, RICH, 100, 1);
    assert_code(resp, "25");
    assert_string_equal(resp->reason, "refund refused: no sale with RRN 019999999999");

    resp = refund_of(f, T1, s.rrn, "0614", RICH, 100, 1);
    assert_code(resp, "25");
    snprintf(want, sizeof(want),
             "refund refused: purchase %06u of batch 000001 (RRN %s) was "
             "made on 0615, not 0614",
             s.req.stan, s.rrn);
    assert_string_equal(resp->reason, want);

    assert_code(refund_of(f, T1, s.rrn, s.date, CREDIT, 100, 1), "12"); /* another card */
    assert_code(refund_of(f, T5, s.rrn, s.date, RICH, 100, 1), "12");   /* another merchant */
    assert_non_null(strstr(f->resp.reason, "was made at another merchant"));
    assert_code(refund_of(f, T1, s.rrn, s.date, RICH, 0, 1), "13");

    /* a sign-in's RRN is no sale */
    lfx_sign_in(f, T1, 1);
    assert_code(refund_of(f, T1, f->resp.rrn, NULL, RICH, 100, 1), "25");

    /* a voided sale is not refunded */
    assert_code(void_of(f, &s, RICH, 5000, NULL, 1), "00");
    resp = refund_of(f, T1, s.rrn, s.date, RICH, 100, 1);
    assert_code(resp, "12");
    snprintf(want, sizeof(want),
             "refund refused: purchase %06u of batch 000001 was already "
             "voided",
             s.req.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
}

/* A refund of a sale from an earlier batch, after the sale left memory: found on the
 * disk, and its refunded amount then kept in memory ahead of the disk. */
static void refund_of_an_old_sale_from_the_disk(void **state)
{
    struct lfx *f = lfx_new(6); /* six recent rows per terminal */
    (void)state;
    lfx_sign_in(f, T1, 1);
    struct sale s = buy(f, T1, RICH, 5000);
    for (int i = 0; i < 6; i++)
        buy(f, T1, RICH, 100);
    assert_code(refund_of(f, T1, s.rrn, s.date, RICH, 2000, 1), "00");
    assert_code(refund_of(f, T1, s.rrn, s.date, RICH, 3000, 1), "00");
    assert_code(refund_of(f, T1, s.rrn, s.date, RICH, 1, 1), "13");
    assert_int_equal(db_txn(f, s.rrn).refunded, 5000);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 600);

    /* the same with nothing committed in between: memory must hold what the disk has not */
    struct sale t = buy(f, T1, RICH, 5000);
    for (int i = 0; i < 6; i++)
        buy(f, T1, RICH, 100);
    f->commit_each = 0;
    assert_code(refund_of(f, T1, t.rrn, t.date, RICH, 2000, 1), "00");
    assert_code(refund_of(f, T1, t.rrn, t.date, RICH, 3000, 1), "00");
    assert_code(refund_of(f, T1, t.rrn, t.date, RICH, 1, 1), "13");
    lfx_commit(f);
    ledger_committed(f->ledger, f->seq);
    f->commit_each = 1;
    assert_int_equal(db_txn(f, t.rrn).refunded, 5000);
    lfx_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(void_gives_the_money_back_once, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(void_checks_the_original, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(void_of_another_batch_is_12, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(refunds_in_parts_until_nothing_is_left, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(refund_checks_the_sale, lfx_setup, lfx_teardown),
        cmocka_unit_test(refund_of_an_old_sale_from_the_disk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

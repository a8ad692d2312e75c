/* The ledger (src/host/txn/ledger.h): batch settlement against what possumd counted
 * (domestic and foreign cards), the batch upload that follows an unbalanced one, and
 * the batch the next sign-in opens. The settlement and upload rows are read back with
 * SQL, since the store has no lookup for them. */
#include "test_ledger_fixture.h"

static struct txn_request settlement(struct lfx *f, uint32_t batch, const struct ps_cup_totals *t)
{
    struct txn_request s = req_settlement(f, T1, batch, 0, 0, 0, 0);
    s.totals = *t;
    req_finish(&s);
    return s;
}

/* A day of T1: a domestic sale, a foreign sale and a refund. */
static void trade(struct lfx *f)
{
    lfx_sign_in(f, T1, 1);
    lfx_buy(f, T1, 1, RICH, 10000, "00");
    char rrn[13];
    memcpy(rrn, f->resp.rrn, sizeof(rrn));
    lfx_buy(f, T1, 1, FOREIGN, 5000, "00");
    assert_int_equal(db_txn(f, f->resp.rrn).domestic, 0);
    lfx_buy(f, T1, 1, POOR, YUAN(1000), "51"); /* declines are not counted */
    struct txn_request r = req_card(f, TXN_REFUND, T1, 1, RICH, 2000, NULL);
    req_original(&r, 0, 0, rrn, NULL, NULL);
    assert_code(lfx_decide(f, &r), "00");
}

static const struct ps_cup_totals day = {
    .domestic = {.debit_amount = 10000, .debit_count = 1, .credit_amount = 2000, .credit_count = 1},
    .has_foreign = 1,
    .foreign = {.debit_amount = 5000, .debit_count = 1},
};

static void balanced_settlement_closes_the_batch(void **state)
{
    struct lfx *f = *state;
    trade(f);
    struct txn_request s = settlement(f, 1, &day);
    const struct txn_response *resp = lfx_decide(f, &s);

    assert_code(resp, "00");
    assert_true(resp->has_totals);
    assert_int_equal(resp->totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    assert_int_equal(resp->totals.foreign.result, PS_CUP_SETTLE_BALANCED);
    assert_int_equal(resp->totals.domestic.debit_amount, 10000);
    assert_string_equal(resp->settle_date, "0615");
    assert_string_equal(resp->reason, "balanced: batch 000001, 1 sales 100.00, 1 refunds 20.00");
    assert_int_equal(db_terminal(f, T1).batch_settled, 1);
    assert_int_equal(lfx_sql_int(f, "SELECT balanced FROM settlements WHERE tid = '10000001' AND "
                                    "batch = 1 AND host_domestic_debit_amount = 10000 AND "
                                    "host_foreign_debit_amount = 5000 AND "
                                    "terminal_domestic_credit_amount = 2000"),
                     1);

    /* sent again: the same answer, no second settlement */
    resp = lfx_decide(f, &s);
    assert_code(resp, "00");
    assert_int_equal(f->last_ops, 0);
    assert_int_equal(resp->totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    assert_int_equal(lfx_sql_int(f, "SELECT COUNT(*) FROM settlements"), 1);

    assert_int_equal(lfx_sign_in(f, T1, 1), 2);
    struct ps_cup_totals none = {0};
    s = settlement(f, 2, &none);
    assert_code(lfx_decide(f, &s), "00");
    assert_int_equal(f->resp.totals.domestic.result, PS_CUP_SETTLE_BALANCED);
}

static void unbalanced_settlement_then_batch_upload(void **state)
{
    struct lfx *f = *state;
    trade(f);
    struct ps_cup_totals domestic_only = day; /* the foreign sale left out */
    domestic_only.has_foreign = 0;
    memset(&domestic_only.foreign, 0, sizeof(domestic_only.foreign));
    struct txn_request s = settlement(f, 1, &domestic_only);
    const struct txn_response *resp = lfx_decide(f, &s);
    assert_code(resp, "00");
    assert_int_equal(resp->totals.domestic.result, PS_CUP_SETTLE_UNBALANCED);
    assert_string_equal(resp->reason, "not balanced: batch 000001, foreign cards differ");
    assert_int_equal(db_terminal(f, T1).batch_settled, 0);

    struct ps_cup_totals wrong = day;
    wrong.domestic.debit_amount = 9999;
    s = settlement(f, 1, &wrong);
    resp = lfx_decide(f, &s);
    assert_int_equal(resp->totals.domestic.result, PS_CUP_SETTLE_UNBALANCED);
    assert_string_equal(resp->reason, "not balanced: terminal 1 sales 99.99, 1 refunds 20.00; "
                                      "possumd 1 sales 100.00, 1 refunds 20.00");
    assert_int_equal(lfx_sql_int(f, "SELECT COUNT(*) FROM settlements WHERE balanced = 0"), 2);
    assert_int_equal(lfx_sign_in(f, T1, 1), 1); /* not settled: the batch stays */

    /* the upload (trade() used STANs 2 and 3 for its sales): the domestic sale matches,
     * a line with another amount does not */
    struct txn_request up = req_base(f, TXN_BATCH_UPLOAD, T1, MID1, 1);
    snprintf(up.mti, sizeof(up.mti), "0320");
    up.network_code = 201;
    up.upload_count = 2;
    up.upload[0] = (struct txn_upload_line){.stan = 2, .amount = 10000};
    snprintf(up.upload[0].pan, sizeof(up.upload[0].pan), "%s", RICH);
    up.upload[1] = (struct txn_upload_line){.foreign = 1, .stan = 3, .amount = 4999};
    snprintf(up.upload[1].pan, sizeof(up.upload[1].pan), "%s", FOREIGN);
    req_finish(&up);
    resp = lfx_decide(f, &up);
    assert_code(resp, "00");
    assert_string_equal(resp->reason, "batch upload: 2 lines received, 1 matched");
    assert_int_equal(lfx_sql_int(f, "SELECT COUNT(*) FROM uploads WHERE batch = 1 AND stan = 2 AND "
                                    "matched = 1 AND card_masked = '622202*********0018'"),
                     1);
    assert_int_equal(lfx_sql_int(f, "SELECT COUNT(*) FROM uploads WHERE stan = 3 AND matched = 0 "
                                    "AND is_foreign = 1"),
                     1);
    assert_code(lfx_decide(f, &up), "00"); /* sent again: no second line */
    assert_int_equal(lfx_sql_int(f, "SELECT COUNT(*) FROM uploads"), 2);

    struct txn_request end = req_base(f, TXN_BATCH_UPLOAD, T1, MID1, 1);
    snprintf(end.mti, sizeof(end.mti), "0320");
    end.network_code = 202;
    end.upload_last = 1;
    end.upload_count = 2;
    req_finish(&end);
    resp = lfx_decide(f, &end);
    assert_code(resp, "00");
    assert_string_equal(resp->reason, "batch upload: 2 lines, 1 matched");
    assert_int_equal(db_terminal(f, T1).batch_settled, 1);
    assert_int_equal(lfx_sign_in(f, T1, 1), 2);
}

static void settlement_without_totals_is_30(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request s = req_settlement(f, T1, 1, 0, 0, 0, 0);
    s.has_totals = 0;
    req_finish(&s);
    const struct txn_response *resp = lfx_decide(f, &s);
    assert_code(resp, "30");
    assert_string_equal(resp->reason, "settlement: field 48 (the batch totals) is missing");
    assert_int_equal(lfx_sql_int(f, "SELECT COUNT(*) FROM settlements"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(balanced_settlement_closes_the_batch, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(unbalanced_settlement_then_batch_upload, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(settlement_without_totals_is_30, lfx_setup, lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

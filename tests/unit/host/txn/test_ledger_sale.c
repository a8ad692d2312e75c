/* The ledger (src/host/txn/ledger.h): purchases and their journal rows, fees, every
 * decline of the issuer passed through, retransmissions (same answer, money moved
 * once), duplicates (94), balance inquiries, and the decision rate. */
#include "test_ledger_fixture.h"

#include <time.h>

static void purchase_is_recorded_with_its_fee(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request r = lfx_buy(f, T1, 1, RICH, 12345, "00");
    const struct txn_response *resp = &f->resp;
    char token[KEYS_TOKEN_HEX + 1];

    assert_int_equal(strlen(resp->auth_code), 6);
    assert_string_equal(resp->settle_date, "0615");
    assert_int_equal(resp->mac, 1);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 12345);

    struct txn_row row = db_txn(f, resp->rrn);
    host_keys_pan_token(f->keys, RICH, token);
    assert_int_equal(row.kind, TXN_PURCHASE);
    assert_string_equal(row.tid, T1);
    assert_string_equal(row.mid, MID1);
    assert_int_equal(row.merchant_id, 1);
    assert_int_equal(row.batch, 1);
    assert_int_equal(row.stan, r.stan);
    assert_int_equal(row.amount, 12345);
    assert_int_equal(row.fee, 74); /* 0.60% of 123.45 = 0.7407 */
    assert_int_equal(row.card_id, C_RICH);
    assert_string_equal(row.card_token, token);
    assert_string_equal(row.card_masked, "622202*********0018");
    assert_int_equal(row.domestic, 1);
    assert_string_equal(row.response_code, "00");
    assert_string_equal(row.status, "approved");
    assert_string_equal(row.auth_code, resp->auth_code);
    assert_string_equal(row.local_date, "20250615");
    assert_string_equal(row.local_time, "100000");
    assert_string_equal(row.settle_date, "0615");
    assert_string_equal(row.entry_mode, "021");
    assert_string_equal(row.mti, "0200");
    assert_string_equal(row.processing_code, "000000");
    assert_int_equal(row.created_us, T0_US);
    assert_int_equal(row.fingerprint, r.fingerprint);
    assert_int_equal(row.original_id, 0);
    assert_true(row.reason[0] != '\0');
    /* the clear PAN is nowhere in the row */
    assert_null(strstr(row.card_token, RICH));
    assert_null(strstr(row.reason, RICH));
}

static void fee_rounds_half_up(void **state)
{
    struct lfx *f = *state;
    static const struct {
        int64_t amount, fee;
    } cases[] = {
        {250, 2},                    /* 1.5 fen: half up */
        {1250, 8},                   /* 7.5 */
        {1249, 7},                   /* 7.494 */
        {83, 0},                     /* 0.498 */
        {84, 1},                     /* 0.504 */
        {12345, 74}, {999999, 6000}, /* 5999.994 */
    };
    lfx_sign_in(f, T1, 1);
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        lfx_buy(f, T1, 1, RICH, cases[i].amount, "00");
        assert_int_equal(db_txn(f, f->resp.rrn).fee, cases[i].fee);
    }
}

/* Every decline of the issuer reaches the terminal and the journal as it was given. */
static void issuer_declines_pass_through(void **state)
{
    struct lfx *f = *state;
    static const struct {
        const char *pan;
        int64_t amount;
        const char *pin, *code;
    } cases[] = {
        {UNKNOWN, 1000, PIN, "14"},
        {"6222020000000000010", 1000, PIN, "14"}, /* fails the Luhn check */
        {LOST, 1000, PIN, "41"},
        {STOLEN, 1000, PIN, "43"},
        {EXPIRED, 1000, PIN, "54"},
        {RICH, 1000, "654321", "55"},
        {POOR, YUAN(100) + 1, PIN, "51"},
        {LIMITED, YUAN(500) + 1, PIN, "61"},
        {RICH, 0, PIN, "13"},
    };
    lfx_sign_in(f, T1, 1);
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct txn_request r =
            req_card(f, TXN_PURCHASE, T1, 1, cases[i].pan, cases[i].amount, cases[i].pin);
        const struct txn_response *resp = lfx_decide(f, &r);
        assert_code(resp, cases[i].code);
        assert_true(resp->reason[0] != '\0');
        assert_string_equal(resp->auth_code, "");
        struct txn_row row = db_txn(f, resp->rrn);
        assert_string_equal(row.response_code, cases[i].code);
        assert_string_equal(row.status, "declined");
        assert_string_equal(row.reason, resp->reason);
        assert_int_equal(row.fee, 0);
    }
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
    assert_int_equal(balance_of(f, C_POOR), YUAN(100));

    /* three wrong PINs in a row (the right one above reset the count): 55, 55, then 75,
     * and 75 for the right PIN too */
    static const char *const tries[][2] = {
        {"111111", "55"}, {"222222", "55"}, {"333333", "75"}, {PIN, "75"}};
    for (size_t i = 0; i < PS_ARRAY_LEN(tries); i++) {
        struct txn_request r = req_card(f, TXN_PURCHASE, T1, 1, RICH, 1000, tries[i][0]);
        assert_code(lfx_decide(f, &r), tries[i][1]);
    }
}

static void retransmission_gets_the_same_answer_and_moves_money_once(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request r = lfx_buy(f, T1, 1, RICH, 5000, "00");
    struct txn_response first = f->resp;
    int64_t rows = db_txn_count(f);

    f->now_us += 30 * 1000000; /* 30 s later */
    const struct txn_response *again = lfx_decide(f, &r);
    assert_code(again, "00");
    assert_int_equal(f->last_ops, 0);
    assert_string_equal(again->rrn, first.rrn);
    assert_string_equal(again->auth_code, first.auth_code);
    assert_string_equal(again->settle_date, first.settle_date);
    assert_string_equal(again->local_time, first.local_time);
    assert_string_equal(again->reason, first.reason);
    assert_int_equal(again->mac, 1);
    assert_int_equal(db_txn_count(f), rows);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 5000);

    /* a declined request sent again is declined again, without a second row */
    struct txn_request poor = req_card(f, TXN_PURCHASE, T1, 1, POOR, YUAN(200), PIN);
    assert_code(lfx_decide(f, &poor), "51");
    char rrn[13];
    memcpy(rrn, f->resp.rrn, sizeof(rrn));
    assert_code(lfx_decide(f, &poor), "51");
    assert_string_equal(f->resp.rrn, rrn);
    assert_int_equal(db_txn_count(f), rows + 1);
}

static void same_stan_other_content_is_94(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request r = lfx_buy(f, T1, 1, RICH, 5000, "00");
    int64_t rows = db_txn_count(f);
    struct txn_request dup = r;
    dup.amount = 6000;
    req_finish(&dup);

    const struct txn_response *resp = lfx_decide(f, &dup);
    assert_code(resp, "94");
    char want[96];
    snprintf(want, sizeof(want), "duplicate: STAN %06u was used for another request in this batch",
             r.stan);
    assert_string_equal(resp->reason, want);
    assert_int_equal(db_txn_count(f), rows + 1);
    struct txn_row row = db_txn(f, resp->rrn);
    assert_string_equal(row.status, "declined");
    assert_int_equal(row.fingerprint, dup.fingerprint);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 5000);

    /* the duplicate sent again: its own answer, no new row; the original still replays */
    char rrn[13];
    memcpy(rrn, resp->rrn, sizeof(rrn));
    assert_code(lfx_decide(f, &dup), "94");
    assert_string_equal(f->resp.rrn, rrn);
    assert_code(lfx_decide(f, &r), "00");
    assert_int_equal(db_txn_count(f), rows + 1);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 5000);
}

static void balance_inquiry_answers_the_available_amount(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request q = req_card(f, TXN_BALANCE, T1, 1, CREDIT, 0, PIN);
    const struct txn_response *resp = lfx_decide(f, &q);
    assert_code(resp, "00");
    assert_true(resp->has_balance);
    assert_int_equal(resp->balance, YUAN(50000));
    assert_string_equal(db_txn(f, resp->rrn).status, "approved");

    /* sent again after a purchase: the answer again, with the balance as it is now */
    lfx_buy(f, T1, 1, CREDIT, YUAN(100), "00");
    resp = lfx_decide(f, &q);
    assert_code(resp, "00");
    assert_int_equal(f->last_ops, 0);
    assert_int_equal(resp->balance, YUAN(49900));

    struct txn_request nopin = req_card(f, TXN_BALANCE, T1, 1, CREDIT, 0, NULL);
    resp = lfx_decide(f, &nopin);
    assert_code(resp, "55");
    assert_false(resp->has_balance);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Decides n purchases at T1 and T2 in batch, committing every 48 decisions as the
 * engine would (a terminal has a few requests in flight, not hundreds); returns the
 * seconds spent deciding, commits excluded. */
static double time_purchases(struct lfx *f, int n, uint32_t batch)
{
    static const char *const tids[] = {T1, T2};
    enum { GROUP = 48 };
    double spent = 0;

    f->commit_each = 0;
    for (int i = 0; i < n; i++) {
        struct txn_request r = req_card(f, TXN_PURCHASE, tids[i % 2], batch, RICH, 100, PIN);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        lfx_decide(f, &r);
        spent += seconds_since(&t0);
        assert_code(&f->resp, "00");
        if ((i + 1) % GROUP == 0 || i + 1 == n) {
            lfx_commit(f);
            ledger_committed(f->ledger, f->seq);
        }
    }
    f->commit_each = 1;
    return spent;
}

/* Not a benchmark (make bench is): the rate of decisions alone. Right after start-up
 * a miss in memory asks the reader (the disk may hold the terminal's earlier rows of
 * its batch); once a terminal opened a batch since, memory answers alone. */
static void decision_rate_of_purchases(void **state)
{
    struct lfx *f = *state;
    enum { N_LOADED = 4000, N_OPENED = 20000 };

    lfx_sign_in(f, T1, 1);
    lfx_sign_in(f, T2, 1);
    double loaded = time_purchases(f, N_LOADED, 1);
    struct txn_request s1 = req_settlement(f, T1, 1, 100 * N_LOADED / 2, N_LOADED / 2, 0, 0);
    struct txn_request s2 = req_settlement(f, T2, 1, 100 * N_LOADED / 2, N_LOADED / 2, 0, 0);
    assert_code(lfx_decide(f, &s1), "00");
    assert_code(lfx_decide(f, &s2), "00");
    assert_int_equal(f->resp.totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    assert_int_equal(lfx_sign_in(f, T1, 1), 2);
    assert_int_equal(lfx_sign_in(f, T2, 1), 2);
    double opened = time_purchases(f, N_OPENED, 2);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 100 * (N_LOADED + N_OPENED));
    print_message("ledger: purchases decided (commits excluded): %.0f/s in a batch loaded at "
                  "start-up (reader lookups), %.0f/s in a batch opened since\n",
                  N_LOADED / loaded, N_OPENED / opened);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(purchase_is_recorded_with_its_fee, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(fee_rounds_half_up, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(issuer_declines_pass_through, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(retransmission_gets_the_same_answer_and_moves_money_once,
                                        lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(same_stan_other_content_is_94, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(balance_inquiry_answers_the_available_amount, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(decision_rate_of_purchases, lfx_setup, lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

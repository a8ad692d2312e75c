/* The ledger's memory (src/host/txn/handlers/): rings of recent transactions that stay
 * bounded, lookups that fall back to the disk once a row left memory, rows changed by
 * uncommitted batches that are never forgotten, the table of open pre-authorizations,
 * and internal failures answered 96 with nothing recorded but the journal row. */
#include "test_ledger_fixture.h"

#include "host/txn/handlers/handlers.h"

/* Retransmissions and voids of rows evicted from a 6-row ring are found on the disk,
 * in a batch loaded at start-up and in one opened since. */
static void evicted_rows_are_found_on_the_disk(void **state)
{
    struct lfx *f = lfx_new(6);
    (void)state;
    for (uint32_t batch = 1; batch <= 2; batch++) {
        assert_int_equal(lfx_sign_in(f, T1, 1), batch);
        struct txn_request first = lfx_buy(f, T1, batch, RICH, 1000, "00");
        char rrn[13];
        memcpy(rrn, f->resp.rrn, sizeof(rrn));
        for (int i = 0; i < 10; i++) /* pushes `first` out of the ring */
            lfx_buy(f, T1, batch, RICH, 10, "00");
        int64_t balance = balance_of(f, C_RICH), rows = db_txn_count(f);

        assert_code(lfx_decide(f, &first), "00");
        assert_string_equal(f->resp.rrn, rrn);
        assert_int_equal(db_txn_count(f), rows);
        struct txn_request dup = first;
        dup.amount = 999;
        req_finish(&dup);
        assert_code(lfx_decide(f, &dup), "94");
        struct txn_request v = req_card(f, TXN_VOID, T1, batch, RICH, 1000, NULL);
        req_original(&v, batch, first.stan, rrn, NULL, NULL);
        assert_code(lfx_decide(f, &v), "00");
        assert_int_equal(balance_of(f, C_RICH), balance + 1000);
        /* a reversal of the void: the purchase, now in memory again, debited again */
        struct txn_request rv = req_reversal_of(&v);
        assert_code(lfx_decide(f, &rv), "00");
        assert_string_equal(db_txn(f, rrn).status, "approved");
        assert_int_equal(balance_of(f, C_RICH), balance);
        struct txn_request s = req_settlement(f, T1, batch, 1100, 11, 0, 0);
        assert_int_equal(lfx_decide(f, &s)->totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    }
    lfx_free(f);
}

/* A ring whose rows all wait for a commit takes no new row: the request is deferred
 * (nothing decided, nothing appended) and decided after the commit — never answered
 * unrecorded. */
static void rows_waiting_for_the_disk_are_kept(void **state)
{
    struct lfx *f = lfx_new(4);
    (void)state;
    lfx_sign_in(f, T1, 1);
    f->commit_each = 0;
    int approved = 0;
    struct txn_request r;
    for (int i = 0; i < 4 && f->last_rc != LEDGER_DEFERRED; i++) {
        r = req_card(f, TXN_PURCHASE, T1, 1, RICH, 100, PIN);
        lfx_decide(f, &r);
        approved += f->last_rc == 0 && strcmp(f->resp.response_code, "00") == 0;
    }
    /* each decision keeps room for two rows, so at most 3 of 4 rows wait */
    assert_true(approved >= 1 && approved <= 3);
    assert_int_equal(f->last_rc, LEDGER_DEFERRED);
    assert_int_equal(f->last_ops, 0);
    lfx_commit(f);
    ledger_committed(f->ledger, f->seq);
    f->commit_each = 1;
    assert_code(lfx_decide(f, &r), "00"); /* the deferred request, decided now */
    assert_int_equal(f->last_rc, 0);
    lfx_buy(f, T1, 1, RICH, 100, "00");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 100 * (approved + 2));
    lfx_free(f);
}

/* Requests from unknown terminals share one ring, and stay answered as first. */
static void unknown_terminals_share_a_ring(void **state)
{
    struct lfx *f = lfx_new(2); /* the shared ring holds 8 */
    (void)state;
    char tid[9];
    struct txn_request first = req_card(f, TXN_PURCHASE, "90000000", 1, RICH, 100, PIN);
    assert_code(lfx_decide(f, &first), "97");
    char rrn[13];
    memcpy(rrn, f->resp.rrn, sizeof(rrn));
    for (int i = 1; i <= 20; i++) {
        snprintf(tid, sizeof(tid), "9%07d", i);
        struct txn_request r = req_card(f, TXN_PURCHASE, tid, 1, RICH, 100, PIN);
        assert_code(lfx_decide(f, &r), "97");
    }
    int64_t rows = db_txn_count(f);
    assert_code(lfx_decide(f, &first), "97"); /* found on the disk */
    assert_string_equal(f->resp.rrn, rrn);
    assert_int_equal(db_txn_count(f), rows);
    lfx_free(f);
}

/* A terminal master key that does not unwrap: the sign-in is answered 96 with the
 * reason, and only its journal row is written. */
static void broken_master_key_is_96(void **state)
{
    struct lfx *f = *state;
    seed_terminal(&f->batch, 16, "10000006", 1, "active", "00112233");
    lfx_commit(f);
    lfx_restart(f);
    struct txn_request r = req_sign_in(f, "10000006", MID1, 1);
    f->commit_each = 0;
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "96");
    assert_string_equal(resp->reason, "sign-in: unwrap: not a wrapped key");
    assert_int_equal(resp->f62_len, 0);
    assert_int_equal(f->last_ops, 1);
    assert_int_equal(f->batch.ops[0].type, STORE_TXN_INSERT);
    assert_string_equal(f->batch.ops[0].u.txn.response_code, "96");
    lfx_commit(f);
    assert_string_equal(db_txn(f, resp->rrn).status, "declined");
    assert_string_equal(db_terminal(f, "10000006").signed_in_date, "");
}

/* The open pre-authorizations' table against a plain array: puts, gets, removals
 * (whose backward shifts must keep every other key findable), and growth. */
static void preauth_table_keeps_every_key(void **state)
{
    (void)state;
    enum { N = 3000 };
    struct ledger__preauths p = {0};
    static char tokens[N][65];
    static char codes[N][7];
    static int present[N];
    uint64_t seed = test_seed(), rng = seed;

    for (int i = 0; i < N; i++) {
        snprintf(tokens[i], sizeof(tokens[i]), "%064d", i % 97); /* shared tokens */
        snprintf(codes[i], sizeof(codes[i]), "%06d", i);
    }
    for (int round = 0; round < 20000; round++) {
        int i = (int)random_below(&rng, N);
        if (present[i] && random_below(&rng, 3) == 0) {
            ledger__preauths_remove(&p, tokens[i], codes[i]);
            present[i] = 0;
        } else {
            assert_int_equal(ledger__preauths_reserve(&p, 1), 0);
            ledger__preauths_put(&p, tokens[i], codes[i], 1000 + i, i);
            present[i] = 1;
        }
        if (round % 1000 == 999) {
            size_t count = 0;
            for (int k = 0; k < N; k++) {
                const struct ledger__preauth *e = ledger__preauths_get(&p, tokens[k], codes[k]);
                assert_seeded((e != NULL) == present[k], seed);
                assert_seeded(e == NULL || (e->id == 1000 + k && e->card_id == k), seed);
                count += present[k];
            }
            assert_seeded(count == p.count, seed);
        }
    }
    ledger__preauths_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(evicted_rows_are_found_on_the_disk),
        cmocka_unit_test(rows_waiting_for_the_disk_are_kept),
        cmocka_unit_test(unknown_terminals_share_a_ring),
        cmocka_unit_test_setup_teardown(broken_master_key_is_96, lfx_setup, lfx_teardown),
        cmocka_unit_test(preauth_table_keeps_every_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

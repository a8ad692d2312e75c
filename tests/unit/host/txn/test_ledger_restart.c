/* The ledger (src/host/txn/ledger.h) across a restart: closed after some traffic with
 * everything committed, then loaded again from the store. Sessions and their keys,
 * batch totals, open pre-authorizations, ids, RRNs and card balances continue exactly;
 * earlier transactions are found on the disk for retransmissions, reversals, voids
 * and refunds. */
#include "test_ledger_fixture.h"

#include "core/crypto/cipher.h"

/* The MAC key's encryption of a zero block: tells keys apart without showing them. */
static int mak_print(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    static const uint8_t zero[8];
    (void)pik;
    if (mak == NULL)
        return -1;
    return ps_cipher_ecb_encrypt(mak, zero, 8, ctx, NULL);
}

static uint64_t rrn_seq(const char *rrn)
{
    return strtoull(rrn + 2, NULL, 10);
}

static void everything_continues_after_a_restart(void **state)
{
    struct lfx *f = *state;
    uint8_t mak_before[8], mak_after[8];

    lfx_sign_in(f, T1, 1);
    lfx_sign_in(f, T2, 1);
    struct txn_request sale = lfx_buy(f, T1, 1, RICH, 10000, "00");
    struct txn_response sale_resp = f->resp;
    struct txn_request gone = lfx_buy(f, T2, 1, RICH, 700, "00");
    lfx_buy(f, T1, 1, FOREIGN, 5000, "00");
    lfx_buy(f, T1, 1, POOR, YUAN(1000), "51");
    struct txn_request refund = req_card(f, TXN_REFUND, T1, 1, RICH, 2000, NULL);
    req_original(&refund, 0, 0, sale_resp.rrn, NULL, NULL);
    assert_code(lfx_decide(f, &refund), "00");
    struct txn_request hold = req_card(f, TXN_PREAUTH, T2, 1, CREDIT, YUAN(1000), PIN);
    assert_code(lfx_decide(f, &hold), "00");
    char auth[7], last_rrn[13];
    memcpy(auth, f->resp.auth_code, sizeof(auth));
    memcpy(last_rrn, f->resp.rrn, sizeof(last_rrn));
    assert_int_equal(keyring_with(f->keyring, T1, mak_print, mak_before), 0);
    int64_t rich = balance_of(f, C_RICH), credit = balance_of(f, C_CREDIT);
    int64_t rows = db_txn_count(f);

    lfx_restart(f);

    /* keys and sessions: no sign-in needed, the same MAC key */
    assert_int_equal(keyring_with(f->keyring, T1, mak_print, mak_after), 0);
    assert_memory_equal(mak_before, mak_after, 8);
    assert_int_equal(balance_of(f, C_RICH), rich);
    assert_int_equal(balance_of(f, C_CREDIT), credit);

    /* a retransmission from before the restart: its answer, nothing moves */
    const struct txn_response *resp = lfx_decide(f, &sale);
    assert_code(resp, "00");
    assert_string_equal(resp->rrn, sale_resp.rrn);
    assert_string_equal(resp->auth_code, sale_resp.auth_code);
    assert_int_equal(f->last_ops, 0);
    assert_int_equal(db_txn_count(f), rows);
    /* its STAN with other content: a duplicate */
    struct txn_request dup = sale;
    dup.amount = 1;
    req_finish(&dup);
    assert_code(lfx_decide(f, &dup), "94");

    /* RRNs and ids continue */
    lfx_buy(f, T1, 1, RICH, 300, "00");
    assert_int_equal(rrn_seq(f->resp.rrn), rrn_seq(last_rrn) + 2); /* after the 94 */
    assert_true(db_txn(f, f->resp.rrn).id > db_txn(f, last_rrn).id);

    /* earlier transactions are undone and named as before */
    struct txn_request rev = req_reversal_of(&gone);
    assert_code(lfx_decide(f, &rev), "00");
    struct txn_request c = req_card(f, TXN_COMPLETION, T2, 1, CREDIT, YUAN(1000), PIN);
    req_original(&c, 0, 0, NULL, auth, "0615");
    assert_code(lfx_decide(f, &c), "00");
    struct txn_request more = req_card(f, TXN_REFUND, T1, 1, RICH, 8001, NULL);
    req_original(&more, 0, 0, sale_resp.rrn, NULL, NULL);
    assert_code(lfx_decide(f, &more), "13");   /* 80.00 left */
    assert_code(lfx_decide(f, &refund), "00"); /* the refund from before, sent again */
    assert_int_equal(f->last_ops, 0);
    assert_int_equal(balance_of(f, C_RICH), rich - 300 + 700);
    assert_int_equal(balance_of(f, C_CREDIT), credit);

    /* the batch totals continued: T1 counted 100.00 + 3.00 domestic, 50.00 foreign,
     * 20.00 refunded; T2 its completion */
    struct txn_request s = req_settlement(f, T1, 1, 10300, 2, 2000, 1);
    s.totals.has_foreign = 1;
    s.totals.foreign.debit_amount = 5000;
    s.totals.foreign.debit_count = 1;
    req_finish(&s);
    resp = lfx_decide(f, &s);
    if (resp->totals.domestic.result != PS_CUP_SETTLE_BALANCED)
        print_error("%s\n", resp->reason);
    assert_int_equal(resp->totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    s = req_settlement(f, T2, 1, YUAN(1000), 1, 0, 0);
    assert_int_equal(lfx_decide(f, &s)->totals.domestic.result, PS_CUP_SETTLE_BALANCED);

    /* and once more: the settled batch survives, the next sign-in opens batch 2 */
    lfx_restart(f);
    assert_int_equal(db_terminal(f, T1).batch_settled, 1);
    assert_int_equal(lfx_sign_in(f, T1, 1), 2);
    lfx_buy(f, T1, 2, RICH, 100, "00");
}

static void a_restart_before_any_traffic(void **state)
{
    struct lfx *f = *state;
    lfx_restart(f);
    lfx_buy(f, T1, 1, RICH, 100, "77"); /* never signed in */
    /* the first ids come after the seeded rows */
    assert_true(db_txn(f, f->resp.rrn).id > C_LIMITED);
    assert_string_equal(f->resp.rrn, "010000000001");
    assert_int_equal(lfx_sign_in(f, T1, 1), 1);
}

/* A master key that is not the one the keys were wrapped under: the ledger refuses to
 * start rather than answer every terminal with A0. */
static void open_refuses_keys_under_another_master_key(void **state)
{
    struct lfx *f = *state;
    struct host_keys *other = NULL;
    struct ledger *l = NULL;
    struct ps_reason why = {{0}};
    char path[256];

    lfx_sign_in(f, T1, 1);
    snprintf(path, sizeof(path), "%s/other.key", f->dir);
    lfx_ok(host_keys_load(&other, path, 1, &why), &why, "other key");
    struct ledger_config cfg = f->cfg;
    cfg.keys = other;
    assert_int_not_equal(ledger_open(&l, f->reader, &cfg, &why), 0);
    assert_null(l);
    assert_non_null(strstr(why.text, "terminal 10000001: working keys"));
    host_keys_free(other);
    unlink(path);

    cfg = f->cfg;
    cfg.host_id = 100;
    assert_int_equal(ledger_open(&l, f->reader, &cfg, &why), PS_EINVAL);
    cfg = f->cfg;
    cfg.recent_per_terminal = 1;
    assert_int_equal(ledger_open(&l, f->reader, &cfg, &why), PS_EINVAL);
    cfg = f->cfg;
    cfg.reader = NULL;
    assert_int_equal(ledger_open(&l, f->reader, &cfg, &why), PS_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(everything_continues_after_a_restart, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(a_restart_before_any_traffic, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(open_refuses_keys_under_another_master_key, lfx_setup,
                                        lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

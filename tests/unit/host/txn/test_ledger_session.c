/* The ledger (src/host/txn/ledger.h): sign-in and its keys, sign-off, the batch a
 * sign-in opens, the checks every request passes before its handler (30 97 03 A0 77),
 * retransmissions of those answers, and the host's clock. */
#include "test_ledger_fixture.h"

#include "core/crypto/cipher.h"
#include "host/txn/handlers/handlers.h"

/* ---- sign-in -------------------------------------------------------------------------- */

struct key_check {
    const struct ps_working_keys *wk;
    int pik_ok, mak_ok;
};

/* Encrypts a zero block with the keyring's handles and with the clear keys from field
 * 62: equal results mean the keyring holds the keys the terminal received. */
static int compare_keys(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    struct key_check *c = ctx;
    static const uint8_t zero[8];
    uint8_t a[8], b[8];
    if (pik == NULL || mak == NULL)
        return -1;
    assert_int_equal(ps_cipher_ecb_encrypt(pik, zero, 8, a, NULL), 0);
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, c->wk->pik,
                                       16, NULL, zero, 8, b, NULL),
                     0);
    c->pik_ok = memcmp(a, b, 8) == 0;
    assert_int_equal(ps_cipher_ecb_encrypt(mak, zero, 8, a, NULL), 0);
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, c->wk->mak,
                                       8, NULL, zero, 8, b, NULL),
                     0);
    c->mak_ok = memcmp(a, b, 8) == 0;
    return 0;
}

/* Field 62 of resp under the test TMK, into wk; asserts the keyring has the same. */
static void assert_keys(struct lfx *f, const char *tid, const struct txn_response *resp,
                        struct ps_working_keys *wk)
{
    uint8_t tmk[16];
    size_t len = 0;
    struct ps_reason why = {{0}};
    struct key_check check = {.wk = wk};

    ps_hex_decode(TMK_HEX, strlen(TMK_HEX), tmk, sizeof(tmk), &len, NULL);
    lfx_ok(
        ps_working_keys_unwrap(PS_WK_TDES, tmk, sizeof(tmk), resp->f62, resp->f62_len, wk, &why),
        &why, "field 62 under the TMK");
    assert_int_equal(keyring_with(f->keyring, tid, compare_keys, &check), 0);
    assert_true(check.pik_ok);
    assert_true(check.mak_ok);
}

static void sign_in_sends_working_keys_under_the_tmk(void **state)
{
    struct lfx *f = *state;
    struct ps_working_keys wk;
    struct txn_request r = req_sign_in(f, T1, MID1, 1);
    const struct txn_response *resp = lfx_decide(f, &r);

    assert_code(resp, "00");
    assert_int_equal(resp->mac, 0);
    assert_int_equal(resp->batch, 1);
    assert_int_equal(resp->f62_len, PS_WK_FIELD62_SHORT);
    assert_int_equal(strlen(resp->rrn), 12);
    assert_memory_equal(resp->rrn, "01", 2);
    assert_string_equal(resp->local_date, "0615");
    assert_string_equal(resp->local_time, "100000");
    assert_keys(f, T1, resp, &wk);
    assert_false(wk.has_tdk);
    ps_working_keys_cleanup(&wk);

    /* the session is on the disk, its keys under the master key, not in clear */
    struct terminal_row t = db_terminal(f, T1);
    assert_string_equal(t.signed_in_date, "20250615");
    assert_int_equal(t.batch, 1);
    assert_true(strlen(t.pik) > 32 && strlen(t.mak) > 32);
    struct txn_row row = db_txn(f, resp->rrn);
    assert_int_equal(row.kind, TXN_SIGN_IN);
    assert_string_equal(row.status, "approved");
    assert_string_equal(row.operator_id, "001");

    /* 60.3 = 004 adds the track key: 60 bytes */
    r = req_sign_in(f, T1, MID1, 1);
    r.network_code = 4;
    req_finish(&r);
    resp = lfx_decide(f, &r);
    assert_code(resp, "00");
    assert_int_equal(resp->f62_len, PS_WK_FIELD62_LONG);
    assert_keys(f, T1, resp, &wk);
    assert_true(wk.has_tdk);
    ps_working_keys_cleanup(&wk);

    /* 60.3 = 001 (single-length keys) is refused */
    r = req_sign_in(f, T1, MID1, 1);
    r.network_code = 1;
    req_finish(&r);
    resp = lfx_decide(f, &r);
    assert_code(resp, "30");
    assert_int_equal(resp->f62_len, 0);
}

/* A sign-in is never a retransmission: repeating one (a terminal that restarted its
 * STAN, say) hands out fresh keys in a row of its own, and the batch stays the one the
 * first opened. */
static void every_sign_in_is_new(void **state)
{
    struct lfx *f = *state;
    struct ps_working_keys first, again;
    struct txn_request r = req_sign_in(f, T1, MID1, 1);
    struct txn_response resp1 = *lfx_decide(f, &r);
    int64_t rows = db_txn_count(f);

    assert_code(&resp1, "00");
    assert_keys(f, T1, &resp1, &first);
    const struct txn_response *resp2 = lfx_decide(f, &r);
    assert_code(resp2, "00");
    assert_true(f->last_ops > 0);
    assert_int_equal(db_txn_count(f), rows + 1);
    assert_string_not_equal(resp2->rrn, resp1.rrn);
    assert_int_equal(resp2->batch, resp1.batch);
    assert_keys(f, T1, resp2, &again);
    assert_memory_not_equal(first.pik, again.pik, 16);
    ps_working_keys_cleanup(&first);
    ps_working_keys_cleanup(&again);
}

static void batch_moves_on_only_after_settlement(void **state)
{
    struct lfx *f = *state;

    assert_int_equal(lfx_sign_in(f, T1, 1), 1);
    lfx_buy(f, T1, 1, RICH, 1000, "00");
    assert_int_equal(lfx_sign_in(f, T1, 1), 1); /* not settled: same batch */
    struct txn_request s = req_settlement(f, T1, 1, 1000, 1, 0, 0);
    assert_code(lfx_decide(f, &s), "00");
    assert_int_equal(f->resp.totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    struct terminal_row t = db_terminal(f, T1);
    assert_int_equal(t.batch_settled, 1);
    assert_int_equal(t.batch, 1);

    assert_int_equal(lfx_sign_in(f, T1, 1), 2);
    t = db_terminal(f, T1);
    assert_int_equal(t.batch, 2);
    assert_int_equal(t.batch_settled, 0);
    /* the old batch number is now refused, the new one works */
    lfx_buy(f, T1, 1, RICH, 1000, "77");
    assert_string_equal(f->resp.reason, "sign in again: batch 000001 sent, the terminal's batch "
                                        "is 000002");
    lfx_buy(f, T1, 2, RICH, 1000, "00");
    assert_int_equal(lfx_sign_in(f, T1, 2), 2);
}

static void sign_off_ends_the_session(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request r = req_base(f, TXN_SIGN_OFF, T1, MID1, 1);
    snprintf(r.mti, sizeof(r.mti), "0820");
    r.network_code = 2;
    req_finish(&r);
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "00");
    assert_int_equal(resp->mac, 1);
    assert_string_equal(db_terminal(f, T1).signed_in_date, "");

    lfx_buy(f, T1, 1, RICH, 1000, "77");
    assert_string_equal(f->resp.reason, "sign in again: terminal 10000001 is signed off");
    assert_int_equal(f->resp.mac, 1);
    lfx_sign_in(f, T1, 1);
    lfx_buy(f, T1, 1, RICH, 1000, "00");
}

/* ---- the checks before a handler -------------------------------------------------------- */

static void unknown_or_locked_terminal_is_97(void **state)
{
    struct lfx *f = *state;
    int64_t rows = db_txn_count(f);
    struct txn_request r = req_card(f, TXN_PURCHASE, "99999999", 1, RICH, 1000, PIN);
    const struct txn_response *resp = lfx_decide(f, &r);

    assert_code(resp, "97");
    assert_string_equal(resp->reason, "terminal 99999999 is not registered");
    assert_int_equal(resp->mac, 1);
    struct txn_row row = db_txn(f, resp->rrn);
    assert_string_equal(row.tid, "99999999");
    assert_string_equal(row.status, "declined");
    assert_string_equal(row.card_masked, "622202*********0018");
    assert_int_equal(row.merchant_id, 0);
    /* sent again: the same answer, no second row */
    char rrn[13];
    memcpy(rrn, resp->rrn, sizeof(rrn));
    resp = lfx_decide(f, &r);
    assert_code(resp, "97");
    assert_string_equal(resp->rrn, rrn);
    assert_int_equal(db_txn_count(f), rows + 1);

    r = req_sign_in(f, T3, MID1, 1);
    resp = lfx_decide(f, &r);
    assert_code(resp, "97");
    assert_string_equal(resp->reason, "terminal locked");
    assert_int_equal(resp->f62_len, 0);
}

static void wrong_or_suspended_merchant_is_03(void **state)
{
    struct lfx *f = *state;
    struct txn_request r = req_sign_in(f, T1, MID3, 1);
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "03");
    assert_string_equal(resp->reason,
                        "merchant 898100012340003 is not the merchant of terminal 10000001");

    r = req_sign_in(f, T4, MID2, 1);
    resp = lfx_decide(f, &r);
    assert_code(resp, "03");
    assert_string_equal(resp->reason, "merchant 898100012340002 is suspended");
}

static void format_error_is_30_with_the_reason(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request r = req_card(f, TXN_PURCHASE, T1, 1, RICH, 1000, PIN);
    r.format_error = 1;
    snprintf(r.reason, sizeof(r.reason), "field 4: missing in a purchase");
    req_finish(&r);
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "30");
    assert_string_equal(resp->reason, "field 4: missing in a purchase");
    assert_string_equal(db_txn(f, resp->rrn).reason, "field 4: missing in a purchase");

    r = req_base(f, TXN_UNKNOWN, T1, MID1, 1);
    snprintf(r.mti, sizeof(r.mti), "0600");
    req_finish(&r);
    resp = lfx_decide(f, &r);
    assert_code(resp, "30");
    assert_string_equal(resp->reason, "the kind of message is unknown");
    int64_t rows = db_txn_count(f);
    resp = lfx_decide(f, &r); /* the same garbage again: answered, not recorded twice */
    assert_code(resp, "30");
    assert_int_equal(db_txn_count(f), rows);
}

static void mac_missing_or_bad_is_A0(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    struct txn_request r = req_card(f, TXN_PURCHASE, T1, 1, RICH, 1000, PIN);
    r.mac = TXN_MAC_MISSING;
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "A0");
    assert_string_equal(resp->reason, "field 64 (MAC) is missing");

    r = req_card(f, TXN_PURCHASE, T1, 1, RICH, 1000, PIN);
    r.mac = TXN_MAC_BAD;
    snprintf(r.reason, sizeof(r.reason), "MAC mismatch");
    resp = lfx_decide(f, &r);
    assert_code(resp, "A0");
    assert_string_equal(resp->reason, "MAC mismatch");
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000));
}

static void session_of_another_day_is_77(void **state)
{
    struct lfx *f = *state;
    lfx_buy(f, T1, 1, RICH, 1000, "77"); /* never signed in */
    assert_string_equal(f->resp.reason, "sign in first: terminal 10000001 has no working keys yet");
    lfx_sign_in(f, T1, 1);
    f->now_us += DAY_US;
    lfx_buy(f, T1, 1, RICH, 1000, "77");
    assert_string_equal(f->resp.reason,
                        "sign in again: terminal 10000001 last signed in on 20250615");
    lfx_sign_in(f, T1, 1);
    lfx_buy(f, T1, 1, RICH, 1000, "00");
}

/* ---- the clock ------------------------------------------------------------------------- */

static void clock_computes_civil_dates(void **state)
{
    (void)state;
    static const struct {
        int64_t unix_s;
        int offset;
        const char *date, *time, *settle;
    } cases[] = {
        {0, 0, "19700101", "000000", "0101"},
        {1749952800, 480, "20250615", "100000", "0615"},
        {1709164800, 0, "20240229", "000000", "0229"},   /* leap day */
        {951782400, 0, "20000229", "000000", "0229"},    /* 2000 is a leap year */
        {1735689599, 0, "20241231", "235959", "0101"},   /* after the cut-off: tomorrow */
        {1735660800, 480, "20250101", "000000", "0101"}, /* UTC 2024-12-31 16:00 */
        {-1, 0, "19691231", "235959", "0101"},
        {-86400 * 365, 0, "19690101", "000000", "0101"},
        {4107542400, 0, "21000301", "000000", "0301"}, /* 2100 is not a leap year */
        {1750003200, 480, "20250616", "000000", "0616"},
        {1749999600, 480, "20250615", "230000", "0616"}, /* the cut-off itself */
        {1749999540, 480, "20250615", "225900", "0615"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        struct ledger__clock c;
        ledger__clock_at(cases[i].unix_s * 1000000, cases[i].offset, 23 * 60, &c);
        assert_string_equal(c.date, cases[i].date);
        assert_string_equal(c.time, cases[i].time);
        assert_string_equal(c.settle_date, cases[i].settle);
        assert_memory_equal(c.mmdd, cases[i].date + 4, 5);
    }
}

static void settlement_date_moves_at_the_cutoff(void **state)
{
    struct lfx *f = *state;
    lfx_sign_in(f, T1, 1);
    f->now_us = T0_US + 12 * HOUR_US + 59 * MINUTE_US; /* 22:59 */
    lfx_buy(f, T1, 1, RICH, 1000, "00");
    assert_string_equal(f->resp.settle_date, "0615");
    f->now_us = T0_US + 13 * HOUR_US + 30 * MINUTE_US; /* 23:30 */
    lfx_buy(f, T1, 1, RICH, 1000, "00");
    assert_string_equal(f->resp.settle_date, "0616");
    assert_string_equal(f->resp.local_date, "0615");
    assert_string_equal(db_txn(f, f->resp.rrn).settle_date, "0616");
    lfx_buy(f, T1, 1, RICH, 0, "13"); /* declines carry no settlement date */
    assert_string_equal(f->resp.settle_date, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(sign_in_sends_working_keys_under_the_tmk, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(every_sign_in_is_new, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(batch_moves_on_only_after_settlement, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(sign_off_ends_the_session, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(unknown_or_locked_terminal_is_97, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(wrong_or_suspended_merchant_is_03, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(format_error_is_30_with_the_reason, lfx_setup,
                                        lfx_teardown),
        cmocka_unit_test_setup_teardown(mac_missing_or_bad_is_A0, lfx_setup, lfx_teardown),
        cmocka_unit_test_setup_teardown(session_of_another_day_is_77, lfx_setup, lfx_teardown),
        cmocka_unit_test(clock_computes_civil_dates),
        cmocka_unit_test_setup_teardown(settlement_date_moves_at_the_cutoff, lfx_setup,
                                        lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Changes the back office makes to terminals reach a running possumd without a restart:
 * a terminal locked in the store is declined ("97 terminal locked") within about a
 * second, and approved again once unlocked; a terminal added to the store is served
 * once possumd has loaded it afresh; a merchant suspended is refused and served again
 * once live. The changes are written here behind possumd's back,
 * as the back office's API (another thread, or another host) writes them. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "../unit/testing.h"

static struct possumd server;

POSSUMD_GROUP(server)

#define POLL_WAIT_MS 2500 /* possumd reads changes once a second */

static int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void set_status(const char *tid, const char *status)
{
    db_exec(&server, "UPDATE terminals SET status = '%s', updated_us = %lld WHERE tid = '%s'",
            status, (long long)wall_us(), tid);
}

/* Purchases until one gets want (or time runs out); returns how long it took in ms. */
static int64_t buy_until(struct term *t, const char *pan, const char *want)
{
    int64_t start = now_ms();
    do {
        term_card(t, HL_PURCHASE, pan, PIN, 100, NULL);
        if (strcmp(t->r.code, want) == 0)
            return now_ms() - start;
        sleep_ms(100);
    } while (now_ms() - start < POLL_WAIT_MS);
    fail_msg("terminal %s: still %s after %d ms, wanted %s", t->t.tid, t->r.code, POLL_WAIT_MS,
             want);
    return -1;
}

static void a_lock_declines_within_a_second_and_an_unlock_serves_again(void **state)
{
    (void)state;
    struct term t;
    char pan[20];

    fleet_pan(400, pan);
    term_open_signed_in(&t, &server, 400);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 100, NULL), 0);
    set_status(t.t.tid, "locked");
    int64_t took = buy_until(&t, pan, "97");
    struct txn_row row;
    assert_int_equal(journal_by_key(&server, t.t.tid, t.sent.batch, t.sent.stan, TXN_PURCHASE,
                                    &row),
                     1);
    assert_string_equal(row.reason, "terminal locked");
    print_message("locked: declined after %lld ms\n", (long long)took);
    set_status(t.t.tid, "active");
    buy_until(&t, pan, "00");
    term_close(&t);
}

/* A merchant the back office suspends (and lets go live again) is refused (03) and
 * served again within about a second, as a locked terminal is. */
static void a_merchant_suspended_and_live_again(void **state)
{
    (void)state;
    struct term t;
    char pan[20];

    fleet_pan(402, pan);
    term_open_signed_in(&t, &server, 402); /* merchant 41: 898100012340041 */
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 100, NULL), 0);
    db_exec(&server, "UPDATE merchants SET status = 'suspended', updated_us = %lld WHERE id = 41",
            (long long)wall_us());
    buy_until(&t, pan, "03");
    db_exec(&server, "UPDATE merchants SET status = 'active', updated_us = %lld WHERE id = 41",
            (long long)wall_us());
    buy_until(&t, pan, "00");
    term_close(&t);
}

static void a_terminal_added_is_served_after_a_reload(void **state)
{
    (void)state;
    struct term t;
    char pan[20];

    /* Terminal 10001001 (index 1000) is one past the demo's: a copy of 10001000's row
     * (same merchant and master key) under a new id and TID. */
    db_exec(&server,
            "INSERT INTO terminals (id, tid, merchant_id, status, tmk, batch, batch_settled,"
            " signed_in_date, pik, mak, updated_us)"
            " SELECT id + 5000, '10001001', merchant_id, 'active', tmk, 1, 0, '', '', '', %lld"
            " FROM terminals WHERE tid = '10001000'",
            (long long)wall_us());
    fleet_pan(401, pan);
    term_open(&t, &server, 1000, 0);
    snprintf(t.t.mid, sizeof(t.t.mid), "898100012340100"); /* 10001000's merchant */
    int64_t start = now_ms();
    struct hl_response r;
    struct ps_reason why = {{0}};
    int rc;
    do { /* 97 until possumd has loaded it */
        memset(&r, 0, sizeof(r));
        rc = hl_session_sign_in(&t.s, &r, &why);
        if (rc == 0)
            break;
        sleep_ms(200);
    } while (now_ms() - start < POLL_WAIT_MS);
    if (rc != 0)
        fail_msg("terminal 10001001 not served after %d ms: %s (%s)", POLL_WAIT_MS, r.code,
                 why.text);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 100, NULL), 0);
    /* by the once-a-second read, or (hosts sharing a database) by the request that
     * named a terminal it had not loaded: either way, loaded afresh */
    assert_true(possumd_log_has(&server, "ledger reloaded from the store", NULL));
    term_close(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_lock_declines_within_a_second_and_an_unlock_serves_again),
        cmocka_unit_test(a_merchant_suspended_and_live_again),
        cmocka_unit_test(a_terminal_added_is_served_after_a_reload),
    };
    return cmocka_run_group_tests(tests, start, finish);
}

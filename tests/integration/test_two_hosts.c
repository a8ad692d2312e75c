/* Two possumd processes on one PostgreSQL database, as behind a load balancer: a
 * terminal's requests may reach either. A retransmission or a reversal that reaches the
 * other host gets the first answer and moves no money twice; voids, refunds and the
 * settlement see what the other host recorded, so do completions of pre-authorizations,
 * and a payment code pays once whichever host is asked; and with a fleet spread over both and
 * one host killed with SIGKILL mid-run, every approval a terminal heard of is in the
 * journal once and every batch settles balanced at the host that is left.
 *
 * Only PostgreSQL is shared by hosts (SQLite is a file of one machine): on SQLite
 * every test here is skipped, saying so. */
#include "harness.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/testing.h"

#define TRADERS       8
#define FIRST_TRADER  300 /* demo terminals and fleet cards 300 ... used here */
#define TRADE_MAX     400 /* requests per trader: its batch (500 records) never fills */
#define PACE_MS       3   /* between a trader's requests: trading outlasts the kill */
#define LEDGER_FRESH_MS 1100 /* a host loads afresh at most once a second (ledger.h) */

static struct possumd a, b; /* host ids 1 and 2 */
static int test_passed; /* the last test passed: no logs to show */

static int start(void **state)
{
    (void)state;
    test_passed = 0;
    if (!harness_on_postgres())
        return 0;
    possumd_start(&a, NULL);
    possumd_start_peer(&b, &a, 2, NULL);
    return 0;
}

static int finish(void **state)
{
    (void)state;
    if (!harness_on_postgres())
        return 0;
    if (!test_passed) {
        possumd_print_log(&a);
        possumd_print_log(&b);
    }
    possumd_cleanup(&b);
    possumd_cleanup(&a);
    return 0;
}

/* Each test starts with this: skipped on SQLite; and until it passes, both logs are
 * shown at the end. */
static void need_postgres(void)
{
    test_passed = 0;
    if (!harness_on_postgres()) {
        print_message("two hosts share only PostgreSQL: skipped on SQLite\n");
        skip();
    }
}

static void same_answer(const struct raw_answer *first, const struct raw_answer *again)
{
    assert_string_equal(again->code, first->code);
    assert_string_equal(again->rrn, first->rrn);
    assert_string_equal(again->auth_code, first->auth_code);
    assert_int_equal(again->stan, first->stan);
}

/* ---- one terminal, two hosts ----------------------------------------------------------- */

/* Signed in at a, the purchase approved by a and sent again to b (which has never seen
 * the terminal's keys): b answers as a did, and the journal and the card show one sale. */
static void retransmission_at_the_other_host(void **state)
{
    (void)state;
    need_postgres();
    struct term t;
    struct raw_request purchase;
    struct raw_answer first, again;
    char pan[20];

    fleet_pan(FIRST_TRADER + 50, pan);
    term_open_signed_in(&t, &a, FIRST_TRADER + 50);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 12345, NULL, &purchase);
    raw_ask(&a, &purchase, &first);
    assert_string_equal(first.code, "00");
    raw_ask(&b, &purchase, &again);
    same_answer(&first, &again);
    raw_ask(&b, &purchase, &again); /* and once more, now from b's own memory */
    same_answer(&first, &again);

    assert_int_equal(db_count(&a, "txns WHERE tid = '%s' AND stan = %u AND kind = 'purchase'",
                              t.t.tid, (unsigned)purchase.sent.stan),
                     1);
    term_use(&t, &b);
    assert_int_equal(term_balance(&t, pan), before - 12345);
    assert_true(possumd_log_has(&b, "ledger reloaded from the store", "txns_key"));
    term_close(&t);
    test_passed = 1;
}

/* A purchase at a, its reversal at b (which finds it on record), and the reversal
 * again at a, whose memory still has the purchase approved: undone once. */
static void reversal_at_the_other_host(void **state)
{
    (void)state;
    need_postgres();
    struct term t;
    struct raw_request purchase, reversal;
    struct raw_answer answer, again;
    char pan[20];

    fleet_pan(FIRST_TRADER + 51, pan);
    term_open_signed_in(&t, &a, FIRST_TRADER + 51);
    int64_t before = term_balance(&t, pan);
    term_build_card(&t, HL_PURCHASE, pan, PIN, 5000, NULL, &purchase);
    raw_ask(&a, &purchase, &answer);
    assert_string_equal(answer.code, "00");

    term_build_reversal(&t, &purchase.sent, "98", &reversal);
    raw_ask(&b, &reversal, &answer);
    assert_string_equal(answer.code, "00");
    raw_ask(&a, &reversal, &again);
    assert_string_equal(again.code, "00");

    struct txn_row sale;
    assert_int_equal(journal_by_key(&a, t.t.tid, purchase.sent.batch, purchase.sent.stan,
                                    TXN_PURCHASE, &sale),
                     1);
    assert_string_equal(sale.status, "reversed");
    assert_int_equal(db_count(&a, "txns WHERE tid = '%s' AND stan = %u AND kind = 'reversal'",
                              t.t.tid, (unsigned)purchase.sent.stan),
                     1);
    assert_int_equal(term_balance(&t, pan), before); /* at a, reloaded */
    term_use(&t, &b);
    assert_int_equal(term_balance(&t, pan), before);
    term_close(&t);
    test_passed = 1;
}

/* Sales at both hosts, a void at b of a sale a approved, a refund at a of one b
 * approved; the settlement at b counts every host's part and balances. */
static void void_refund_and_settlement_across_hosts(void **state)
{
    (void)state;
    need_postgres();
    struct term t;
    struct original at_a, at_b;
    struct hl_settlement settled;
    struct ps_reason why = {{0}};
    char pan[20];

    fleet_pan(FIRST_TRADER + 52, pan);
    term_open_signed_in(&t, &a, FIRST_TRADER + 52);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 1000, NULL), 0);
    term_keep_original(&t, &at_a);
    term_use(&t, &b);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 2000, NULL), 0);
    term_keep_original(&t, &at_b);
    assert_int_equal(term_card(&t, HL_PURCHASE, pan, PIN, 4000, NULL), 0);
    assert_int_equal(term_void(&t, pan, 1000, &at_a), 0); /* at b */
    term_use(&t, &a);
    assert_int_equal(term_refund(&t, pan, 500, &at_b), 0);
    assert_int_equal(term_void(&t, pan, 1000, &at_a), HL_DECLINED); /* a's memory is stale */
    expect_code(&t, "12");

    term_use(&t, &b);
    assert_int_equal(hl_session_settle(&t.s, &settled, &why), 0);
    assert_true(settled.answer.balanced);
    assert_false(settled.uploaded);
    term_close(&t);
    test_passed = 1;
}

/* A pre-authorization at a, completed at b (which loads afresh to find it), and a
 * second completion at a, whose memory still has it open: the store refuses a's
 * commit, a loads afresh and finds no open pre-authorization with that code (25, as
 * after a restart). The card pays once. */
static void preauth_at_one_host_completed_at_the_other(void **state)
{
    (void)state;
    need_postgres();
    struct term t;
    struct original hold;
    char pan[20];

    fleet_pan(FIRST_TRADER + 53, pan);
    term_open_signed_in(&t, &a, FIRST_TRADER + 53);
    int64_t before = term_balance(&t, pan);
    assert_int_equal(term_card(&t, HL_PREAUTH, pan, PIN, 30000, NULL), 0);
    term_keep_original(&t, &hold);
    sleep_ms(LEDGER_FRESH_MS); /* b loaded over a second ago: it may load again */
    term_use(&t, &b);
    assert_int_equal(term_complete(&t, pan, 25000, &hold), 0);
    term_use(&t, &a);
    assert_int_equal(term_complete(&t, pan, 25000, &hold), HL_DECLINED);
    expect_code(&t, "25");
    assert_int_equal(term_balance(&t, pan), before - 25000);
    term_use(&t, &b);
    assert_int_equal(term_balance(&t, pan), before - 25000);
    term_close(&t);
    test_passed = 1;
}

/* A customer's payment code pays once, whichever host is asked second. */
static void a_payment_code_pays_once_over_both_hosts(void **state)
{
    (void)state;
    need_postgres();
    struct term t;
    struct hl_card_input in;

    memset(&in, 0, sizeof(in));
    in.paycode = "101234567890123999";
    term_open_signed_in(&t, &a, FIRST_TRADER + 54);
    assert_int_equal(term_card(&t, HL_PURCHASE, NULL, NULL, 700, &in), 0);
    term_use(&t, &b); /* b's memory has not seen the code used */
    assert_int_equal(term_card(&t, HL_PURCHASE, NULL, NULL, 700, &in), HL_DECLINED);
    expect_code(&t, "54");
    assert_int_equal(db_count(&a, "txns WHERE entry_mode = '032' AND response_code = '00'"
                                  " AND tid = '%s'",
                              t.t.tid),
                     1);
    term_close(&t);
    test_passed = 1;
}

/* ---- a fleet over both, one host killed ------------------------------------------------ */

struct trader {
    struct term t;
    char pan[20];
    uint64_t rng;
    pthread_t thread;
    unsigned requests;
    unsigned at_a, after_kill; /* requests sent to a; requests once a was gone */
    char trouble[256]; /* a decline or a failure at the host that stays up */
};

static atomic_int a_alive, stop_trading;

/* The newest purchase of the batch, when it is still approved. */
static const struct hl_record *last_purchase(const struct hl_batch *batch)
{
    for (size_t i = batch->count; i > 0; i--) {
        const struct hl_record *r = &batch->records[i - 1];
        if (r->sent.kind == HL_PURCHASE)
            return r->status == HL_REC_APPROVED && r->refunded == 0 ? r : NULL;
    }
    return NULL;
}

/* One request at a host picked at random (b once a is gone): mostly purchases, now
 * and then a void of the last one. Returns the link's error, 0 otherwise. */
static int trade_once(struct trader *w)
{
    struct hl_card_input in;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason why = {{0}};
    char rrn[13] = "";
    const struct hl_record *last = last_purchase(&w->t.t.batch);
    int at_a = atomic_load(&a_alive) && random_below(&w->rng, 2) == 0;

    term_use(&w->t, at_a ? &a : &b);
    memset(&in, 0, sizeof(in));
    in.pan = w->pan;
    in.kind = HL_PURCHASE;
    in.pin = PIN;
    in.amount = 1 + random_below(&w->rng, 50000);
    if (last != NULL && random_below(&w->rng, 100) < 15) {
        snprintf(rrn, sizeof(rrn), "%s", last->rrn);
        in.kind = HL_VOID;
        in.pin = NULL;
        in.amount = last->sent.amount;
        in.rrn = rrn;
        in.has_original = 1;
        in.orig_batch = w->t.t.batch.number;
        in.orig_stan = last->sent.stan;
    }
    int rc = hl_session_card(&w->t.s, &in, &sent, &r, &why);
    w->requests++;
    w->at_a += (unsigned)at_a;
    w->after_kill += (unsigned)!atomic_load(&a_alive);
    if (rc > 0 && w->trouble[0] == '\0')
        snprintf(w->trouble, sizeof(w->trouble), "terminal %s: %s at %s declined %s: %s",
                 w->t.t.tid, hl_kind_name(in.kind), at_a ? "a" : "b", r.code, why.text);
    if (rc < 0 && !at_a && w->trouble[0] == '\0')
        snprintf(w->trouble, sizeof(w->trouble), "terminal %s: the link to b failed: %s (%s)",
                 w->t.t.tid, hl_strerror(rc), why.text);
    return rc < 0 ? rc : 0;
}

/* No cmocka in threads: the main thread judges afterwards. A link error at a (killed)
 * leaves the reversal owed, which the next request sends first, to b. */
static void *trade(void *arg)
{
    struct trader *w = arg;
    while (!atomic_load(&stop_trading) && w->requests < TRADE_MAX && w->trouble[0] == '\0') {
        (void)trade_once(w);
        sleep_ms(PACE_MS);
    }
    return NULL;
}

/* Every approval the terminal still counts is in the journal once, approved; the
 * voided ones are voided. */
static void approvals_on_record(const struct trader *w, size_t *checked)
{
    const struct hl_batch *batch = &w->t.t.batch;
    for (size_t i = 0; i < batch->count; i++) {
        const struct hl_record *r = &batch->records[i];
        if (r->status != HL_REC_APPROVED && r->status != HL_REC_VOIDED)
            continue;
        struct txn_row row = journal_by_rrn(&b, r->rrn);
        assert_string_equal(row.response_code, "00");
        assert_int_equal(row.amount, r->sent.amount);
        if (r->status == HL_REC_VOIDED)
            assert_string_equal(row.status, "voided");
        else if (r->sent.kind == HL_PURCHASE)
            assert_string_equal(row.status, "approved");
        assert_int_equal(db_count(&b, "txns WHERE tid = '%s' AND batch = %u AND stan = %u",
                                  w->t.t.tid, (unsigned)r->sent.batch, (unsigned)r->sent.stan),
                         1);
        ++*checked;
    }
}

static void fleet_over_both_hosts_with_one_killed(void **state)
{
    (void)state;
    need_postgres();
    static struct trader traders[TRADERS];
    uint64_t seed = test_seed();
    size_t checked = 0;
    unsigned requests = 0, at_a = 0, after_kill = 0;

    for (int i = 0; i < TRADERS; i++) {
        struct trader *w = &traders[i];
        memset(w, 0, sizeof(*w));
        w->rng = seed ^ ((uint64_t)(i + 1) * 0x9E3779B97F4A7C15u);
        fleet_pan(FIRST_TRADER + (unsigned)i, w->pan);
        term_open_signed_in(&w->t, i % 2 == 0 ? &a : &b, FIRST_TRADER + i);
    }
    atomic_store(&a_alive, 1);
    atomic_store(&stop_trading, 0);
    for (int i = 0; i < TRADERS; i++)
        assert_int_equal(pthread_create(&traders[i].thread, NULL, trade, &traders[i]), 0);
    sleep_ms(500);
    possumd_kill(&a);
    atomic_store(&a_alive, 0);
    sleep_ms(500);
    atomic_store(&stop_trading, 1);
    for (int i = 0; i < TRADERS; i++)
        pthread_join(traders[i].thread, NULL);

    for (int i = 0; i < TRADERS; i++) {
        struct trader *w = &traders[i];
        struct hl_settlement settled;
        struct ps_reason why = {{0}};
        if (w->trouble[0] != '\0')
            fail_msg("%s", w->trouble);
        requests += w->requests;
        at_a += w->at_a;
        after_kill += w->after_kill;
        term_use(&w->t, &b);
        int rc = hl_session_prepare(&w->t.s, &why); /* the reversal a's death left owed */
        if (rc != 0 || w->t.t.reversal_pending)
            fail_msg("terminal %s at b: %s (%s)", w->t.t.tid, hl_strerror(rc), why.text);
        approvals_on_record(w, &checked);
        rc = hl_session_settle(&w->t.s, &settled, &why);
        if (rc != 0 || !settled.answer.balanced || settled.uploaded)
            fail_msg("terminal %s: settlement at b: %s, %s (%s)", w->t.t.tid,
                     settled.answer.code, settled.answer.balanced ? "balanced" : "not balanced",
                     why.text);
        term_close(&w->t);
    }
    print_message("%u requests over two hosts (%u at a, %u after a was killed); %zu approvals "
                  "on record once, %d batches balanced at b\n",
                  requests, at_a, after_kill, checked, TRADERS);
    assert_true(at_a > 4 * TRADERS && after_kill > 4 * TRADERS);
    test_passed = 1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retransmission_at_the_other_host),
        cmocka_unit_test(reversal_at_the_other_host),
        cmocka_unit_test(void_refund_and_settlement_across_hosts),
        cmocka_unit_test(preauth_at_one_host_completed_at_the_other),
        cmocka_unit_test(a_payment_code_pays_once_over_both_hosts),
        cmocka_unit_test(fleet_over_both_hosts_with_one_killed),
    };
    return cmocka_run_group_tests(tests, start, finish);
}

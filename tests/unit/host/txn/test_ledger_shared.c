/* Two hosts on one database, in one process: host A (id 1) is the fixture's ledger, host
 * B (id 2) a second one with connections, issuer and keyring of its own. Both run as
 * possumd runs them with store = postgres (ledger_config.shared, the issuer reading
 * cards again). The fixture runs this file on SQLite and on PostgreSQL; what B decides
 * is committed on B's own writer, as B's writer thread would. */
#include "test_ledger_fixture.h"

#include <pthread.h>

#include "host/txn/engine.h"

struct host {
    struct store *writer, *reader;
    struct sandbox_issuer *issuer;
    struct keyring *keyring;
    struct ledger *ledger;
    struct ledger_config cfg;
    struct store_batch batch;
    uint64_t seq;
    struct txn_response resp;
};

struct two {
    struct lfx *a;
    struct host b;
};

/* B's issuer and ledger, loaded from the store as possumd loads them (and reloads them
 * after a conflict). */
static void b_load(struct two *t)
{
    struct host *b = &t->b;
    struct ps_reason why = {{0}};
    assert_int_equal(sandbox_issuer_new(&b->issuer, t->a->keys), 0);
    assert_int_equal(sandbox_issuer_set_host(b->issuer, 2), 0);
    sandbox_issuer_share(b->issuer, b->reader);
    lfx_ok(store_each_card(b->reader, add_card_cb, b->issuer, &why), &why, "cards");
    lfx_ok(store_each_live_hold(b->reader, add_hold_cb, b->issuer, &why), &why, "holds");
    lfx_ok(store_each_used_paycode(b->reader, add_used_paycode_cb, b->issuer, &why), &why,
           "payment codes");
    b->cfg = t->a->cfg;
    b->cfg.reader = b->reader;
    b->cfg.keyring = b->keyring;
    b->cfg.authorizer = sandbox_issuer_authorizer(b->issuer);
    b->cfg.host_id = 2;
    lfx_ok(ledger_open(&b->ledger, b->reader, &b->cfg, &why), &why, "ledger_open (B)");
}

static void b_unload(struct host *b)
{
    ledger_close(b->ledger);
    sandbox_issuer_free(b->issuer);
    b->ledger = NULL;
    b->issuer = NULL;
}

static int setup(void **state)
{
    struct two *t = calloc(1, sizeof(*t));
    assert_non_null(t);
    t->a = lfx_new(0);
    t->a->cfg.shared = 1; /* A again, as a host sharing its database */
    lfx_restart(t->a);
    assert_int_equal(sandbox_issuer_set_host(t->a->issuer, 1), 0);
    sandbox_issuer_share(t->a->issuer, t->a->reader);
    t->b.writer = lfx_store(t->a);
    t->b.reader = lfx_store(t->a);
    assert_int_equal(keyring_new(&t->b.keyring), 0);
    store_batch_init(&t->b.batch);
    b_load(t);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct two *t = *state;
    b_unload(&t->b);
    keyring_free(t->b.keyring);
    store_batch_free(&t->b.batch);
    store_close(t->b.writer);
    store_close(t->b.reader);
    lfx_free(t->a);
    free(t);
    return 0;
}

/* B decides req at A's clock and commits; returns what the commit returned (the
 * decision's answer is in t->b.resp). A refused commit leaves B's memory ahead of the
 * store, as in possumd before the engine reloads. */
static int b_decide(struct two *t, const struct txn_request *req)
{
    struct host *b = &t->b;
    struct ps_reason why = {{0}};
    b->batch.seq = ++b->seq;
    int rc = ledger_decide(b->ledger, req, t->a->now_us, &b->resp, &b->batch);
    assert_int_equal(rc, 0);
    rc = store_commit(b->writer, &b->batch, &why);
    store_batch_reset(&b->batch);
    if (rc == 0)
        ledger_committed(b->ledger, b->seq);
    return rc;
}

/* ---- sessions -------------------------------------------------------------------------- */

/* T1 signs in at A; B, which loaded it without keys, reads its session before refusing
 * and approves. */
static void a_sign_in_at_one_host_is_seen_at_the_other(void **state)
{
    struct two *t = *state;
    lfx_sign_in(t->a, T1, 1);
    struct txn_request r = req_card(t->a, TXN_PURCHASE, T1, 1, RICH, 1000, PIN);
    assert_int_equal(b_decide(t, &r), 0);
    assert_code(&t->b.resp, "00");
    assert_int_equal(db_balance(t->a, C_RICH), YUAN(1000000) - 1000);
}

/* ---- one request, two hosts ------------------------------------------------------------- */

/* A approves; the same request decided at B is refused by the store at commit; B,
 * loaded again, answers as A did and appends nothing. The card paid once. */
static void the_same_request_at_both_hosts_moves_money_once(void **state)
{
    struct two *t = *state;
    lfx_sign_in(t->a, T1, 1);
    struct txn_request r = req_card(t->a, TXN_PURCHASE, T1, 1, RICH, 2500, PIN);
    assert_code(lfx_decide(t->a, &r), "00");
    char rrn[13];
    memcpy(rrn, t->a->resp.rrn, sizeof(rrn));
    assert_string_equal(rrn, "010000000002"); /* A's RRNs begin with its id */

    assert_int_equal(b_decide(t, &r), PS_ECHECK);
    b_unload(&t->b);
    b_load(t);
    assert_int_equal(b_decide(t, &r), 0);
    assert_code(&t->b.resp, "00");
    assert_string_equal(t->b.resp.rrn, rrn);
    assert_int_equal(db_balance(t->a, C_RICH), YUAN(1000000) - 2500);
    assert_int_equal(db_txn_count(t->a), 2); /* the sign-in and the purchase, no other */
}

/* Each host's ids and RRNs come from its own range. */
static void each_host_numbers_in_its_own_range(void **state)
{
    struct two *t = *state;
    lfx_sign_in(t->a, T1, 1);
    struct txn_request r = req_card(t->a, TXN_PURCHASE, T1, 1, RICH, 100, PIN);
    assert_int_equal(b_decide(t, &r), 0);
    struct txn_row row = db_txn(t->a, t->b.resp.rrn);
    assert_true(row.id > store_first_id(2) && row.id < store_first_id(3));
    assert_memory_equal(t->b.resp.rrn, "02", 2);
    struct txn_request other = req_card(t->a, TXN_PURCHASE, T1, 1, RICH, 100, PIN);
    assert_code(lfx_decide(t->a, &other), "00");
    row = db_txn(t->a, t->a->resp.rrn);
    assert_true(row.id > store_first_id(1) && row.id < store_first_id(2));
    assert_memory_equal(t->a->resp.rrn, "01", 2);
}

/* ---- what the store counts and holds ------------------------------------------------------ */

/* Sales at both hosts in one batch: the settlement at B counts A's too. */
static void settlement_counts_both_hosts(void **state)
{
    struct two *t = *state;
    lfx_sign_in(t->a, T1, 1);
    lfx_buy(t->a, T1, 1, RICH, 100, "00");
    struct txn_request r = req_card(t->a, TXN_PURCHASE, T1, 1, CREDIT, 200, PIN);
    assert_int_equal(b_decide(t, &r), 0);
    struct txn_request s = req_settlement(t->a, T1, 1, 300, 2, 0, 0);
    assert_int_equal(b_decide(t, &s), 0);
    assert_code(&t->b.resp, "00");
    assert_int_equal(t->b.resp.totals.domestic.result, PS_CUP_SETTLE_BALANCED);
}

/* B takes 90.00 of the 100.00 card; A refunds it; B, whose memory says 10.00 left,
 * reads the card again before refusing 50.00, and approves. Balance inquiries tell
 * what is on record at either host. */
static void a_card_is_read_again_before_a_refusal_for_funds(void **state)
{
    struct two *t = *state;
    lfx_sign_in(t->a, T1, 1);
    struct txn_request r = req_card(t->a, TXN_PURCHASE, T1, 1, POOR, YUAN(90), PIN);
    assert_int_equal(b_decide(t, &r), 0);
    assert_code(&t->b.resp, "00");

    struct txn_request refund = req_card(t->a, TXN_REFUND, T1, 1, POOR, YUAN(90), NULL);
    req_original(&refund, 0, 0, t->b.resp.rrn, NULL, t->b.resp.local_date);
    assert_code(lfx_decide(t->a, &refund), "00");
    assert_int_equal(db_balance(t->a, C_POOR), YUAN(100));

    r = req_card(t->a, TXN_PURCHASE, T1, 1, POOR, YUAN(50), PIN);
    assert_int_equal(b_decide(t, &r), 0);
    assert_code(&t->b.resp, "00");
    struct txn_request ask = req_card(t->a, TXN_BALANCE, T1, 1, POOR, 0, PIN);
    assert_code(lfx_decide(t->a, &ask), "00"); /* A's memory: 100 - 0 + 90 = 190 */
    assert_int_equal(t->a->resp.balance, YUAN(50));
    ask = req_card(t->a, TXN_BALANCE, T1, 1, POOR, 0, PIN);
    assert_int_equal(b_decide(t, &ask), 0);
    assert_int_equal(t->b.resp.balance, YUAN(50));
}

/* A pre-authorization at A, completed at B: B, loaded over a second ago, asks to be
 * loaded afresh (LEDGER_STALE) rather than refuse; loaded again, it completes. */
static void a_hold_from_the_other_host_is_found_after_a_reload(void **state)
{
    struct two *t = *state;
    lfx_sign_in(t->a, T1, 1);
    struct txn_request pre = req_card(t->a, TXN_PREAUTH, T1, 1, RICH, YUAN(300), PIN);
    assert_code(lfx_decide(t->a, &pre), "00");
    char code[7];
    memcpy(code, t->a->resp.auth_code, sizeof(code));

    struct txn_request done = req_card(t->a, TXN_COMPLETION, T1, 1, RICH, YUAN(250), PIN);
    req_original(&done, 0, 0, NULL, code, t->a->resp.local_date);
    struct host *b = &t->b;
    struct txn_request ping = req_card(t->a, TXN_BALANCE, T1, 1, RICH, 0, PIN);
    assert_int_equal(b_decide(t, &ping), 0); /* B's first decision since it loaded */
    t->a->now_us += LEDGER_FRESH_US;
    b->batch.seq = ++b->seq;
    assert_int_equal(ledger_decide(b->ledger, &done, t->a->now_us, &b->resp, &b->batch),
                     LEDGER_STALE);
    assert_int_equal(b->batch.count, 0); /* nothing appended */
    b_unload(b);
    b_load(t);
    assert_int_equal(b_decide(t, &done), 0);
    assert_code(&b->resp, "00");
    assert_int_equal(db_balance(t->a, C_RICH), YUAN(1000000) - YUAN(250));
}

/* ---- the engine ------------------------------------------------------------------------- */

struct waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int done;
};

static void on_done(struct engine_item *item, void *ctx)
{
    (void)item;
    struct waiter *w = ctx;
    pthread_mutex_lock(&w->lock);
    w->done = 1;
    pthread_cond_broadcast(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static struct ledger *reload_b(void *ctx, const char *cause, struct ps_reason *why)
{
    struct two *t = ctx;
    (void)cause;
    (void)why;
    b_unload(&t->b);
    b_load(t);
    return t->b.ledger;
}

static int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* B's engine meets A's commit of the same request: it commits the batch's decisions
 * one at a time, reloads the ledger and answers as A did. */
static void the_engine_reloads_after_a_conflict(void **state)
{
    struct two *t = *state;
    struct engine *e = NULL;
    struct engine_stats st;
    struct ps_reason why = {{0}};
    struct waiter w = {.done = 0};
    struct engine_item item;

    t->a->now_us = wall_us(); /* the engine decides at the wall clock: sign in today */
    lfx_sign_in(t->a, T1, 1);
    struct txn_request r = req_card(t->a, TXN_PURCHASE, T1, 1, RICH, 4200, PIN);
    assert_code(lfx_decide(t->a, &r), "00");
    char rrn[13];
    memcpy(rrn, t->a->resp.rrn, sizeof(rrn));

    pthread_mutex_init(&w.lock, NULL);
    pthread_cond_init(&w.cond, NULL);
    struct engine_config cfg = {.ledger = t->b.ledger, .writer = t->b.writer,
                                .rebuild = reload_b, .rebuild_ctx = t, .shared = 1};
    lfx_ok(engine_start(&e, &cfg, &why), &why, "engine_start");
    memset(&item, 0, sizeof(item));
    item.req = r;
    item.done = on_done;
    item.ctx = &w;
    engine_submit(e, &item);
    pthread_mutex_lock(&w.lock);
    while (!w.done)
        pthread_cond_wait(&w.cond, &w.lock);
    pthread_mutex_unlock(&w.lock);
    engine_stats(e, &st);
    engine_stop(e);

    assert_code(&item.resp, "00");
    assert_string_equal(item.resp.rrn, rrn);
    assert_int_equal(st.rebuilds, 1);
    assert_int_equal(st.redone, 1);
    assert_int_equal(db_balance(t->a, C_RICH), YUAN(1000000) - 4200);
    pthread_cond_destroy(&w.cond);
    pthread_mutex_destroy(&w.lock);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(a_sign_in_at_one_host_is_seen_at_the_other),
        T(the_same_request_at_both_hosts_moves_money_once),
        T(each_host_numbers_in_its_own_range),
        T(settlement_counts_both_hosts),
        T(a_card_is_read_again_before_a_refusal_for_funds),
        T(a_hold_from_the_other_host_is_found_after_a_reload),
        T(the_engine_reloads_after_a_conflict),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

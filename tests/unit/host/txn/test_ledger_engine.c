/* The ledger (src/host/txn/ledger.h) driven by the real engine (txn/engine.h): decisions
 * on the engine thread, group commits on the writer thread, batches numbered when they
 * are handed to the writer. Two terminals keep four requests each in flight, as the
 * gateway allows; every purchase must be approved, committed once, and counted. */
#include "test_ledger_fixture.h"

#include <pthread.h>

#include "host/txn/engine.h"

enum { N = 3000, IN_FLIGHT = 4 };

struct flight {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int in_flight[2];
    int done;
    int declined;
    char last_decline[TXN_REASON_MAX];
};

struct item {
    struct engine_item e;
    int terminal;
};

static void on_done(struct engine_item *e, void *ctx)
{
    struct flight *fl = ctx;
    struct item *it = (struct item *)e;
    pthread_mutex_lock(&fl->lock);
    if (strcmp(e->resp.response_code, "00") != 0) {
        fl->declined++;
        snprintf(fl->last_decline, sizeof(fl->last_decline), "%s", e->resp.reason);
    }
    fl->in_flight[it->terminal]--;
    fl->done++;
    pthread_cond_broadcast(&fl->cond);
    pthread_mutex_unlock(&fl->lock);
}

static int64_t wall_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void submit(struct engine *engine, struct flight *fl, struct item *it, int terminal)
{
    pthread_mutex_lock(&fl->lock);
    while (fl->in_flight[terminal] >= IN_FLIGHT)
        pthread_cond_wait(&fl->cond, &fl->lock);
    fl->in_flight[terminal]++;
    pthread_mutex_unlock(&fl->lock);
    it->terminal = terminal;
    it->e.done = on_done;
    it->e.ctx = fl;
    engine_submit(engine, &it->e);
}

static void purchases_through_the_engine(void **state)
{
    struct lfx *f = *state;
    static const char *const tids[] = {T1, T2};
    struct item *items = calloc(N + 2, sizeof(*items));
    struct flight fl = {.done = 0};
    struct engine *engine = NULL;
    struct ps_reason why = {{0}};

    assert_non_null(items);
    pthread_mutex_init(&fl.lock, NULL);
    pthread_cond_init(&fl.cond, NULL);
    struct engine_config cfg = {.ledger = f->ledger, .writer = f->writer, .max_batch_items = 64};
    lfx_ok(engine_start(&engine, &cfg, &why), &why, "engine_start");

    /* the engine's clock is the wall clock: sign in today */
    for (int t = 0; t < 2; t++) {
        items[N + t].e.req = req_sign_in(f, tids[t], MID1, 1);
        submit(engine, &fl, &items[N + t], t);
    }
    for (int i = 0; i < N; i++) {
        items[i].e.req = req_card(f, TXN_PURCHASE, tids[i % 2], 1, RICH, 100, PIN);
        submit(engine, &fl, &items[i], i % 2);
    }
    engine_stop(engine);
    if (fl.declined != 0)
        print_error("%d declined, the last: %s\n", fl.declined, fl.last_decline);
    assert_int_equal(fl.done, N + 2);
    assert_int_equal(fl.declined, 0);
    assert_int_equal(balance_of(f, C_RICH), YUAN(1000000) - 100 * N);
    assert_int_equal(db_txn_count(f), N + 2);

    /* on from here by hand, with batch numbers after the engine's */
    f->seq = 1u << 30;
    f->now_us = wall_us();
    struct txn_request s = req_settlement(f, T1, 1, 100 * (N / 2), N / 2, 0, 0);
    assert_int_equal(lfx_decide(f, &s)->totals.domestic.result, PS_CUP_SETTLE_BALANCED);
    assert_code(lfx_decide(f, &items[0].e.req), "00"); /* a retransmission */
    assert_int_equal(f->last_ops, 0);

    pthread_cond_destroy(&fl.cond);
    pthread_mutex_destroy(&fl.lock);
    free(items);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(purchases_through_the_engine, lfx_setup, lfx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

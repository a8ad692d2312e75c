/* Several connections on one file, as possumd runs them (the writer commits while the
 * engine reads and start-up loads), and what a group commit costs. Timings are
 * printed, never asserted (DESIGN.md: tests do not assert timings). */
#include "store_fixture.h"

#include <pthread.h>

#include "host/store/schema.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* count txns, ids from first_id, STANs from first_id too (one terminal, one batch) */
static void add_txns(struct store_batch *b, int64_t first_id, int count)
{
    for (int i = 0; i < count; i++) {
        int64_t id = first_id + i;
        add_op(b, STORE_TXN_INSERT)->u.txn =
            txn(id, TXN_PURCHASE, "10000001", 1, (uint32_t)id, 100 + id, "approved", (uint64_t)id);
    }
}

/* ---- a reader in the middle of a walk --------------------------------------------- */

struct walk {
    struct store *writer;
    size_t cards_seen;
};

static int commit_during_walk(void *ctx, const struct card_row *row)
{
    struct walk *w = ctx;
    (void)row;
    if (w->cards_seen++ == 0) {
        struct store_batch b;
        store_batch_init(&b);
        add_op(&b, STORE_CARD_PUT)->u.card = card(4, 100);
        add_txns(&b, 1, 100);
        commit_ok(w->writer, &b); /* the reader holds a snapshot: the writer goes on */
        store_batch_free(&b);
    }
    return 0;
}

static void a_reader_mid_walk_does_not_hold_up_the_writer(void **state)
{
    struct fixture *f = *state;
    struct store *reader = open_store(f->path);
    struct store_batch b;
    struct txn_row t;

    store_batch_init(&b);
    for (int64_t id = 1; id <= 3; id++)
        add_op(&b, STORE_CARD_PUT)->u.card = card(id, 100);
    commit_ok(f->s, &b);

    struct walk w = {.writer = f->s};
    assert_int_equal(store_each_card(reader, commit_during_walk, &w, NULL), 0);
    assert_int_equal(w.cards_seen, 3); /* the walk kept the snapshot it started with */
    w.cards_seen = 1;                  /* no second commit */
    assert_int_equal(store_each_card(reader, commit_during_walk, &w, NULL), 0);
    assert_int_equal(w.cards_seen, 5);
    assert_int_equal(store_find_txn_by_rrn(reader, "010000000100", &t, NULL), 1);
    store_close(reader);
    store_batch_free(&b);
}

/* ---- a writer thread and a reader thread ------------------------------------------ */

#define WRITER_BATCHES    200
#define WRITER_BATCH_SIZE 10

struct race {
    struct store *s;
    int done;
    int failures;
    int64_t reads;
    pthread_mutex_t lock;
    struct ps_reason why;
};

static void *write_batches(void *arg)
{
    struct race *r = arg;
    struct store_batch b;

    store_batch_init(&b);
    for (int i = 0; i < WRITER_BATCHES && r->failures == 0; i++) {
        add_txns(&b, 1 + (int64_t)i * WRITER_BATCH_SIZE, WRITER_BATCH_SIZE);
        if (store_commit(r->s, &b, &r->why) != 0)
            r->failures++;
        store_batch_reset(&b);
    }
    store_batch_free(&b);
    pthread_mutex_lock(&r->lock);
    r->done = 1;
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

static int race_done(struct race *r)
{
    pthread_mutex_lock(&r->lock);
    int done = r->done;
    pthread_mutex_unlock(&r->lock);
    return done;
}

/* Reads until the writer is done: the count never goes back, and whatever the count
 * says was committed can be found. */
static void read_while_writing(struct store *reader, struct race *r, struct ps_reason *why)
{
    int64_t last = 0;
    int failures = 0;

    while (!race_done(r) && failures == 0) {
        int64_t n = 0;
        struct txn_row t;
        char rrn[13];
        if (store_count_txns(reader, &n, why) != 0 || n < last)
            failures++;
        last = n;
        snprintf(rrn, sizeof(rrn), "01%010lld", (long long)n);
        if (n > 0 && store_find_txn_by_rrn(reader, rrn, &t, why) != 1)
            failures++;
        r->reads++;
    }
    assert_int_equal(failures, 0);
}

static void a_writer_thread_and_a_reader_thread_share_the_file(void **state)
{
    struct fixture *f = *state;
    struct store *reader = open_store(f->path);
    struct race r = {.s = f->s};
    struct ps_reason why = {{0}};
    pthread_t writer;
    int64_t n = 0;

    pthread_mutex_init(&r.lock, NULL);
    assert_int_equal(pthread_create(&writer, NULL, write_batches, &r), 0);
    read_while_writing(reader, &r, &why);
    assert_int_equal(pthread_join(writer, NULL), 0);
    pthread_mutex_destroy(&r.lock);
    if (r.failures != 0)
        print_error("writer: %s\n", r.why.text);
    assert_int_equal(r.failures, 0);
    assert_int_equal(store_count_txns(reader, &n, NULL), 0);
    assert_int_equal(n, WRITER_BATCHES * WRITER_BATCH_SIZE);
    assert_true(r.reads > 0);
    store_close(reader);
}

/* ---- two processes' worth of start-ups at once ------------------------------------ */

struct opener {
    const char *where;
    struct store *s;
    int rc;
    struct ps_reason why;
};

static void *open_in_thread(void *arg)
{
    struct opener *o = arg;
    struct store_config cfg = test_config(o->where);
    o->rc = store_open(&o->s, &cfg, &o->why);
    return NULL;
}

static void simultaneous_opens_migrate_once(void **state)
{
    struct fixture *f = *state;
    struct opener o[4];
    pthread_t th[4];

    for (size_t i = 0; i < 4; i++) {
        o[i] = (struct opener){.where = f->other};
        assert_int_equal(pthread_create(&th[i], NULL, open_in_thread, &o[i]), 0);
    }
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        if (o[i].rc != 0)
            print_error("opener %zu: %s\n", i, o[i].why.text);
        assert_int_equal(o[i].rc, 0);
        assert_int_equal(store_schema_version(o[i].s), (int)store__migration_count);
    }
    struct raw *db = raw_open(f->other);
    assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM schema_migrations"),
                     (int64_t)store__migration_count);
    raw_close(db);
    for (size_t i = 0; i < 4; i++)
        store_close(o[i].s);
}

/* ---- what a group commit costs ---------------------------------------------------- */

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void group_commit_costs(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    enum { BIG = 10000, SMALL_RUNS = 100 };
    double small[SMALL_RUNS];
    int64_t n = 0;

    store_batch_init(&b);
    add_txns(&b, 1, BIG);
    double start = now_ms();
    commit_ok(f->s, &b);
    double big_ms = now_ms() - start;

    for (int i = 0; i < SMALL_RUNS; i++) {
        add_txns(&b, BIG + 1 + i, 1);
        start = now_ms();
        commit_ok(f->s, &b);
        small[i] = now_ms() - start;
    }
    qsort(small, SMALL_RUNS, sizeof(small[0]), compare_double);
    assert_int_equal(store_count_txns(f->s, &n, NULL), 0);
    assert_int_equal(n, BIG + SMALL_RUNS);

    print_message("store: one commit of %d txn inserts: %.1f ms (%.0f inserts/s, %.1f us each)\n",
                  BIG, big_ms, BIG / (big_ms / 1e3), big_ms * 1e3 / BIG);
    print_message("store: a 1-insert commit (the fsync): median %.2f ms, 90th %.2f ms, max %.2f "
                  "ms over %d\n",
                  small[SMALL_RUNS / 2], small[SMALL_RUNS * 9 / 10], small[SMALL_RUNS - 1],
                  SMALL_RUNS);
    store_batch_free(&b);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(a_reader_mid_walk_does_not_hold_up_the_writer),
        T(a_writer_thread_and_a_reader_thread_share_the_file),
        T(simultaneous_opens_migrate_once),
        T(group_commit_costs),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The store's life cycle and its writes: opening and migrating a real file, every
 * batch operation applied and read back, guards and unique keys refusing a whole
 * batch. */
#include "store_fixture.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "host/store/backend.h"
#include "host/store/schema.h"

/* ---- collecting rows -------------------------------------------------------------- */

#define COLLECT_MAX 16

struct collected {
    size_t n;
    union {
        struct merchant_row merchant[COLLECT_MAX];
        struct terminal_row terminal[COLLECT_MAX];
        struct card_row card[COLLECT_MAX];
        struct hold_row hold[COLLECT_MAX];
    } u;
};

static int collect_merchant(void *ctx, const struct merchant_row *row)
{
    struct collected *c = ctx;
    assert_true(c->n < COLLECT_MAX);
    c->u.merchant[c->n++] = *row;
    return 0;
}

static int collect_terminal(void *ctx, const struct terminal_row *row)
{
    struct collected *c = ctx;
    assert_true(c->n < COLLECT_MAX);
    c->u.terminal[c->n++] = *row;
    return 0;
}

static int collect_card(void *ctx, const struct card_row *row)
{
    struct collected *c = ctx;
    assert_true(c->n < COLLECT_MAX);
    c->u.card[c->n++] = *row;
    return 0;
}

static int collect_hold(void *ctx, const struct hold_row *row)
{
    struct collected *c = ctx;
    assert_true(c->n < COLLECT_MAX);
    c->u.hold[c->n++] = *row;
    return 0;
}

static struct card_row load_card(struct store *s, int64_t id)
{
    struct collected c = {0};
    assert_int_equal(store_each_card(s, collect_card, &c, NULL), 0);
    for (size_t i = 0; i < c.n; i++) {
        if (c.u.card[i].id == id)
            return c.u.card[i];
    }
    fail_msg("card %lld not stored", (long long)id);
    return c.u.card[0];
}

static struct txn_row load_txn(struct store *s, const char *rrn)
{
    struct txn_row t;
    struct ps_reason why = {{0}};
    int rc = store_find_txn_by_rrn(s, rrn, &t, &why);
    if (rc != 1)
        print_error("rc %d: %s\n", rc, why.text);
    assert_int_equal(rc, 1);
    return t;
}

static int64_t txn_count(struct store *s)
{
    int64_t n = -1;
    assert_int_equal(store_count_txns(s, &n, NULL), 0);
    return n;
}

/* ---- opening ---------------------------------------------------------------------- */

static void opens_and_migrates_a_fresh_file(void **state)
{
    struct fixture *f = *state;

    assert_int_equal(store_schema_version(f->s), (int)store__migration_count);
    struct raw *r = raw_open(f->path);
    assert_int_equal(raw_int(r, "SELECT COUNT(*) FROM schema_migrations"),
                     (int64_t)store__migration_count);
    assert_int_equal(raw_objects(r, "'merchants', 'terminals', 'cards', 'txns', 'holds',"
                                    " 'settlements', 'uploads'"),
                     7);
    if (store_is_pg()) {
        /* no files of ours to look at: the server keeps them */
        raw_close(r);
        return;
    }
    /* WAL is a property of the file, so another connection sees it */
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(r->db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    raw_close(r);

    /* wrapped keys and card tokens: the owner's alone, log included */
    struct stat info;
    char wal[420];
    snprintf(wal, sizeof(wal), "%s-wal", f->path);
    assert_int_equal(stat(f->path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
    assert_int_equal(stat(wal, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
}

static void reopening_does_not_rerun_migrations(void **state)
{
    struct fixture *f = *state;
    struct raw *db = raw_open(f->path);
    int64_t applied = raw_int(db, "SELECT applied_us FROM schema_migrations WHERE version = 1");

    store_close(f->s);
    f->s = open_store(f->path);
    assert_int_equal(store_schema_version(f->s), (int)store__migration_count);
    assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM schema_migrations"),
                     (int64_t)store__migration_count);
    assert_int_equal(raw_int(db, "SELECT applied_us FROM schema_migrations WHERE version = 1"),
                     applied);
    raw_close(db);
}

static void refuses_a_database_newer_than_its_migrations(void **state)
{
    struct fixture *f = *state;
    struct store *s = NULL;
    struct store_config cfg = test_config(f->path);
    struct ps_reason why;

    struct raw *db = raw_open(f->path);
    raw_exec(db, "INSERT INTO schema_migrations VALUES (99, 'from the future', 0)");
    raw_close(db);
    assert_int_equal(store_open(&s, &cfg, &why), PS_EUNDEFINED);
    assert_null(s);
    assert_non_null(strstr(why.text, "schema version 99"));
}

/* PostgreSQL's twin of the bad paths: no server there, no such database. */
static void refuses_unreachable_servers(const struct fixture *f)
{
    struct store *s = NULL;
    struct ps_reason why;
    char where[600];

    snprintf(where, sizeof(where), "host=/nonexistent/possum port=5432 connect_timeout=2");
    struct store_config nowhere = test_config(where);
    assert_int_equal(store_open(&s, &nowhere, &why), STORE__EDB);
    assert_non_null(strstr(why.text, "postgres: connection to server on socket "));
    assert_non_null(strstr(why.text, " (connecting)"));

    snprintf(where, sizeof(where), "%s dbname=possum_no_such_db", f->path);
    struct store_config missing = test_config(where);
    assert_int_equal(store_open(&s, &missing, &why), STORE__EDB);
    assert_non_null(strstr(why.text, "database \"possum_no_such_db\" does not exist"));
    assert_null(s);
}

static void refuses_unknown_backends_and_bad_paths(void **state)
{
    struct fixture *f = *state;
    struct store *s = NULL;
    struct ps_reason why;
    char path[300];

    struct store_config other = {.backend = "mysql", .path = f->path};
    assert_int_equal(store_open(&s, &other, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: no backend named 'mysql' (there are: sqlite, postgres)");

    struct store_config none = {.backend = "sqlite", .path = NULL};
    assert_int_equal(store_open(&s, &none, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: no database path for the sqlite backend");
    struct store_config no_conninfo = {.backend = "postgres", .path = f->path};
    assert_int_equal(store_open(&s, &no_conninfo, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: no connection string for the postgres backend");
    if (store_is_pg()) {
        refuses_unreachable_servers(f);
        return;
    }

    snprintf(path, sizeof(path), "%s/no/such/dir.db", f->dir);
    struct store_config missing = {.path = path};
    assert_true(store_open(&s, &missing, &why) < 0);
    assert_non_null(strstr(why.text, "sqlite: unable to open database file (opening "));

    struct store_config memory = {.path = ":memory:"};
    assert_int_equal(store_open(&s, &memory, &why), PS_EINVAL);
    assert_string_equal(why.text, "sqlite: :memory: stays in journal mode 'memory', not WAL");

    /* a file that is not a database */
    snprintf(path, sizeof(path), "%s/other.db", f->dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    for (int i = 0; i < 100; i++) /* longer than a database header */
        assert_int_equal(write(fd, "not sqlite", 10), 10);
    close(fd);
    struct store_config garbage = {.path = path};
    assert_int_equal(store_open(&s, &garbage, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "file is not a database"));
    assert_null(s);
}

/* The runner itself, through the backend with migrations of the test's own: each is
 * applied once, in order, all or nothing. */
static void a_failing_migration_applies_nothing_and_stops(void **state)
{
    struct fixture *f = *state;
    static const struct store__migration broken[] = {
        {"one", "CREATE TABLE a (id {ID}, x TEXT NOT NULL)"},
        {"two", "CREATE TABLE b (id {ID}); CREATE TABLE a (id {ID})"}, /* a exists */
    };
    static const struct store__migration fixed[] = {
        {"one", "CREATE TABLE a (id {ID}, x TEXT NOT NULL)"},
        {"two", "CREATE TABLE b (id {ID}); CREATE INDEX a_x ON a (x)"},
    };
    const struct store__backend *backend = store_is_pg() ? &store__postgres : &store__sqlite;
    struct store_config cfg = test_config(f->other);
    struct store__conn *c = NULL;
    struct ps_reason why;
    int version = -1;

    assert_int_equal(backend->open(&c, &cfg, &why), 0);
    assert_int_equal(store__migrate(backend, c, broken, 2, &version, &why), PS_EIO);
    assert_string_equal(why.text, store_is_pg()
                                      ? "postgres: relation \"a\" already exists (migration 2, two)"
                                      : "sqlite: table a already exists (migration 2, two)");
    assert_int_equal(version, -1);
    struct raw *db = raw_open(f->other);
    assert_int_equal(raw_int(db, "SELECT MAX(version) FROM schema_migrations"), 1);
    assert_int_equal(raw_objects(db, "'b'"), 0);

    assert_int_equal(store__migrate(backend, c, fixed, 2, &version, &why), 0);
    assert_int_equal(version, 2);
    int64_t applied = raw_int(db, "SELECT SUM(applied_us) FROM schema_migrations");
    assert_int_equal(store__migrate(backend, c, fixed, 2, &version, &why), 0);
    assert_int_equal(version, 2);
    assert_int_equal(raw_int(db, "SELECT SUM(applied_us) FROM schema_migrations"), applied);
    assert_int_equal(raw_objects(db, "'b', 'a_x'"), 2);
    raw_close(db);
    backend->close(c);
}

static void close_accepts_null(void **state)
{
    (void)state;
    store_close(NULL);
}

/* ---- each operation --------------------------------------------------------------- */

static void puts_insert_then_replace_by_id(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct collected c = {0};

    store_batch_init(&b);
    struct merchant_row m1 = merchant(1, "898310048990001"), m2 = merchant(2, "898310048990002");
    struct terminal_row t = terminal(10, "10000001", 1, 1);
    struct card_row k = card(20, 10000);
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = m1;
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = m2;
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = t;
    add_op(&b, STORE_CARD_PUT)->u.card = k;
    commit_ok(f->s, &b);

    assert_int_equal(store_each_merchant(f->s, collect_merchant, &c, NULL), 0);
    assert_int_equal(c.n, 2);
    assert_memory_equal(&c.u.merchant[0], &m1, sizeof(m1));
    assert_memory_equal(&c.u.merchant[1], &m2, sizeof(m2));
    c.n = 0;
    assert_int_equal(store_each_terminal(f->s, collect_terminal, &c, NULL), 0);
    assert_int_equal(c.n, 1);
    assert_memory_equal(&c.u.terminal[0], &t, sizeof(t));
    struct card_row got = load_card(f->s, 20);
    assert_memory_equal(&got, &k, sizeof(k));

    /* the same ids again: every column replaced, no new rows */
    /* whole fields rewritten, so the bytes after each NUL match what a load gives */
    memset(m1.name, 0, sizeof(m1.name));
    snprintf(m1.name, sizeof(m1.name), "Renamed");
    snprintf(m1.status, sizeof(m1.status), "suspended");
    m1.fee_ppm = 3800;
    t.batch = 7;
    t.batch_settled = 1;
    memset(t.status, 0, sizeof(t.status));
    snprintf(t.status, sizeof(t.status), "locked");
    k.kind = CARD_CREDIT;
    k.domestic = 0;
    k.balance = -5;
    k.pin_tries = 3;
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = m1;
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = t;
    add_op(&b, STORE_CARD_PUT)->u.card = k;
    commit_ok(f->s, &b);
    c.n = 0;
    assert_int_equal(store_each_merchant(f->s, collect_merchant, &c, NULL), 0);
    assert_int_equal(c.n, 2);
    assert_memory_equal(&c.u.merchant[0], &m1, sizeof(m1));
    c.n = 0;
    assert_int_equal(store_each_terminal(f->s, collect_terminal, &c, NULL), 0);
    assert_int_equal(c.n, 1);
    assert_memory_equal(&c.u.terminal[0], &t, sizeof(t));
    got = load_card(f->s, 20);
    assert_memory_equal(&got, &k, sizeof(k));
    store_batch_free(&b);
}

static void session_sets_batch_and_keeps_keys_left_empty(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct collected c = {0};
    struct ps_reason why;

    store_batch_init(&b);
    struct terminal_row t = terminal(10, "10000001", 1, 1);
    add_op(&b, STORE_TERMINAL_PUT)->u.terminal = t;
    commit_ok(f->s, &b);

    struct store_session_change *sc = &add_op(&b, STORE_TERMINAL_SESSION)->u.session;
    sc->terminal_id = 10;
    sc->batch = 2;
    sc->batch_settled = 1;
    snprintf(sc->signed_in_date, sizeof(sc->signed_in_date), "20240502");
    snprintf(sc->mak, sizeof(sc->mak), "FEEDFACE");
    sc->updated_us = 42;
    commit_ok(f->s, &b);
    assert_int_equal(store_each_terminal(f->s, collect_terminal, &c, NULL), 0);
    assert_int_equal(c.u.terminal[0].batch, 2);
    assert_int_equal(c.u.terminal[0].batch_settled, 1);
    assert_string_equal(c.u.terminal[0].signed_in_date, "20240502");
    assert_string_equal(c.u.terminal[0].pik, t.pik); /* "" kept it */
    assert_string_equal(c.u.terminal[0].mak, "FEEDFACE");
    assert_int_equal(c.u.terminal[0].updated_us, 42);
    assert_string_equal(c.u.terminal[0].tmk, t.tmk);

    add_op(&b, STORE_TERMINAL_SESSION)->u.session.terminal_id = 99;
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, "store: op 0 (terminal_session) refused: no terminal 99");
    store_batch_free(&b);
}

static struct store_card_change *card_change(struct store_batch *b, int64_t id, int64_t delta,
                                             int64_t spent, const char *date, int pin_tries)
{
    struct store_card_change *cc = &add_op(b, STORE_CARD_CHANGE)->u.card_change;
    cc->card_id = id;
    cc->balance_delta = delta;
    cc->spent_delta = spent;
    snprintf(cc->spent_date, sizeof(cc->spent_date), "%s", date);
    cc->pin_tries = pin_tries;
    return cc;
}

static void card_change_guards_the_balance_and_rolls_the_day(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why;

    store_batch_init(&b);
    add_op(&b, STORE_CARD_PUT)->u.card = card(20, 10000); /* spent 1000 on 20240501 */
    commit_ok(f->s, &b);

    card_change(&b, 20, -2500, 2500, "20240501", 0);
    commit_ok(f->s, &b);
    struct card_row k = load_card(f->s, 20);
    assert_int_equal(k.balance, 7500);
    assert_int_equal(k.spent_today, 3500);
    assert_int_equal(k.pin_tries, 0);

    /* a new day: spending restarts from 0; pin_tries -1 leaves the count */
    card_change(&b, 20, -500, 500, "20240502", -1);
    commit_ok(f->s, &b);
    k = load_card(f->s, 20);
    assert_int_equal(k.balance, 7000);
    assert_int_equal(k.spent_today, 500);
    assert_string_equal(k.spent_date, "20240502");
    assert_int_equal(k.pin_tries, 0);

    /* no date: a PIN-tries change that leaves spending alone */
    card_change(&b, 20, 0, 0, "", 2);
    commit_ok(f->s, &b);
    k = load_card(f->s, 20);
    assert_int_equal(k.spent_today, 500);
    assert_string_equal(k.spent_date, "20240502");
    assert_int_equal(k.pin_tries, 2);

    card_change(&b, 20, -7001, 7001, "20240502", -1);
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, "store: op 0 (card_change) refused: card 20 balance cannot "
                                  "change by -7001 (below 0, or no such card)");
    assert_int_equal(load_card(f->s, 20).balance, 7000);

    /* forced: a reversal of a credit applies even when it overdraws */
    store_batch_reset(&b);
    card_change(&b, 20, -7001, 0, "20240502", -1)->forced = 1;
    commit_ok(f->s, &b);
    assert_int_equal(load_card(f->s, 20).balance, -1);

    /* only what takes money is guarded: a credit reaches an overdrawn account */
    card_change(&b, 20, 0, 0, "20240502", -1);
    card_change(&b, 20, 5, 0, "20240502", -1);
    commit_ok(f->s, &b);
    assert_int_equal(load_card(f->s, 20).balance, 4);

    card_change(&b, 21, 1, 0, "20240502", -1);
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    store_batch_free(&b);
}

static void txn_status_and_refunds_are_guarded(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why;

    store_batch_init(&b);
    add_op(&b, STORE_TXN_INSERT)->u.txn =
        txn(100, TXN_PURCHASE, "10000001", 1, 1, 10000, "approved", 1);
    add_op(&b, STORE_TXN_INSERT)->u.txn =
        txn(101, TXN_PURCHASE, "10000001", 1, 2, 10000, "approved", 2);
    commit_ok(f->s, &b);

    struct store_status_change *sc = &add_op(&b, STORE_TXN_STATUS)->u.status;
    sc->id = 100;
    snprintf(sc->from, sizeof(sc->from), "approved");
    snprintf(sc->to, sizeof(sc->to), "voided");
    commit_ok(f->s, &b);
    assert_string_equal(load_txn(f->s, "010000000001").status, "voided");

    sc = &add_op(&b, STORE_TXN_STATUS)->u.status;
    sc->id = 100;
    snprintf(sc->from, sizeof(sc->from), "approved");
    snprintf(sc->to, sizeof(sc->to), "reversed");
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, "store: op 0 (txn_status) refused: txn 100 is not 'approved' "
                                  "(or does not exist), so cannot become 'reversed'");
    assert_string_equal(load_txn(f->s, "010000000001").status, "voided");
    store_batch_reset(&b);

    static const struct {
        int64_t amount;
        int ok;
        int64_t refunded;
    } steps[] = {
        {4000, 1, 4000}, {6000, 1, 10000}, {1, 0, 10000}, {-10001, 0, 10000}, {-3000, 1, 7000}};
    for (size_t i = 0; i < PS_ARRAY_LEN(steps); i++) {
        struct store_refund_change *rc = &add_op(&b, STORE_TXN_REFUNDED)->u.refund;
        rc->txn_id = 101;
        rc->amount = steps[i].amount;
        assert_int_equal(store_commit(f->s, &b, &why), steps[i].ok ? 0 : PS_ECHECK);
        store_batch_reset(&b);
        assert_int_equal(load_txn(f->s, "010000000002").refunded, steps[i].refunded);
    }
    add_op(&b, STORE_TXN_REFUNDED)->u.refund = (struct store_refund_change){101, 3001};
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, "store: op 0 (txn_refunded) refused: txn 101 cannot take 3001 "
                                  "more refunded (beyond its amount or below 0, not approved, or "
                                  "no such txn)");
    store_batch_reset(&b);

    /* A sale voided (by another host, say) takes no refund; a refund's reversal still
     * gives back what the refund took. */
    add_op(&b, STORE_TXN_REFUNDED)->u.refund = (struct store_refund_change){100, 1};
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    store_batch_reset(&b);
    sc = &add_op(&b, STORE_TXN_STATUS)->u.status;
    sc->id = 101;
    snprintf(sc->from, sizeof(sc->from), "approved");
    snprintf(sc->to, sizeof(sc->to), "reversed");
    add_op(&b, STORE_TXN_REFUNDED)->u.refund = (struct store_refund_change){101, -1000};
    commit_ok(f->s, &b);
    assert_int_equal(load_txn(f->s, "010000000002").refunded, 6000);
    store_batch_free(&b);
}

static void holds_open_and_close(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct collected c = {0};
    struct ps_reason why;

    store_batch_init(&b);
    struct hold_row h1 = hold(30, 20, 100, 5000), h2 = hold(31, 20, 101, 7000);
    add_op(&b, STORE_HOLD_PUT)->u.hold = h1;
    add_op(&b, STORE_HOLD_PUT)->u.hold = h2;
    commit_ok(f->s, &b);
    assert_int_equal(store_each_open_hold(f->s, collect_hold, &c, NULL), 0);
    assert_int_equal(c.n, 2);
    assert_memory_equal(&c.u.hold[0], &h1, sizeof(h1));
    assert_memory_equal(&c.u.hold[1], &h2, sizeof(h2));

    struct store_status_change *sc = &add_op(&b, STORE_HOLD_STATUS)->u.status;
    sc->id = 30;
    snprintf(sc->from, sizeof(sc->from), "held");
    snprintf(sc->to, sizeof(sc->to), "completed");
    commit_ok(f->s, &b);
    c.n = 0;
    assert_int_equal(store_each_open_hold(f->s, collect_hold, &c, NULL), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.u.hold[0].id, 31);

    sc = &add_op(&b, STORE_HOLD_STATUS)->u.status;
    sc->id = 30;
    snprintf(sc->from, sizeof(sc->from), "held");
    snprintf(sc->to, sizeof(sc->to), "released");
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, "store: op 0 (hold_status) refused: hold 30 is not 'held' "
                                  "(or does not exist), so cannot become 'released'");
    store_batch_free(&b);
}

static void settlements_and_uploads_are_written_whole(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;

    store_batch_init(&b);
    struct settlement_row *st = &add_op(&b, STORE_SETTLEMENT_PUT)->u.settlement;
    st->id = 40;
    st->terminal_id = 10;
    snprintf(st->tid, sizeof(st->tid), "10000001");
    st->batch = 3;
    st->terminal.domestic = (struct ps_cup_side_totals){123456, 7, 2000, 1, 0};
    st->terminal.has_foreign = 1;
    st->terminal.foreign = (struct ps_cup_side_totals){999, 1, 0, 0, 0};
    st->host.domestic = (struct ps_cup_side_totals){123456, 7, 2000, 1, 2};
    st->host.foreign = (struct ps_cup_side_totals){0, 0, 0, 0, 2};
    st->balanced = 0;
    st->created_us = 77;
    struct upload_row *up = &add_op(&b, STORE_UPLOAD_PUT)->u.upload;
    *up = (struct upload_row){41, 10, 3, 17, "622202******0018", 999, 1, 0, 78};
    commit_ok(f->s, &b);

    struct raw *db = raw_open(f->path);
    assert_int_equal(raw_int(db, "SELECT terminal_domestic_debit_amount FROM settlements"), 123456);
    assert_int_equal(raw_int(db, "SELECT terminal_domestic_debit_count FROM settlements"), 7);
    assert_int_equal(raw_int(db, "SELECT terminal_foreign_debit_amount FROM settlements"), 999);
    assert_int_equal(raw_int(db, "SELECT terminal_has_foreign FROM settlements"), 1);
    assert_int_equal(raw_int(db, "SELECT host_has_foreign FROM settlements"), 0);
    assert_int_equal(raw_int(db, "SELECT host_domestic_result FROM settlements"), 2);
    assert_int_equal(raw_int(db, "SELECT host_domestic_credit_amount FROM settlements"), 2000);
    assert_int_equal(raw_int(db, "SELECT batch + balanced + created_us FROM settlements"), 80);
    assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM settlements WHERE id = 40 AND"
                                 " terminal_id = 10 AND tid = '10000001'"),
                     1);
    assert_int_equal(raw_int(db, "SELECT COUNT(*) FROM uploads WHERE id = 41 AND terminal_id = 10"
                                 " AND batch = 3 AND stan = 17 AND card_masked = '622202******0018'"
                                 " AND amount = 999 AND is_foreign = 1 AND matched = 0"
                                 " AND created_us = 78"),
                     1);
    raw_close(db);
    store_batch_free(&b);
}

/* ---- all or nothing --------------------------------------------------------------- */

static void a_refused_guard_applies_nothing_of_its_batch(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct collected c = {0};
    struct ps_reason why;

    store_batch_init(&b);
    add_op(&b, STORE_CARD_PUT)->u.card = card(20, 10000);
    add_op(&b, STORE_TXN_INSERT)->u.txn =
        txn(100, TXN_PURCHASE, "10000001", 1, 1, 500, "voided", 1);
    commit_ok(f->s, &b);
    struct card_row before = load_card(f->s, 20);

    add_op(&b, STORE_TXN_INSERT)->u.txn =
        txn(101, TXN_PURCHASE, "10000001", 1, 2, 500, "approved", 2);
    card_change(&b, 20, -500, 500, "20240501", 0);
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = merchant(1, "898310048990001");
    struct store_status_change *sc = &add_op(&b, STORE_TXN_STATUS)->u.status;
    sc->id = 100;
    snprintf(sc->from, sizeof(sc->from), "approved");
    snprintf(sc->to, sizeof(sc->to), "voided");
    add_op(&b, STORE_TXN_INSERT)->u.txn =
        txn(102, TXN_PURCHASE, "10000001", 1, 3, 500, "approved", 3);

    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, "store: op 3 (txn_status) refused: txn 100 is not 'approved' "
                                  "(or does not exist), so cannot become 'voided'");
    assert_int_equal(txn_count(f->s), 1);
    struct card_row after = load_card(f->s, 20);
    assert_memory_equal(&after, &before, sizeof(before));
    assert_int_equal(store_each_merchant(f->s, collect_merchant, &c, NULL), 0);
    assert_int_equal(c.n, 0);

    /* the connection is fine afterwards: the same batch without the bad op commits */
    b.count = 3;
    commit_ok(f->s, &b);
    assert_int_equal(txn_count(f->s), 2);
    assert_int_equal(load_card(f->s, 20).balance, 9500);
    store_batch_free(&b);
}

static void unique_keys_refuse_a_second_recording(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct txn_row first, again;
    struct ps_reason why;

    store_batch_init(&b);
    /* the same request twice (key and fingerprint): the whole batch fails */
    first = txn(1, TXN_PURCHASE, "10000001", 1, 17, 500, "approved", 1);
    again = txn(2, TXN_PURCHASE, "10000001", 1, 17, 500, "approved", 2);
    again.fingerprint = first.fingerprint;
    add_op(&b, STORE_TXN_INSERT)->u.txn = first;
    add_op(&b, STORE_TXN_INSERT)->u.txn = again;
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, store_is_pg()
                                      ? "postgres: duplicate key value violates unique constraint "
                                        "\"txns_key\" (op 1, inserting txn 2: tid 10000001 batch "
                                        "1 stan 17 purchase, rrn 010000000002)"
                                      : "sqlite: UNIQUE constraint failed: txns.tid, txns.batch, "
                                        "txns.stan, txns.kind, txns.fingerprint (op 1, inserting "
                                        "txn 2: tid 10000001 batch 1 stan 17 purchase, rrn "
                                        "010000000002)");
    assert_int_equal(txn_count(f->s), 0);
    store_batch_reset(&b);

    /* same key, other content: a duplicate (94) gets its own row, without an RRN */
    again = txn(2, TXN_PURCHASE, "10000001", 1, 17, 900, "declined", 0);
    add_op(&b, STORE_TXN_INSERT)->u.txn = first;
    add_op(&b, STORE_TXN_INSERT)->u.txn = again;
    add_op(&b, STORE_TXN_INSERT)->u.txn = txn(3, TXN_PURCHASE, "10000001", 1, 18, 1, "declined", 0);
    commit_ok(f->s, &b);
    assert_int_equal(txn_count(f->s), 3);

    /* an RRN given twice */
    add_op(&b, STORE_TXN_INSERT)->u.txn = txn(4, TXN_PURCHASE, "10000001", 1, 19, 1, "approved", 1);
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text,
                        store_is_pg()
                            ? "postgres: duplicate key value violates unique constraint "
                              "\"txns_rrn\" (op 0, inserting txn 4: tid 10000001 batch 1 stan "
                              "19 purchase, rrn 010000000001)"
                            : "sqlite: UNIQUE constraint failed: txns.rrn (op 0, inserting "
                              "txn 4: tid 10000001 batch 1 stan 19 purchase, rrn 010000000001)");
    store_batch_reset(&b);

    /* a mid another merchant has */
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = merchant(1, "898310048990001");
    add_op(&b, STORE_MERCHANT_PUT)->u.merchant = merchant(2, "898310048990001");
    assert_int_equal(store_commit(f->s, &b, &why), PS_ECHECK);
    assert_string_equal(why.text, store_is_pg()
                                      ? "postgres: duplicate key value violates unique constraint "
                                        "\"merchants_mid\" (op 1, putting merchant 2 mid "
                                        "898310048990001)"
                                      : "sqlite: UNIQUE constraint failed: merchants.mid (op 1, "
                                        "putting merchant 2 mid 898310048990001)");
    assert_int_equal(txn_count(f->s), 3);
    store_batch_free(&b);
}

static void an_empty_batch_is_a_no_op(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;

    store_batch_init(&b);
    assert_int_equal(store_commit(f->s, &b, NULL), 0);
    add_op(&b, STORE_TXN_INSERT);
    store_batch_reset(&b);
    assert_int_equal(store_commit(f->s, &b, NULL), 0);
    assert_int_equal(txn_count(f->s), 0);
    store_batch_free(&b);
}

static void operations_no_statement_serves_are_refused(void **state)
{
    struct fixture *f = *state;
    struct store_batch b;
    struct ps_reason why;

    store_batch_init(&b);
    add_op(&b, STORE_TXN_INSERT)->u.txn = txn(1, TXN_PURCHASE, "10000001", 1, 1, 1, "approved", 1);
    add_op(&b, (enum store_op_type)99);
    assert_int_equal(store_commit(f->s, &b, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: op 1 (unknown): type 99 is not one store_commit knows");
    store_batch_reset(&b);

    add_op(&b, STORE_TXN_INSERT)->u.txn =
        txn(2, (enum txn_kind)77, "10000001", 1, 1, 1, "approved", 2);
    assert_int_equal(store_commit(f->s, &b, &why), PS_EINVAL);
    assert_string_equal(why.text, "store: op 0 (txn_insert): txns.kind: 77 is not a kind (id 2)");
    assert_int_equal(txn_count(f->s), 0);
    store_batch_free(&b);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fixture_setup, fixture_teardown)
    const struct CMUnitTest tests[] = {
        T(opens_and_migrates_a_fresh_file),
        T(reopening_does_not_rerun_migrations),
        T(refuses_a_database_newer_than_its_migrations),
        T(refuses_unknown_backends_and_bad_paths),
        T(a_failing_migration_applies_nothing_and_stops),
        cmocka_unit_test(close_accepts_null),
        T(puts_insert_then_replace_by_id),
        T(session_sets_batch_and_keeps_keys_left_empty),
        T(card_change_guards_the_balance_and_rolls_the_day),
        T(txn_status_and_refunds_are_guarded),
        T(holds_open_and_close),
        T(settlements_and_uploads_are_written_whole),
        T(a_refused_guard_applies_nothing_of_its_batch),
        T(unique_keys_refuse_a_second_recording),
        T(an_empty_batch_is_a_no_op),
        T(operations_no_statement_serves_are_refused),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}

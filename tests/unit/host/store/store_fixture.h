/* store_fixture.h — what the store tests share: a real database (a file in a fresh
 * temporary directory, or a fresh schema of the test PostgreSQL database), removed at
 * the end; rows filled with recognisable values; and a direct connection for looking
 * at what the store wrote.
 *
 * The backend: SQLite, unless POSSUM_TEST_STORE=postgres, when POSSUM_TEST_PG holds the
 * connection string of a database the tests may fill (tests/pg/pgtmp.sh starts a
 * throw-away cluster; tests/CMakeLists.txt runs every store test on both). Each test
 * then gets two schemas of its own (its database, and "other" for tests that need a
 * second one), named after the process and a counter, dropped at the end. A "where"
 * below is a file path for SQLite and a connection string for PostgreSQL. */
#ifndef POSSUM_TESTS_STORE_FIXTURE_H
#define POSSUM_TESTS_STORE_FIXTURE_H

#include "testing.h"

#include <stdio.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "host/store/store.h"

static inline int store_is_pg(void)
{
    const char *b = getenv("POSSUM_TEST_STORE");
    return b != NULL && strcmp(b, "postgres") == 0;
}

static inline const char *pg_base(void)
{
    const char *base = getenv("POSSUM_TEST_PG");
    if (base == NULL || *base == '\0')
        fail_msg("POSSUM_TEST_STORE=postgres needs POSSUM_TEST_PG, a connection string");
    return base;
}

/* How to open the store at where. */
static inline struct store_config test_config(const char *where)
{
    struct store_config cfg = {0};
    if (store_is_pg()) {
        cfg.backend = "postgres";
        cfg.conninfo = where;
    } else {
        cfg.path = where;
    }
    return cfg;
}

struct fixture {
    char dir[200];
    char path[400];  /* where the store lives */
    char other[400]; /* where a second store may live */
    char schema[64]; /* postgres: the schemas are schema and schema_other */
    struct store *s;
};

static inline struct store *open_store(const char *where)
{
    struct store_config cfg = test_config(where);
    struct store *s = NULL;
    struct ps_reason why = {{0}};
    int rc = store_open(&s, &cfg, &why);
    if (rc != 0)
        print_error("store_open: %s\n", why.text);
    assert_int_equal(rc, 0);
    return s;
}

/* ---- a direct look at the database ------------------------------------------------ */

struct raw {
    sqlite3 *db;
    PGconn *pg;
};

static inline struct raw *raw_open(const char *where)
{
    struct raw *r = calloc(1, sizeof(*r));
    assert_non_null(r);
    if (store_is_pg()) {
        r->pg = PQconnectdb(where);
        if (PQstatus(r->pg) != CONNECTION_OK)
            fail_msg("raw_open: %s", PQerrorMessage(r->pg));
        return r;
    }
    assert_int_equal(sqlite3_open_v2(where, &r->db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(r->db, 10000);
    return r;
}

static inline void raw_close(struct raw *r)
{
    if (r->pg != NULL)
        PQfinish(r->pg);
    sqlite3_close(r->db);
    free(r);
}

/* The single integer sql returns. */
static inline int64_t raw_int(struct raw *r, const char *sql)
{
    if (r->pg != NULL) {
        PGresult *res = PQexec(r->pg, sql);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
            fail_msg("%s: %s", sql, PQresultErrorMessage(res));
        int64_t v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
        return v;
    }
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(r->db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static inline void raw_exec(struct raw *r, const char *sql)
{
    if (r->pg != NULL) {
        PGresult *res = PQexec(r->pg, sql);
        ExecStatusType st = PQresultStatus(res);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
            fail_msg("%s: %s", sql, PQresultErrorMessage(res));
        PQclear(res);
        return;
    }
    char *err = NULL;
    int rc = sqlite3_exec(r->db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK)
        print_error("%s: %s\n", sql, err != NULL ? err : "?");
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

/* How many of the tables and indexes named in names ("'a', 'b'") the database has. */
static inline int64_t raw_objects(struct raw *r, const char *names)
{
    char sql[512];
    if (r->pg != NULL)
        snprintf(sql, sizeof(sql),
                 "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                 " WHERE n.nspname = current_schema() AND c.relname IN (%s)",
                 names);
    else
        snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM sqlite_schema WHERE name IN (%s)", names);
    return raw_int(r, sql);
}

/* ---- setting up and tearing down -------------------------------------------------- */

/* A connection string for schema in the test database (notices silenced: dropping a
 * schema lists what it drops). */
static inline void pg_where(char *buf, size_t cap, const char *schema)
{
    snprintf(buf, cap, "%s options='-c search_path=%s -c client_min_messages=warning'", pg_base(),
             schema);
}

static inline void pg_schemas(const struct fixture *f, const char *verb)
{
    char sql[256], base[400];
    pg_where(base, sizeof(base), "public");
    struct raw *r = raw_open(base);
    snprintf(sql, sizeof(sql), "%s SCHEMA %s%s; %s SCHEMA %s_other%s", verb, f->schema,
             verb[0] == 'D' ? " CASCADE" : "", verb, f->schema, verb[0] == 'D' ? " CASCADE" : "");
    raw_exec(r, sql);
    raw_close(r);
}

static inline int fixture_setup(void **state)
{
    static unsigned counter;
    struct fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    if (store_is_pg()) {
        snprintf(f->schema, sizeof(f->schema), "t%ld_%u", (long)getpid(), counter++);
        pg_schemas(f, "CREATE");
        pg_where(f->path, sizeof(f->path), f->schema);
        char other[80];
        snprintf(other, sizeof(other), "%s_other", f->schema);
        pg_where(f->other, sizeof(f->other), other);
    } else {
        /* $TMPDIR picks the disk: the commit timings measure its fsync */
        const char *tmp = getenv("TMPDIR");
        snprintf(f->dir, sizeof(f->dir), "%s/possum-store-XXXXXX",
                 tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
        assert_non_null(mkdtemp(f->dir));
        snprintf(f->path, sizeof(f->path), "%s/possumd.db", f->dir);
        snprintf(f->other, sizeof(f->other), "%s/other.db", f->dir);
    }
    f->s = open_store(f->path);
    *state = f;
    return 0;
}

/* Removes the database, its WAL and shared-memory files, and the directory. */
static inline void remove_database_dir(const char *dir)
{
    static const char *const names[] = {"possumd.db", "possumd.db-wal", "possumd.db-shm",
                                        "other.db",   "other.db-wal",   "other.db-shm"};
    char path[260];
    for (size_t i = 0; i < PS_ARRAY_LEN(names); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        (void)unlink(path);
    }
    assert_int_equal(rmdir(dir), 0);
}

static inline int fixture_teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    if (store_is_pg())
        pg_schemas(f, "DROP");
    else
        remove_database_dir(f->dir);
    free(f);
    return 0;
}

/* Commits b and expects success, printing why when it fails. */
static inline void commit_ok(struct store *s, struct store_batch *b)
{
    struct ps_reason why = {{0}};
    int rc = store_commit(s, b, &why);
    if (rc != 0)
        print_error("store_commit: %s\n", why.text);
    assert_int_equal(rc, 0);
    store_batch_reset(b);
}

static inline struct store_op *add_op(struct store_batch *b, enum store_op_type type)
{
    struct store_op *op = store_batch_add(b, type);
    assert_non_null(op);
    return op;
}

/* ---- rows ------------------------------------------------------------------------- */

static inline struct merchant_row merchant(int64_t id, const char *mid)
{
    struct merchant_row m;
    memset(&m, 0, sizeof(m));
    m.id = id;
    snprintf(m.mid, sizeof(m.mid), "%s", mid);
    snprintf(m.name, sizeof(m.name), "Merchant %lld", (long long)id);
    snprintf(m.mcc, sizeof(m.mcc), "5411");
    m.fee_ppm = 6000;
    snprintf(m.status, sizeof(m.status), "active");
    return m;
}

static inline struct terminal_row terminal(int64_t id, const char *tid, int64_t merchant_id,
                                           uint32_t batch)
{
    struct terminal_row t;
    memset(&t, 0, sizeof(t));
    t.id = id;
    snprintf(t.tid, sizeof(t.tid), "%s", tid);
    t.merchant_id = merchant_id;
    snprintf(t.status, sizeof(t.status), "active");
    memset(t.tmk, 'A', ROW_KEY_HEX); /* full width: the longest text a row holds */
    t.batch = batch;
    snprintf(t.signed_in_date, sizeof(t.signed_in_date), "20240501");
    snprintf(t.pik, sizeof(t.pik), "0011223344");
    snprintf(t.mak, sizeof(t.mak), "5566778899");
    t.updated_us = 1714521600000000 + id;
    return t;
}

static inline struct card_row card(int64_t id, int64_t balance)
{
    struct card_row c;
    memset(&c, 0, sizeof(c));
    c.id = id;
    snprintf(c.token, sizeof(c.token), "%064lld", (long long)id);
    snprintf(c.masked, sizeof(c.masked), "622202******%04lld", (long long)(id % 10000));
    c.kind = CARD_DEBIT;
    c.domestic = 1;
    c.balance = balance;
    c.daily_limit = 500000;
    c.spent_today = 1000;
    snprintf(c.spent_date, sizeof(c.spent_date), "20240501");
    snprintf(c.expiry, sizeof(c.expiry), "2912");
    snprintf(c.status, sizeof(c.status), "active");
    snprintf(c.pin_verifier, sizeof(c.pin_verifier), "%064d", 7);
    c.pin_tries = 1;
    return c;
}

/* A journal row with every field set; rrn "" when rrn_seq is 0. */
static inline struct txn_row txn(int64_t id, enum txn_kind kind, const char *tid, uint32_t batch,
                                 uint32_t stan, int64_t amount, const char *status,
                                 uint64_t rrn_seq)
{
    struct txn_row t;
    memset(&t, 0, sizeof(t));
    t.id = id;
    t.kind = kind;
    snprintf(t.mti, sizeof(t.mti), "0200");
    snprintf(t.processing_code, sizeof(t.processing_code), "000000");
    snprintf(t.tid, sizeof(t.tid), "%s", tid);
    snprintf(t.mid, sizeof(t.mid), "898310048990001");
    t.merchant_id = 1;
    t.batch = batch;
    t.stan = stan;
    t.amount = amount;
    t.fee = amount * 6 / 1000;
    snprintf(t.currency, sizeof(t.currency), "156");
    t.card_id = 7;
    snprintf(t.card_token, sizeof(t.card_token), "%064d", 7);
    snprintf(t.card_masked, sizeof(t.card_masked), "622202******0018");
    t.domestic = 1;
    snprintf(t.entry_mode, sizeof(t.entry_mode), "051");
    snprintf(t.operator_id, sizeof(t.operator_id), "001");
    snprintf(t.response_code, sizeof(t.response_code), "00");
    snprintf(t.reason, sizeof(t.reason), "approved by the sandbox issuer");
    if (rrn_seq != 0)
        snprintf(t.rrn, sizeof(t.rrn), "01%010llu", (unsigned long long)(rrn_seq % 10000000000u));
    snprintf(t.auth_code, sizeof(t.auth_code), "%06u", (unsigned)((uint64_t)id % 1000000u));
    snprintf(t.settle_date, sizeof(t.settle_date), "0501");
    snprintf(t.local_date, sizeof(t.local_date), "20240501");
    snprintf(t.local_time, sizeof(t.local_time), "101530");
    t.created_us = 1714529730000000 + id;
    t.original_id = 0;
    snprintf(t.status, sizeof(t.status), "%s", status);
    t.refunded = 0;
    t.fingerprint = 0xF00DFACE00000000u + id; /* high bit set: stored as a negative BIGINT */
    return t;
}

static inline struct hold_row hold(int64_t id, int64_t card_id, int64_t txn_id, int64_t amount)
{
    struct hold_row h;
    memset(&h, 0, sizeof(h));
    h.id = id;
    h.card_id = card_id;
    h.txn_id = txn_id;
    snprintf(h.auth_code, sizeof(h.auth_code), "%06u", (unsigned)((uint64_t)id % 1000000u));
    h.amount = amount;
    snprintf(h.status, sizeof(h.status), "held");
    h.created_us = 1714529730000000 + id;
    return h;
}

#endif

/* test_ledger_fixture.h — what the ledger tests (test_ledger_*.c) share: the real pieces
 * around a ledger, as possumd wires them. A fresh directory with a master key and a
 * database (a SQLite file in the directory; with POSSUM_TEST_STORE=postgres, a schema of
 * its own in the database POSSUM_TEST_PG names, dropped at the end, as the store tests
 * do: tests/CMakeLists.txt runs every ledger test on both), seeded through store_commit
 * with merchants, terminals (TMK 0123456789ABCDEFFEDCBA9876543210 wrapped under the
 * master key) and the demo cards (PIN 123456); the sandbox issuer loaded from the
 * store; a keyring; the ledger. Each decision's batch is committed as the writer
 * thread would, then ledger_committed() is called, so the database can be checked after
 * every step.
 *
 * Requests are built directly as struct txn_request (what txn_parse would produce),
 * with their fingerprint from txn_fingerprint(). */
#ifndef POSSUM_TESTS_LEDGER_FIXTURE_H
#define POSSUM_TESTS_LEDGER_FIXTURE_H

#include "testing.h"

#include <stdio.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/crypto/working_keys.h"
#include "core/hex.h"
#include "host/keys.h"
#include "host/store/store.h"
#include "host/txn/keyring.h"
#include "host/txn/ledger.h"
#include "host/txn/request.h"
#include "host/txn/response.h"
#include "host/txn/sandbox_issuer.h"
#include "host/txn/security.h"

#define TMK_HEX "0123456789ABCDEFFEDCBA9876543210"
#define PIN     "123456"
#define YUAN(y) ((int64_t)(y)*100)

/* 2025-06-15 10:00:00 at UTC+8 */
#define T0_US     (1749952800LL * 1000000)
#define MINUTE_US (60LL * 1000000)
#define HOUR_US   (60 * MINUTE_US)
#define DAY_US    (24 * HOUR_US)

/* Merchants: 1 active (fee 0.60%), 2 suspended, 3 active (another shop). */
#define MID1 "898100012340001"
#define MID2 "898100012340002"
#define MID3 "898100012340003"
/* Terminals: T1, T2 of merchant 1; T3 locked; T4 of the suspended merchant; T5 of
 * merchant 3. */
#define T1 "10000001"
#define T2 "10000002"
#define T3 "10000003"
#define T4 "10000004"
#define T5 "10000005"

/* The demo cards (src/host/sandbox/demo.c) and one with a daily limit. */
#define RICH    "6222020000000000018" /* debit, 1,000,000.00 */
#define POOR    "6222020000000000026" /* debit, 100.00 */
#define CREDIT  "6258070000000000011" /* credit, 50,000.00 */
#define LOST    "6222020000000000034" /* lost */
#define EXPIRED "6222020000000000042" /* expired 2001 */
#define STOLEN  "6222020000000000059" /* stolen */
#define FOREIGN "4367420000000000019" /* credit, foreign */
#define LIMITED "6222020000000000067" /* debit, 10,000.00, daily limit 500.00 */
#define UNKNOWN "6222020000000000075" /* passes Luhn, no such card */

enum card_id {
    C_RICH = 100000,
    C_POOR,
    C_CREDIT,
    C_LOST,
    C_EXPIRED,
    C_STOLEN,
    C_FOREIGN,
    C_LIMITED,
    C_WALLET = 300000 /* + the scheme: the QR wallets (core/checks/paycode.h) */
};

/* Payment codes: WeChat Pay (18 digits, 10-15), Alipay (16-24, 25-30), UnionPay QR. */
#define WECHAT_CODE   "134567890123456789"
#define WECHAT_CODE2  "134567890123450000"
#define ALIPAY_CODE   "2812345678901234"
#define UNIONPAY_CODE "6212345678901234567"

struct lfx {
    char dir[128];
    char key_path[192];
    char db_path[192];  /* SQLite: the database file */
    char schema[64];    /* PostgreSQL: the test's schema ("" on SQLite) */
    char conninfo[512]; /* PostgreSQL: the connection string into it */
    struct host_keys *keys;
    struct store *writer; /* commits, as the writer thread */
    struct store *reader; /* the ledger's lookups */
    struct sandbox_issuer *issuer;
    struct keyring *keyring;
    struct ledger *ledger;
    struct ledger_config cfg;
    struct store_batch batch;
    uint64_t seq;
    int64_t now_us;
    uint32_t stan;   /* the next STAN lfx_next_stan() gives */
    size_t last_ops; /* operations the last decision appended */
    int last_rc;  /* what ledger_decide returned: 0 or LEDGER_DEFERRED */
    int commit_each; /* 1: every decision is committed at once (the default) */
    struct txn_response resp;
};

static inline void lfx_ok(int rc, const struct ps_reason *why, const char *what)
{
    if (rc != 0)
        print_error("%s: %s\n", what, why->text);
    assert_int_equal(rc, 0);
}

/* ---- seeding ------------------------------------------------------------------------ */

static inline void seed_merchant(struct store_batch *b, int64_t id, const char *mid,
                                 const char *status)
{
    struct merchant_row *m = &store_batch_add(b, STORE_MERCHANT_PUT)->u.merchant;
    m->id = id;
    snprintf(m->mid, sizeof(m->mid), "%s", mid);
    snprintf(m->name, sizeof(m->name), "Test Shop %d", (int)id);
    snprintf(m->mcc, sizeof(m->mcc), "5411");
    m->fee_ppm = 6000;
    snprintf(m->status, sizeof(m->status), "%s", status);
}

static inline void seed_terminal(struct store_batch *b, int64_t id, const char *tid,
                                 int64_t merchant_id, const char *status, const char *tmk)
{
    struct terminal_row *t = &store_batch_add(b, STORE_TERMINAL_PUT)->u.terminal;
    t->id = id;
    snprintf(t->tid, sizeof(t->tid), "%s", tid);
    t->merchant_id = merchant_id;
    snprintf(t->status, sizeof(t->status), "%s", status);
    snprintf(t->tmk, sizeof(t->tmk), "%s", tmk);
    t->batch = 1;
}

static inline void seed_card(struct lfx *f, struct store_batch *b, int64_t id, const char *pan,
                             int kind, int64_t balance, const char *expiry, const char *status,
                             int64_t daily_limit)
{
    uint8_t proof[TXN_PIN_PROOF_LEN];
    struct card_row *c = &store_batch_add(b, STORE_CARD_PUT)->u.card;
    c->id = id;
    host_keys_pan_token(f->keys, pan, c->token);
    host_keys_mask_pan(pan, c->masked);
    c->kind = kind;
    c->domestic = strncmp(pan, "62", 2) == 0;
    c->balance = balance;
    c->daily_limit = daily_limit;
    snprintf(c->expiry, sizeof(c->expiry), "%s", expiry);
    snprintf(c->status, sizeof(c->status), "%s", status);
    txn_pin_proof_of(host_keys_pin_pepper(f->keys), pan, PIN, proof);
    ps_hex_encode(proof, sizeof(proof), c->pin_verifier);
}

/* A QR wallet of the sandbox issuer, as src/host/sandbox/demo.c seeds them. */
static inline void seed_wallet(struct lfx *f, struct store_batch *b, int scheme, int64_t balance)
{
    struct card_row *c = &store_batch_add(b, STORE_CARD_PUT)->u.card;
    c->id = C_WALLET + scheme;
    sandbox_wallet_token(f->keys, scheme, c->token);
    snprintf(c->masked, sizeof(c->masked), "QR wallet %d", scheme);
    c->kind = CARD_DEBIT;
    c->domestic = 1;
    c->balance = balance;
    snprintf(c->expiry, sizeof(c->expiry), "9912");
    snprintf(c->status, sizeof(c->status), "active");
}

static inline void lfx_commit(struct lfx *f)
{
    struct ps_reason why = {{0}};
    lfx_ok(store_commit(f->writer, &f->batch, &why), &why, "store_commit");
    store_batch_reset(&f->batch);
}

static inline void lfx_seed(struct lfx *f)
{
    uint8_t tmk[16];
    size_t len = 0;
    char wrapped[KEYS_WRAPPED_MAX + 1];
    struct ps_reason why = {{0}};
    struct store_batch *b = &f->batch;

    ps_hex_decode(TMK_HEX, strlen(TMK_HEX), tmk, sizeof(tmk), &len, NULL);
    lfx_ok(host_keys_wrap(f->keys, tmk, sizeof(tmk), wrapped, &why), &why, "wrap TMK");
    seed_merchant(b, 1, MID1, "active");
    seed_merchant(b, 2, MID2, "suspended");
    seed_merchant(b, 3, MID3, "active");
    seed_terminal(b, 11, T1, 1, "active", wrapped);
    seed_terminal(b, 12, T2, 1, "active", wrapped);
    seed_terminal(b, 13, T3, 1, "locked", wrapped);
    seed_terminal(b, 14, T4, 2, "active", wrapped);
    seed_terminal(b, 15, T5, 3, "active", wrapped);
    seed_card(f, b, C_RICH, RICH, CARD_DEBIT, YUAN(1000000), "3012", "active", 0);
    seed_card(f, b, C_POOR, POOR, CARD_DEBIT, YUAN(100), "3012", "active", 0);
    seed_card(f, b, C_CREDIT, CREDIT, CARD_CREDIT, YUAN(50000), "3012", "active", 0);
    seed_card(f, b, C_LOST, LOST, CARD_DEBIT, YUAN(1000000), "3012", "lost", 0);
    seed_card(f, b, C_EXPIRED, EXPIRED, CARD_DEBIT, YUAN(1000000), "2001", "active", 0);
    seed_card(f, b, C_STOLEN, STOLEN, CARD_DEBIT, YUAN(1000000), "3012", "stolen", 0);
    seed_card(f, b, C_FOREIGN, FOREIGN, CARD_CREDIT, YUAN(50000), "3012", "active", 0);
    seed_card(f, b, C_LIMITED, LIMITED, CARD_DEBIT, YUAN(10000), "3012", "active", YUAN(500));
    seed_wallet(f, b, 1, YUAN(1000000)); /* WeChat Pay */
    seed_wallet(f, b, 2, YUAN(100));     /* Alipay: a poor one, for 51 */
    /* no UnionPay QR wallet: its codes are declined 14 */
    lfx_commit(f);
}

/* ---- the ledger and what it needs ---------------------------------------------------- */

static inline int add_card_cb(void *ctx, const struct card_row *row)
{
    struct ps_reason why = {{0}};
    lfx_ok(sandbox_issuer_add_card(ctx, row, &why), &why, "sandbox_issuer_add_card");
    return 0;
}

static inline int add_hold_cb(void *ctx, const struct hold_row *row)
{
    struct ps_reason why = {{0}};
    lfx_ok(sandbox_issuer_add_hold(ctx, row, &why), &why, "sandbox_issuer_add_hold");
    return 0;
}

static inline int add_used_paycode_cb(void *ctx, const char *token)
{
    struct ps_reason why = {{0}};
    lfx_ok(sandbox_issuer_add_used_paycode(ctx, token, &why), &why, "add_used_paycode");
    return 0;
}

/* Issuer, keyring and ledger, loaded from the store as possumd starts them. */
static inline void lfx_start(struct lfx *f)
{
    struct ps_reason why = {{0}};
    assert_int_equal(sandbox_issuer_new(&f->issuer, f->keys), 0);
    lfx_ok(store_each_card(f->reader, add_card_cb, f->issuer, &why), &why, "store_each_card");
    lfx_ok(store_each_open_hold(f->reader, add_hold_cb, f->issuer, &why), &why, "holds");
    lfx_ok(store_each_used_paycode(f->reader, add_used_paycode_cb, f->issuer, &why), &why,
           "used payment codes");
    assert_int_equal(keyring_new(&f->keyring), 0);
    f->cfg.reader = f->reader;
    f->cfg.keyring = f->keyring;
    f->cfg.keys = f->keys;
    f->cfg.authorizer = sandbox_issuer_authorizer(f->issuer);
    lfx_ok(ledger_open(&f->ledger, f->reader, &f->cfg, &why), &why, "ledger_open");
}

static inline void lfx_stop(struct lfx *f)
{
    ledger_close(f->ledger);
    keyring_free(f->keyring);
    sandbox_issuer_free(f->issuer);
    f->ledger = NULL;
    f->keyring = NULL;
    f->issuer = NULL;
}

/* ---- the backend ------------------------------------------------------------------- */

static inline int lfx_on_pg(void)
{
    const char *b = getenv("POSSUM_TEST_STORE");
    return b != NULL && strcmp(b, "postgres") == 0;
}

/* A connection string for schema in the test database (notices silenced: dropping a
 * schema lists what it drops). */
static inline void lfx_pg_where(char *buf, size_t cap, const char *schema)
{
    const char *base = getenv("POSSUM_TEST_PG");
    if (base == NULL || *base == '\0')
        fail_msg("POSSUM_TEST_STORE=postgres needs POSSUM_TEST_PG, a connection string");
    snprintf(buf, cap, "%s options='-c search_path=%s -c client_min_messages=warning'", base,
             schema);
}

/* Runs sql on PostgreSQL through a connection of its own; fails the test on an error. */
static inline void lfx_pg_exec(const char *conninfo, const char *sql)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("postgres: %s", PQerrorMessage(c));
    PGresult *res = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        fail_msg("postgres: %s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(c);
}

/* Creates (verb "CREATE") or drops ("DROP") the fixture's schema. */
static inline void lfx_pg_schema(const struct lfx *f, const char *verb)
{
    char where[512], sql[128];
    lfx_pg_where(where, sizeof(where), "public");
    snprintf(sql, sizeof(sql), "%s SCHEMA %s%s", verb, f->schema,
             strcmp(verb, "DROP") == 0 ? " CASCADE" : "");
    lfx_pg_exec(where, sql);
}

/* A schema named after the process and a counter: the tests of one file run in one
 * process, and several files may run at once on one database. */
static inline void lfx_pg_new_schema(struct lfx *f)
{
    static unsigned counter;
    snprintf(f->schema, sizeof(f->schema), "l%ld_%u", (long)getpid(), counter++);
    lfx_pg_schema(f, "CREATE");
    lfx_pg_where(f->conninfo, sizeof(f->conninfo), f->schema);
}

/* A new connection to the fixture's database, as possumd opens its writer and reader. */
static inline struct store *lfx_store(const struct lfx *f)
{
    struct store_config cfg = {.backend = NULL, .path = f->db_path};
    struct store *s = NULL;
    struct ps_reason why = {{0}};
    if (lfx_on_pg()) {
        cfg.backend = "postgres";
        cfg.path = NULL;
        cfg.conninfo = f->conninfo;
    }
    lfx_ok(store_open(&s, &cfg, &why), &why, "store_open");
    return s;
}

/* The single integer sql returns (-1 when it returns no row), read behind the store's
 * back: for the rows the store has no lookup for. */
static inline int64_t lfx_sql_int(struct lfx *f, const char *sql)
{
    int64_t v = -1;
    if (lfx_on_pg()) {
        PGconn *c = PQconnectdb(f->conninfo);
        if (PQstatus(c) != CONNECTION_OK)
            fail_msg("postgres: %s", PQerrorMessage(c));
        PGresult *res = PQexec(c, sql);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            fail_msg("postgres: %s: %s", sql, PQresultErrorMessage(res));
        if (PQntuples(res) > 0)
            v = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
        PQclear(res);
        PQfinish(c);
        return v;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open_v2(f->db_path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("sqlite: %s: %s", sql, sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* A fixture with recent transactions per terminal as given (0: 64). */
static inline struct lfx *lfx_new(int recent)
{
    struct lfx *f = calloc(1, sizeof(*f));
    struct ps_reason why = {{0}};
    assert_non_null(f);
    const char *tmp = getenv("TMPDIR");
    snprintf(f->dir, sizeof(f->dir), "%s/possum-ledger-XXXXXX",
             tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->key_path, sizeof(f->key_path), "%s/master.key", f->dir);
    snprintf(f->db_path, sizeof(f->db_path), "%s/possumd.db", f->dir);
    lfx_ok(host_keys_load(&f->keys, f->key_path, 1, &why), &why, "host_keys_load");
    if (lfx_on_pg())
        lfx_pg_new_schema(f);
    f->writer = lfx_store(f);
    f->reader = lfx_store(f);
    store_batch_init(&f->batch);
    f->cfg.host_id = 1;
    f->cfg.utc_offset_minutes = 480;
    f->cfg.cutoff_minutes = 23 * 60;
    f->cfg.recent_per_terminal = recent > 0 ? recent : 64;
    f->now_us = T0_US;
    f->stan = 1;
    f->commit_each = 1;
    lfx_seed(f);
    lfx_start(f);
    return f;
}

static inline void lfx_free(struct lfx *f)
{
    static const char *const names[] = {"possumd.db", "possumd.db-wal", "possumd.db-shm",
                                        "master.key"};
    char path[256];
    lfx_stop(f);
    store_close(f->writer);
    store_close(f->reader);
    store_batch_free(&f->batch);
    host_keys_free(f->keys);
    if (f->schema[0] != '\0')
        lfx_pg_schema(f, "DROP");
    for (size_t i = 0; i < PS_ARRAY_LEN(names); i++) {
        snprintf(path, sizeof(path), "%s/%s", f->dir, names[i]);
        (void)unlink(path);
    }
    assert_int_equal(rmdir(f->dir), 0);
    free(f);
}

static inline int lfx_setup(void **state)
{
    *state = lfx_new(0);
    return 0;
}

static inline int lfx_teardown(void **state)
{
    lfx_free(*state);
    return 0;
}

/* Decides req and, as the writer would, commits what it appended. Returns f->resp. */
static inline const struct txn_response *lfx_decide(struct lfx *f, const struct txn_request *req)
{
    size_t before = f->batch.count;
    f->batch.seq = ++f->seq;
    f->last_rc = ledger_decide(f->ledger, req, f->now_us, &f->resp, &f->batch);
    f->last_ops = f->batch.count - before;
    if (f->commit_each) {
        lfx_commit(f);
        ledger_committed(f->ledger, f->seq);
    }
    return &f->resp;
}

/* Asserts the response code, printing the reason when it differs. Evaluates resp once:
 * it is often the decision itself. */
static inline void assert_code_at(const struct txn_response *resp, const char *want,
                                  const char *file, int line)
{
    if (strcmp(resp->response_code, want) != 0)
        print_error("%s:%d: response %s (%s), expected %s\n", file, line, resp->response_code,
                    resp->reason, want);
    _assert_string_equal(resp->response_code, want, file, line);
}

#define assert_code(resp, want) assert_code_at((resp), (want), __FILE__, __LINE__)

/* ---- requests ------------------------------------------------------------------------ */

static inline void req_finish(struct txn_request *r)
{
    r->fingerprint = txn_fingerprint(r);
}

static inline struct txn_request req_base(struct lfx *f, enum txn_kind kind, const char *tid,
                                          const char *mid, uint32_t batch)
{
    struct txn_request r;
    memset(&r, 0, sizeof(r));
    r.kind = kind;
    snprintf(r.tid, sizeof(r.tid), "%s", tid);
    snprintf(r.mid, sizeof(r.mid), "%s", mid);
    r.stan = f->stan++;
    r.batch = batch;
    r.mac = kind == TXN_SIGN_IN ? TXN_MAC_NONE : TXN_MAC_OK;
    return r;
}

static inline struct txn_request req_sign_in(struct lfx *f, const char *tid, const char *mid,
                                             uint32_t batch)
{
    struct txn_request r = req_base(f, TXN_SIGN_IN, tid, mid, batch);
    snprintf(r.mti, sizeof(r.mti), "0800");
    r.network_code = 3;
    snprintf(r.operator_id, sizeof(r.operator_id), "001");
    req_finish(&r);
    return r;
}

/* A card request with the cardholder's PIN (entry mode 021) when pin is set. */
static inline struct txn_request req_card(struct lfx *f, enum txn_kind kind, const char *tid,
                                          uint32_t batch, const char *pan, int64_t amount,
                                          const char *pin)
{
    static const struct {
        enum txn_kind kind;
        const char *mti, *pc, *cond;
    } forms[] = {
        {TXN_BALANCE, "0200", "310000", "00"},    {TXN_PURCHASE, "0200", "000000", "00"},
        {TXN_VOID, "0200", "200000", "00"},       {TXN_REFUND, "0220", "200000", "00"},
        {TXN_PREAUTH, "0100", "030000", "06"},    {TXN_PREAUTH_VOID, "0100", "200000", "06"},
        {TXN_COMPLETION, "0200", "000000", "06"}, {TXN_COMPLETION_VOID, "0200", "200000", "06"},
    };
    struct txn_request r = req_base(f, kind, tid, strcmp(tid, T5) == 0 ? MID3 : MID1, batch);
    for (size_t i = 0; i < PS_ARRAY_LEN(forms); i++) {
        if (forms[i].kind == kind) {
            snprintf(r.mti, sizeof(r.mti), "%s", forms[i].mti);
            snprintf(r.processing_code, sizeof(r.processing_code), "%s", forms[i].pc);
            snprintf(r.condition_code, sizeof(r.condition_code), "%s", forms[i].cond);
        }
    }
    snprintf(r.pan, sizeof(r.pan), "%s", pan);
    snprintf(r.currency, sizeof(r.currency), "156");
    r.has_amount = kind != TXN_BALANCE;
    r.amount = amount;
    snprintf(r.entry_mode, sizeof(r.entry_mode), "%s", pin != NULL ? "021" : "022");
    if (pin != NULL) {
        r.pin = TXN_PIN_PROOF;
        txn_pin_proof_of(host_keys_pin_pepper(f->keys), pan, pin, r.pin_proof);
    }
    req_finish(&r);
    return r;
}

/* A QR request (docs/protocol.md, "QR payments"): the payment code in place of the
 * card, entry mode 032. */
static inline struct txn_request req_qr(struct lfx *f, enum txn_kind kind, const char *tid,
                                        uint32_t batch, const char *code, int scheme,
                                        int64_t amount)
{
    struct txn_request r = req_card(f, kind, tid, batch, "", amount, NULL);
    snprintf(r.entry_mode, sizeof(r.entry_mode), "032");
    snprintf(r.paycode, sizeof(r.paycode), "%s", code);
    r.paycode_scheme = scheme;
    req_finish(&r);
    return r;
}

/* Names the original of a void, completion void, refund, completion or its void. */
static inline void req_original(struct txn_request *r, uint32_t batch, uint32_t stan,
                                const char *rrn, const char *auth, const char *date)
{
    r->has_original = stan != 0 || date != NULL;
    r->original_batch = batch;
    r->original_stan = stan;
    snprintf(r->original_rrn, sizeof(r->original_rrn), "%s", rrn != NULL ? rrn : "");
    snprintf(r->original_auth, sizeof(r->original_auth), "%s", auth != NULL ? auth : "");
    snprintf(r->original_date, sizeof(r->original_date), "%s", date != NULL ? date : "");
    req_finish(r);
}

/* The reversal of r: its STAN, kind, amount and card, 0400. */
static inline struct txn_request req_reversal_of(const struct txn_request *r)
{
    struct txn_request v = *r;
    v.kind = TXN_REVERSAL;
    v.reversed_kind = r->kind;
    snprintf(v.mti, sizeof(v.mti), "0400");
    v.pin = TXN_PIN_NONE;
    memset(v.pin_proof, 0, sizeof(v.pin_proof));
    snprintf(v.reversal_reason, sizeof(v.reversal_reason), "98");
    req_finish(&v);
    return v;
}

static inline struct txn_request req_settlement(struct lfx *f, const char *tid, uint32_t batch,
                                                int64_t debit, unsigned debits, int64_t credit,
                                                unsigned credits)
{
    struct txn_request r = req_base(f, TXN_SETTLEMENT, tid, MID1, batch);
    snprintf(r.mti, sizeof(r.mti), "0500");
    r.network_code = 201;
    snprintf(r.currency, sizeof(r.currency), "156");
    r.has_totals = 1;
    r.totals.domestic.debit_amount = debit;
    r.totals.domestic.debit_count = debits;
    r.totals.domestic.credit_amount = credit;
    r.totals.domestic.credit_count = credits;
    req_finish(&r);
    return r;
}

/* ---- sessions and checks --------------------------------------------------------------- */

/* Signs tid in (merchant 1 unless T5) and returns the batch the host gave. */
static inline uint32_t lfx_sign_in(struct lfx *f, const char *tid, uint32_t batch)
{
    struct txn_request r = req_sign_in(f, tid, strcmp(tid, T5) == 0 ? MID3 : MID1, batch);
    const struct txn_response *resp = lfx_decide(f, &r);
    assert_code(resp, "00");
    return resp->batch;
}

/* Purchase of amount by pan with PIN at tid in batch 1; asserts the code. */
static inline struct txn_request lfx_buy(struct lfx *f, const char *tid, uint32_t batch,
                                         const char *pan, int64_t amount, const char *want)
{
    struct txn_request r = req_card(f, TXN_PURCHASE, tid, batch, pan, amount, PIN);
    assert_code(lfx_decide(f, &r), want);
    return r;
}

/* The card's balance as the database holds it. */
static inline int find_card_cb(void *ctx, const struct card_row *row)
{
    struct card_row *want = ctx;
    if (row->id != want->id)
        return 0;
    *want = *row;
    return 1;
}

static inline int64_t db_balance(struct lfx *f, int64_t card_id)
{
    struct card_row row;
    struct ps_reason why = {{0}};
    memset(&row, 0, sizeof(row));
    row.id = card_id;
    assert_int_equal(store_each_card(f->reader, find_card_cb, &row, &why), 1);
    return row.balance;
}

/* The card's balance in the issuer's memory; asserts the database agrees. */
static inline int64_t balance_of(struct lfx *f, int64_t card_id)
{
    struct card_row row;
    assert_int_equal(sandbox_issuer_card(f->issuer, card_id, &row), 1);
    assert_int_equal(db_balance(f, card_id), row.balance);
    return row.balance;
}

static inline struct txn_row db_txn(struct lfx *f, const char *rrn)
{
    struct txn_row row;
    struct ps_reason why = {{0}};
    memset(&row, 0, sizeof(row));
    assert_int_equal(store_find_txn_by_rrn(f->reader, rrn, &row, &why), 1);
    return row;
}

static inline int64_t db_txn_count(struct lfx *f)
{
    int64_t n = 0;
    struct ps_reason why = {{0}};
    assert_int_equal(store_count_txns(f->reader, &n, &why), 0);
    return n;
}

static inline int find_terminal_cb(void *ctx, const struct terminal_row *row)
{
    struct terminal_row *want = ctx;
    if (strcmp(row->tid, want->tid) != 0)
        return 0;
    *want = *row;
    return 1;
}

static inline struct terminal_row db_terminal(struct lfx *f, const char *tid)
{
    struct terminal_row row;
    struct ps_reason why = {{0}};
    memset(&row, 0, sizeof(row));
    snprintf(row.tid, sizeof(row.tid), "%s", tid);
    assert_int_equal(store_each_terminal(f->reader, find_terminal_cb, &row, &why), 1);
    return row;
}

/* Restarts as possumd would after a clean stop: everything committed, then a new
 * issuer, keyring and ledger loaded from the store. */
static inline void lfx_restart(struct lfx *f)
{
    lfx_stop(f);
    lfx_start(f);
}

#endif

/* store.h — the one interface to possumd's database. Backends sit behind it (SQLite,
 * the embedded default, in sqlite.c; PostgreSQL in postgres.c); nothing outside store/
 * writes SQL. A struct store is one connection: the writer thread, the engine (reads)
 * and start-up each open their own.
 *
 * Errors: functions return 0 (or 1 = found, 0 = not found for lookups), or a negative
 * PS_E* code with why saying what failed ("sqlite: disk I/O error (while inserting
 * txn 42)"). */
#ifndef POSSUM_HOST_STORE_STORE_H
#define POSSUM_HOST_STORE_STORE_H

#include <stdint.h>

#include "core/error.h"
#include "host/store/batch.h"
#include "host/store/rows.h"

struct store;

struct store_config {
    const char *backend;  /* "sqlite" or "postgres" (NULL means sqlite) */
    const char *path;     /* sqlite: the database file; created when missing */
    const char *conninfo; /* postgres: a libpq connection string ("host=/run/pg
                             dbname=possum"); the database must exist */
};

/* Opens a connection and brings the schema to the newest version (migrations run
 * once, in order, each in its own transaction). SQLite runs in WAL mode with
 * synchronous=FULL, PostgreSQL with synchronous_commit=on: a commit that returned is
 * on disk. */
int store_open(struct store **out, const struct store_config *cfg, struct ps_reason *why);
void store_close(struct store *s); /* NULL is allowed */

/* The schema version the database is at (the number of migrations applied). */
int store_schema_version(struct store *s);

/* Applies every operation of b, in order, in one transaction, and commits it
 * durably; on any error nothing of b is applied. PS_ECHECK: a guard refused an
 * operation (why names it); other errors come from the database. */
int store_commit(struct store *s, const struct store_batch *b, struct ps_reason *why);

/* Start-up loading: calls fn for each row (fn returns 0 to go on, nonzero to stop and
 * make the call return that value). Open holds: only those still "held". */
int store_each_merchant(struct store *s, int (*fn)(void *ctx, const struct merchant_row *row),
                        void *ctx, struct ps_reason *why);
int store_each_terminal(struct store *s, int (*fn)(void *ctx, const struct terminal_row *row),
                        void *ctx, struct ps_reason *why);
int store_each_card(struct store *s, int (*fn)(void *ctx, const struct card_row *row), void *ctx,
                    struct ps_reason *why);
int store_each_open_hold(struct store *s, int (*fn)(void *ctx, const struct hold_row *row),
                         void *ctx, struct ps_reason *why);
/* The holds a request may still act on: the open ones, and the completed ones whose
 * completion is approved in its terminal's open batch (its void or reversal restores
 * the hold). What the issuer loads at start-up. */
int store_each_live_hold(struct store *s, int (*fn)(void *ctx, const struct hold_row *row),
                         void *ctx, struct ps_reason *why);

/* The token (host_keys_pan_token) of every payment code an approved QR purchase used
 * (docs/protocol.md, "QR payments"), through the partial index txns_paycode_used; a
 * code may come more than once. What the issuer loads so a code pays once. */
int store_each_used_paycode(struct store *s, int (*fn)(void *ctx, const char *token), void *ctx,
                            struct ps_reason *why);

/* The totals, as field 48 counts them, of each terminal's current batch: approved
 * purchases and completions (not voided or reversed) are debits, approved refunds
 * (not reversed) credits, split by the card's domestic flag; and the highest STAN
 * recorded in that batch (0 when none), so the engine knows which STANs the disk can
 * hold without asking it. */
int store_each_batch_total(struct store *s,
                           int (*fn)(void *ctx, int64_t terminal_id, uint32_t batch,
                                     uint32_t max_stan, const struct ps_cup_totals *totals),
                           void *ctx, struct ps_reason *why);

/* The same totals for one terminal's current batch as the database holds it now: what
 * a host sharing the database with others counts at settlement, since each of them
 * saw only part of the batch. Returns 1 with *batch (the terminal's batch on record),
 * *max_stan and *out filled, 0 when there is no terminal tid, or < 0. */
int store_batch_total(struct store *s, const char *tid, uint32_t *batch /* OUT */,
                      uint32_t *max_stan /* OUT */, struct ps_cup_totals *out /* OUT */,
                      struct ps_reason *why);

/* Lookups. Each returns 1 with *out filled, 0 when there is no such row, or < 0.
 * By key: the row with this fingerprint when there is one (a retransmission), else the
 * first row with the key (the original a duplicate collides with). */
int store_find_txn_by_key(struct store *s, const char *tid, uint32_t batch, uint32_t stan,
                          enum txn_kind kind, uint64_t fingerprint, struct txn_row *out,
                          struct ps_reason *why);
/* The terminals whose row changed after since_us (updated_us: a session change, or the
 * back office's: a lock, a new terminal), in id order: what a host's engine reads
 * about once a second so a change made elsewhere reaches it. */
int store_each_terminal_changed(struct store *s, int64_t since_us,
                                int (*fn)(void *ctx, const struct terminal_row *row), void *ctx,
                                struct ps_reason *why);

/* ---- the terminal stock (the back office's TMS) ----------------------------------- */

/* A stock terminal by id or by serial number: 1 with *out, 0 when none, or < 0. */
int store_find_stock(struct store *s, int64_t id, struct stock_row *out, struct ps_reason *why);
int store_find_stock_by_serial(struct store *s, const char *serial, struct stock_row *out,
                               struct ps_reason *why);
/* Stock terminals with ids above after_id, in id order, at most limit (a page); only
 * group's when group is neither NULL nor "". */
int store_each_stock(struct store *s, const char *group, int64_t after_id, int limit,
                     int (*fn)(void *ctx, const struct stock_row *row), void *ctx,
                     struct ps_reason *why);
/* The stock terminal whose host row is terminal_id: 1 with *out, 0 when none, or < 0. */
int store_find_stock_by_terminal(struct store *s, int64_t terminal_id, struct stock_row *out,
                                 struct ps_reason *why);
/* Active stock terminals heard from once (last_seen_us > 0) but not since before_us,
 * with no offline ticket recorded, ids above after_id, in id order, at most limit. */
int store_each_silent_stock(struct store *s, int64_t before_us, int64_t after_id, int limit,
                            int (*fn)(void *ctx, const struct stock_row *row), void *ctx,
                            struct ps_reason *why);
/* Every TID the host's terminals table has, in ascending order. */
int store_each_tid(struct store *s, int (*fn)(void *ctx, const char *tid), void *ctx,
                   struct ps_reason *why);
/* A merchant by id: 1, 0 or < 0. */
int store_find_merchant(struct store *s, int64_t id, struct merchant_row *out,
                        struct ps_reason *why);

/* The merchants the back office changed after since_us (their updated_us), in id order:
 * read with the terminals' changes. */
int store_each_merchant_changed(struct store *s, int64_t since_us,
                                int (*fn)(void *ctx, const struct merchant_row *row), void *ctx,
                                struct ps_reason *why);

/* The terminal tid as last committed (its session: batch, sign-in date, working keys),
 * for a host whose copy another host may have changed. */
int store_find_terminal(struct store *s, const char *tid, struct terminal_row *out,
                        struct ps_reason *why);
/* The card account id as last committed (its balance, daily spending, PIN tries): for
 * a host whose copy another host may have changed. */
int store_find_card(struct store *s, int64_t id, struct card_row *out, struct ps_reason *why);
int store_find_txn_by_rrn(struct store *s, const char *rrn, struct txn_row *out,
                          struct ps_reason *why);
/* The approved pre-authorization with this card and authorization code. */
int store_find_preauth(struct store *s, int64_t card_id, const char *auth_code,
                       struct txn_row *out, struct ps_reason *why);

/* The highest STAN recorded for tid in batch (0 when none): which STANs of a batch the
 * disk can hold. */
int store_max_stan(struct store *s, const char *tid, uint32_t batch, uint32_t *out,
                   struct ps_reason *why);

/* Hosts sharing one database never choose the same id: host h (0-99) numbers its rows
 * from store_first_id(h) + 1 up, within STORE_IDS_PER_HOST. Its RRNs begin with h as
 * two digits. */
#define STORE_HOST_ID_MAX   99
/* 10^13 ids a host: the highest (host 99's last) stays below 2^53, so a JSON reader that
 * holds numbers as doubles (JavaScript, jq) reads every id exactly */
#define STORE_IDS_PER_HOST  INT64_C(10000000000000)
static inline int64_t store_first_id(int host_id)
{
    return (int64_t)host_id * STORE_IDS_PER_HOST;
}

/* Highest values host_id has in use, so a restarted host continues after them. */
struct store_high_marks {
    int64_t max_id;       /* the highest id in the host's range; store_first_id() if none */
    uint64_t max_rrn_seq; /* the last 10 digits of the highest RRN the host gave */
};
int store_high_marks(struct store *s, int host_id, struct store_high_marks *out,
                     struct ps_reason *why);

/* ---- the back office's tables ------------------------------------------------------ */

/* A user by login name, or by id: 1 with *out, 0 when none, or < 0. */
int store_find_user_by_name(struct store *s, const char *username, struct user_row *out,
                            struct ps_reason *why);
int store_find_user(struct store *s, int64_t id, struct user_row *out, struct ps_reason *why);
/* Users with ids above after_id, in id order, at most limit of them (a page). */
int store_each_user(struct store *s, int64_t after_id, int limit,
                    int (*fn)(void *ctx, const struct user_row *row), void *ctx,
                    struct ps_reason *why);
/* The login session whose token hashes to token_hash: 1, 0 or < 0. */
int store_find_auth_session(struct store *s, const char *token_hash, struct auth_session_row *out,
                            struct ps_reason *why);
/* Audit entries with ids below before_id (INT64_MAX for the newest), newest first, at
 * most limit. The row handed to fn lives until fn returns. */
int store_each_audit(struct store *s, int64_t before_id, int limit,
                     int (*fn)(void *ctx, const struct audit_row *row), void *ctx,
                     struct ps_reason *why);
/* The highest id host_id has used in the back office's tables; store_first_id() if
 * none. The back office numbers its rows apart from the engine's (another thread). */
int store_office_high_mark(struct store *s, int host_id, int64_t *out, struct ps_reason *why);

/* Moves committed changes from the write-ahead log into the database file without
 * blocking the writer (SQLite: a passive checkpoint; a no-op where there is none).
 * possumd calls it about once a second from its own connection, so no commit pays for
 * it. */
int store_checkpoint(struct store *s, struct ps_reason *why);

/* Rows in the journal, for tests and tools. */
int store_count_txns(struct store *s, int64_t *out, struct ps_reason *why);

#endif

/* backend.h — what a database backend gives store.c, and what every backend shares.
 * Internal to store/.
 *
 * A backend is a table of functions (as redis's ConnectionType puts plain sockets and
 * TLS behind one table): store.c picks one by name and never knows which it has.
 * Backends run the SQL of schema.h; the parts that do not depend on the database —
 * which statement and parameters each batch operation runs, how a column value
 * becomes a struct field, the sentences that name an operation in an error — live in
 * ops.c so each backend does not repeat them. */
#ifndef POSSUM_HOST_STORE_BACKEND_H
#define POSSUM_HOST_STORE_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/store/batch.h"
#include "host/store/schema.h"
#include "host/store/store.h"

/* Database failures that no PS_E* code names (I/O, a locked or unopenable file):
 * core/error.h has no such code yet, so they carry this one and why says what
 * happened. Every caller treats them as fatal, as it does any negative code. */
#define STORE__EDB PS_EIO

/* One parameter or column value: text when text is not NULL, else the integer. */
struct store__value {
    int64_t i64;
    const char *text; /* not NUL-terminated: len bytes */
    size_t len;
};

#define STORE__PARAMS_MAX 32 /* the widest statement: txn_insert, 30 */

struct store__params {
    size_t count;
    struct store__value v[STORE__PARAMS_MAX];
};

/* What one batch operation runs. Parameters point into the operation: valid while it
 * lives. */
struct store__plan {
    enum store__stmt stmt;
    int guarded; /* exactly one row must change, or the operation is refused */
    struct store__params params;
};

/* Each backend completes this type in its own file. */
struct store__conn;

/* Called for each result row; row is the caller's struct, which the map of the
 * statement describes. Nonzero stops the query, which then returns that value. */
typedef int (*store__row_fn)(void *ctx, void *row);

struct store__backend {
    const char *name;
    const char *id_type; /* what {ID} becomes in schema texts */
    int (*open)(struct store__conn **out, const struct store_config *cfg, struct ps_reason *why);
    void (*close)(struct store__conn *c);
    /* Migrations, run by store.c: creates the schema_migrations table when missing;
     * reads the version the database is at; applies migration m as version + 1
     * (0-based version) in its own transaction together with its record, unless
     * another connection got there first (the version is read again under the
     * database's write lock). */
    int (*migrations_table)(struct store__conn *c, struct ps_reason *why);
    int (*schema_version)(struct store__conn *c, int *version /* OUT */, struct ps_reason *why);
    int (*migrate_one)(struct store__conn *c, const struct store__migration *m, int version,
                       struct ps_reason *why);
    /* store_commit(): b is not empty. */
    int (*commit)(struct store__conn *c, const struct store_batch *b, struct ps_reason *why);
    /* Runs a read statement with params, decoding each result row into row (zeroed
     * first) and calling fn. Returns 0, what fn returned, or < 0. */
    int (*query)(struct store__conn *c, enum store__stmt stmt, const struct store__params *params,
                 void *row, store__row_fn fn, void *ctx, struct ps_reason *why);
    /* store_checkpoint(); NULL when the backend has nothing of the kind. */
    int (*checkpoint)(struct store__conn *c, struct ps_reason *why);
};

extern const struct store__backend store__sqlite;

/* store.c: brings the database behind c to migrations[count - 1] through b's
 * primitives, each migration once even when several processes open the database at
 * the same time, and sets *version to the version reached. A database at a version
 * newer than count is refused (PS_EUNDEFINED). */
int store__migrate(const struct store__backend *b, struct store__conn *c,
                   const struct store__migration *migrations, size_t count,
                   int *version /* OUT */, struct ps_reason *why);
extern const struct store__backend store__postgres;

/* ---- ops.c: shared by backends ------------------------------------------------------ */

/* A uint64 (a fingerprint) as the BIGINT with the same 64 bits. */
int64_t store__u64_to_i64(uint64_t u);

/* The statement and parameters of op, the index-th of its batch. Returns 0, or
 * PS_EINVAL for an operation no statement serves (an unknown type, a kind without a
 * name), naming it. */
int store__op_plan(const struct store_op *op, size_t index, struct store__plan *out /* OUT */,
                   struct ps_reason *why);

/* Names op for an error: "op 3, inserting txn 42: tid 10000001 batch 1 stan 17
 * purchase rrn 010000000017". */
void store__op_context(const struct store_op *op, size_t index, char *buf, size_t cap);

/* The PS_ECHECK sentence of a guarded operation that changed no row. */
int store__op_refused(const struct store_op *op, size_t index, struct ps_reason *why);

/* Appends the fields of row as the parameters map lists them. */
int store__params_from_row(const struct store__row_map *map, const void *row,
                           struct store__params *p, struct ps_reason *why);

/* The id of a row being decoded, for messages: column 0 when the map starts with "id"
 * (decoded first), else 0. */
int64_t store__row_id(const struct store__row_map *map, const void *row);

/* Stores value v of column i of map into row, checking that it fits: an integer in
 * its field's range, a text within its capacity, a known kind name. Returns 0, or
 * PS_EFORMAT naming table, column and row id. */
int store__column_set(const struct store__row_map *map, size_t i, void *row,
                      const struct store__value *v, struct ps_reason *why);

/* ---- store_onboarding.c: merchant onboarding's operations and reads ------------------- */

/* The plan and the error context of the onboarding operations (ops.c hands them over). */
int store__plan_onboarding(const struct store_op *op, struct store__plan *out,
                           struct ps_reason *why);
void store__onboarding_context(const struct store_op *op, size_t index, char *buf, size_t cap);

/* ---- store_tickets.c: after-sales' operations (as onboarding's) --------------------- */

int store__plan_tickets(const struct store_op *op, struct store__plan *out, struct ps_reason *why);
void store__tickets_context(const struct store_op *op, size_t index, char *buf, size_t cap);

/* ---- store_rollouts.c: the TMS's packages and rollouts (as tickets') ---------------- */

int store__plan_rollouts(const struct store_op *op, struct store__plan *out,
                         struct ps_reason *why);
void store__rollouts_context(const struct store_op *op, size_t index, char *buf, size_t cap);

/* store.c: runs read statement stmt on s's backend (what store_onboarding.c's reads go
 * through, since struct store is store.c's own). */
int store__query(struct store *s, enum store__stmt stmt, const struct store__params *params,
                 void *row, store__row_fn fn, void *ctx, struct ps_reason *why);

#endif

/* sqlite.c — the SQLite backend: one connection per struct store__conn, WAL journal,
 * synchronous=FULL, every statement prepared once per connection and reused. */
#include "host/store/backend.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

/* How long a statement waits for another connection's lock before failing. In WAL
 * mode readers never hold one a writer needs; this covers a second writer (a
 * migration run by another process) and WAL recovery when a connection opens. */
#define BUSY_TIMEOUT_MS 10000

struct store__conn {
    sqlite3 *db;
    sqlite3_stmt *begin; /* BEGIN IMMEDIATE: take the write lock now, not at the
                            first write, so a commit never fails to upgrade */
    sqlite3_stmt *commit;
    sqlite3_stmt *rollback;
    sqlite3_stmt *stmt[STORE__SQL_COUNT]; /* prepared on first use */
};

/* ---- errors ----------------------------------------------------------------------- */

static int error_code(int src)
{
    switch (src & 0xff) {
    case SQLITE_NOMEM:
        return PS_ENOMEM;
    case SQLITE_CONSTRAINT: /* the database refused a row, as a guard refuses one */
        return PS_ECHECK;
    case SQLITE_TOOBIG:
        return PS_ETOOLONG;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
        return PS_EFORMAT;
    default:
        return STORE__EDB;
    }
}

/* "sqlite: <what SQLite said> (<what we were doing>)"; returns the mapped code. */
__attribute__((format(printf, 4, 5))) static int
fail_db(sqlite3 *db, int src, struct ps_reason *why, const char *fmt, ...)
{
    char doing[PS_REASON_MAX];
    va_list ap;

    if (why == NULL)
        return error_code(src);
    va_start(ap, fmt);
    vsnprintf(doing, sizeof(doing), fmt, ap);
    va_end(ap);
    /* the connection's message, when it is about this failure; sqlite3_errstr else */
    const char *msg =
        db != NULL && sqlite3_errcode(db) == src ? sqlite3_errmsg(db) : sqlite3_errstr(src);
    return ps_fail(why, error_code(src), "sqlite: %s (%s)", msg, doing);
}

/* ---- statements ------------------------------------------------------------------- */

/* Refuses a read whose result columns are not the ones its map decodes, so a change
 * to one side of schema.c without the other fails at once, by name. */
static int check_columns(sqlite3_stmt *st, const struct store__statement *s, struct ps_reason *why)
{
    int n = sqlite3_column_count(st);

    if (n == 0)
        return 0; /* a write */
    if (s->map == NULL || (size_t)n != s->map->count)
        return ps_fail(why, PS_EINVAL, "store: statement %s returns %d columns, its map %zu",
                       s->name, n, s->map != NULL ? s->map->count : 0);
    for (int i = 0; i < n; i++) {
        const char *name = sqlite3_column_name(st, i);
        if (name == NULL || strcmp(name, s->map->cols[i].name) != 0)
            return ps_fail(why, PS_EINVAL,
                           "store: statement %s: column %d is '%s', its map says '%s'", s->name, i,
                           name != NULL ? name : "?", s->map->cols[i].name);
    }
    return 0;
}

static int stmt_get(struct store__conn *c, enum store__stmt id, sqlite3_stmt **out,
                    struct ps_reason *why)
{
    const struct store__statement *s = &store__statements[id];
    sqlite3_stmt *st = NULL;
    int rc = 0;

    if (c->stmt[id] != NULL) {
        *out = c->stmt[id];
        return 0;
    }
    int src = sqlite3_prepare_v3(c->db, s->sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (src != SQLITE_OK) {
        rc = fail_db(c->db, src, why, "preparing %s", s->name);
        goto out;
    }
    rc = check_columns(st, s, why);
    if (rc != 0)
        goto out;
    c->stmt[id] = *out = st;
    st = NULL;
out:
    sqlite3_finalize(st);
    return rc;
}

static int bind_params(struct store__conn *c, sqlite3_stmt *st, enum store__stmt id,
                       const struct store__params *p, struct ps_reason *why)
{
    if (sqlite3_bind_parameter_count(st) != (int)p->count)
        return ps_fail(why, PS_EINVAL, "store: statement %s takes %d parameters, given %zu",
                       store__statements[id].name, sqlite3_bind_parameter_count(st), p->count);
    for (size_t i = 0; i < p->count; i++) {
        const struct store__value *v = &p->v[i];
        int at = (int)i + 1;
        /* SQLITE_STATIC: no copy; the values live until release() unbinds them */
        int src = v->text != NULL ? sqlite3_bind_text(st, at, v->text, (int)v->len, SQLITE_STATIC)
                                  : sqlite3_bind_int64(st, at, v->i64);
        if (src != SQLITE_OK)
            return fail_db(c->db, src, why, "binding parameter %d of %s", at,
                           store__statements[id].name);
    }
    return 0;
}

/* Ends a use of a cached statement: resets it (a statement left stepping would pin
 * its read snapshot) and drops its bindings, which point into the caller's memory. */
static void release(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Steps a statement that returns no rows (BEGIN, COMMIT, ROLLBACK). */
static int step_done(struct store__conn *c, sqlite3_stmt *st, const char *doing,
                     struct ps_reason *why)
{
    int src = sqlite3_step(st);
    int rc = src == SQLITE_DONE ? 0 : fail_db(c->db, src, why, "%s", doing);
    sqlite3_reset(st);
    return rc;
}

/* Ends the open transaction without applying it. Some errors (a full disk, I/O)
 * already rolled it back, so only a transaction still open is rolled back; a failing
 * ROLLBACK leaves the error that caused it as the news. */
static void roll_back(struct store__conn *c)
{
    if (!sqlite3_get_autocommit(c->db))
        (void)step_done(c, c->rollback, "rolling back", NULL);
}

/* ---- commit ----------------------------------------------------------------------- */

static int apply_op(struct store__conn *c, const struct store_op *op, size_t index,
                    struct store__plan *plan, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;

    int rc = store__op_plan(op, index, plan, why);
    if (rc == 0)
        rc = stmt_get(c, plan->stmt, &st, why);
    if (rc != 0)
        return rc;
    rc = bind_params(c, st, plan->stmt, &plan->params, why);
    if (rc != 0)
        goto out;
    int src = sqlite3_step(st);
    if (src != SQLITE_DONE) {
        char doing[PS_REASON_MAX];
        store__op_context(op, index, doing, sizeof(doing));
        rc = fail_db(c->db, src, why, "%s", doing);
    } else if (plan->guarded && sqlite3_changes(c->db) != 1) {
        rc = store__op_refused(op, index, why);
    }
out:
    release(st);
    return rc;
}

static int sq_commit(struct store__conn *c, const struct store_batch *b, struct ps_reason *why)
{
    struct store__plan plan; /* reused by every op: a commit allocates nothing */

    int rc = step_done(c, c->begin, "beginning a commit", why);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < b->count; i++) {
        rc = apply_op(c, &b->ops[i], i, &plan, why);
        if (rc != 0)
            goto out;
    }
    rc = step_done(c, c->commit, "committing", why);
out:
    if (rc != 0)
        roll_back(c);
    return rc;
}

/* ---- queries ---------------------------------------------------------------------- */

/* Reads the current result row into row through map, refusing a NULL or a value of
 * the wrong type rather than reading it as 0 or "". */
static int decode_row(struct store__conn *c, sqlite3_stmt *st, const struct store__row_map *map,
                      void *row, struct ps_reason *why)
{
    for (size_t i = 0; i < map->count; i++) {
        const struct store__column *col = &map->cols[i];
        int is_text = col->type == STORE__COL_TEXT || col->type == STORE__COL_KIND;
        int type = sqlite3_column_type(st, (int)i);
        struct store__value v = {0};

        if (type != (is_text ? SQLITE_TEXT : SQLITE_INTEGER))
            return ps_fail(why, PS_EFORMAT, "store: %s.%s: stored as %s, not %s (id %" PRId64 ")",
                           map->table, col->name, type == SQLITE_NULL ? "NULL" : "another type",
                           is_text ? "text" : "an integer", store__row_id(map, row));
        if (is_text) {
            v.text = (const char *)sqlite3_column_text(st, (int)i);
            if (v.text == NULL)
                return fail_db(c->db, SQLITE_NOMEM, why, "reading %s.%s", map->table, col->name);
            v.len = (size_t)sqlite3_column_bytes(st, (int)i);
        } else {
            v.i64 = sqlite3_column_int64(st, (int)i);
        }
        int rc = store__column_set(map, i, row, &v, why);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int sq_query(struct store__conn *c, enum store__stmt id, const struct store__params *params,
                    void *row, store__row_fn fn, void *ctx, struct ps_reason *why)
{
    const struct store__row_map *map = store__statements[id].map;
    sqlite3_stmt *st = NULL;

    int rc = stmt_get(c, id, &st, why);
    if (rc != 0)
        return rc;
    rc = bind_params(c, st, id, params, why);
    while (rc == 0) {
        int src = sqlite3_step(st);
        if (src == SQLITE_DONE)
            break;
        if (src != SQLITE_ROW) {
            rc = fail_db(c->db, src, why, "reading %s", store__statements[id].name);
            break;
        }
        memset(row, 0, map->row_size);
        rc = decode_row(c, st, map, row, why);
        if (rc == 0)
            rc = fn(ctx, row);
    }
    release(st);
    return rc;
}

/* ---- migrations ------------------------------------------------------------------- */

static int read_version(struct store__conn *c, int *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    int src = sqlite3_prepare_v2(c->db, store__schema_version_sql, -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src != SQLITE_ROW) {
        rc = fail_db(c->db, src, why, "reading the schema version");
        goto out;
    }
    *out = sqlite3_column_int(st, 0);
out:
    sqlite3_finalize(st);
    return rc;
}

static int record_migration(struct store__conn *c, int version, const char *name,
                            struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    struct timespec now;
    int rc = 0;

    clock_gettime(CLOCK_REALTIME, &now);
    int src = sqlite3_prepare_v2(c->db, store__migration_record_sql, -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_bind_int(st, 1, version);
    if (src == SQLITE_OK)
        src = sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    if (src == SQLITE_OK)
        src = sqlite3_bind_int64(st, 3, (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src != SQLITE_DONE)
        rc = fail_db(c->db, src, why, "recording migration %d", version);
    sqlite3_finalize(st);
    return rc;
}

/* Applies migration `version` (0-based) unless another connection got there first:
 * the version is read again under the write lock. */
static int migrate_one(struct store__conn *c, const struct store__migration *m, int version,
                       struct ps_reason *why)
{
    char *sql = NULL;
    int current = 0;

    int rc = step_done(c, c->begin, "beginning a migration", why);
    if (rc != 0)
        return rc;
    rc = read_version(c, &current, why);
    if (rc != 0 || current > version)
        goto out;
    rc = store__schema_render(m->sql, store__sqlite.id_type, &sql, why);
    if (rc != 0)
        goto out;
    int src = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    if (src != SQLITE_OK) {
        rc = fail_db(c->db, src, why, "migration %d, %s", version + 1, m->name);
        goto out;
    }
    rc = record_migration(c, version + 1, m->name, why);
    if (rc == 0)
        rc = step_done(c, c->commit, "committing a migration", why);
out:
    if (rc != 0 || current > version)
        roll_back(c);
    free(sql);
    return rc;
}

static int sq_migrations_table(struct store__conn *c, struct ps_reason *why)
{
    int src = sqlite3_exec(c->db, store__migrations_table_sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? 0 : fail_db(c->db, src, why, "creating schema_migrations");
}

/* ---- connection ------------------------------------------------------------------- */

static void sq_close(struct store__conn *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < STORE__SQL_COUNT; i++)
        sqlite3_finalize(c->stmt[i]);
    sqlite3_finalize(c->begin);
    sqlite3_finalize(c->commit);
    sqlite3_finalize(c->rollback);
    sqlite3_close(c->db);
    free(c);
}

/* WAL: readers and the writer do not block each other. synchronous=FULL: in WAL mode
 * this syncs the log at every commit, so a commit that returned survives a power cut
 * (NORMAL would sync only at checkpoints). Foreign keys off: the host chooses ids and
 * may refer to a row it commits in the same batch. */
static int configure(struct store__conn *c, const char *path, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = 0;

    int src = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode=WAL", -1, &st, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    if (src != SQLITE_ROW) {
        rc = fail_db(c->db, src, why, "setting WAL mode on %s", path);
        goto out;
    }
    const char *mode = (const char *)sqlite3_column_text(st, 0);
    if (mode == NULL || strcmp(mode, "wal") != 0) {
        rc = ps_fail(why, PS_EINVAL, "sqlite: %s stays in journal mode '%s', not WAL", path,
                     mode != NULL ? mode : "?");
        goto out;
    }
    /* Checkpoints (copying the WAL into the database file, with its own fsync) would
     * otherwise run inside whichever commit crosses 1000 WAL pages, stalling every answer
     * of that batch: possumd runs them off the commit path (store_checkpoint); the high
     * automatic threshold is only a safety net for programs that never call it. A 32 MiB
     * page cache keeps the indexes' hot pages out of read system calls. */
    src = sqlite3_exec(c->db,
                       "PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;"
                       " PRAGMA wal_autocheckpoint=20000; PRAGMA cache_size=-32768",
                       NULL, NULL, NULL);
    if (src != SQLITE_OK)
        rc = fail_db(c->db, src, why, "setting synchronous and foreign_keys on %s", path);
out:
    sqlite3_finalize(st);
    return rc;
}

static int prepare_fixed(struct store__conn *c, struct ps_reason *why)
{
    static const char *const texts[] = {"BEGIN IMMEDIATE", "COMMIT", "ROLLBACK"};
    sqlite3_stmt **slots[] = {&c->begin, &c->commit, &c->rollback};

    for (size_t i = 0; i < PS_ARRAY_LEN(texts); i++) {
        int src =
            sqlite3_prepare_v3(c->db, texts[i], -1, SQLITE_PREPARE_PERSISTENT, slots[i], NULL);
        if (src != SQLITE_OK)
            return fail_db(c->db, src, why, "preparing %s", texts[i]);
    }
    return 0;
}

/* Creates a missing database file readable by its owner only: it holds wrapped keys
 * and card tokens, and SQLite gives its -wal and -shm files the same mode. */
static int create_private(const char *path, struct ps_reason *why)
{
    if (strcmp(path, ":memory:") == 0)
        return 0;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST && errno != ENOENT)
        return ps_fail(why, STORE__EDB, "sqlite: cannot create %s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    return 0; /* ENOENT (no such directory): sqlite3_open_v2 says so in its words */
}

static int sq_open(struct store__conn **out, const struct store_config *cfg, struct ps_reason *why)
{
    struct store__conn *c = NULL;
    int rc = 0;

    *out = NULL;
    if (!sqlite3_threadsafe())
        return ps_fail(why, PS_EINVAL, "sqlite: the library was built without thread support");
    rc = create_private(cfg->path, why);
    if (rc != 0)
        return rc;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return ps_fail(why, PS_ENOMEM, "store: no memory for a connection");
    /* NOMUTEX: a connection is used by one thread at a time (store.h), so SQLite's
     * per-connection mutex would only cost time */
    int src = sqlite3_open_v2(
        cfg->path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (src != SQLITE_OK) {
        rc = fail_db(c->db, src, why, "opening %s", cfg->path);
        goto out;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    rc = configure(c, cfg->path, why);
    if (rc == 0)
        rc = prepare_fixed(c, why);
    if (rc != 0)
        goto out;
    *out = c;
    c = NULL;
out:
    sq_close(c);
    return rc;
}

/* PASSIVE: copies what it can without waiting for, or blocking, the writer or readers;
 * the next one continues where this one stopped. */
static int sq_checkpoint(struct store__conn *c, struct ps_reason *why)
{
    int src = sqlite3_wal_checkpoint_v2(c->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    if (src != SQLITE_OK && src != SQLITE_BUSY)
        return fail_db(c->db, src, why, "checkpointing");
    return 0;
}

const struct store__backend store__sqlite = {
    .name = "sqlite",
    .id_type = "INTEGER PRIMARY KEY", /* the rowid: the fastest key SQLite has */
    .open = sq_open,
    .close = sq_close,
    .migrations_table = sq_migrations_table,
    .schema_version = read_version,
    .migrate_one = migrate_one,
    .commit = sq_commit,
    .query = sq_query,
    .checkpoint = sq_checkpoint,
};

/* postgres.c — the PostgreSQL backend, through libpq: one connection per struct
 * store__conn, every statement prepared once per connection (by name) from schema.c's
 * text with its `?` placeholders numbered $1..$n. Parameters go in binary (an int64 as
 * int8, a text as its bytes, so nothing is formatted or copied); results come back as
 * text and are decoded through the statement's row map.
 *
 * A commit is BEGIN, every operation, and a sync, sent as one libpq pipeline (one
 * round trip whatever the batch's size), then COMMIT or ROLLBACK once the affected row
 * counts of the guarded operations are checked: two round trips in all. The guard is
 * checked here, as sqlite.c checks it, so both backends refuse with the same sentence. */
#include "host/store/backend.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

/* Type OIDs (pg_type.h belongs to the server's headers; these numbers never change). */
#define OID_INT8    20
#define OID_INT2    21
#define OID_INT4    23
#define OID_TEXT    25
#define OID_VARCHAR 1043

/* Serializes migrations between processes (and connections) that open one database
 * at once: any constant will do, as long as every possumd uses the same. */
#define MIGRATION_LOCK "7095730001"

struct prepared {
    int ready;
    int nparams;
};

struct store__conn {
    PGconn *pg;
    int writes_ready;                  /* every write statement is prepared (at the first commit) */
    int guarded[STORE_OP_LAST + 1]; /* by op type: exactly one row must change */
    struct prepared stmt[STORE__SQL_COUNT];
};

/* ---- errors ----------------------------------------------------------------------- */

/* By SQLSTATE class (PostgreSQL's appendix A), as sqlite.c maps SQLite's codes. */
static int error_code(const char *state)
{
    if (state == NULL)
        return STORE__EDB;            /* no server error: the connection itself failed */
    if (strncmp(state, "23", 2) == 0) /* integrity: the database refused a row */
        return PS_ECHECK;
    if (strcmp(state, "53200") == 0)
        return PS_ENOMEM;
    if (strcmp(state, "54000") == 0 || strcmp(state, "22001") == 0)
        return PS_ETOOLONG;
    if (strcmp(state, "XX001") == 0 || strcmp(state, "XX002") == 0)
        return PS_EFORMAT; /* data or index corrupted */
    return STORE__EDB;
}

/* The first line of libpq's message, without "ERROR:  " or the newline. */
static void first_line(const char *msg, char *buf, size_t cap)
{
    if (msg == NULL || *msg == '\0')
        msg = "unknown error";
    if (strncmp(msg, "ERROR:  ", 8) == 0)
        msg += 8;
    size_t n = strcspn(msg, "\n");
    snprintf(buf, cap, "%.*s", (int)n, msg);
}

/* "postgres: <what the server said> (<what we were doing>)"; res may be NULL (then the
 * connection's message is the news). Returns the mapped code. */
__attribute__((format(printf, 4, 5))) static int
fail_pg(PGconn *pg, const PGresult *res, struct ps_reason *why, const char *fmt, ...)
{
    char doing[PS_REASON_MAX], said[PS_REASON_MAX];
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    va_list ap;

    if (why == NULL)
        return error_code(state);
    va_start(ap, fmt);
    vsnprintf(doing, sizeof(doing), fmt, ap);
    va_end(ap);
    const char *primary = res != NULL ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    first_line(primary != NULL ? primary : PQerrorMessage(pg), said, sizeof(said));
    return ps_fail(why, error_code(state), "postgres: %s (%s)", said, doing);
}

/* Runs a statement without parameters or rows (BEGIN, COMMIT, DDL). */
static int exec_plain(struct store__conn *c, const char *sql, const char *doing,
                      struct ps_reason *why)
{
    PGresult *res = PQexec(c->pg, sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK
                 ? 0
                 : fail_pg(c->pg, res, why, "%s", doing);
    PQclear(res);
    return rc;
}

/* Ends a transaction that failed; a failing ROLLBACK leaves the error that caused it as
 * the news (and a broken connection stays broken for the next call to report). */
static void roll_back(struct store__conn *c)
{
    if (PQtransactionStatus(c->pg) != PQTRANS_IDLE)
        (void)exec_plain(c, "ROLLBACK", "rolling back", NULL);
}

/* ---- statements ------------------------------------------------------------------- */

/* schema.c's `?` as $1, $2 ... in order (none sits inside a quoted literal, but one
 * would be left alone). Returns the new text (the caller frees it) and the count. */
static char *number_placeholders(const char *sql, int *count)
{
    size_t marks = 0;
    for (const char *p = sql; *p != '\0'; p++)
        marks += *p == '?';
    /* "$n" is at most as long as the mark count's digits plus 1; 10 covers any int */
    size_t cap = strlen(sql) + marks * 10 + 1, used = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    int n = 0, quoted = 0;
    for (const char *p = sql; *p != '\0'; p++) {
        if (*p == '\'')
            quoted = !quoted;
        if (*p == '?' && !quoted)
            used += (size_t)snprintf(out + used, cap - used, "$%d", ++n);
        else
            out[used++] = *p;
    }
    out[used] = '\0';
    *count = n;
    return out;
}

/* Refuses a read whose result columns are not the ones its map decodes (as sqlite.c
 * does), asking the server what the prepared statement returns. */
static int check_columns(struct store__conn *c, enum store__stmt id, struct ps_reason *why)
{
    const struct store__statement *s = &store__statements[id];
    PGresult *res = PQdescribePrepared(c->pg, s->name);
    int rc = 0;

    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = fail_pg(c->pg, res, why, "describing %s", s->name);
        goto out;
    }
    int n = PQnfields(res);
    if (n == 0)
        goto out; /* a write */
    if (s->map == NULL || (size_t)n != s->map->count) {
        rc = ps_fail(why, PS_EINVAL, "store: statement %s returns %d columns, its map %zu", s->name,
                     n, s->map != NULL ? s->map->count : 0);
        goto out;
    }
    for (int i = 0; i < n && rc == 0; i++) {
        if (strcmp(PQfname(res, i), s->map->cols[i].name) != 0)
            rc =
                ps_fail(why, PS_EINVAL, "store: statement %s: column %d is '%s', its map says '%s'",
                        s->name, i, PQfname(res, i), s->map->cols[i].name);
    }
out:
    PQclear(res);
    return rc;
}

/* Prepares statement id under its own name, with the parameter types p's values have
 * (text or int8): told, not guessed, so `? >= 0` is never read as a 32-bit integer. */
static int prepare(struct store__conn *c, enum store__stmt id, const struct store__params *p,
                   struct ps_reason *why)
{
    const struct store__statement *s = &store__statements[id];
    Oid types[STORE__PARAMS_MAX];
    int n = 0;

    char *sql = number_placeholders(s->sql, &n);
    if (sql == NULL)
        return ps_fail(why, PS_ENOMEM, "store: no memory to prepare %s", s->name);
    if ((size_t)n != p->count) {
        free(sql);
        return ps_fail(why, PS_EINVAL, "store: statement %s takes %d parameters, given %zu",
                       s->name, n, p->count);
    }
    for (size_t i = 0; i < p->count; i++)
        types[i] = p->v[i].text != NULL ? OID_TEXT : OID_INT8;
    PGresult *res = PQprepare(c->pg, s->name, sql, n, types);
    free(sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK
                 ? 0
                 : fail_pg(c->pg, res, why, "preparing %s", s->name);
    PQclear(res);
    if (rc == 0)
        rc = check_columns(c, id, why);
    if (rc == 0)
        c->stmt[id] = (struct prepared){1, n};
    return rc;
}

/* Parameters in binary: int8 big-endian in ints[], text as its own bytes. */
struct wire_params {
    const char *values[STORE__PARAMS_MAX];
    int lengths[STORE__PARAMS_MAX];
    int formats[STORE__PARAMS_MAX];
    unsigned char ints[STORE__PARAMS_MAX][8];
};

static void to_wire(const struct store__params *p, struct wire_params *w)
{
    for (size_t i = 0; i < p->count; i++) {
        const struct store__value *v = &p->v[i];
        w->formats[i] = 1;
        if (v->text != NULL) {
            w->values[i] = v->len > 0 ? v->text : "";
            w->lengths[i] = (int)v->len;
            continue;
        }
        uint64_t u = (uint64_t)v->i64; /* the same 64 bits: two's complement on the wire */
        for (int b = 7; b >= 0; b--, u >>= 8)
            w->ints[i][b] = (unsigned char)(u & 0xff);
        w->values[i] = (const char *)w->ints[i];
        w->lengths[i] = 8;
    }
}

static int check_count(enum store__stmt id, const struct prepared *st,
                       const struct store__params *p, struct ps_reason *why)
{
    if ((size_t)st->nparams == p->count)
        return 0;
    return ps_fail(why, PS_EINVAL, "store: statement %s takes %d parameters, given %zu",
                   store__statements[id].name, st->nparams, p->count);
}

/* ---- commit ----------------------------------------------------------------------- */

/* The write statements take the parameter types their plan gives a blank operation of
 * each type (an operation's types never depend on its values), so they are all
 * prepared before the first pipeline, which then needs no prepare of its own. */
static int prepare_writes(struct store__conn *c, struct ps_reason *why)
{
    static const struct audit_row blank_audit; /* an audit operation points at its row */
    static const struct application_row blank_application;        /* and these at theirs */
    static const struct application_event_row blank_application_event;
    static const struct ticket_row blank_ticket;
    static const struct ticket_comment_row blank_ticket_comment;
    static const struct training_row blank_training;
    static const struct param_set_row blank_param_set;
    struct store__plan plan;
    struct store_op blank;

    for (int type = STORE_MERCHANT_PUT; type <= STORE_OP_LAST; type++) {
        memset(&blank, 0, sizeof(blank));
        blank.type = (enum store_op_type)type;
        if (type == STORE_AUDIT_PUT)
            blank.u.audit = &blank_audit;
        if (type == STORE_APPLICATION_PUT)
            blank.u.application = &blank_application;
        if (type == STORE_APPLICATION_EVENT_PUT)
            blank.u.application_event = &blank_application_event;
        if (type == STORE_TICKET_PUT)
            blank.u.ticket = &blank_ticket;
        if (type == STORE_TICKET_COMMENT_PUT)
            blank.u.ticket_comment = &blank_ticket_comment;
        if (type == STORE_TRAINING_PUT)
            blank.u.training = &blank_training;
        if (type == STORE_PARAM_SET_PUT)
            blank.u.param_set = &blank_param_set;
        int rc = store__op_plan(&blank, 0, &plan, why);
        if (rc == 0 && !c->stmt[plan.stmt].ready)
            rc = prepare(c, plan.stmt, &plan.params, why);
        if (rc != 0)
            return rc;
        c->guarded[type] = plan.guarded;
    }
    c->writes_ready = 1;
    return 0;
}

/* Queues one operation on the pipeline. */
static int send_op(struct store__conn *c, const struct store_op *op, size_t index,
                   struct store__plan *plan, struct ps_reason *why)
{
    struct wire_params w;

    int rc = store__op_plan(op, index, plan, why);
    if (rc == 0)
        rc = check_count(plan->stmt, &c->stmt[plan->stmt], &plan->params, why);
    if (rc != 0)
        return rc;
    to_wire(&plan->params, &w);
    if (!PQsendQueryPrepared(c->pg, store__statements[plan->stmt].name, (int)plan->params.count,
                             w.values, w.lengths, w.formats, 0))
        return fail_pg(c->pg, NULL, why, "sending op %zu", index);
    return 0;
}

/* Writes out everything queued. The connection is non-blocking meanwhile, and what the
 * server answers is read into libpq's buffer as it comes: a big batch's results would
 * otherwise fill the socket while both sides wait to write. */
static int flush_pipeline(struct store__conn *c, struct ps_reason *why)
{
    for (;;) {
        int left = PQflush(c->pg);
        if (left == 0)
            return 0;
        if (left < 0)
            return fail_pg(c->pg, NULL, why, "sending a commit");
        struct pollfd pfd = {.fd = PQsocket(c->pg), .events = POLLIN | POLLOUT};
        if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
            return ps_fail(why, STORE__EDB, "postgres: poll: %s (sending a commit)",
                           strerror(errno));
        if ((pfd.revents & POLLIN) && !PQconsumeInput(c->pg))
            return fail_pg(c->pg, NULL, why, "reading while sending a commit");
    }
}

/* The answer to query q of the pipeline: 0 is BEGIN, 1 + i is b's op i. */
static int check_answer(struct store__conn *c, const PGresult *res, size_t q,
                        const struct store_batch *b, struct ps_reason *why)
{
    if (q == 0)
        return PQresultStatus(res) == PGRES_COMMAND_OK
                   ? 0
                   : fail_pg(c->pg, res, why, "beginning a commit");
    size_t index = q - 1;
    const struct store_op *op = &b->ops[index];
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        char doing[PS_REASON_MAX];
        store__op_context(op, index, doing, sizeof(doing));
        return fail_pg(c->pg, res, why, "%s", doing);
    }
    int guarded = (unsigned)op->type < PS_ARRAY_LEN(c->guarded) && c->guarded[op->type];
    if (guarded && strcmp(PQcmdTuples((PGresult *)res), "1") != 0)
        return store__op_refused(op, index, why);
    return 0;
}

/* Reads every answer up to the pipeline's sync; the first failure is the news (after
 * it, the server skipped the rest: PGRES_PIPELINE_ABORTED). */
static int read_answers(struct store__conn *c, const struct store_batch *b, struct ps_reason *why)
{
    size_t q = 0;
    int rc = 0;

    for (;;) {
        PGresult *res = PQgetResult(c->pg);
        if (res == NULL) {
            if (++q > b->count + 1 || PQstatus(c->pg) == CONNECTION_BAD)
                return rc != 0 ? rc : fail_pg(c->pg, NULL, why, "reading a commit's answers");
            continue; /* the end of one query's answers */
        }
        ExecStatusType st = PQresultStatus(res);
        if (st == PGRES_PIPELINE_SYNC) {
            PQclear(res);
            return rc;
        }
        if (rc == 0 && st != PGRES_PIPELINE_ABORTED)
            rc = check_answer(c, res, q, b, why);
        PQclear(res);
    }
}

static int send_batch(struct store__conn *c, const struct store_batch *b, struct ps_reason *why)
{
    struct store__plan plan; /* reused by every op */

    if (!PQsendQueryParams(c->pg, "BEGIN", 0, NULL, NULL, NULL, NULL, 0))
        return fail_pg(c->pg, NULL, why, "beginning a commit");
    for (size_t i = 0; i < b->count; i++) {
        int rc = send_op(c, &b->ops[i], i, &plan, why);
        if (rc != 0)
            return rc;
    }
    if (!PQpipelineSync(c->pg))
        return fail_pg(c->pg, NULL, why, "ending a commit's pipeline");
    return flush_pipeline(c, why);
}

static int pg_commit(struct store__conn *c, const struct store_batch *b, struct ps_reason *why)
{
    int rc = c->writes_ready ? 0 : prepare_writes(c, why);
    if (rc != 0)
        return rc;
    if (!PQenterPipelineMode(c->pg) || PQsetnonblocking(c->pg, 1) != 0) {
        rc = fail_pg(c->pg, NULL, why, "entering pipeline mode");
        goto out;
    }
    rc = send_batch(c, b, why);
    if (rc != 0) {
        /* nothing was synced: the server has not seen the end of the batch, so the
         * half-sent pipeline is dropped with the connection's state reset */
        (void)PQpipelineSync(c->pg);
        (void)flush_pipeline(c, NULL);
        (void)read_answers(c, b, NULL);
    } else {
        rc = read_answers(c, b, why);
    }
out:
    (void)PQsetnonblocking(c->pg, 0);
    (void)PQexitPipelineMode(c->pg);
    if (rc == 0)
        rc = exec_plain(c, "COMMIT", "committing", why);
    if (rc != 0)
        roll_back(c);
    return rc;
}

/* ---- queries ---------------------------------------------------------------------- */

static int is_integer_type(Oid t)
{
    return t == OID_INT8 || t == OID_INT4 || t == OID_INT2;
}

/* Column i of row r into row through map: a NULL, a column of the wrong type or an
 * integer that does not parse is refused, never read as 0 or "". */
static int decode_value(const PGresult *res, int r, size_t i, const struct store__row_map *map,
                        void *row, struct ps_reason *why)
{
    const struct store__column *col = &map->cols[i];
    int is_text = col->type == STORE__COL_TEXT || col->type == STORE__COL_KIND;
    Oid type = PQftype(res, (int)i);
    int null = PQgetisnull(res, r, (int)i);
    struct store__value v = {0};

    if (null || (is_text ? type != OID_TEXT && type != OID_VARCHAR : !is_integer_type(type)))
        return ps_fail(why, PS_EFORMAT, "store: %s.%s: stored as %s, not %s (id %" PRId64 ")",
                       map->table, col->name, null ? "NULL" : "another type",
                       is_text ? "text" : "an integer", store__row_id(map, row));
    const char *text = PQgetvalue(res, r, (int)i);
    if (is_text) {
        v.text = text;
        v.len = (size_t)PQgetlength(res, r, (int)i);
    } else {
        char *end = NULL;
        errno = 0;
        long long n = strtoll(text, &end, 10);
        if (errno != 0 || end == text || *end != '\0')
            return ps_fail(why, PS_EFORMAT,
                           "store: %s.%s: '%.24s' is not an integer (id %" PRId64 ")", map->table,
                           col->name, text, store__row_id(map, row));
        v.i64 = (int64_t)n;
    }
    return store__column_set(map, i, row, &v, why);
}

static int pg_query(struct store__conn *c, enum store__stmt id, const struct store__params *params,
                    void *row, store__row_fn fn, void *ctx, struct ps_reason *why)
{
    const struct store__row_map *map = store__statements[id].map;
    struct wire_params w;
    int rc = c->stmt[id].ready ? 0 : prepare(c, id, params, why);

    if (rc == 0)
        rc = check_count(id, &c->stmt[id], params, why);
    if (rc != 0)
        return rc;
    to_wire(params, &w);
    PGresult *res = PQexecPrepared(c->pg, store__statements[id].name, (int)params->count, w.values,
                                   w.lengths, w.formats, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        rc = fail_pg(c->pg, res, why, "reading %s", store__statements[id].name);
        goto out;
    }
    for (int r = 0; r < PQntuples(res) && rc == 0; r++) {
        memset(row, 0, map->row_size);
        for (size_t i = 0; i < map->count && rc == 0; i++)
            rc = decode_value(res, r, i, map, row, why);
        if (rc == 0)
            rc = fn(ctx, row);
    }
out:
    PQclear(res);
    return rc;
}

/* ---- migrations ------------------------------------------------------------------- */

/* A transaction holding the migration lock until it ends: another possumd opening the
 * same database waits here, then finds the work done. */
static int begin_locked(struct store__conn *c, const char *doing, struct ps_reason *why)
{
    int rc = exec_plain(c, "BEGIN", doing, why);
    if (rc == 0)
        rc = exec_plain(c, "SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ")", doing, why);
    return rc;
}

static int read_version(struct store__conn *c, int *out, struct ps_reason *why)
{
    PGresult *res = PQexec(c->pg, store__schema_version_sql);
    int rc = 0;

    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        rc = fail_pg(c->pg, res, why, "reading the schema version");
        goto out;
    }
    const char *text = PQgetvalue(res, 0, 0);
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < 0 || v > INT_MAX)
        rc = ps_fail(why, PS_EFORMAT, "store: schema_migrations: '%.24s' is not a version", text);
    else
        *out = (int)v;
out:
    PQclear(res);
    return rc;
}

static int record_migration(struct store__conn *c, int version, const char *name,
                            struct ps_reason *why)
{
    struct store__params p = {0};
    struct wire_params w;
    struct timespec now;
    int n = 0;

    clock_gettime(CLOCK_REALTIME, &now);
    char *sql = number_placeholders(store__migration_record_sql, &n);
    if (sql == NULL)
        return ps_fail(why, PS_ENOMEM, "store: no memory to record migration %d", version);
    p.v[p.count++] = (struct store__value){.i64 = version};
    p.v[p.count++] = (struct store__value){.text = name, .len = strlen(name)};
    p.v[p.count++] =
        (struct store__value){.i64 = (int64_t)now.tv_sec * 1000000 + now.tv_nsec / 1000};
    static const Oid types[] = {OID_INT8, OID_TEXT, OID_INT8};
    to_wire(&p, &w);
    PGresult *res = PQexecParams(c->pg, sql, n, types, w.values, w.lengths, w.formats, 0);
    free(sql);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK
                 ? 0
                 : fail_pg(c->pg, res, why, "recording migration %d", version);
    PQclear(res);
    return rc;
}

/* Applies migration `version` (0-based) unless another connection got there first:
 * the version is read again under the lock. PostgreSQL's DDL is transactional, so a
 * migration that fails half-way leaves nothing behind. */
static int migrate_one(struct store__conn *c, const struct store__migration *m, int version,
                       struct ps_reason *why)
{
    char *sql = NULL;
    int current = 0;

    int rc = begin_locked(c, "beginning a migration", why);
    if (rc == 0)
        rc = read_version(c, &current, why);
    if (rc != 0 || current > version)
        goto out;
    rc = store__schema_render(m->sql, store__postgres.id_type, &sql, why);
    if (rc != 0)
        goto out;
    PGresult *res = PQexec(c->pg, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = fail_pg(c->pg, res, why, "migration %d, %s", version + 1, m->name);
    PQclear(res);
    if (rc == 0)
        rc = record_migration(c, version + 1, m->name, why);
    if (rc == 0)
        rc = exec_plain(c, "COMMIT", "committing a migration", why);
out:
    if (rc != 0 || current > version)
        roll_back(c);
    free(sql);
    return rc;
}

/* Under the lock too: two CREATE TABLE IF NOT EXISTS at once can collide. */
static int pg_migrations_table(struct store__conn *c, struct ps_reason *why)
{
    int rc = begin_locked(c, "creating schema_migrations", why);
    if (rc == 0)
        rc = exec_plain(c, store__migrations_table_sql, "creating schema_migrations", why);
    if (rc == 0)
        rc = exec_plain(c, "COMMIT", "creating schema_migrations", why);
    if (rc != 0)
        roll_back(c);
    return rc;
}

/* ---- connection ------------------------------------------------------------------- */

static void pg_close(struct store__conn *c)
{
    if (c == NULL)
        return;
    PQfinish(c->pg); /* drops the prepared statements with the session */
    free(c);
}

/* Notices ("relation already exists, skipping") are not news for possumd; warnings
 * still reach stderr through libpq's default processor. synchronous_commit on: a
 * commit that returned is flushed to the server's disk, whatever the database's
 * default says (DESIGN.md: no approval before it is durable). */
static const char session_sql[] = "SET client_min_messages = warning;"
                                  " SET synchronous_commit = on";

static int pg_open(struct store__conn **out, const struct store_config *cfg, struct ps_reason *why)
{
    struct store__conn *c = NULL;
    int rc = 0;

    *out = NULL;
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return ps_fail(why, PS_ENOMEM, "store: no memory for a connection");
    c->pg = PQconnectdb(cfg->conninfo);
    if (c->pg == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "store: no memory for a PostgreSQL connection");
        goto out;
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        rc = fail_pg(c->pg, NULL, why, "connecting");
        goto out;
    }
    rc = exec_plain(c, session_sql, "setting up the session", why);
    if (rc != 0)
        goto out;
    *out = c;
    c = NULL;
out:
    pg_close(c);
    return rc;
}

const struct store__backend store__postgres = {
    .name = "postgres",
    .id_type = "BIGINT PRIMARY KEY", /* ids are the host's, never a sequence's */
    .open = pg_open,
    .close = pg_close,
    .migrations_table = pg_migrations_table,
    .schema_version = read_version,
    .migrate_one = migrate_one,
    .commit = pg_commit,
    .query = pg_query,
    .checkpoint = NULL, /* the server checkpoints on its own */
};

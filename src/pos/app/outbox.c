#include "pos/app/outbox.h"

#include <stdio.h>
#include <string.h>

#include "pos/app/schema.h"

#define COLUMNS "id, key, kind, payload, created_at, state, attempts, last_error, done_at"

static void copy_text(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src);
}

static void read_item(sqlite3_stmt *st, struct pos_outbox_item *it)
{
    memset(it, 0, sizeof(*it));
    it->id = sqlite3_column_int64(st, 0);
    copy_text(it->key, sizeof(it->key), pos_app_column_text(st, 1));
    copy_text(it->kind, sizeof(it->kind), pos_app_column_text(st, 2));
    copy_text(it->payload, sizeof(it->payload), pos_app_column_text(st, 3));
    it->created_at = sqlite3_column_int64(st, 4);
    copy_text(it->state, sizeof(it->state), pos_app_column_text(st, 5));
    it->attempts = sqlite3_column_int(st, 6);
    copy_text(it->last_error, sizeof(it->last_error), pos_app_column_text(st, 7));
    it->done_at = sqlite3_column_int64(st, 8);
}

int pos_outbox_put(sqlite3 *db, const char *key, const char *kind, const char *payload, int64_t now,
                   struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc;

    if (strlen(key) > POS_OUTBOX_KEY_MAX || strlen(kind) > POS_OUTBOX_KIND_MAX ||
        strlen(payload) > POS_OUTBOX_PAYLOAD_MAX)
        return ps_fail(why, PS_EINVAL, "outbox: key, kind or payload of %s too long", key);
    rc = pos_app_prepare(db,
                         "INSERT INTO app_outbox (key, kind, payload, created_at)"
                         " VALUES (?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
                         &st, "outbox", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, payload, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    rc = pos_app_step_done(db, st, "outbox", why);
    sqlite3_finalize(st);
    if (rc == 0 && sqlite3_changes(db) == 0)
        return POS_OUTBOX_EXISTS;
    return rc;
}

static int select_one(sqlite3 *db, const char *sql, const char *key, int absent,
                      struct pos_outbox_item *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, sql, &st, "outbox", why), step;

    if (rc != 0)
        return rc;
    if (key != NULL)
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        read_item(st, out);
    else if (step == SQLITE_DONE)
        rc = absent;
    else
        rc = ps_fail(why, PS_EIO, "outbox: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int pos_outbox_next(sqlite3 *db, struct pos_outbox_item *out, struct ps_reason *why)
{
    return select_one(db,
                      "SELECT " COLUMNS " FROM app_outbox WHERE state = 'waiting'"
                      " ORDER BY id LIMIT 1",
                      NULL, POS_OUTBOX_EMPTY, out, why);
}

int pos_outbox_find(sqlite3 *db, const char *key, struct pos_outbox_item *out,
                    struct ps_reason *why)
{
    int rc = select_one(db, "SELECT " COLUMNS " FROM app_outbox WHERE key = ?", key, PS_EUNDEFINED,
                        out, why);
    if (rc == PS_EUNDEFINED)
        return ps_fail(why, rc, "outbox: no item %s", key);
    return rc;
}

/* Moves a waiting item to state, with reason and time. */
static int settle_item(sqlite3 *db, int64_t id, const char *state, const char *reason, int64_t now,
                       struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db,
                             "UPDATE app_outbox SET state = ?, last_error = ?, done_at = ?"
                             " WHERE id = ? AND state = 'waiting'",
                             &st, "outbox", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, id);
    rc = pos_app_step_done(db, st, "outbox", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_outbox_done(sqlite3 *db, int64_t id, int64_t now, struct ps_reason *why)
{
    return settle_item(db, id, "done", "", now, why);
}

int pos_outbox_failed(sqlite3 *db, int64_t id, const char *reason, int64_t now,
                      struct ps_reason *why)
{
    return settle_item(db, id, "failed", reason, now, why);
}

int pos_outbox_attempted(sqlite3 *db, int64_t id, const char *reason, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db,
                             "UPDATE app_outbox SET attempts = attempts + 1, last_error = ?"
                             " WHERE id = ? AND state = 'waiting'",
                             &st, "outbox", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, reason, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    rc = pos_app_step_done(db, st, "outbox", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_outbox_waiting(sqlite3 *db, size_t *n, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "SELECT COUNT(*) FROM app_outbox WHERE state = 'waiting'", &st,
                             "outbox", why);
    *n = 0;
    if (rc != 0)
        return rc;
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = (size_t)sqlite3_column_int64(st, 0);
    else
        rc = ps_fail(why, PS_EIO, "outbox: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int pos_outbox_forward(sqlite3 *db, pos_outbox_send_fn send, void *ctx, int64_t now,
                       struct pos_outbox_report *rep, struct ps_reason *why)
{
    struct pos_outbox_report local;
    struct pos_outbox_item item;
    struct ps_reason cause;
    int rc;

    if (rep == NULL)
        rep = &local;
    memset(rep, 0, sizeof(*rep));
    while ((rc = pos_outbox_next(db, &item, why)) == 0) {
        ps_reason_clear(&cause);
        int sent = send(ctx, &item, &cause);
        if (sent < 0) {
            pos_outbox_attempted(db, item.id, cause.text, NULL);
            pos_outbox_waiting(db, &rep->waiting, NULL);
            return ps_fail(why, sent, "%s", cause.text);
        }
        if (sent == 0) {
            rc = pos_outbox_done(db, item.id, now, why);
            rep->delivered++;
        } else {
            rc = pos_outbox_failed(db, item.id, cause.text, now, why);
            rep->failed++;
        }
        if (rc != 0)
            return rc;
    }
    return rc == POS_OUTBOX_EMPTY ? PS_OK : rc;
}

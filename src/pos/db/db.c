#include "pos/db/db.h"

int pos_db_fail(sqlite3 *db, const char *what, struct ps_reason *why)
{
    return ps_fail(why, PS_EIO, "%s: %s", what, db != NULL ? sqlite3_errmsg(db) : "no database");
}

int pos_db_exec(sqlite3 *db, const char *sql, struct ps_reason *why)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    int rc = ps_fail(why, PS_EIO, "%s", msg != NULL ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return rc;
}

int pos_db_open(const char *path, sqlite3 **out, struct ps_reason *why)
{
    sqlite3 *db = NULL;
    const char *name = path[0] == '\0' ? ":memory:" : path;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

    *out = NULL;
    if (sqlite3_open_v2(name, &db, flags, NULL) != SQLITE_OK) {
        int rc = ps_fail(why, PS_EIO, "%s: %s", name, db != NULL ? sqlite3_errmsg(db) : "no memory");
        sqlite3_close(db);
        return rc;
    }
    sqlite3_busy_timeout(db, 5000); /* a second process (a script) may hold the lock */
    int rc = pos_db_exec(db,
                         "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         " PRAGMA foreign_keys=ON;"
                         " CREATE TABLE IF NOT EXISTS pos_schema ("
                         "  room TEXT PRIMARY KEY, version INTEGER NOT NULL);",
                         why);
    if (rc != 0) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return 0;
}

void pos_db_close(sqlite3 *db)
{
    sqlite3_close(db);
}

int pos_db_version(sqlite3 *db, const char *room, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT version FROM pos_schema WHERE room = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return pos_db_fail(db, "schema version", why);
    sqlite3_bind_text(st, 1, room, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    int version = step == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_finalize(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE)
        return pos_db_fail(db, "schema version", why);
    return version;
}

/* Runs step `to` (1-based) of room and records it, all or nothing. */
static int apply_step(sqlite3 *db, const char *room, const char *sql, int to,
                      struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_db_exec(db, "BEGIN IMMEDIATE", why);
    if (rc != 0)
        return rc;
    rc = pos_db_exec(db, sql, why);
    if (rc != 0) {
        struct ps_reason cause = why != NULL ? *why : (struct ps_reason){{0}};
        pos_db_exec(db, "ROLLBACK", NULL);
        return ps_fail(why, rc, "%s schema version %d: %s", room, to, cause.text);
    }
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO pos_schema (room, version) VALUES (?, ?)"
                           " ON CONFLICT (room) DO UPDATE SET version = excluded.version",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = pos_db_fail(db, "schema version", why);
        pos_db_exec(db, "ROLLBACK", NULL);
        return rc;
    }
    sqlite3_bind_text(st, 1, room, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, to);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) {
        rc = pos_db_fail(db, "schema version", why);
        pos_db_exec(db, "ROLLBACK", NULL);
        return rc;
    }
    return pos_db_exec(db, "COMMIT", why);
}

int pos_db_migrate(sqlite3 *db, const char *room, const char *const *steps, size_t n,
                   struct ps_reason *why)
{
    int at = pos_db_version(db, room, why);
    if (at < 0)
        return at;
    if ((size_t)at > n)
        return ps_fail(why, PS_EUNDEFINED,
                       "%s tables are at schema version %d; this possum-pos knows up to %zu", room,
                       at, n);
    for (size_t v = (size_t)at; v < n; v++) {
        int rc = apply_step(db, room, steps[v], (int)v + 1, why);
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* The TMS's tables: the parameter set kept as the JSON it came in (read back through the
 * same checks), packages, and the update report. */
#include "pos/app/tms_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pos/app/schema.h"

int pos_tms_params_load(sqlite3 *db, struct pos_tms_params *out, int *applied,
                        struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    struct ps_reason cause;
    json_t *j = NULL;
    int rc, step;

    memset(out, 0, sizeof(*out));
    *applied = 0;
    rc = pos_app_prepare(db, "SELECT params FROM app_tms_params WHERE id = 1", &st,
                         "TMS parameters", why);
    if (rc != 0)
        return rc;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        j = json_loads(pos_app_column_text(st, 0), JSON_REJECT_DUPLICATES, NULL);
        if (pos_tms_params_parse(j, out, &cause) != 0)
            rc = ps_fail(why, PS_EFORMAT, "stored TMS parameters: %s",
                         j == NULL ? "not JSON" : cause.text);
        else
            *applied = 1;
    } else if (step != SQLITE_DONE) {
        rc = ps_fail(why, PS_EIO, "TMS parameters: %s", sqlite3_errmsg(db));
    }
    json_decref(j);
    sqlite3_finalize(st);
    return rc;
}

int pos_tms_params_save(sqlite3 *db, const struct pos_tms_params *p, int64_t now,
                        struct ps_reason *why)
{
    json_t *j = pos_tms_params_json(p);
    char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;
    sqlite3_stmt *st = NULL;
    int rc;

    json_decref(j);
    if (text == NULL)
        return ps_fail(why, PS_ENOMEM, "TMS parameters: out of memory");
    rc = pos_app_prepare(db,
                         "INSERT OR REPLACE INTO app_tms_params (id, version, params, applied_at)"
                         " VALUES (1, ?, ?, ?)",
                         &st, "TMS parameters", why);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, p->version);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
        rc = pos_app_step_done(db, st, "TMS parameters", why);
    }
    sqlite3_finalize(st);
    free(text);
    return rc;
}

int pos_tms_package_save(sqlite3 *db, const struct pos_pkg_offer *o, const char *path,
                         int64_t now, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db,
                             "INSERT OR REPLACE INTO app_package (version, sha256, size, path,"
                             " installed_at) VALUES (?, ?, ?, ?, ?)",
                             &st, "packages", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, o->version, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, o->sha256, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, (sqlite3_int64)o->size);
        sqlite3_bind_text(st, 4, path, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 5, now);
        rc = pos_app_step_done(db, st, "packages", why);
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_tms_app_version(sqlite3 *db, char *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "SELECT version FROM app_package", &st, "packages", why), step;

    snprintf(out, POS_PKG_VERSION_MAX + 1, "%s", POS_APP_VERSION);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = pos_app_column_text(st, 0);
        /* by version, not by time: "1.10.0" is newer than "1.9.0" */
        if (pos_pkg_version_check(v, NULL) == 0 && pos_pkg_version_cmp(v, out) > 0)
            snprintf(out, POS_PKG_VERSION_MAX + 1, "%s", v);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = ps_fail(why, PS_EIO, "packages: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return rc;
}

int pos_tms_report_put(sqlite3 *db, const struct pos_tms_report *r, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db,
                             "INSERT OR REPLACE INTO app_update_report (id, version, state, reason)"
                             " VALUES (1, ?, ?, ?)",
                             &st, "update report", why);
    if (rc == 0) {
        sqlite3_bind_text(st, 1, r->version, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r->state, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, r->reason, -1, SQLITE_STATIC);
        rc = pos_app_step_done(db, st, "update report", why);
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_tms_report_get(sqlite3 *db, struct pos_tms_report *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "SELECT version, state, reason FROM app_update_report", &st,
                             "update report", why),
        step;

    memset(out, 0, sizeof(*out));
    if (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        snprintf(out->version, sizeof(out->version), "%s", pos_app_column_text(st, 0));
        snprintf(out->state, sizeof(out->state), "%s", pos_app_column_text(st, 1));
        snprintf(out->reason, sizeof(out->reason), "%s", pos_app_column_text(st, 2));
    } else if (rc == 0 && step != SQLITE_DONE) {
        rc = ps_fail(why, PS_EIO, "update report: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_tms_report_clear(sqlite3 *db, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db, "DELETE FROM app_update_report", &st, "update report", why);
    if (rc == 0)
        rc = pos_app_step_done(db, st, "update report", why);
    sqlite3_finalize(st);
    return rc;
}

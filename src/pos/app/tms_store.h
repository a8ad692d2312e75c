/* tms_store.h — what the TMS (the back office's terminal management, heartbeat.h in
 * pos/backoffice) left in the terminal database: the parameter set applied last, the app
 * packages installed, and how the last update went until a heartbeat has told the back
 * office. Tables app_tms_params, app_package, app_update_report (schema.h). */
#ifndef POSSUM_POS_APP_TMS_STORE_H
#define POSSUM_POS_APP_TMS_STORE_H

#include <stdint.h>

#include <sqlite3.h>

#include "core/error.h"
#include "pos/backoffice/package.h"
#include "pos/backoffice/tms_params.h"

/* The built-in version, reported until a package is installed. */
#define POS_APP_VERSION "0.1.0"

/* The set applied last into *out (OUT); *applied 0 (and out zeroed) when none. A stored
 * set that no longer passes the checks is PS_EFORMAT (edited by hand). PS_EIO. */
int pos_tms_params_load(sqlite3 *db, struct pos_tms_params *out, int *applied /* OUT */,
                        struct ps_reason *why);

/* Stores p (checked) at now, replacing the set applied before. */
int pos_tms_params_save(sqlite3 *db, const struct pos_tms_params *p, int64_t now,
                        struct ps_reason *why);

/* Records package o installed at path at now. */
int pos_tms_package_save(sqlite3 *db, const struct pos_pkg_offer *o, const char *path,
                         int64_t now, struct ps_reason *why);

/* The newest installed package's version into out (OUT, POS_PKG_VERSION_MAX + 1 bytes),
 * else POS_APP_VERSION. */
int pos_tms_app_version(sqlite3 *db, char *out, struct ps_reason *why);

/* How the last update went, to tell the back office. */
struct pos_tms_report {
    char version[POS_PKG_VERSION_MAX + 1]; /* "" : nothing to tell */
    char state[12];                        /* "installed" or "failed" */
    char reason[201];
};

int pos_tms_report_put(sqlite3 *db, const struct pos_tms_report *r, struct ps_reason *why);
int pos_tms_report_get(sqlite3 *db, struct pos_tms_report *out /* OUT */, struct ps_reason *why);
/* Forgets the report once the back office has it. */
int pos_tms_report_clear(sqlite3 *db, struct ps_reason *why);

#endif

/* schema.h — the application's own tables in the terminal database (room "app").
 *
 *   app_terminal  one row: who the terminal is, its host, STAN, session with the host,
 *                 batch number, the reversal it owes, the next receipt number
 *   app_batch     the batch's approved card transactions (hostlink/batch.h); the card
 *                 number only sealed under the device key, beside its masked form
 *   app_secret    the master key and the working keys, sealed (keystore.h)
 *   app_params    what the last parameter download said (params.h)
 *   app_outbox    messages that must reach the host, in order (outbox.h)
 *   app_setting   the terminal's settings (settings.h)
 *   app_tms_params    the TMS parameter set applied last (tms_store.h)
 *   app_package       app packages installed from the back office (tms_store.h)
 *   app_update_report how the last update went, until a heartbeat told the back office
 *
 * The other rooms (catalog, operators, journal) bring their own tables. */
#ifndef POSSUM_POS_APP_SCHEMA_H
#define POSSUM_POS_APP_SCHEMA_H

#include <sqlite3.h>

#include "core/error.h"

/* Creates or upgrades the tables above (pos_db_migrate, room "app"). */
int pos_app_schema_migrate(sqlite3 *db, struct ps_reason *why);

/* sqlite3_prepare_v2 with a failure as PS_EIO ("what: message"). */
int pos_app_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st /* OUT */, const char *what,
                    struct ps_reason *why);

/* Steps st once expecting SQLITE_DONE; PS_EIO ("what: message") otherwise. Does not
 * finalize st. */
int pos_app_step_done(sqlite3 *db, sqlite3_stmt *st, const char *what, struct ps_reason *why);

/* A text column as a C string, "" for NULL. Valid until the next step of st. */
const char *pos_app_column_text(sqlite3_stmt *st, int col);

#endif

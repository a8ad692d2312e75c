/* db.h — the terminal's local database: one SQLite file that every room of possum-pos
 * (catalog, operators, journal, ...) keeps its own tables in.
 *
 * Each room owns its tables and brings them up to date with pos_db_migrate, so rooms
 * never reach into each other's schema. The file runs in WAL mode with
 * synchronous=FULL: a sale the cashier saw completed survives a power cut.
 */
#ifndef POSSUM_POS_DB_DB_H
#define POSSUM_POS_DB_DB_H

#include <stddef.h>
#include <sqlite3.h>

#include "core/error.h"

/* Opens (creating when missing) the database at path ("" or ":memory:" for one in
 * memory) and sets *out; the caller closes it with pos_db_close. PS_EIO on failure,
 * with the path and SQLite's message in why. */
int pos_db_open(const char *path, sqlite3 **out, struct ps_reason *why);

/* Closes db (NULL is allowed). */
void pos_db_close(sqlite3 *db);

/* Brings room's tables to version n: steps[i] is the SQL that takes them from version
 * i to i+1. Each step runs in its own transaction together with the record of the new
 * version, so a failed step leaves the room at the version before it. A database newer
 * than the program (a version above n) is refused with PS_EUNDEFINED. */
int pos_db_migrate(sqlite3 *db, const char *room, const char *const *steps, size_t n,
                   struct ps_reason *why);

/* The version room's tables are at (0: never migrated), or a negative PS_E* code. */
int pos_db_version(sqlite3 *db, const char *room, struct ps_reason *why);

/* Runs sql (one or more statements, no result rows). PS_EIO with SQLite's message. */
int pos_db_exec(sqlite3 *db, const char *sql, struct ps_reason *why);

/* Fails with PS_EIO and "what: <SQLite's message for db>" in why. */
int pos_db_fail(sqlite3 *db, const char *what, struct ps_reason *why);

#endif

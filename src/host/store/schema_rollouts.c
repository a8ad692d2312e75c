/* The TMS's app packages and rollouts and their statements: a package per version, a
 * rollout sending one to a group of terminals, and each terminal's progress in it. A
 * file of its own like the other back-office schemas; the statement table in schema.c
 * points here. docs/store.md describes the tables.
 *
 * Named after what it holds, not its version number: migrations are ordered by their
 * place in store__migrations (schema.c), and this one may move when branches meet. */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v13[] =
    "CREATE TABLE app_packages ("
    " id {ID},"
    " version TEXT NOT NULL,"
    " sha256 TEXT NOT NULL,"
    " size BIGINT NOT NULL,"
    " file_name TEXT NOT NULL,"
    " uploaded_by BIGINT NOT NULL,"
    " uploader TEXT NOT NULL,"
    " created_us BIGINT NOT NULL);"
    /* a version names one package: uploading it twice is refused here, on every host */
    "CREATE UNIQUE INDEX app_packages_version ON app_packages (version);"

    "CREATE TABLE rollouts ("
    " id {ID},"
    " version TEXT NOT NULL,"
    " group_name TEXT NOT NULL,"
    " allow_downgrade INTEGER NOT NULL,"
    " note TEXT NOT NULL,"
    " created_by BIGINT NOT NULL,"
    " creator TEXT NOT NULL,"
    " created_us BIGINT NOT NULL);"
    /* a terminal's report names a version: its rollouts of that version */
    "CREATE INDEX rollouts_version ON rollouts (version, id);"

    "CREATE TABLE rollout_targets ("
    " id {ID},"
    " rollout_id BIGINT NOT NULL,"
    " stock_id BIGINT NOT NULL,"
    " state TEXT NOT NULL,"
    " reason TEXT NOT NULL,"
    " from_version TEXT NOT NULL,"
    " updated_us BIGINT NOT NULL);"
    /* a terminal is in a rollout once; a rollout's terminals are listed and counted on it */
    "CREATE UNIQUE INDEX rollout_targets_key ON rollout_targets (rollout_id, stock_id);"
    /* a terminal's targets, which its heartbeat reads: a handful per terminal over its
     * life, so the live ones are found among them without an index of their own */
    "CREATE INDEX rollout_targets_stock ON rollout_targets (stock_id, rollout_id);";

static const struct store__column package_cols[] = {
    COLUMN(package_row, id, STORE__COL_I64),
    COLUMN(package_row, version, STORE__COL_TEXT),
    COLUMN(package_row, sha256, STORE__COL_TEXT),
    COLUMN(package_row, size, STORE__COL_I64),
    COLUMN(package_row, file_name, STORE__COL_TEXT),
    COLUMN(package_row, uploaded_by, STORE__COL_I64),
    COLUMN(package_row, uploader, STORE__COL_TEXT),
    COLUMN(package_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__package_map = MAP("app_packages", package_row, package_cols);

static const struct store__column rollout_cols[] = {
    COLUMN(rollout_row, id, STORE__COL_I64),
    COLUMN(rollout_row, version, STORE__COL_TEXT),
    COLUMN(rollout_row, group_name, STORE__COL_TEXT),
    COLUMN(rollout_row, allow_downgrade, STORE__COL_INT),
    COLUMN(rollout_row, note, STORE__COL_TEXT),
    COLUMN(rollout_row, created_by, STORE__COL_I64),
    COLUMN(rollout_row, creator, STORE__COL_TEXT),
    COLUMN(rollout_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__rollout_map = MAP("rollouts", rollout_row, rollout_cols);

static const struct store__column rollout_target_cols[] = {
    COLUMN(rollout_target_row, id, STORE__COL_I64),
    COLUMN(rollout_target_row, rollout_id, STORE__COL_I64),
    COLUMN(rollout_target_row, stock_id, STORE__COL_I64),
    COLUMN(rollout_target_row, state, STORE__COL_TEXT),
    COLUMN(rollout_target_row, reason, STORE__COL_TEXT),
    COLUMN(rollout_target_row, from_version, STORE__COL_TEXT),
    COLUMN(rollout_target_row, updated_us, STORE__COL_I64),
};
const struct store__row_map store__rollout_target_map =
    MAP("rollout_targets", rollout_target_row, rollout_target_cols);

#define PACKAGE_COLUMNS "id, version, sha256, size, file_name, uploaded_by, uploader, created_us"
#define ROLLOUT_COLUMNS                                                                            \
    "id, version, group_name, allow_downgrade, note, created_by, creator, created_us"
#define TARGET_COLUMNS "id, rollout_id, stock_id, state, reason, from_version, updated_us"
/* A terminal's targets newest rollout first: by when the rollout started, then by id
 * (ids come from each host's own range, so they do not say which host started first). */
#define NEWEST_FIRST                                                                               \
    " ORDER BY (SELECT created_us FROM rollouts WHERE rollouts.id = rollout_targets.rollout_id)"   \
    " DESC, rollout_id DESC"
/* A terminal's targets, in the rollouts of one version unless that parameter is ''. */
#define OF_STOCK_AND_VERSION                                                                       \
    " WHERE stock_id = ? AND (? = '' OR rollout_id IN (SELECT id FROM rollouts"                    \
    " WHERE version = ?))"

/* Plain inserts: packages, rollouts and targets are never replaced (a second put of an
 * id, of a version, or of a terminal in a rollout is refused by the database). */
const char store__sql_package_put[] =
    "INSERT INTO app_packages (" PACKAGE_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const char store__sql_rollout_put[] =
    "INSERT INTO rollouts (" ROLLOUT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const char store__sql_rollout_target_put[] =
    "INSERT INTO rollout_targets (" TARGET_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)";
/* A guarded change: matches one row only while the target is as it was read. */
const char store__sql_rollout_target_change[] =
    "UPDATE rollout_targets SET state = ?, reason = ?, updated_us = ?"
    " WHERE id = ? AND state = ? AND updated_us = ?";

const char store__sql_package_by_version[] =
    "SELECT " PACKAGE_COLUMNS " FROM app_packages WHERE version = ?";
const char store__sql_each_package[] =
    "SELECT " PACKAGE_COLUMNS " FROM app_packages WHERE id > ? ORDER BY id LIMIT ?";
const char store__sql_rollout_by_id[] = "SELECT " ROLLOUT_COLUMNS " FROM rollouts WHERE id = ?";
const char store__sql_each_rollout[] =
    "SELECT " ROLLOUT_COLUMNS " FROM rollouts WHERE id > ? ORDER BY id LIMIT ?";
const char store__sql_rollout_target_by_key[] =
    "SELECT " TARGET_COLUMNS " FROM rollout_targets WHERE rollout_id = ? AND stock_id = ?";
/* A page of a rollout's terminals by stock id, on rollout_targets_key. */
const char store__sql_each_rollout_target[] =
    "SELECT " TARGET_COLUMNS " FROM rollout_targets WHERE rollout_id = ? AND stock_id > ?"
    " ORDER BY stock_id LIMIT ?";
const char store__sql_count_rollout_targets[] =
    "SELECT COUNT(*) AS n FROM rollout_targets WHERE rollout_id = ? AND state = ?";
const char store__sql_newest_stock_target[] =
    "SELECT " TARGET_COLUMNS " FROM rollout_targets" OF_STOCK_AND_VERSION NEWEST_FIRST " LIMIT 1";
const char store__sql_each_stock_target[] =
    "SELECT " TARGET_COLUMNS " FROM rollout_targets" OF_STOCK_AND_VERSION NEWEST_FIRST;

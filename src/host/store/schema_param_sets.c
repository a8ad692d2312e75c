/* The TMS's terminal parameter sets (schema version 12) and their statements. A set is
 * inserted once and never updated: an edit is a new row with the next version, so the
 * set a terminal reported running is always on record. docs/store.md describes it. */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v12[] =
    "CREATE TABLE param_sets ("
    " id {ID},"
    " version BIGINT NOT NULL,"
    " scope TEXT NOT NULL,"
    " target TEXT NOT NULL,"
    " receipt_header TEXT NOT NULL,"
    " kinds BIGINT NOT NULL,"
    " per_txn_limit_fen BIGINT NOT NULL,"
    " daily_limit_fen BIGINT NOT NULL,"
    " hosts TEXT NOT NULL,"
    " connect_timeout_s INTEGER NOT NULL,"
    " response_timeout_s INTEGER NOT NULL,"
    " created_by BIGINT NOT NULL,"
    " created_us BIGINT NOT NULL);"
    /* one version, one set, store-wide: two hosts saving at once cannot share one */
    "CREATE UNIQUE INDEX param_sets_version ON param_sets (version);"
    /* the newest set of one scope and target: how a terminal's set is found */
    "CREATE INDEX param_sets_target ON param_sets (scope, target, version);";

static const struct store__column param_set_cols[] = {
    COLUMN(param_set_row, id, STORE__COL_I64),
    COLUMN(param_set_row, version, STORE__COL_U32),
    COLUMN(param_set_row, scope, STORE__COL_TEXT),
    COLUMN(param_set_row, target, STORE__COL_TEXT),
    COLUMN(param_set_row, receipt_header, STORE__COL_TEXT),
    COLUMN(param_set_row, kinds, STORE__COL_U32),
    COLUMN(param_set_row, per_txn_limit_fen, STORE__COL_I64),
    COLUMN(param_set_row, daily_limit_fen, STORE__COL_I64),
    COLUMN(param_set_row, hosts, STORE__COL_TEXT),
    COLUMN(param_set_row, connect_timeout_s, STORE__COL_INT),
    COLUMN(param_set_row, response_timeout_s, STORE__COL_INT),
    COLUMN(param_set_row, created_by, STORE__COL_I64),
    COLUMN(param_set_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__param_set_map =
    MAP("param_sets", param_set_row, param_set_cols);

#define PARAM_SET_COLUMNS                                                                          \
    "id, version, scope, target, receipt_header, kinds, per_txn_limit_fen, daily_limit_fen,"      \
    " hosts, connect_timeout_s, response_timeout_s, created_by, created_us"

const char store__sql_param_set_put[] = "INSERT INTO param_sets (" PARAM_SET_COLUMNS ")"
                                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const char store__sql_newest_param_set[] =
    "SELECT " PARAM_SET_COLUMNS " FROM param_sets WHERE scope = ? AND target = ?"
    " ORDER BY version DESC LIMIT 1";
const char store__sql_each_param_set[] =
    "SELECT " PARAM_SET_COLUMNS " FROM param_sets WHERE id > ? ORDER BY id LIMIT ?";
/* the next version is this + 1; the unique index refuses a second taker */
const char store__sql_max_param_version[] =
    "SELECT COALESCE(MAX(version), 0) AS n FROM param_sets";

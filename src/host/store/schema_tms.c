/* The back office's terminal stock (schema versions 6 and 9) and its statements, beside the
 * host's own terminals table: a stock row is the device (serial, model, state, its
 * one-time activation code's hash); the host's row, made at assignment, is what the
 * engine serves (TID, merchant, master key, session). */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v6[] =
    "CREATE TABLE terminal_stock ("
    " id {ID},"
    " serial TEXT NOT NULL,"
    " model TEXT NOT NULL,"
    " vendor TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " merchant_id BIGINT NOT NULL,"
    " terminal_id BIGINT NOT NULL,"
    " tid TEXT NOT NULL,"
    " code_hash TEXT NOT NULL,"
    " code_issued_us BIGINT NOT NULL,"
    " code_expires_us BIGINT NOT NULL,"
    " code_max_tries INTEGER NOT NULL,"
    " code_wrong_tries INTEGER NOT NULL,"
    " code_used INTEGER NOT NULL,"
    " installed_date TEXT NOT NULL,"
    " last_reason TEXT NOT NULL,"
    " created_us BIGINT NOT NULL,"
    " updated_us BIGINT NOT NULL);"
    "CREATE UNIQUE INDEX terminal_stock_serial ON terminal_stock (serial);";

/* Version 9: what each terminal's heartbeat last said, and the ticket its silence
 * opened, so the offline sweep opens one ticket per silence and not one per sweep. */
const char store__schema_v9[] =
    "ALTER TABLE terminal_stock ADD COLUMN last_seen_us BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE terminal_stock ADD COLUMN app_version TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE terminal_stock ADD COLUMN params_version BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE terminal_stock ADD COLUMN printer_state TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE terminal_stock ADD COLUMN last_txn_us BIGINT NOT NULL DEFAULT 0;"
    "ALTER TABLE terminal_stock ADD COLUMN offline_ticket_id BIGINT NOT NULL DEFAULT 0;";

/* Version 11: terminal groups, so a parameter set or a rollout can name many at once. */
const char store__schema_v11[] =
    "ALTER TABLE terminal_stock ADD COLUMN group_name TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX terminal_stock_group ON terminal_stock (group_name, id);";

static const struct store__column stock_cols[] = {
    COLUMN(stock_row, id, STORE__COL_I64),
    COLUMN(stock_row, serial, STORE__COL_TEXT),
    COLUMN(stock_row, model, STORE__COL_TEXT),
    COLUMN(stock_row, vendor, STORE__COL_TEXT),
    COLUMN(stock_row, state, STORE__COL_TEXT),
    COLUMN(stock_row, merchant_id, STORE__COL_I64),
    COLUMN(stock_row, terminal_id, STORE__COL_I64),
    COLUMN(stock_row, tid, STORE__COL_TEXT),
    COLUMN(stock_row, code_hash, STORE__COL_TEXT),
    COLUMN(stock_row, code_issued_us, STORE__COL_I64),
    COLUMN(stock_row, code_expires_us, STORE__COL_I64),
    COLUMN(stock_row, code_max_tries, STORE__COL_INT),
    COLUMN(stock_row, code_wrong_tries, STORE__COL_INT),
    COLUMN(stock_row, code_used, STORE__COL_INT),
    COLUMN(stock_row, installed_date, STORE__COL_TEXT),
    COLUMN(stock_row, last_reason, STORE__COL_TEXT),
    COLUMN(stock_row, created_us, STORE__COL_I64),
    COLUMN(stock_row, updated_us, STORE__COL_I64),
    COLUMN(stock_row, last_seen_us, STORE__COL_I64),
    COLUMN(stock_row, app_version, STORE__COL_TEXT),
    COLUMN(stock_row, params_version, STORE__COL_U32),
    COLUMN(stock_row, printer_state, STORE__COL_TEXT),
    COLUMN(stock_row, last_txn_us, STORE__COL_I64),
    COLUMN(stock_row, offline_ticket_id, STORE__COL_I64),
    COLUMN(stock_row, group_name, STORE__COL_TEXT),
};
const struct store__row_map store__stock_map = MAP("terminal_stock", stock_row, stock_cols);

static const struct store__column tid_cols[] = {
    COLUMN(store__tid, tid, STORE__COL_TEXT),
};
const struct store__row_map store__tid_map = MAP("terminals", store__tid, tid_cols);

#define STOCK_COLUMNS                                                                              \
    "id, serial, model, vendor, state, merchant_id, terminal_id, tid, code_hash, "                 \
    "code_issued_us, code_expires_us, code_max_tries, code_wrong_tries, code_used, "               \
    "installed_date, last_reason, created_us, updated_us, last_seen_us, app_version, "            \
    "params_version, printer_state, last_txn_us, offline_ticket_id, group_name"

const char store__sql_stock_put[] =
    "INSERT INTO terminal_stock (" STOCK_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET serial = excluded.serial, model = excluded.model,"
    " vendor = excluded.vendor, state = excluded.state, merchant_id = excluded.merchant_id,"
    " terminal_id = excluded.terminal_id, tid = excluded.tid, code_hash = excluded.code_hash,"
    " code_issued_us = excluded.code_issued_us, code_expires_us = excluded.code_expires_us,"
    " code_max_tries = excluded.code_max_tries, code_wrong_tries = excluded.code_wrong_tries,"
    " code_used = excluded.code_used, installed_date = excluded.installed_date,"
    " last_reason = excluded.last_reason, updated_us = excluded.updated_us,"
    " last_seen_us = excluded.last_seen_us, app_version = excluded.app_version,"
    " params_version = excluded.params_version, printer_state = excluded.printer_state,"
    " last_txn_us = excluded.last_txn_us, offline_ticket_id = excluded.offline_ticket_id,"
    " group_name = excluded.group_name";
/* guarded: one row changes only when it is still in the state the decision saw */
const char store__sql_terminal_status[] =
    "UPDATE terminals SET status = ?, updated_us = ? WHERE id = ? AND status = ?";
const char store__sql_stock_by_id[] = "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE id = ?";
const char store__sql_stock_by_serial[] =
    "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE serial = ?";
const char store__sql_each_stock[] =
    "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE id > ? ORDER BY id LIMIT ?";
const char store__sql_each_stock_in_group[] = "SELECT " STOCK_COLUMNS " FROM terminal_stock"
                                              " WHERE group_name = ? AND id > ? ORDER BY id LIMIT ?";
/* the stock terminal behind a host's terminals row (a heartbeat names its TID) */
const char store__sql_stock_by_terminal[] =
    "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE terminal_id = ? ORDER BY id LIMIT 1";
/* the offline sweep's candidates: active, heard from once, silent since before the
 * cut-off, no ticket open for this silence yet */
const char store__sql_each_silent_stock[] =
    "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE state = 'active' AND last_seen_us > 0"
    " AND last_seen_us < ? AND offline_ticket_id = 0 AND id > ? ORDER BY id LIMIT ?";
/* every TID the host has, in order: the allocation takes the lowest gap */
const char store__sql_each_tid[] = "SELECT tid FROM terminals ORDER BY tid";

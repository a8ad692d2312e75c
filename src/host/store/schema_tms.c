/* The back office's terminal stock (schema version 5) and its statements, beside the
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
};
const struct store__row_map store__stock_map = MAP("terminal_stock", stock_row, stock_cols);

static const struct store__column tid_cols[] = {
    COLUMN(store__tid, tid, STORE__COL_TEXT),
};
const struct store__row_map store__tid_map = MAP("terminals", store__tid, tid_cols);

#define STOCK_COLUMNS                                                                              \
    "id, serial, model, vendor, state, merchant_id, terminal_id, tid, code_hash, "                 \
    "code_issued_us, code_expires_us, code_max_tries, code_wrong_tries, code_used, "               \
    "installed_date, last_reason, created_us, updated_us"

const char store__sql_stock_put[] =
    "INSERT INTO terminal_stock (" STOCK_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET serial = excluded.serial, model = excluded.model,"
    " vendor = excluded.vendor, state = excluded.state, merchant_id = excluded.merchant_id,"
    " terminal_id = excluded.terminal_id, tid = excluded.tid, code_hash = excluded.code_hash,"
    " code_issued_us = excluded.code_issued_us, code_expires_us = excluded.code_expires_us,"
    " code_max_tries = excluded.code_max_tries, code_wrong_tries = excluded.code_wrong_tries,"
    " code_used = excluded.code_used, installed_date = excluded.installed_date,"
    " last_reason = excluded.last_reason, updated_us = excluded.updated_us";
/* guarded: one row changes only when it is still in the state the decision saw */
const char store__sql_terminal_status[] =
    "UPDATE terminals SET status = ?, updated_us = ? WHERE id = ? AND status = ?";
const char store__sql_stock_by_id[] = "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE id = ?";
const char store__sql_stock_by_serial[] =
    "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE serial = ?";
const char store__sql_each_stock[] =
    "SELECT " STOCK_COLUMNS " FROM terminal_stock WHERE id > ? ORDER BY id LIMIT ?";
/* every TID the host has, in order: the allocation takes the lowest gap */
const char store__sql_each_tid[] = "SELECT tid FROM terminals ORDER BY tid";

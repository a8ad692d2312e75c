#include "pos/app/schema.h"

#include "pos/db/db.h"

static const char *const schema[] = {
    "CREATE TABLE app_terminal ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  tid TEXT NOT NULL, mid TEXT NOT NULL,"
    "  host TEXT NOT NULL, port TEXT NOT NULL,"
    "  tls INTEGER NOT NULL, ca_file TEXT NOT NULL, insecure INTEGER NOT NULL,"
    "  tmk_kcv TEXT NOT NULL,"
    "  activated_at INTEGER NOT NULL,"
    "  next_stan INTEGER NOT NULL,"
    "  signed_in_date TEXT NOT NULL,"
    "  batch INTEGER NOT NULL, settled INTEGER NOT NULL,"
    "  reversal_pending INTEGER NOT NULL,"
    "  reversal TEXT NOT NULL,"        /* JSON of the message; its PAN sealed */
    "  reversal_seq INTEGER NOT NULL," /* the journal record of what it reverses */
    "  next_receipt INTEGER NOT NULL);"
    "CREATE TABLE app_batch ("
    "  idx INTEGER PRIMARY KEY,"
    "  batch INTEGER NOT NULL, kind TEXT NOT NULL, stan INTEGER NOT NULL,"
    "  amount INTEGER NOT NULL,"
    "  pan_masked TEXT NOT NULL, card_sealed BLOB NOT NULL,"
    "  entry_mode TEXT NOT NULL, orig_rrn TEXT NOT NULL, orig_auth TEXT NOT NULL,"
    "  has_original INTEGER NOT NULL, orig_batch INTEGER NOT NULL,"
    "  orig_stan INTEGER NOT NULL, orig_date TEXT NOT NULL,"
    "  status TEXT NOT NULL, refunded INTEGER NOT NULL,"
    "  rrn TEXT NOT NULL, auth_code TEXT NOT NULL, date TEXT NOT NULL);"
    "CREATE TABLE app_secret (name TEXT PRIMARY KEY, sealed BLOB NOT NULL);"
    "CREATE TABLE app_params ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  merchant_name TEXT NOT NULL, allowed INTEGER NOT NULL,"
    "  max_amount INTEGER NOT NULL, max_refund INTEGER NOT NULL,"
    "  batch_max INTEGER NOT NULL, host_time TEXT NOT NULL,"
    "  downloaded_at INTEGER NOT NULL);"
    "CREATE TABLE app_outbox ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  key TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, payload TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'done', 'failed')),"
    "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
    "  done_at INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE app_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    /* 2: the TMS (tms_store.h) */
    "CREATE TABLE app_tms_params ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  version INTEGER NOT NULL, params TEXT NOT NULL, applied_at INTEGER NOT NULL);"
    "CREATE TABLE app_package ("
    "  version TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL,"
    "  path TEXT NOT NULL, installed_at INTEGER NOT NULL);"
    "CREATE TABLE app_update_report ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  version TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('installed', 'failed')),"
    "  reason TEXT NOT NULL);",
};

int pos_app_schema_migrate(sqlite3 *db, struct ps_reason *why)
{
    return pos_db_migrate(db, "app", schema, PS_ARRAY_LEN(schema), why);
}

int pos_app_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, const char *what,
                    struct ps_reason *why)
{
    *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK)
        return pos_db_fail(db, what, why);
    return PS_OK;
}

int pos_app_step_done(sqlite3 *db, sqlite3_stmt *st, const char *what, struct ps_reason *why)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        return pos_db_fail(db, what, why);
    return PS_OK;
}

const char *pos_app_column_text(sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    return t != NULL ? (const char *)t : "";
}

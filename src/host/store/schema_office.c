/* The back office's tables (schema version 4) and their statements: users, their login
 * sessions, and the audit log. Apart from schema.c, which holds the host's, so each
 * file stays about one thing; the statement table in schema.c points here. */
#include "host/store/schema.h"

#include <stddef.h>

#include "host/store/rows.h"

const char store__schema_v4[] =
    "CREATE TABLE users ("
    " id {ID},"
    " username TEXT NOT NULL,"
    " display_name TEXT NOT NULL,"
    " role TEXT NOT NULL,"
    " merchant_id BIGINT NOT NULL,"
    " agent_id BIGINT NOT NULL,"
    " password_hash TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " failed_logins INTEGER NOT NULL,"
    " locked_until_us BIGINT NOT NULL,"
    " password_changed_us BIGINT NOT NULL,"
    " created_us BIGINT NOT NULL,"
    " updated_us BIGINT NOT NULL);"
    "CREATE UNIQUE INDEX users_username ON users (username);"

    "CREATE TABLE auth_sessions ("
    " id {ID},"
    " token_hash TEXT NOT NULL,"
    " user_id BIGINT NOT NULL,"
    " csrf TEXT NOT NULL,"
    " created_us BIGINT NOT NULL,"
    " expires_us BIGINT NOT NULL,"
    " revoked INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX auth_sessions_token ON auth_sessions (token_hash);"

    "CREATE TABLE audit ("
    " id {ID},"
    " at_us BIGINT NOT NULL,"
    " user_id BIGINT NOT NULL,"
    " username TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " object_type TEXT NOT NULL,"
    " object_id TEXT NOT NULL,"
    " before_json TEXT NOT NULL,"
    " after_json TEXT NOT NULL,"
    " remote TEXT NOT NULL);"
    /* the log is read newest first, filtered by object: its id is the order */
    "CREATE INDEX audit_object ON audit (object_type, object_id, id);";

static const struct store__column user_cols[] = {
    COLUMN(user_row, id, STORE__COL_I64),
    COLUMN(user_row, username, STORE__COL_TEXT),
    COLUMN(user_row, display_name, STORE__COL_TEXT),
    COLUMN(user_row, role, STORE__COL_TEXT),
    COLUMN(user_row, merchant_id, STORE__COL_I64),
    COLUMN(user_row, agent_id, STORE__COL_I64),
    COLUMN(user_row, password_hash, STORE__COL_TEXT),
    COLUMN(user_row, status, STORE__COL_TEXT),
    COLUMN(user_row, failed_logins, STORE__COL_INT),
    COLUMN(user_row, locked_until_us, STORE__COL_I64),
    COLUMN(user_row, password_changed_us, STORE__COL_I64),
    COLUMN(user_row, created_us, STORE__COL_I64),
    COLUMN(user_row, updated_us, STORE__COL_I64),
};
const struct store__row_map store__user_map = MAP("users", user_row, user_cols);

static const struct store__column auth_session_cols[] = {
    COLUMN(auth_session_row, id, STORE__COL_I64),
    COLUMN(auth_session_row, token_hash, STORE__COL_TEXT),
    COLUMN(auth_session_row, user_id, STORE__COL_I64),
    COLUMN(auth_session_row, csrf, STORE__COL_TEXT),
    COLUMN(auth_session_row, created_us, STORE__COL_I64),
    COLUMN(auth_session_row, expires_us, STORE__COL_I64),
    COLUMN(auth_session_row, revoked, STORE__COL_INT),
};
const struct store__row_map store__auth_session_map =
    MAP("auth_sessions", auth_session_row, auth_session_cols);

static const struct store__column audit_cols[] = {
    COLUMN(audit_row, id, STORE__COL_I64),
    COLUMN(audit_row, at_us, STORE__COL_I64),
    COLUMN(audit_row, user_id, STORE__COL_I64),
    COLUMN(audit_row, username, STORE__COL_TEXT),
    COLUMN(audit_row, action, STORE__COL_TEXT),
    COLUMN(audit_row, object_type, STORE__COL_TEXT),
    COLUMN(audit_row, object_id, STORE__COL_TEXT),
    COLUMN(audit_row, before_json, STORE__COL_TEXT),
    COLUMN(audit_row, after_json, STORE__COL_TEXT),
    COLUMN(audit_row, remote, STORE__COL_TEXT),
};
const struct store__row_map store__audit_map = MAP("audit", audit_row, audit_cols);

#define USER_COLUMNS                                                                               \
    "id, username, display_name, role, merchant_id, agent_id, password_hash, status, "             \
    "failed_logins, locked_until_us, password_changed_us, created_us, updated_us"
#define AUTH_SESSION_COLUMNS "id, token_hash, user_id, csrf, created_us, expires_us, revoked"
#define AUDIT_COLUMNS                                                                              \
    "id, at_us, user_id, username, action, object_type, object_id, before_json, after_json, "      \
    "remote"

const char store__sql_user_put[] =
    "INSERT INTO users (" USER_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET username = excluded.username,"
    " display_name = excluded.display_name, role = excluded.role,"
    " merchant_id = excluded.merchant_id, agent_id = excluded.agent_id,"
    " password_hash = excluded.password_hash, status = excluded.status,"
    " failed_logins = excluded.failed_logins, locked_until_us = excluded.locked_until_us,"
    " password_changed_us = excluded.password_changed_us, updated_us = excluded.updated_us";
const char store__sql_auth_session_put[] =
    "INSERT INTO auth_sessions (" AUTH_SESSION_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET revoked = excluded.revoked,"
    " expires_us = excluded.expires_us";
const char store__sql_audit_put[] =
    "INSERT INTO audit (" AUDIT_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

const char store__sql_user_by_name[] = "SELECT " USER_COLUMNS " FROM users WHERE username = ?";
const char store__sql_user_by_id[] = "SELECT " USER_COLUMNS " FROM users WHERE id = ?";
const char store__sql_each_user[] =
    "SELECT " USER_COLUMNS " FROM users WHERE id > ? ORDER BY id LIMIT ?";
const char store__sql_auth_session_by_token[] =
    "SELECT " AUTH_SESSION_COLUMNS " FROM auth_sessions WHERE token_hash = ?";
/* newest first, below an id (the previous page's last) */
const char store__sql_each_audit[] =
    "SELECT " AUDIT_COLUMNS " FROM audit WHERE id < ? ORDER BY id DESC LIMIT ?";
const char store__sql_max_office_id[] =
    "SELECT COALESCE(MAX(id), 0) AS max_id FROM ("
    "SELECT MAX(id) AS id FROM users WHERE id >= ? AND id < ?"
    " UNION ALL SELECT MAX(id) FROM auth_sessions WHERE id >= ? AND id < ?"
    " UNION ALL SELECT MAX(id) FROM audit WHERE id >= ? AND id < ?) AS ids";

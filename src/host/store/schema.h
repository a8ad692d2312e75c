/* schema.h — the store's SQL as data, shared by every backend: the migrations that
 * build the tables, the statements that read and write them, and the column maps that
 * say which struct field each column holds. Internal to store/ (docs/store.md
 * describes the tables).
 *
 * The SQL is the subset SQLite and PostgreSQL both accept. Placeholders are written
 * `?` (SQLite takes them as they are; PostgreSQL's $1, $2 ... are numbered in order),
 * and schema texts write the id column's type as {ID}, which each backend substitutes
 * (store__schema_render). */
#ifndef POSSUM_HOST_STORE_SCHEMA_H
#define POSSUM_HOST_STORE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/txn/kind.h"

/* ---- migrations ------------------------------------------------------------------- */

/* One schema version: migration i (0-based) brings the database to version i + 1.
 * Published migrations never change; a new schema is a new entry at the end. */
struct store__migration {
    const char *name; /* recorded in schema_migrations, for people */
    const char *sql;  /* one or more statements separated by ';' */
};

extern const struct store__migration store__migrations[];
extern const size_t store__migration_count;

/* The table that records applied migrations: created (when missing) before the
 * version is read; the version is the highest recorded (0 for a new database); each
 * migration's transaction records it with (version, name, applied_us). */
extern const char store__migrations_table_sql[];
extern const char store__schema_version_sql[];
extern const char store__migration_record_sql[];

/* Writes sql with every {ID} replaced by id_type into a new string (*out, which the
 * caller frees). Returns 0 or PS_ENOMEM. */
int store__schema_render(const char *sql, const char *id_type, char **out /* OUT */,
                         struct ps_reason *why);

/* ---- rows as columns -------------------------------------------------------------- */

enum store__col_type {
    STORE__COL_I64 = 1, /* int64_t as BIGINT */
    STORE__COL_U32,     /* uint32_t (or unsigned) as BIGINT */
    STORE__COL_INT,     /* int as INTEGER */
    STORE__COL_U64,     /* uint64_t as BIGINT, reinterpreted as two's complement */
    STORE__COL_TEXT,    /* char[size], NUL-terminated, as TEXT */
    STORE__COL_KIND     /* enum txn_kind as its name (TEXT) */
};

struct store__column {
    const char *name;
    enum store__col_type type;
    size_t offset; /* of the field in its struct */
    size_t size;   /* of the field; for text, the capacity including the NUL */
};

/* A column map's entries: COLUMN(struct, field, type) names the column after the field;
 * COLUMN_AS gives it another name; MAP(table, struct, columns) makes the map. */
#define COLUMN(row, field, type)                                                                   \
    {                                                                                              \
#field, type, offsetof(struct row, field), sizeof(((struct row *)0)->field)                \
    }
#define COLUMN_AS(name, row, field, type)                                                          \
    {                                                                                              \
        name, type, offsetof(struct row, field), sizeof(((struct row *)0)->field)                  \
    }
#define MAP(table, row, cols)                                                                      \
    {                                                                                              \
        table, sizeof(struct row), cols, PS_ARRAY_LEN(cols)                                        \
    }

/* The columns of one struct, in the order statements list them. */
struct store__row_map {
    const char *table; /* for messages */
    size_t row_size;   /* of the struct */
    const struct store__column *cols;
    size_t count;
};

extern const struct store__row_map store__merchant_map;
extern const struct store__row_map store__terminal_map;
extern const struct store__row_map store__card_map;
extern const struct store__row_map store__txn_map;
extern const struct store__row_map store__hold_map;
extern const struct store__row_map store__settlement_map;
extern const struct store__row_map store__upload_map;
/* the back office's (schema_office.c) */
extern const struct store__row_map store__user_map;
extern const struct store__row_map store__auth_session_map;
extern const struct store__row_map store__audit_map;
extern const char store__schema_v4[];
extern const char store__sql_user_put[], store__sql_auth_session_put[], store__sql_audit_put[];
extern const char store__sql_user_by_name[], store__sql_user_by_id[], store__sql_each_user[];
extern const char store__sql_auth_session_by_token[], store__sql_each_audit[];
extern const char store__sql_max_office_id[];
/* merchant onboarding's (schema_onboarding.c) */
extern const struct store__row_map store__application_map;
extern const struct store__row_map store__application_event_map;
extern const struct store__row_map store__document_map;
extern const char store__schema_v5[];
extern const char store__sql_application_put[], store__sql_application_guard[];
extern const char store__sql_application_event_put[], store__sql_document_put[];
extern const char store__sql_application_by_id[], store__sql_each_application[];
extern const char store__sql_each_overdue_application[], store__sql_each_application_event[];
extern const char store__sql_each_document[], store__sql_document_by_id[];
extern const char store__sql_merchant_by_id[], store__sql_max_mid[];
extern const char store__sql_max_merchant_id[];
struct store__max_mid {
    char mid[16]; /* ROW_MID_LEN + 1 */
};
extern const struct store__row_map store__max_mid_map;
/* the terminal stock's (schema_tms.c) */
extern const struct store__row_map store__stock_map;
extern const struct store__row_map store__tid_map;
extern const char store__schema_v6[], store__schema_v9[], store__schema_v11[];
extern const char store__sql_stock_put[], store__sql_terminal_status[];
extern const char store__sql_stock_by_id[], store__sql_stock_by_serial[], store__sql_each_stock[];
extern const char store__sql_stock_by_terminal[], store__sql_each_silent_stock[];
extern const char store__sql_each_stock_in_group[];
extern const char store__sql_each_tid[];
/* after-sales' (schema_tickets.c) */
extern const struct store__row_map store__ticket_map;
extern const struct store__row_map store__ticket_comment_map;
extern const char store__schema_v8[];
extern const char store__sql_ticket_put[], store__sql_ticket_guard[];
extern const char store__sql_ticket_comment_put[], store__sql_ticket_by_id[];
extern const char store__sql_each_ticket[], store__sql_each_overdue_ticket[];
extern const char store__sql_each_ticket_comment[], store__sql_count_ticket_numbers[];
/* training records' (schema_training.c) */
extern const struct store__row_map store__training_map;
extern const char store__schema_v10[];
extern const char store__sql_training_put[], store__sql_each_training[];
/* terminal parameter sets' (schema_param_sets.c) */
extern const struct store__row_map store__param_set_map;
extern const char store__schema_v12[];
extern const char store__sql_param_set_put[], store__sql_newest_param_set[];
extern const char store__sql_each_param_set[], store__sql_max_param_version[];
/* app packages' and rollouts' (schema_rollouts.c) */
extern const struct store__row_map store__package_map, store__rollout_map;
extern const struct store__row_map store__rollout_target_map;
extern const char store__schema_v13[];
extern const char store__sql_package_put[], store__sql_rollout_put[];
extern const char store__sql_rollout_target_put[], store__sql_rollout_target_change[];
extern const char store__sql_package_by_version[], store__sql_each_package[];
extern const char store__sql_rollout_by_id[], store__sql_each_rollout[];
extern const char store__sql_rollout_target_by_key[], store__sql_each_rollout_target[];
extern const char store__sql_count_rollout_targets[], store__sql_newest_stock_target[];
extern const char store__sql_each_stock_target[];

/* One line of the batch-totals query: a terminal's approved transactions of one kind
 * and one side (domestic or foreign) in its current batch. A terminal with none has
 * one line with txn_count 0. */
struct store__total_line {
    int64_t terminal_id;
    uint32_t batch;
    uint32_t max_stan; /* the highest STAN of any row in that batch, 0 when none */
    enum txn_kind kind;
    int domestic;
    int64_t amount_sum;
    int64_t txn_count;
};
extern const struct store__row_map store__total_line_map;

struct store__max_id {
    int64_t max_id;
};
extern const struct store__row_map store__max_id_map;

struct store__max_rrn {
    char rrn[13];
};
extern const struct store__row_map store__max_rrn_map;

struct store__count {
    int64_t n;
};
extern const struct store__row_map store__count_map;

struct store__tid {
    char tid[9]; /* ROW_TID_LEN + 1 */
};

struct store__token {
    char card_token[65]; /* ROW_TOKEN_HEX + 1 */
};
extern const struct store__row_map store__token_map;

/* ---- statements ------------------------------------------------------------------- */

enum store__stmt {
    /* writes, one per batch operation */
    STORE__SQL_MERCHANT_PUT,
    STORE__SQL_TERMINAL_PUT,
    STORE__SQL_CARD_PUT,
    STORE__SQL_TXN_INSERT,
    STORE__SQL_TXN_STATUS,
    STORE__SQL_TXN_REFUNDED,
    STORE__SQL_CARD_CHANGE,
    STORE__SQL_HOLD_PUT,
    STORE__SQL_HOLD_STATUS,
    STORE__SQL_TERMINAL_SESSION,
    STORE__SQL_SETTLEMENT_PUT,
    STORE__SQL_UPLOAD_PUT,
    STORE__SQL_USER_PUT,
    STORE__SQL_AUTH_SESSION_PUT,
    STORE__SQL_AUDIT_PUT,
    STORE__SQL_APPLICATION_PUT,
    STORE__SQL_APPLICATION_GUARD,
    STORE__SQL_APPLICATION_EVENT_PUT,
    STORE__SQL_DOCUMENT_PUT,
    STORE__SQL_STOCK_PUT,
    STORE__SQL_TERMINAL_STATUS,
    STORE__SQL_TICKET_PUT,
    STORE__SQL_TICKET_GUARD,
    STORE__SQL_TICKET_COMMENT_PUT,
    STORE__SQL_TRAINING_PUT,
    STORE__SQL_PARAM_SET_PUT,
    STORE__SQL_PACKAGE_PUT,
    STORE__SQL_ROLLOUT_PUT,
    STORE__SQL_ROLLOUT_TARGET_PUT,
    STORE__SQL_ROLLOUT_TARGET_CHANGE,
    /* reads */
    STORE__SQL_EACH_MERCHANT,
    STORE__SQL_EACH_TERMINAL,
    STORE__SQL_EACH_CARD,
    STORE__SQL_EACH_OPEN_HOLD,
    STORE__SQL_EACH_LIVE_HOLD,
    STORE__SQL_EACH_USED_PAYCODE,
    STORE__SQL_BATCH_TOTALS,
    STORE__SQL_BATCH_TOTAL_OF,
    STORE__SQL_TERMINAL_BY_TID,
    STORE__SQL_TERMINALS_CHANGED,
    STORE__SQL_MERCHANTS_CHANGED,
    STORE__SQL_CARD_BY_ID,
    STORE__SQL_TXN_BY_KEY,
    STORE__SQL_TXN_BY_RRN,
    STORE__SQL_PREAUTH,
    STORE__SQL_MAX_ID,
    STORE__SQL_MAX_RRN,
    STORE__SQL_COUNT_TXNS,
    STORE__SQL_MAX_STAN,
    STORE__SQL_USER_BY_NAME,
    STORE__SQL_USER_BY_ID,
    STORE__SQL_EACH_USER,
    STORE__SQL_AUTH_SESSION_BY_TOKEN,
    STORE__SQL_EACH_AUDIT,
    STORE__SQL_MAX_OFFICE_ID,
    STORE__SQL_APPLICATION_BY_ID,
    STORE__SQL_EACH_APPLICATION,
    STORE__SQL_EACH_OVERDUE_APPLICATION,
    STORE__SQL_EACH_APPLICATION_EVENT,
    STORE__SQL_EACH_DOCUMENT,
    STORE__SQL_DOCUMENT_BY_ID,
    STORE__SQL_MERCHANT_BY_ID,
    STORE__SQL_MAX_MID,
    STORE__SQL_MAX_MERCHANT_ID,
    STORE__SQL_STOCK_BY_ID,
    STORE__SQL_STOCK_BY_SERIAL,
    STORE__SQL_EACH_STOCK,
    STORE__SQL_EACH_STOCK_IN_GROUP,
    STORE__SQL_STOCK_BY_TERMINAL,
    STORE__SQL_EACH_SILENT_STOCK,
    STORE__SQL_EACH_TID,
    STORE__SQL_TICKET_BY_ID,
    STORE__SQL_EACH_TICKET,
    STORE__SQL_EACH_OVERDUE_TICKET,
    STORE__SQL_EACH_TICKET_COMMENT,
    STORE__SQL_COUNT_TICKET_NUMBERS,
    STORE__SQL_EACH_TRAINING,
    STORE__SQL_NEWEST_PARAM_SET,
    STORE__SQL_EACH_PARAM_SET,
    STORE__SQL_MAX_PARAM_VERSION,
    STORE__SQL_PACKAGE_BY_VERSION,
    STORE__SQL_EACH_PACKAGE,
    STORE__SQL_ROLLOUT_BY_ID,
    STORE__SQL_EACH_ROLLOUT,
    STORE__SQL_ROLLOUT_TARGET_BY_KEY,
    STORE__SQL_EACH_ROLLOUT_TARGET,
    STORE__SQL_COUNT_ROLLOUT_TARGETS,
    STORE__SQL_NEWEST_STOCK_TARGET,
    STORE__SQL_EACH_STOCK_TARGET,
    STORE__SQL_COUNT
};

struct store__statement {
    const char *name; /* for messages: "txn_by_rrn" */
    const char *sql;
    /* reads: the columns each result row has, in order (backends check the names when
     * they prepare the statement); writes: the row whose fields are the parameters,
     * or NULL when the statement takes a hand-made parameter list (ops.c) */
    const struct store__row_map *map;
};

extern const struct store__statement store__statements[STORE__SQL_COUNT];

/* ---- kinds ------------------------------------------------------------------------ */

/* The journal stores a kind as its name, the same names txn_kind_name() gives (kept
 * here because kind.c belongs to the txn room; tests hold the two tables together).
 * NULL for a value outside the enum. */
const char *store__kind_name(enum txn_kind kind);

/* The kind named text[0..len); returns 0, or -1 when no kind has that name. */
int store__kind_from_name(const char *text, size_t len, enum txn_kind *out /* OUT */);

#endif

#include "host/store/schema.h"

#include <stdlib.h>
#include <string.h>

#include "host/store/rows.h"

/* ---- migrations ------------------------------------------------------------------- */

/* Version 1: the tables of the first possumd. docs/store.md explains each column and
 * index; unique keys are named indexes so both databases report the same names. */
static const char schema_v1[] =
    "CREATE TABLE merchants ("
    " id {ID},"
    " mid TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " mcc TEXT NOT NULL,"
    " fee_ppm BIGINT NOT NULL,"
    " status TEXT NOT NULL);"
    "CREATE UNIQUE INDEX merchants_mid ON merchants (mid);"

    "CREATE TABLE terminals ("
    " id {ID},"
    " tid TEXT NOT NULL,"
    " merchant_id BIGINT NOT NULL,"
    " status TEXT NOT NULL,"
    " tmk TEXT NOT NULL,"
    " batch BIGINT NOT NULL,"
    " batch_settled INTEGER NOT NULL,"
    " signed_in_date TEXT NOT NULL,"
    " pik TEXT NOT NULL,"
    " mak TEXT NOT NULL,"
    " updated_us BIGINT NOT NULL);"
    "CREATE UNIQUE INDEX terminals_tid ON terminals (tid);"

    "CREATE TABLE cards ("
    " id {ID},"
    " token TEXT NOT NULL,"
    " masked TEXT NOT NULL,"
    " kind INTEGER NOT NULL,"
    " domestic INTEGER NOT NULL,"
    " balance BIGINT NOT NULL,"
    " daily_limit BIGINT NOT NULL,"
    " spent_today BIGINT NOT NULL,"
    " spent_date TEXT NOT NULL,"
    " expiry TEXT NOT NULL,"
    " status TEXT NOT NULL,"
    " pin_verifier TEXT NOT NULL,"
    " pin_tries INTEGER NOT NULL);"
    "CREATE UNIQUE INDEX cards_token ON cards (token);"

    "CREATE TABLE txns ("
    " id {ID},"
    " kind TEXT NOT NULL,"
    " mti TEXT NOT NULL,"
    " processing_code TEXT NOT NULL,"
    " tid TEXT NOT NULL,"
    " mid TEXT NOT NULL,"
    " merchant_id BIGINT NOT NULL,"
    " batch BIGINT NOT NULL,"
    " stan BIGINT NOT NULL,"
    " amount BIGINT NOT NULL,"
    " fee BIGINT NOT NULL,"
    " currency TEXT NOT NULL,"
    " card_id BIGINT NOT NULL,"
    " card_token TEXT NOT NULL,"
    " card_masked TEXT NOT NULL,"
    " domestic INTEGER NOT NULL,"
    " entry_mode TEXT NOT NULL,"
    " operator_id TEXT NOT NULL,"
    " response_code TEXT NOT NULL,"
    " reason TEXT NOT NULL,"
    " rrn TEXT NOT NULL,"
    " auth_code TEXT NOT NULL,"
    " settle_date TEXT NOT NULL,"
    " local_date TEXT NOT NULL,"
    " local_time TEXT NOT NULL,"
    " created_us BIGINT NOT NULL,"
    " original_id BIGINT NOT NULL,"
    " status TEXT NOT NULL,"
    " refunded BIGINT NOT NULL,"
    " fingerprint BIGINT NOT NULL);"
    /* a retransmission is found by its key, and a same-key request with other content
     * (94) still gets a row of its own; the (tid, batch) prefix serves batch totals */
    "CREATE UNIQUE INDEX txns_key ON txns (tid, batch, stan, kind, fingerprint);"
    /* declined requests may have no RRN: only given RRNs are unique */
    "CREATE UNIQUE INDEX txns_rrn ON txns (rrn) WHERE rrn <> '';"

    "CREATE TABLE holds ("
    " id {ID},"
    " card_id BIGINT NOT NULL,"
    " txn_id BIGINT NOT NULL,"
    " auth_code TEXT NOT NULL,"
    " amount BIGINT NOT NULL,"
    " status TEXT NOT NULL,"
    " created_us BIGINT NOT NULL);"
    /* start-up loads only open holds: this keeps that proportional to them */
    "CREATE INDEX holds_held ON holds (id) WHERE status = 'held';"
    /* a pre-authorization is found through its hold (every approved one has one), so
     * the busy txns table carries no index for it */
    "CREATE INDEX holds_code ON holds (card_id, auth_code);"

    "CREATE TABLE settlements ("
    " id {ID},"
    " terminal_id BIGINT NOT NULL,"
    " tid TEXT NOT NULL,"
    " batch BIGINT NOT NULL,"
    " terminal_domestic_debit_amount BIGINT NOT NULL,"
    " terminal_domestic_debit_count BIGINT NOT NULL,"
    " terminal_domestic_credit_amount BIGINT NOT NULL,"
    " terminal_domestic_credit_count BIGINT NOT NULL,"
    " terminal_domestic_result BIGINT NOT NULL,"
    " terminal_has_foreign INTEGER NOT NULL,"
    " terminal_foreign_debit_amount BIGINT NOT NULL,"
    " terminal_foreign_debit_count BIGINT NOT NULL,"
    " terminal_foreign_credit_amount BIGINT NOT NULL,"
    " terminal_foreign_credit_count BIGINT NOT NULL,"
    " terminal_foreign_result BIGINT NOT NULL,"
    " host_domestic_debit_amount BIGINT NOT NULL,"
    " host_domestic_debit_count BIGINT NOT NULL,"
    " host_domestic_credit_amount BIGINT NOT NULL,"
    " host_domestic_credit_count BIGINT NOT NULL,"
    " host_domestic_result BIGINT NOT NULL,"
    " host_has_foreign INTEGER NOT NULL,"
    " host_foreign_debit_amount BIGINT NOT NULL,"
    " host_foreign_debit_count BIGINT NOT NULL,"
    " host_foreign_credit_amount BIGINT NOT NULL,"
    " host_foreign_credit_count BIGINT NOT NULL,"
    " host_foreign_result BIGINT NOT NULL,"
    " balanced INTEGER NOT NULL,"
    " created_us BIGINT NOT NULL);"

    "CREATE TABLE uploads ("
    " id {ID},"
    " terminal_id BIGINT NOT NULL,"
    " batch BIGINT NOT NULL,"
    " stan BIGINT NOT NULL,"
    " card_masked TEXT NOT NULL,"
    " amount BIGINT NOT NULL,"
    " is_foreign INTEGER NOT NULL," /* FOREIGN is a keyword in both databases */
    " matched INTEGER NOT NULL,"
    " created_us BIGINT NOT NULL);";

/* Version 2: QR payments. A customer's payment code pays once (docs/protocol.md, "QR
 * payments"); the codes that paid are loaded at start-up through this index, which
 * holds only approved QR purchases, so that costs what they are, not the journal. */
static const char schema_v2[] =
    "CREATE INDEX txns_paycode_used ON txns (card_token)"
    " WHERE kind = 'purchase' AND entry_mode = '032' AND response_code = '00';";

/* Version 3: hosts sharing a database. Each keeps the used codes in memory, but only
 * its own; the database refuses a second approved QR purchase with the same code, so
 * two hosts cannot both let one code pay (the second host's commit is refused and it
 * decides again, engine.h). */
static const char schema_v3[] =
    "DROP INDEX txns_paycode_used;"
    "CREATE UNIQUE INDEX txns_paycode_used ON txns (card_token)"
    " WHERE kind = 'purchase' AND entry_mode = '032' AND response_code = '00';";

/* Version 7: a merchant says when it last changed, so every host's engine reads what the
 * back office changed (it goes live, it is suspended) within a second. */
static const char schema_v7[] =
    "ALTER TABLE merchants ADD COLUMN updated_us BIGINT NOT NULL DEFAULT 0;"
    "CREATE INDEX merchants_updated ON merchants (updated_us);";

const struct store__migration store__migrations[] = {
    {"the tables of the first possumd", schema_v1},
    {"the payment codes used by QR purchases", schema_v2},
    {"a payment code pays once whichever host approves it", schema_v3},
    {"the back office: users, their logins, the audit log", store__schema_v4},
    {"merchant onboarding: applications, their history, their documents", store__schema_v5},
    {"the back office's terminal stock", store__schema_v6},
    {"merchants say when they last changed", schema_v7},
    {"after-sales: tickets and their comments", store__schema_v8},
    {"what terminals' heartbeats say, and their offline tickets", store__schema_v9},
    {"after-sales: who at each merchant was trained", store__schema_v10},
    {"terminal groups", store__schema_v11},
    {"terminal parameter sets", store__schema_v12},
    {"app packages and their rollouts to terminal groups", store__schema_v13},
};
const size_t store__migration_count = PS_ARRAY_LEN(store__migrations);

const char store__migrations_table_sql[] = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                           " version INTEGER PRIMARY KEY,"
                                           " name TEXT NOT NULL,"
                                           " applied_us BIGINT NOT NULL)";
const char store__schema_version_sql[] = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
const char store__migration_record_sql[] =
    "INSERT INTO schema_migrations (version, name, applied_us) VALUES (?, ?, ?)";

int store__schema_render(const char *sql, const char *id_type, char **out, struct ps_reason *why)
{
    static const char mark[] = "{ID}";
    size_t mark_len = sizeof(mark) - 1, type_len = strlen(id_type), marks = 0;

    for (const char *p = strstr(sql, mark); p != NULL; p = strstr(p + mark_len, mark))
        marks++;
    size_t len = strlen(sql) + marks * type_len; /* no longer than this */
    char *text = malloc(len + 1);
    if (text == NULL)
        return ps_fail(why, PS_ENOMEM, "store: no memory for a %zu-byte schema text", len);

    char *w = text;
    for (const char *p = sql;;) {
        const char *m = strstr(p, mark);
        size_t n = m != NULL ? (size_t)(m - p) : strlen(p);
        memcpy(w, p, n);
        w += n;
        if (m == NULL)
            break;
        memcpy(w, id_type, type_len);
        w += type_len;
        p = m + mark_len;
    }
    *w = '\0';
    *out = text;
    return 0;
}

/* ---- column maps ------------------------------------------------------------------ */


/* STORE__COL_U32 serves uint32_t and unsigned (the totals' counts) alike. */
_Static_assert(sizeof(unsigned) == sizeof(uint32_t), "unsigned is 32 bits");
_Static_assert(sizeof(enum txn_kind) == sizeof(int), "enum txn_kind is an int");

static const struct store__column merchant_cols[] = {
    COLUMN(merchant_row, id, STORE__COL_I64),      COLUMN(merchant_row, mid, STORE__COL_TEXT),
    COLUMN(merchant_row, name, STORE__COL_TEXT),   COLUMN(merchant_row, mcc, STORE__COL_TEXT),
    COLUMN(merchant_row, fee_ppm, STORE__COL_I64), COLUMN(merchant_row, status, STORE__COL_TEXT),
    COLUMN(merchant_row, updated_us, STORE__COL_I64),
};
const struct store__row_map store__merchant_map = MAP("merchants", merchant_row, merchant_cols);

static const struct store__column terminal_cols[] = {
    COLUMN(terminal_row, id, STORE__COL_I64),
    COLUMN(terminal_row, tid, STORE__COL_TEXT),
    COLUMN(terminal_row, merchant_id, STORE__COL_I64),
    COLUMN(terminal_row, status, STORE__COL_TEXT),
    COLUMN(terminal_row, tmk, STORE__COL_TEXT),
    COLUMN(terminal_row, batch, STORE__COL_U32),
    COLUMN(terminal_row, batch_settled, STORE__COL_INT),
    COLUMN(terminal_row, signed_in_date, STORE__COL_TEXT),
    COLUMN(terminal_row, pik, STORE__COL_TEXT),
    COLUMN(terminal_row, mak, STORE__COL_TEXT),
    COLUMN(terminal_row, updated_us, STORE__COL_I64),
};
const struct store__row_map store__terminal_map = MAP("terminals", terminal_row, terminal_cols);

static const struct store__column card_cols[] = {
    COLUMN(card_row, id, STORE__COL_I64),          COLUMN(card_row, token, STORE__COL_TEXT),
    COLUMN(card_row, masked, STORE__COL_TEXT),     COLUMN(card_row, kind, STORE__COL_INT),
    COLUMN(card_row, domestic, STORE__COL_INT),    COLUMN(card_row, balance, STORE__COL_I64),
    COLUMN(card_row, daily_limit, STORE__COL_I64), COLUMN(card_row, spent_today, STORE__COL_I64),
    COLUMN(card_row, spent_date, STORE__COL_TEXT), COLUMN(card_row, expiry, STORE__COL_TEXT),
    COLUMN(card_row, status, STORE__COL_TEXT),     COLUMN(card_row, pin_verifier, STORE__COL_TEXT),
    COLUMN(card_row, pin_tries, STORE__COL_INT),
};
const struct store__row_map store__card_map = MAP("cards", card_row, card_cols);

static const struct store__column txn_cols[] = {
    COLUMN(txn_row, id, STORE__COL_I64),
    COLUMN(txn_row, kind, STORE__COL_KIND),
    COLUMN(txn_row, mti, STORE__COL_TEXT),
    COLUMN(txn_row, processing_code, STORE__COL_TEXT),
    COLUMN(txn_row, tid, STORE__COL_TEXT),
    COLUMN(txn_row, mid, STORE__COL_TEXT),
    COLUMN(txn_row, merchant_id, STORE__COL_I64),
    COLUMN(txn_row, batch, STORE__COL_U32),
    COLUMN(txn_row, stan, STORE__COL_U32),
    COLUMN(txn_row, amount, STORE__COL_I64),
    COLUMN(txn_row, fee, STORE__COL_I64),
    COLUMN(txn_row, currency, STORE__COL_TEXT),
    COLUMN(txn_row, card_id, STORE__COL_I64),
    COLUMN(txn_row, card_token, STORE__COL_TEXT),
    COLUMN(txn_row, card_masked, STORE__COL_TEXT),
    COLUMN(txn_row, domestic, STORE__COL_INT),
    COLUMN(txn_row, entry_mode, STORE__COL_TEXT),
    COLUMN(txn_row, operator_id, STORE__COL_TEXT),
    COLUMN(txn_row, response_code, STORE__COL_TEXT),
    COLUMN(txn_row, reason, STORE__COL_TEXT),
    COLUMN(txn_row, rrn, STORE__COL_TEXT),
    COLUMN(txn_row, auth_code, STORE__COL_TEXT),
    COLUMN(txn_row, settle_date, STORE__COL_TEXT),
    COLUMN(txn_row, local_date, STORE__COL_TEXT),
    COLUMN(txn_row, local_time, STORE__COL_TEXT),
    COLUMN(txn_row, created_us, STORE__COL_I64),
    COLUMN(txn_row, original_id, STORE__COL_I64),
    COLUMN(txn_row, status, STORE__COL_TEXT),
    COLUMN(txn_row, refunded, STORE__COL_I64),
    COLUMN(txn_row, fingerprint, STORE__COL_U64),
};
const struct store__row_map store__txn_map = MAP("txns", txn_row, txn_cols);

static const struct store__column hold_cols[] = {
    COLUMN(hold_row, id, STORE__COL_I64),         COLUMN(hold_row, card_id, STORE__COL_I64),
    COLUMN(hold_row, txn_id, STORE__COL_I64),     COLUMN(hold_row, auth_code, STORE__COL_TEXT),
    COLUMN(hold_row, amount, STORE__COL_I64),     COLUMN(hold_row, status, STORE__COL_TEXT),
    COLUMN(hold_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__hold_map = MAP("holds", hold_row, hold_cols);

/* The eleven columns of one side's totals (the terminal's or the host's). */
#define TOTALS(side)                                                                               \
    COLUMN_AS(#side "_domestic_debit_amount", settlement_row, side.domestic.debit_amount,          \
              STORE__COL_I64),                                                                     \
        COLUMN_AS(#side "_domestic_debit_count", settlement_row, side.domestic.debit_count,        \
                  STORE__COL_U32),                                                                 \
        COLUMN_AS(#side "_domestic_credit_amount", settlement_row, side.domestic.credit_amount,    \
                  STORE__COL_I64),                                                                 \
        COLUMN_AS(#side "_domestic_credit_count", settlement_row, side.domestic.credit_count,      \
                  STORE__COL_U32),                                                                 \
        COLUMN_AS(#side "_domestic_result", settlement_row, side.domestic.result, STORE__COL_U32), \
        COLUMN_AS(#side "_has_foreign", settlement_row, side.has_foreign, STORE__COL_INT),         \
        COLUMN_AS(#side "_foreign_debit_amount", settlement_row, side.foreign.debit_amount,        \
                  STORE__COL_I64),                                                                 \
        COLUMN_AS(#side "_foreign_debit_count", settlement_row, side.foreign.debit_count,          \
                  STORE__COL_U32),                                                                 \
        COLUMN_AS(#side "_foreign_credit_amount", settlement_row, side.foreign.credit_amount,      \
                  STORE__COL_I64),                                                                 \
        COLUMN_AS(#side "_foreign_credit_count", settlement_row, side.foreign.credit_count,        \
                  STORE__COL_U32),                                                                 \
        COLUMN_AS(#side "_foreign_result", settlement_row, side.foreign.result, STORE__COL_U32)

static const struct store__column settlement_cols[] = {
    COLUMN(settlement_row, id, STORE__COL_I64),
    COLUMN(settlement_row, terminal_id, STORE__COL_I64),
    COLUMN(settlement_row, tid, STORE__COL_TEXT),
    COLUMN(settlement_row, batch, STORE__COL_U32),
    TOTALS(terminal),
    TOTALS(host),
    COLUMN(settlement_row, balanced, STORE__COL_INT),
    COLUMN(settlement_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__settlement_map =
    MAP("settlements", settlement_row, settlement_cols);

static const struct store__column upload_cols[] = {
    COLUMN(upload_row, id, STORE__COL_I64),
    COLUMN(upload_row, terminal_id, STORE__COL_I64),
    COLUMN(upload_row, batch, STORE__COL_U32),
    COLUMN(upload_row, stan, STORE__COL_U32),
    COLUMN(upload_row, card_masked, STORE__COL_TEXT),
    COLUMN(upload_row, amount, STORE__COL_I64),
    COLUMN_AS("is_foreign", upload_row, foreign, STORE__COL_INT),
    COLUMN(upload_row, matched, STORE__COL_INT),
    COLUMN(upload_row, created_us, STORE__COL_I64),
};
const struct store__row_map store__upload_map = MAP("uploads", upload_row, upload_cols);

static const struct store__column total_line_cols[] = {
    COLUMN(store__total_line, terminal_id, STORE__COL_I64),
    COLUMN(store__total_line, batch, STORE__COL_U32),
    COLUMN(store__total_line, max_stan, STORE__COL_U32),
    COLUMN(store__total_line, kind, STORE__COL_KIND),
    COLUMN(store__total_line, domestic, STORE__COL_INT),
    COLUMN(store__total_line, amount_sum, STORE__COL_I64),
    COLUMN(store__total_line, txn_count, STORE__COL_I64),
};
const struct store__row_map store__total_line_map = MAP("txns", store__total_line, total_line_cols);

static const struct store__column max_id_cols[] = {
    COLUMN(store__max_id, max_id, STORE__COL_I64),
};
const struct store__row_map store__max_id_map = MAP("every table", store__max_id, max_id_cols);

static const struct store__column max_rrn_cols[] = {
    COLUMN(store__max_rrn, rrn, STORE__COL_TEXT),
};
const struct store__row_map store__max_rrn_map = MAP("txns", store__max_rrn, max_rrn_cols);

static const struct store__column count_cols[] = {
    COLUMN(store__count, n, STORE__COL_I64),
};
const struct store__row_map store__count_map = MAP("txns", store__count, count_cols);

static const struct store__column token_cols[] = {
    COLUMN(store__token, card_token, STORE__COL_TEXT),
};
const struct store__row_map store__token_map = MAP("txns", store__token, token_cols);

/* ---- statements ------------------------------------------------------------------- */

/* Column lists in map order, shared by each table's INSERT and SELECTs; backends check
 * the SELECTs' result names against the maps, which holds the INSERTs to them too. */
#define MERCHANT_COLUMNS "id, mid, name, mcc, fee_ppm, status, updated_us"
#define TERMINAL_COLUMNS                                                                           \
    "id, tid, merchant_id, status, tmk, batch, batch_settled, signed_in_date, pik, mak, "          \
    "updated_us"
#define CARD_COLUMNS                                                                               \
    "id, token, masked, kind, domestic, balance, daily_limit, spent_today, spent_date, expiry, "   \
    "status, pin_verifier, pin_tries"
#define TXN_COLUMNS                                                                                \
    "id, kind, mti, processing_code, tid, mid, merchant_id, batch, stan, amount, fee, "            \
    "currency, card_id, card_token, card_masked, domestic, entry_mode, operator_id, "              \
    "response_code, reason, rrn, auth_code, settle_date, local_date, local_time, created_us, "     \
    "original_id, status, refunded, fingerprint"
#define HOLD_COLUMNS "id, card_id, txn_id, auth_code, amount, status, created_us"
#define SIDE_COLUMNS(side)                                                                         \
    side "_domestic_debit_amount, " side "_domestic_debit_count, " side                            \
         "_domestic_credit_amount, " side "_domestic_credit_count, " side                          \
         "_domestic_result, " side "_has_foreign, " side "_foreign_debit_amount, " side            \
         "_foreign_debit_count, " side "_foreign_credit_amount, " side                             \
         "_foreign_credit_count, " side "_foreign_result"
#define SETTLEMENT_COLUMNS                                                                         \
    "id, terminal_id, tid, batch, " SIDE_COLUMNS("terminal") ", " SIDE_COLUMNS(                    \
        "host") ", balanced, created_us"
#define UPLOAD_COLUMNS                                                                             \
    "id, terminal_id, batch, stan, card_masked, amount, is_foreign, matched, created_us"

#define Q5  "?, ?, ?, ?, ?"
#define Q10 Q5 ", " Q5

/* Financial kinds by name, as the journal stores them (store__kind_name). */
#define BATCH_TOTALS_SELECT                                                                        \
    "SELECT t.id AS terminal_id, t.batch AS batch,"                                                \
    /* max over the key index's (tid, batch, stan) prefix: one index probe a terminal */           \
    " COALESCE((SELECT MAX(y.stan) FROM txns y WHERE y.tid = t.tid AND y.batch = t.batch), 0)"     \
    " AS max_stan,"                                                                                \
    " COALESCE(x.kind, 'unknown') AS kind, COALESCE(x.domestic, 0) AS domestic,"                   \
    " CAST(COALESCE(SUM(x.amount), 0) AS BIGINT) AS amount_sum,"                                   \
    " COUNT(x.id) AS txn_count"                                                                    \
    " FROM terminals t LEFT JOIN txns x"                                                           \
    " ON x.tid = t.tid AND x.batch = t.batch AND x.status = 'approved'"                            \
    " AND x.kind IN ('purchase', 'completion', 'refund')"
#define BATCH_TOTALS_GROUP " GROUP BY t.id, t.batch, x.kind, x.domestic ORDER BY t.id"
static const char batch_totals_sql[] = BATCH_TOTALS_SELECT BATCH_TOTALS_GROUP;
static const char batch_total_of_sql[] = BATCH_TOTALS_SELECT " WHERE t.tid = ?" BATCH_TOTALS_GROUP;
#undef BATCH_TOTALS_SELECT
#undef BATCH_TOTALS_GROUP

/* The highest id in one host's range (the same two parameters, low and high, for every
 * table: each table's primary key serves its range). */
#define IN_RANGE " WHERE id >= ? AND id < ?"
static const char max_id_sql[] = "SELECT COALESCE(MAX(id), 0) AS max_id FROM ("
                                 "SELECT MAX(id) AS id FROM merchants" IN_RANGE
                                 " UNION ALL SELECT MAX(id) FROM terminals" IN_RANGE
                                 " UNION ALL SELECT MAX(id) FROM cards" IN_RANGE
                                 " UNION ALL SELECT MAX(id) FROM txns" IN_RANGE
                                 " UNION ALL SELECT MAX(id) FROM holds" IN_RANGE
                                 " UNION ALL SELECT MAX(id) FROM settlements" IN_RANGE
                                 " UNION ALL SELECT MAX(id) FROM uploads" IN_RANGE ") AS ids";
#undef IN_RANGE

/* Guarded updates (ops.c binds their parameters and checks that one row changed). The
 * card change guards only what takes money (delta < 0) and not when forced, so a
 * credit always reaches an overdrawn account; it resets the day's spending when the
 * date moved on, and an empty date in the operation leaves date and spending alone. */
static const char card_change_sql[] =
    "UPDATE cards SET balance = balance + ?,"
    " spent_today = CASE WHEN ? = '' OR spent_date = ? THEN spent_today ELSE 0 END + ?,"
    " spent_date = CASE WHEN ? = '' THEN spent_date ELSE ? END,"
    " pin_tries = CASE WHEN ? < 0 THEN pin_tries ELSE ? END"
    " WHERE id = ? AND (? <> 0 OR ? >= 0 OR balance + ? >= 0)";

static const char session_sql[] = "UPDATE terminals SET batch = ?, batch_settled = ?,"
                                  " signed_in_date = ?,"
                                  " pik = CASE WHEN ? = '' THEN pik ELSE ? END,"
                                  " mak = CASE WHEN ? = '' THEN mak ELSE ? END,"
                                  " updated_us = ? WHERE id = ?";

const struct store__statement store__statements[STORE__SQL_COUNT] = {
    [STORE__SQL_MERCHANT_PUT] = {"merchant_put",
                                 "INSERT INTO merchants (" MERCHANT_COLUMNS ") VALUES (" Q5
                                 ", ?, ?) ON CONFLICT (id) DO UPDATE SET mid = excluded.mid,"
                                 " name = excluded.name, mcc = excluded.mcc,"
                                 " fee_ppm = excluded.fee_ppm, status = excluded.status,"
                                 " updated_us = excluded.updated_us",
                                 &store__merchant_map},
    [STORE__SQL_TERMINAL_PUT] = {"terminal_put",
                                 "INSERT INTO terminals (" TERMINAL_COLUMNS ") VALUES (" Q10
                                 ", ?) ON CONFLICT (id) DO UPDATE SET tid = excluded.tid,"
                                 " merchant_id = excluded.merchant_id, status = excluded.status,"
                                 " tmk = excluded.tmk, batch = excluded.batch,"
                                 " batch_settled = excluded.batch_settled,"
                                 " signed_in_date = excluded.signed_in_date,"
                                 " pik = excluded.pik, mak = excluded.mak,"
                                 " updated_us = excluded.updated_us",
                                 &store__terminal_map},
    [STORE__SQL_CARD_PUT] = {"card_put",
                             "INSERT INTO cards (" CARD_COLUMNS ") VALUES (" Q10
                             ", ?, ?, ?) ON CONFLICT (id) DO UPDATE SET token = excluded.token,"
                             " masked = excluded.masked, kind = excluded.kind,"
                             " domestic = excluded.domestic, balance = excluded.balance,"
                             " daily_limit = excluded.daily_limit,"
                             " spent_today = excluded.spent_today,"
                             " spent_date = excluded.spent_date, expiry = excluded.expiry,"
                             " status = excluded.status, pin_verifier = excluded.pin_verifier,"
                             " pin_tries = excluded.pin_tries",
                             &store__card_map},
    [STORE__SQL_TXN_INSERT] = {"txn_insert",
                               "INSERT INTO txns (" TXN_COLUMNS ") VALUES (" Q10 ", " Q10 ", " Q10
                               ")",
                               &store__txn_map},
    [STORE__SQL_TXN_STATUS] = {"txn_status",
                               "UPDATE txns SET status = ? WHERE id = ? AND status = ?", NULL},
    [STORE__SQL_TXN_REFUNDED] = {"txn_refunded",
                                 "UPDATE txns SET refunded = refunded + ? WHERE id = ?"
                                 " AND refunded + ? >= 0 AND refunded + ? <= amount"
                                 /* a refund needs a sale still approved: another host
                                    may have voided or reversed it */
                                 " AND (? < 0 OR status = 'approved')",
                                 NULL},
    [STORE__SQL_CARD_CHANGE] = {"card_change", card_change_sql, NULL},
    [STORE__SQL_HOLD_PUT] = {"hold_put",
                             "INSERT INTO holds (" HOLD_COLUMNS ") VALUES (" Q5 ", ?, ?)",
                             &store__hold_map},
    [STORE__SQL_HOLD_STATUS] = {"hold_status",
                                "UPDATE holds SET status = ? WHERE id = ? AND status = ?", NULL},
    [STORE__SQL_TERMINAL_SESSION] = {"terminal_session", session_sql, NULL},
    [STORE__SQL_SETTLEMENT_PUT] = {"settlement_put",
                                   "INSERT INTO settlements (" SETTLEMENT_COLUMNS ") VALUES (" Q10
                                   ", " Q10 ", " Q5 ", ?, ?, ?)",
                                   &store__settlement_map},
    [STORE__SQL_UPLOAD_PUT] = {"upload_put",
                               "INSERT INTO uploads (" UPLOAD_COLUMNS ") VALUES (" Q5
                               ", ?, ?, ?, ?)",
                               &store__upload_map},

    [STORE__SQL_EACH_MERCHANT] = {"each_merchant",
                                  "SELECT " MERCHANT_COLUMNS " FROM merchants ORDER BY id",
                                  &store__merchant_map},
    [STORE__SQL_EACH_TERMINAL] = {"each_terminal",
                                  "SELECT " TERMINAL_COLUMNS " FROM terminals ORDER BY id",
                                  &store__terminal_map},
    [STORE__SQL_TERMINAL_BY_TID] = {"terminal_by_tid",
                                    "SELECT " TERMINAL_COLUMNS " FROM terminals WHERE tid = ?",
                                    &store__terminal_map},
    [STORE__SQL_MERCHANTS_CHANGED] = {"merchants_changed",
                                      "SELECT " MERCHANT_COLUMNS " FROM merchants"
                                      " WHERE updated_us > ? ORDER BY id",
                                      &store__merchant_map},
    /* a scan: a provider's terminals number thousands, read once a second */
    [STORE__SQL_TERMINALS_CHANGED] = {"terminals_changed",
                                      "SELECT " TERMINAL_COLUMNS " FROM terminals"
                                      " WHERE updated_us > ? ORDER BY id",
                                      &store__terminal_map},
    [STORE__SQL_EACH_CARD] = {"each_card", "SELECT " CARD_COLUMNS " FROM cards ORDER BY id",
                              &store__card_map},
    [STORE__SQL_CARD_BY_ID] = {"card_by_id", "SELECT " CARD_COLUMNS " FROM cards WHERE id = ?",
                               &store__card_map},
    [STORE__SQL_EACH_OPEN_HOLD] = {"each_open_hold",
                                   "SELECT " HOLD_COLUMNS
                                   " FROM holds WHERE status = 'held' ORDER BY id",
                                   &store__hold_map},
    /* open holds, and completed ones whose completion is in its terminal's open batch:
     * a void or a reversal may still name those (through the key index's prefix) */
    [STORE__SQL_EACH_LIVE_HOLD] = {"each_live_hold",
                                   "SELECT " HOLD_COLUMNS " FROM holds WHERE status = 'held'"
                                   " UNION ALL SELECT h.id, h.card_id, h.txn_id, h.auth_code,"
                                   " h.amount, h.status, h.created_us"
                                   /* CROSS JOIN: SQLite then walks terminals first, each
                                    * batch through the key index's (tid, batch) prefix */
                                   " FROM terminals t CROSS JOIN txns c CROSS JOIN holds h"
                                   " WHERE c.tid = t.tid AND c.batch = t.batch"
                                   " AND c.kind = 'completion' AND c.status = 'approved'"
                                   " AND h.card_id = c.card_id AND h.auth_code = c.auth_code"
                                   " AND h.status = 'completed' ORDER BY 1",
                                   &store__hold_map},
    /* the predicate of txns_paycode_used, word for word, so both databases use it */
    [STORE__SQL_EACH_USED_PAYCODE] = {"each_used_paycode",
                                      "SELECT card_token FROM txns WHERE kind = 'purchase'"
                                      " AND entry_mode = '032' AND response_code = '00'",
                                      &store__token_map},
    [STORE__SQL_BATCH_TOTALS] = {"batch_totals", batch_totals_sql, &store__total_line_map},
    [STORE__SQL_BATCH_TOTAL_OF] = {"batch_total_of", batch_total_of_sql, &store__total_line_map},
    [STORE__SQL_TXN_BY_KEY] = {"txn_by_key",
                               "SELECT " TXN_COLUMNS " FROM txns WHERE tid = ? AND batch = ?"
                               " AND stan = ? AND kind = ?"
                               " ORDER BY (fingerprint = ?) DESC, id LIMIT 1",
                               &store__txn_map},
    /* rrn <> '' lets the planner use the partial index txns_rrn */
    [STORE__SQL_TXN_BY_RRN] = {"txn_by_rrn",
                               "SELECT " TXN_COLUMNS " FROM txns WHERE rrn = ? AND rrn <> ''",
                               &store__txn_map},
    [STORE__SQL_PREAUTH] = {"preauth",
                            "SELECT " TXN_COLUMNS " FROM txns WHERE id IN"
                            " (SELECT txn_id FROM holds WHERE card_id = ? AND auth_code = ?)"
                            " AND kind = 'preauth' AND status = 'approved'"
                            " ORDER BY id DESC LIMIT 1",
                            &store__txn_map},
    [STORE__SQL_MAX_ID] = {"max_id", max_id_sql, &store__max_id_map},
    [STORE__SQL_MAX_RRN] = {"max_rrn",
                            "SELECT rrn FROM txns WHERE rrn >= ? AND rrn < ? AND rrn <> ''"
                            " ORDER BY rrn DESC LIMIT 1",
                            &store__max_rrn_map},
    [STORE__SQL_COUNT_TXNS] = {"count_txns", "SELECT COUNT(*) AS n FROM txns", &store__count_map},
    /* max over the key index's (tid, batch, stan) prefix: one index probe */
    [STORE__SQL_MAX_STAN] = {"max_stan",
                             "SELECT COALESCE(MAX(stan), 0) AS n FROM txns WHERE tid = ?"
                             " AND batch = ?",
                             &store__count_map},
    /* the back office's (schema_office.c) */
    [STORE__SQL_USER_PUT] = {"user_put", store__sql_user_put, &store__user_map},
    [STORE__SQL_AUTH_SESSION_PUT] = {"auth_session_put", store__sql_auth_session_put,
                                     &store__auth_session_map},
    [STORE__SQL_AUDIT_PUT] = {"audit_put", store__sql_audit_put, &store__audit_map},
    [STORE__SQL_USER_BY_NAME] = {"user_by_name", store__sql_user_by_name, &store__user_map},
    [STORE__SQL_USER_BY_ID] = {"user_by_id", store__sql_user_by_id, &store__user_map},
    [STORE__SQL_EACH_USER] = {"each_user", store__sql_each_user, &store__user_map},
    [STORE__SQL_AUTH_SESSION_BY_TOKEN] = {"auth_session_by_token",
                                          store__sql_auth_session_by_token,
                                          &store__auth_session_map},
    [STORE__SQL_EACH_AUDIT] = {"each_audit", store__sql_each_audit, &store__audit_map},
    [STORE__SQL_MAX_OFFICE_ID] = {"max_office_id", store__sql_max_office_id,
                                  &store__max_id_map},
    /* merchant onboarding's (schema_onboarding.c) */
    [STORE__SQL_APPLICATION_PUT] = {"application_put", store__sql_application_put,
                                    &store__application_map},
    [STORE__SQL_APPLICATION_GUARD] = {"application_guard", store__sql_application_guard, NULL},
    [STORE__SQL_APPLICATION_EVENT_PUT] = {"application_event_put",
                                          store__sql_application_event_put,
                                          &store__application_event_map},
    [STORE__SQL_DOCUMENT_PUT] = {"document_put", store__sql_document_put, &store__document_map},
    [STORE__SQL_APPLICATION_BY_ID] = {"application_by_id", store__sql_application_by_id,
                                      &store__application_map},
    [STORE__SQL_EACH_APPLICATION] = {"each_application", store__sql_each_application,
                                     &store__application_map},
    [STORE__SQL_EACH_OVERDUE_APPLICATION] = {"each_overdue_application",
                                             store__sql_each_overdue_application,
                                             &store__application_map},
    [STORE__SQL_EACH_APPLICATION_EVENT] = {"each_application_event",
                                           store__sql_each_application_event,
                                           &store__application_event_map},
    [STORE__SQL_EACH_DOCUMENT] = {"each_document", store__sql_each_document,
                                  &store__document_map},
    [STORE__SQL_DOCUMENT_BY_ID] = {"document_by_id", store__sql_document_by_id,
                                   &store__document_map},
    [STORE__SQL_MERCHANT_BY_ID] = {"merchant_by_id", store__sql_merchant_by_id,
                                   &store__merchant_map},
    [STORE__SQL_MAX_MID] = {"max_mid", store__sql_max_mid, &store__max_mid_map},
    [STORE__SQL_MAX_MERCHANT_ID] = {"max_merchant_id", store__sql_max_merchant_id,
                                    &store__max_id_map},
    /* the terminal stock's (schema_tms.c) */
    [STORE__SQL_STOCK_PUT] = {"stock_put", store__sql_stock_put, &store__stock_map},
    [STORE__SQL_TERMINAL_STATUS] = {"terminal_status", store__sql_terminal_status, NULL},
    [STORE__SQL_STOCK_BY_ID] = {"stock_by_id", store__sql_stock_by_id, &store__stock_map},
    [STORE__SQL_STOCK_BY_SERIAL] = {"stock_by_serial", store__sql_stock_by_serial,
                                    &store__stock_map},
    [STORE__SQL_EACH_STOCK] = {"each_stock", store__sql_each_stock, &store__stock_map},
    [STORE__SQL_EACH_STOCK_IN_GROUP] = {"each_stock_in_group", store__sql_each_stock_in_group,
                                        &store__stock_map},
    [STORE__SQL_STOCK_BY_TERMINAL] = {"stock_by_terminal", store__sql_stock_by_terminal,
                                      &store__stock_map},
    [STORE__SQL_EACH_SILENT_STOCK] = {"each_silent_stock", store__sql_each_silent_stock,
                                      &store__stock_map},
    [STORE__SQL_EACH_TID] = {"each_tid", store__sql_each_tid, &store__tid_map},
    /* after-sales' (schema_tickets.c) */
    [STORE__SQL_TICKET_PUT] = {"ticket_put", store__sql_ticket_put, &store__ticket_map},
    [STORE__SQL_TICKET_GUARD] = {"ticket_guard", store__sql_ticket_guard, NULL},
    [STORE__SQL_TICKET_COMMENT_PUT] = {"ticket_comment_put", store__sql_ticket_comment_put,
                                       &store__ticket_comment_map},
    [STORE__SQL_TICKET_BY_ID] = {"ticket_by_id", store__sql_ticket_by_id, &store__ticket_map},
    [STORE__SQL_EACH_TICKET] = {"each_ticket", store__sql_each_ticket, &store__ticket_map},
    [STORE__SQL_EACH_OVERDUE_TICKET] = {"each_overdue_ticket", store__sql_each_overdue_ticket,
                                        &store__ticket_map},
    [STORE__SQL_EACH_TICKET_COMMENT] = {"each_ticket_comment", store__sql_each_ticket_comment,
                                        &store__ticket_comment_map},
    [STORE__SQL_COUNT_TICKET_NUMBERS] = {"count_ticket_numbers",
                                         store__sql_count_ticket_numbers, &store__count_map},
    /* training records' (schema_training.c) */
    [STORE__SQL_TRAINING_PUT] = {"training_put", store__sql_training_put, &store__training_map},
    [STORE__SQL_EACH_TRAINING] = {"each_training", store__sql_each_training, &store__training_map},
    /* terminal parameter sets' (schema_param_sets.c) */
    [STORE__SQL_PARAM_SET_PUT] = {"param_set_put", store__sql_param_set_put, &store__param_set_map},
    [STORE__SQL_NEWEST_PARAM_SET] = {"newest_param_set", store__sql_newest_param_set,
                                     &store__param_set_map},
    [STORE__SQL_EACH_PARAM_SET] = {"each_param_set", store__sql_each_param_set,
                                   &store__param_set_map},
    [STORE__SQL_MAX_PARAM_VERSION] = {"max_param_version", store__sql_max_param_version,
                                      &store__count_map},
    /* app packages' and rollouts' (schema_rollouts.c) */
    [STORE__SQL_PACKAGE_PUT] = {"package_put", store__sql_package_put, &store__package_map},
    [STORE__SQL_ROLLOUT_PUT] = {"rollout_put", store__sql_rollout_put, &store__rollout_map},
    [STORE__SQL_ROLLOUT_TARGET_PUT] = {"rollout_target_put", store__sql_rollout_target_put,
                                       &store__rollout_target_map},
    [STORE__SQL_ROLLOUT_TARGET_CHANGE] = {"rollout_target_change",
                                          store__sql_rollout_target_change, NULL},
    [STORE__SQL_PACKAGE_BY_VERSION] = {"package_by_version", store__sql_package_by_version,
                                       &store__package_map},
    [STORE__SQL_EACH_PACKAGE] = {"each_package", store__sql_each_package, &store__package_map},
    [STORE__SQL_ROLLOUT_BY_ID] = {"rollout_by_id", store__sql_rollout_by_id, &store__rollout_map},
    [STORE__SQL_EACH_ROLLOUT] = {"each_rollout", store__sql_each_rollout, &store__rollout_map},
    [STORE__SQL_ROLLOUT_TARGET_BY_KEY] = {"rollout_target_by_key",
                                          store__sql_rollout_target_by_key,
                                          &store__rollout_target_map},
    [STORE__SQL_EACH_ROLLOUT_TARGET] = {"each_rollout_target", store__sql_each_rollout_target,
                                        &store__rollout_target_map},
    [STORE__SQL_COUNT_ROLLOUT_TARGETS] = {"count_rollout_targets",
                                          store__sql_count_rollout_targets, &store__count_map},
    [STORE__SQL_NEWEST_STOCK_TARGET] = {"newest_stock_target", store__sql_newest_stock_target,
                                        &store__rollout_target_map},
    [STORE__SQL_EACH_STOCK_TARGET] = {"each_stock_target", store__sql_each_stock_target,
                                      &store__rollout_target_map},
};

/* ---- kinds ------------------------------------------------------------------------ */

static const char *const kind_names[TXN_KIND_COUNT] = {
    [TXN_UNKNOWN] = "unknown",
    [TXN_SIGN_IN] = "sign_in",
    [TXN_SIGN_OFF] = "sign_off",
    [TXN_BALANCE] = "balance",
    [TXN_PURCHASE] = "purchase",
    [TXN_VOID] = "void",
    [TXN_REFUND] = "refund",
    [TXN_PREAUTH] = "preauth",
    [TXN_PREAUTH_VOID] = "preauth_void",
    [TXN_COMPLETION] = "completion",
    [TXN_COMPLETION_VOID] = "completion_void",
    [TXN_REVERSAL] = "reversal",
    [TXN_SETTLEMENT] = "settlement",
    [TXN_BATCH_UPLOAD] = "batch_upload",
    [TXN_PARAMS] = "params",
};

const char *store__kind_name(enum txn_kind kind)
{
    if ((unsigned)kind >= TXN_KIND_COUNT)
        return NULL;
    return kind_names[kind];
}

int store__kind_from_name(const char *text, size_t len, enum txn_kind *out)
{
    for (int k = 0; k < TXN_KIND_COUNT; k++) {
        if (strlen(kind_names[k]) == len && memcmp(kind_names[k], text, len) == 0) {
            *out = (enum txn_kind)k;
            return 0;
        }
    }
    return -1;
}

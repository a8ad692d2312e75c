#include "pos/operators/operators.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/utf8.h"
#include "pos/db/db.h"
#include "pos/operators/internal.h"

/* The room's schema, one step per version (pos_db_migrate). The role is not stored:
 * it follows from the number. `locked` is a cashier's lock (until a reset);
 * `locked_until` the supervisor's (until a time, in seconds). */
static const char *const schema[] = {
    "CREATE TABLE operators ("
    "  number TEXT PRIMARY KEY CHECK (number GLOB '[0-9][0-9]'),"
    "  name TEXT NOT NULL,"
    "  password_hash TEXT NOT NULL,"
    "  enabled INTEGER NOT NULL DEFAULT 1,"
    "  failed_tries INTEGER NOT NULL DEFAULT 0,"
    "  locked INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0);",
};

void pos_operators_options_init(struct pos_operators_options *opt)
{
    pos_password_cost_interactive(&opt->cost);
    opt->supervisor_lock_seconds = 5 * 60;
}

int pos_operators_open(sqlite3 *db, const struct pos_operators_options *opt,
                       struct pos_operators **out, struct ps_reason *why)
{
    struct pos_operators *ops = NULL;
    int rc;

    *out = NULL;
    rc = pos_password_init(why);
    if (rc != 0)
        return rc;
    ops = calloc(1, sizeof(*ops));
    if (ops == NULL)
        return ps_fail(why, PS_ENOMEM, "operators: out of memory");
    ops->db = db;
    if (opt != NULL)
        ops->opt = *opt;
    else
        pos_operators_options_init(&ops->opt);
    /* a bad setting is refused now, not at the first new password */
    rc = pos_password_cost_check(&ops->opt.cost, why);
    if (rc == 0 && ops->opt.supervisor_lock_seconds < 0)
        rc = ps_fail(why, PS_EINVAL, "the supervisor's lock period is negative");
    if (rc == 0)
        rc = pos_db_migrate(db, "operators", schema, PS_ARRAY_LEN(schema), why);
    if (rc != 0) {
        free(ops);
        return rc;
    }
    *out = ops;
    return 0;
}

void pos_operators_close(struct pos_operators *ops)
{
    free(ops);
}

int pos_operator_number_check(const char *number, struct ps_reason *why)
{
    if (number == NULL || number[0] < '0' || number[0] > '9' || number[1] < '0' ||
        number[1] > '9' || number[2] != '\0')
        return ps_fail(why, PS_EINVAL, "operator number must be 2 digits, 00 to 99");
    return 0;
}

enum pos_role pos_operator_role(const char *number)
{
    return strcmp(number, POS_SUPERVISOR_NUMBER) == 0 ? POS_ROLE_SUPERVISOR : POS_ROLE_CASHIER;
}

/* A name is printed on receipts and shown on the screen: 1..POS_OPERATOR_NAME_MAX
 * bytes of UTF-8 without control characters. */
static int name_check(const char *name, struct ps_reason *why)
{
    size_t len = name != NULL ? strnlen(name, POS_OPERATOR_NAME_MAX + 1) : 0;

    if (len == 0 || len > POS_OPERATOR_NAME_MAX)
        return ps_fail(why, PS_EINVAL, "an operator's name has 1 to %d bytes of UTF-8%s",
                       POS_OPERATOR_NAME_MAX, len == 0 ? "; this one is empty" : "");
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = ps_utf8_decode(name + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7F)
            return ps_fail(why, PS_EINVAL,
                           "an operator's name is printable UTF-8 text; byte %zu is not", i + 1);
        i += n;
    }
    return 0;
}

/* Steps st to its end and finalizes it. *changed (OUT, may be NULL): rows changed. */
static int run(struct pos_operators *ops, sqlite3_stmt *st, const char *what, int *changed,
               struct ps_reason *why)
{
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE)
        return pos_db_fail(ops->db, what, why);
    if (changed != NULL)
        *changed = sqlite3_changes(ops->db);
    return 0;
}

/* Runs sql on one operator: sql names it :number and may take a :text and a :value.
 * PS_EUNDEFINED when no row has that number. */
static int update_one(struct pos_operators *ops, const char *sql, const char *number,
                      const char *text, int64_t value, const char *what, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int changed = 0;

    if (sqlite3_prepare_v2(ops->db, sql, -1, &st, NULL) != SQLITE_OK)
        return pos_db_fail(ops->db, what, why);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":number"), number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":text"), text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":value"), value);
    int rc = run(ops, st, what, &changed, why);
    if (rc == 0 && changed == 0)
        rc = ps_fail(why, PS_EUNDEFINED, "no operator %s", number);
    return rc;
}

static void read_row(sqlite3_stmt *st, struct pos_operators__row *row)
{
    const char *number = (const char *)sqlite3_column_text(st, 0);
    const char *name = (const char *)sqlite3_column_text(st, 1);
    const char *hash = (const char *)sqlite3_column_text(st, 2);
    struct pos_operator_info *info = &row->info;

    memset(row, 0, sizeof(*row));
    snprintf(info->number, sizeof(info->number), "%s", number != NULL ? number : "");
    snprintf(info->name, sizeof(info->name), "%s", name != NULL ? name : "");
    snprintf(row->hash, sizeof(row->hash), "%s", hash != NULL ? hash : "");
    info->role = pos_operator_role(info->number);
    info->enabled = sqlite3_column_int(st, 3);
    info->failed_tries = sqlite3_column_int(st, 4);
    info->locked = sqlite3_column_int(st, 5);
    info->locked_until = sqlite3_column_int64(st, 6);
}

#define ROW_COLUMNS "number, name, password_hash, enabled, failed_tries, locked, locked_until"

int pos_operators__load(struct pos_operators *ops, const char *number,
                        struct pos_operators__row *row, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(ops->db, "SELECT " ROW_COLUMNS " FROM operators WHERE number = ?", -1,
                           &st, NULL) != SQLITE_OK)
        return pos_db_fail(ops->db, "operator", why);
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        read_row(st, row);
    sqlite3_finalize(st);
    if (step == SQLITE_ROW)
        return 0;
    if (step == SQLITE_DONE)
        return ps_fail(why, PS_EUNDEFINED, "no operator %s", number);
    return pos_db_fail(ops->db, "operator", why);
}

int pos_operators__save_tries(struct pos_operators *ops, const struct pos_operators__row *row,
                              struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;

    if (sqlite3_prepare_v2(ops->db,
                           "UPDATE operators SET failed_tries = ?2, locked = ?3, locked_until = ?4"
                           " WHERE number = ?1",
                           -1, &st, NULL) != SQLITE_OK)
        return pos_db_fail(ops->db, "operator tries", why);
    sqlite3_bind_text(st, 1, row->info.number, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, row->info.failed_tries);
    sqlite3_bind_int(st, 3, row->info.locked);
    sqlite3_bind_int64(st, 4, row->info.locked_until);
    return run(ops, st, "operator tries", NULL, why);
}

int pos_operators__set_password(struct pos_operators *ops, const char *number, const char *password,
                                struct ps_reason *why)
{
    char hash[POS_PASSWORD_HASH_MAX];
    int rc = pos_password_hash(password, &ops->opt.cost, hash, why);

    if (rc != 0)
        return rc;
    return update_one(ops,
                      "UPDATE operators SET password_hash = :text, failed_tries = 0, locked = 0,"
                      " locked_until = 0 WHERE number = :number",
                      number, hash, 0, "operator password", why);
}

/* Inserts a new operator; the number must be free. */
static int insert(struct pos_operators *ops, const char *number, const char *name,
                  const char *password, struct ps_reason *why)
{
    char hash[POS_PASSWORD_HASH_MAX];
    sqlite3_stmt *st = NULL;
    int rc = pos_password_hash(password, &ops->opt.cost, hash, why);

    if (rc != 0)
        return rc;
    if (sqlite3_prepare_v2(ops->db,
                           "INSERT INTO operators (number, name, password_hash) VALUES (?, ?, ?)"
                           " ON CONFLICT (number) DO NOTHING",
                           -1, &st, NULL) != SQLITE_OK)
        return pos_db_fail(ops->db, "new operator", why);
    sqlite3_bind_text(st, 1, number, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
    int changed = 0;
    rc = run(ops, st, "new operator", &changed, why);
    if (rc == 0 && changed == 0)
        rc = number[0] == '0' && number[1] == '0'
                 ? ps_fail(why, PS_EINVAL, "the supervisor is already set up")
                 : ps_fail(why, PS_EINVAL, "operator %s already exists", number);
    return rc;
}

int pos_operators_setup(struct pos_operators *ops, const char *name, const char *password,
                        struct ps_reason *why)
{
    int rc = name_check(name, why);
    if (rc == 0)
        rc = pos_password_check_rules(password, why);
    if (rc == 0)
        rc = insert(ops, POS_SUPERVISOR_NUMBER, name, password, why);
    return rc;
}

int pos_operators_get(struct pos_operators *ops, const char *number, struct pos_operator_info *out,
                      struct ps_reason *why)
{
    struct pos_operators__row row;
    int rc = pos_operator_number_check(number, why);

    if (rc == 0)
        rc = pos_operators__load(ops, number, &row, why);
    if (rc != 0)
        return rc;
    *out = row.info;
    return 0;
}

int pos_operators_list(struct pos_operators *ops, struct pos_operator_info *out, size_t cap,
                       size_t *n, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    struct pos_operators__row row;
    int step, rc = 0;

    *n = 0;
    if (sqlite3_prepare_v2(ops->db, "SELECT " ROW_COLUMNS " FROM operators ORDER BY number", -1,
                           &st, NULL) != SQLITE_OK)
        return pos_db_fail(ops->db, "operators", why);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            rc = ps_fail(why, PS_ESPACE, "operators: more than %zu", cap);
            break;
        }
        read_row(st, &row);
        out[(*n)++] = row.info;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = pos_db_fail(ops->db, "operators", why);
    sqlite3_finalize(st);
    return rc;
}

/* The checks every management function starts with: the actor may manage operators,
 * number is well-formed, and (when cashier_only) it is not the supervisor's. */
static int may_manage(struct pos_session *actor, const char *number, const char *cashier_only,
                      struct ps_reason *why)
{
    int rc = pos_session_authorize(actor, POS_ACTION_OPERATOR_MANAGEMENT, why);
    if (rc == 0)
        rc = pos_operator_number_check(number, why);
    if (rc == 0 && cashier_only != NULL && pos_operator_role(number) == POS_ROLE_SUPERVISOR)
        rc = ps_fail(why, PS_EINVAL, "%s", cashier_only);
    return rc;
}

int pos_operators_add(struct pos_operators *ops, struct pos_session *actor, const char *number,
                      const char *name, const char *password, struct ps_reason *why)
{
    int rc = may_manage(actor, number, "00 is the supervisor; cashiers are 01 to 99", why);
    if (rc == 0)
        rc = name_check(name, why);
    if (rc == 0)
        rc = pos_password_check_rules(password, why);
    if (rc == 0)
        rc = insert(ops, number, name, password, why);
    return rc;
}

int pos_operators_rename(struct pos_operators *ops, struct pos_session *actor, const char *number,
                         const char *name, struct ps_reason *why)
{
    int rc = may_manage(actor, number, NULL, why);
    if (rc == 0)
        rc = name_check(name, why);
    if (rc == 0)
        rc = update_one(ops, "UPDATE operators SET name = :text WHERE number = :number", number,
                        name, 0, "operator name", why);
    return rc;
}

int pos_operators_set_enabled(struct pos_operators *ops, struct pos_session *actor,
                              const char *number, int enabled, struct ps_reason *why)
{
    int rc = may_manage(actor, number, "the supervisor cannot be disabled", why);
    if (rc == 0)
        rc = update_one(ops, "UPDATE operators SET enabled = :value WHERE number = :number", number,
                        NULL, enabled != 0, "operator enabled", why);
    return rc;
}

int pos_operators_remove(struct pos_operators *ops, struct pos_session *actor, const char *number,
                         struct ps_reason *why)
{
    int rc = may_manage(actor, number, "the supervisor cannot be removed", why);
    if (rc == 0)
        rc = update_one(ops, "DELETE FROM operators WHERE number = :number", number, NULL, 0,
                        "operator removal", why);
    return rc;
}

int pos_operators_reset_password(struct pos_operators *ops, struct pos_session *actor,
                                 const char *number, const char *new_password,
                                 struct ps_reason *why)
{
    int rc =
        may_manage(actor, number,
                   "the supervisor's password is changed by the supervisor, with the old one", why);
    if (rc == 0)
        rc = pos_password_check_rules(new_password, why);
    if (rc == 0)
        rc = pos_operators__set_password(ops, number, new_password, why);
    return rc;
}

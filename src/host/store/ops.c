/* ops.c — the database-independent half of the store: each batch operation as a
 * statement with parameters, rows as parameters and back, and the sentences that name
 * an operation when the database refuses it. */
#include "host/store/backend.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* A fixed-size text field as printf's "%.*s" arguments: never reads past the field. */
#define FIELD(f) (int)sizeof(f), (f)

static const char *const op_names[] = {
    [STORE_MERCHANT_PUT] = "merchant_put",
    [STORE_TERMINAL_PUT] = "terminal_put",
    [STORE_CARD_PUT] = "card_put",
    [STORE_TXN_INSERT] = "txn_insert",
    [STORE_TXN_STATUS] = "txn_status",
    [STORE_TXN_REFUNDED] = "txn_refunded",
    [STORE_CARD_CHANGE] = "card_change",
    [STORE_HOLD_PUT] = "hold_put",
    [STORE_HOLD_STATUS] = "hold_status",
    [STORE_TERMINAL_SESSION] = "terminal_session",
    [STORE_SETTLEMENT_PUT] = "settlement_put",
    [STORE_UPLOAD_PUT] = "upload_put",
    [STORE_USER_PUT] = "user_put",
    [STORE_AUTH_SESSION_PUT] = "auth_session_put",
    [STORE_AUDIT_PUT] = "audit_put",
    [STORE_APPLICATION_PUT] = "application_put",
    [STORE_APPLICATION_GUARD] = "application_guard",
    [STORE_APPLICATION_EVENT_PUT] = "application_event_put",
    [STORE_DOCUMENT_PUT] = "document_put",
    [STORE_STOCK_PUT] = "stock_put",
    [STORE_TERMINAL_STATUS] = "terminal_status",
    [STORE_TICKET_PUT] = "ticket_put",
    [STORE_TICKET_GUARD] = "ticket_guard",
    [STORE_TICKET_COMMENT_PUT] = "ticket_comment_put",
    [STORE_TRAINING_PUT] = "training_put",
    [STORE_PARAM_SET_PUT] = "param_set_put",
    [STORE_PACKAGE_PUT] = "package_put",
    [STORE_ROLLOUT_PUT] = "rollout_put",
    [STORE_ROLLOUT_TARGET_PUT] = "rollout_target_put",
    [STORE_ROLLOUT_TARGET_CHANGE] = "rollout_target_change",
};

static const char *op_name(enum store_op_type type)
{
    if ((unsigned)type >= PS_ARRAY_LEN(op_names) || op_names[type] == NULL)
        return "unknown";
    return op_names[type];
}

/* ---- parameters ------------------------------------------------------------------- */

/* Callers size their lists below STORE__PARAMS_MAX (the statements are fixed), so
 * these never overflow; store__params_from_row checks, since maps vary. */
static void add_i64(struct store__params *p, int64_t v)
{
    p->v[p->count++] = (struct store__value){.i64 = v};
}

static void add_text(struct store__params *p, const char *s, size_t cap)
{
    p->v[p->count++] = (struct store__value){.text = s, .len = strnlen(s, cap)};
}

#define ADD_TEXT(p, field) add_text((p), (field), sizeof(field))

/* uint64 <-> BIGINT: the same 64 bits read as two's complement, spelt out because a
 * cast of an out-of-range value is implementation-defined. */
int64_t store__u64_to_i64(uint64_t u)
{
    return u <= (uint64_t)INT64_MAX ? (int64_t)u : -(int64_t)(UINT64_MAX - u) - 1;
}

static uint64_t i64_to_u64(int64_t i)
{
    return i >= 0 ? (uint64_t)i : UINT64_MAX - (uint64_t)(-(i + 1));
}

int store__params_from_row(const struct store__row_map *map, const void *row,
                           struct store__params *p, struct ps_reason *why)
{
    const char *base = row;

    if (p->count + map->count > STORE__PARAMS_MAX)
        return ps_fail(why, PS_EINVAL, "%s has %zu columns, more than %d parameters", map->table,
                       map->count, STORE__PARAMS_MAX);
    for (size_t i = 0; i < map->count; i++) {
        const struct store__column *col = &map->cols[i];
        const char *field = base + col->offset;
        switch (col->type) {
        case STORE__COL_I64:
            add_i64(p, *(const int64_t *)field);
            break;
        case STORE__COL_U32:
            add_i64(p, *(const uint32_t *)field);
            break;
        case STORE__COL_INT:
            add_i64(p, *(const int *)field);
            break;
        case STORE__COL_U64:
            add_i64(p, store__u64_to_i64(*(const uint64_t *)field));
            break;
        case STORE__COL_TEXT:
            add_text(p, field, col->size);
            break;
        case STORE__COL_KIND: {
            int kind = *(const int *)field;
            const char *name = store__kind_name((enum txn_kind)kind);
            if (name == NULL)
                return ps_fail(why, PS_EINVAL, "%s.%s: %d is not a kind (id %" PRId64 ")",
                               map->table, col->name, kind, *(const int64_t *)base);
            add_text(p, name, strlen(name));
            break;
        }
        }
    }
    return 0;
}

/* ---- rows from columns ------------------------------------------------------------ */

int64_t store__row_id(const struct store__row_map *map, const void *row)
{
    if (strcmp(map->cols[0].name, "id") != 0)
        return 0;
    return *(const int64_t *)((const char *)row + map->cols[0].offset);
}

static int int_out_of_range(const struct store__row_map *map, const struct store__column *col,
                            const void *row, int64_t v, struct ps_reason *why)
{
    return ps_fail(why, PS_EFORMAT,
                   "store: %s.%s: %" PRId64 " does not fit its field (id %" PRId64 ")", map->table,
                   col->name, v, store__row_id(map, row));
}

static int set_text(const struct store__row_map *map, const struct store__column *col, void *row,
                    const struct store__value *v, struct ps_reason *why)
{
    char *field = (char *)row + col->offset;

    if (v->text == NULL)
        return ps_fail(why, PS_EFORMAT, "store: %s.%s: not text (id %" PRId64 ")", map->table,
                       col->name, store__row_id(map, row));
    if (col->type == STORE__COL_KIND) {
        enum txn_kind kind;
        if (store__kind_from_name(v->text, v->len, &kind) != 0)
            return ps_fail(why, PS_EFORMAT,
                           "store: %s.%s: '%.*s' is not a kind this possumd knows (id %" PRId64 ")",
                           map->table, col->name, (int)(v->len > 32 ? 32 : v->len), v->text,
                           store__row_id(map, row));
        *(enum txn_kind *)field = kind;
        return 0;
    }
    if (v->len >= col->size)
        return ps_fail(why, PS_EFORMAT,
                       "store: %s.%s: %zu bytes of text, its field holds %zu (id %" PRId64 ")",
                       map->table, col->name, v->len, col->size - 1, store__row_id(map, row));
    memcpy(field, v->text, v->len);
    field[v->len] = '\0';
    return 0;
}

int store__column_set(const struct store__row_map *map, size_t i, void *row,
                      const struct store__value *v, struct ps_reason *why)
{
    const struct store__column *col = &map->cols[i];
    char *field = (char *)row + col->offset;

    switch (col->type) {
    case STORE__COL_I64:
        *(int64_t *)field = v->i64;
        return 0;
    case STORE__COL_U32:
        if (v->i64 < 0 || v->i64 > (int64_t)UINT32_MAX)
            return int_out_of_range(map, col, row, v->i64, why);
        *(uint32_t *)field = (uint32_t)v->i64;
        return 0;
    case STORE__COL_INT:
        if (v->i64 < INT_MIN || v->i64 > INT_MAX)
            return int_out_of_range(map, col, row, v->i64, why);
        *(int *)field = (int)v->i64;
        return 0;
    case STORE__COL_U64:
        *(uint64_t *)field = i64_to_u64(v->i64);
        return 0;
    case STORE__COL_TEXT:
    case STORE__COL_KIND:
        return set_text(map, col, row, v, why);
    }
    return ps_fail(why, PS_EINVAL, "store: %s.%s: column type %d unknown", map->table, col->name,
                   (int)col->type);
}

/* ---- operations as statements ----------------------------------------------------- */

static int plan_put(struct store__plan *out, enum store__stmt stmt, const void *row,
                    struct ps_reason *why)
{
    out->stmt = stmt;
    return store__params_from_row(store__statements[stmt].map, row, &out->params, why);
}

/* "SET status = to WHERE id = id AND status = from", for txns and holds alike. */
static void plan_status(struct store__plan *out, enum store__stmt stmt,
                        const struct store_status_change *c)
{
    out->stmt = stmt;
    out->guarded = 1;
    ADD_TEXT(&out->params, c->to);
    add_i64(&out->params, c->id);
    ADD_TEXT(&out->params, c->from);
}

static void plan_refund(struct store__plan *out, const struct store_refund_change *c)
{
    out->stmt = STORE__SQL_TXN_REFUNDED;
    out->guarded = 1;
    add_i64(&out->params, c->amount);
    add_i64(&out->params, c->txn_id);
    add_i64(&out->params, c->amount);
    add_i64(&out->params, c->amount);
    add_i64(&out->params, c->amount);
}

/* Parameters in the order of schema.c's card_change_sql. */
static void plan_card_change(struct store__plan *out, const struct store_card_change *c)
{
    struct store__params *p = &out->params;

    out->stmt = STORE__SQL_CARD_CHANGE;
    out->guarded = 1;
    add_i64(p, c->balance_delta);
    ADD_TEXT(p, c->spent_date);
    ADD_TEXT(p, c->spent_date);
    add_i64(p, c->spent_delta);
    ADD_TEXT(p, c->spent_date);
    ADD_TEXT(p, c->spent_date);
    add_i64(p, c->pin_tries);
    add_i64(p, c->pin_tries);
    add_i64(p, c->card_id);
    add_i64(p, c->forced);
    add_i64(p, c->balance_delta);
    add_i64(p, c->balance_delta);
}

/* Guarded too: a session for a terminal the database does not have is a bug, not
 * something to skip quietly. */
static void plan_session(struct store__plan *out, const struct store_session_change *c)
{
    struct store__params *p = &out->params;

    out->stmt = STORE__SQL_TERMINAL_SESSION;
    out->guarded = 1;
    add_i64(p, c->batch);
    add_i64(p, c->batch_settled);
    ADD_TEXT(p, c->signed_in_date);
    ADD_TEXT(p, c->pik);
    ADD_TEXT(p, c->pik);
    ADD_TEXT(p, c->mak);
    ADD_TEXT(p, c->mak);
    add_i64(p, c->updated_us);
    add_i64(p, c->terminal_id);
}

static void plan_terminal_status(struct store__plan *out, const struct store_terminal_status *c)
{
    out->stmt = STORE__SQL_TERMINAL_STATUS;
    out->guarded = 1;
    ADD_TEXT(&out->params, c->to);
    add_i64(&out->params, c->at_us);
    add_i64(&out->params, c->terminal_id);
    ADD_TEXT(&out->params, c->from);
}

static int plan_op(const struct store_op *op, struct store__plan *out, struct ps_reason *why)
{
    switch (op->type) {
    case STORE_MERCHANT_PUT:
        return plan_put(out, STORE__SQL_MERCHANT_PUT, &op->u.merchant, why);
    case STORE_TERMINAL_PUT:
        return plan_put(out, STORE__SQL_TERMINAL_PUT, &op->u.terminal, why);
    case STORE_CARD_PUT:
        return plan_put(out, STORE__SQL_CARD_PUT, &op->u.card, why);
    case STORE_TXN_INSERT:
        return plan_put(out, STORE__SQL_TXN_INSERT, &op->u.txn, why);
    case STORE_HOLD_PUT:
        return plan_put(out, STORE__SQL_HOLD_PUT, &op->u.hold, why);
    case STORE_SETTLEMENT_PUT:
        return plan_put(out, STORE__SQL_SETTLEMENT_PUT, &op->u.settlement, why);
    case STORE_UPLOAD_PUT:
        return plan_put(out, STORE__SQL_UPLOAD_PUT, &op->u.upload, why);
    case STORE_USER_PUT:
        return plan_put(out, STORE__SQL_USER_PUT, &op->u.user, why);
    case STORE_AUTH_SESSION_PUT:
        return plan_put(out, STORE__SQL_AUTH_SESSION_PUT, &op->u.auth_session, why);
    case STORE_AUDIT_PUT:
        if (op->u.audit == NULL)
            return ps_fail(why, PS_EINVAL, "no audit entry");
        return plan_put(out, STORE__SQL_AUDIT_PUT, op->u.audit, why);
    case STORE_APPLICATION_PUT:
    case STORE_APPLICATION_GUARD:
    case STORE_APPLICATION_EVENT_PUT:
    case STORE_DOCUMENT_PUT:
        return store__plan_onboarding(op, out, why);
    case STORE_STOCK_PUT:
        return plan_put(out, STORE__SQL_STOCK_PUT, &op->u.stock, why);
    case STORE_TERMINAL_STATUS:
        plan_terminal_status(out, &op->u.terminal_status);
        return 0;
    case STORE_TICKET_PUT:
    case STORE_TICKET_GUARD:
    case STORE_TICKET_COMMENT_PUT:
        return store__plan_tickets(op, out, why);
    case STORE_TRAINING_PUT:
        if (op->u.training == NULL)
            return ps_fail(why, PS_EINVAL, "no training record");
        return plan_put(out, STORE__SQL_TRAINING_PUT, op->u.training, why);
    case STORE_PARAM_SET_PUT:
        if (op->u.param_set == NULL)
            return ps_fail(why, PS_EINVAL, "no parameter set");
        return plan_put(out, STORE__SQL_PARAM_SET_PUT, op->u.param_set, why);
    case STORE_PACKAGE_PUT:
    case STORE_ROLLOUT_PUT:
    case STORE_ROLLOUT_TARGET_PUT:
    case STORE_ROLLOUT_TARGET_CHANGE:
        return store__plan_rollouts(op, out, why);
    case STORE_TXN_STATUS:
        plan_status(out, STORE__SQL_TXN_STATUS, &op->u.status);
        return 0;
    case STORE_HOLD_STATUS:
        plan_status(out, STORE__SQL_HOLD_STATUS, &op->u.status);
        return 0;
    case STORE_TXN_REFUNDED:
        plan_refund(out, &op->u.refund);
        return 0;
    case STORE_CARD_CHANGE:
        plan_card_change(out, &op->u.card_change);
        return 0;
    case STORE_TERMINAL_SESSION:
        plan_session(out, &op->u.session);
        return 0;
    }
    return ps_fail(why, PS_EINVAL, "type %d is not one store_commit knows", (int)op->type);
}

int store__op_plan(const struct store_op *op, size_t index, struct store__plan *out,
                   struct ps_reason *why)
{
    struct ps_reason inner;

    out->params.count = 0;
    out->guarded = 0;
    int rc = plan_op(op, out, why != NULL ? &inner : NULL);
    if (rc != 0)
        return ps_fail(why, rc, "store: op %zu (%s): %s", index, op_name(op->type), inner.text);
    return 0;
}

/* ---- sentences -------------------------------------------------------------------- */

void store__op_context(const struct store_op *op, size_t index, char *buf, size_t cap)
{
    const struct txn_row *t = &op->u.txn;

    switch (op->type) {
    case STORE_MERCHANT_PUT:
        snprintf(buf, cap, "op %zu, putting merchant %" PRId64 " mid %.*s", index,
                 op->u.merchant.id, FIELD(op->u.merchant.mid));
        return;
    case STORE_TERMINAL_PUT:
        snprintf(buf, cap, "op %zu, putting terminal %" PRId64 " tid %.*s", index,
                 op->u.terminal.id, FIELD(op->u.terminal.tid));
        return;
    case STORE_CARD_PUT:
        snprintf(buf, cap, "op %zu, putting card %" PRId64, index, op->u.card.id);
        return;
    case STORE_TXN_INSERT: {
        const char *kind = store__kind_name(t->kind);
        snprintf(buf, cap,
                 "op %zu, inserting txn %" PRId64 ": tid %.*s batch %" PRIu32 " stan %" PRIu32
                 " %s, rrn %.*s",
                 index, t->id, FIELD(t->tid), t->batch, t->stan, kind != NULL ? kind : "?",
                 FIELD(t->rrn));
        return;
    }
    case STORE_TXN_STATUS:
    case STORE_HOLD_STATUS:
        snprintf(buf, cap, "op %zu, %s %" PRId64 " from %.*s to %.*s", index,
                 op->type == STORE_TXN_STATUS ? "txn" : "hold", op->u.status.id,
                 FIELD(op->u.status.from), FIELD(op->u.status.to));
        return;
    case STORE_TXN_REFUNDED:
        snprintf(buf, cap, "op %zu, refunding %" PRId64 " more of txn %" PRId64, index,
                 op->u.refund.amount, op->u.refund.txn_id);
        return;
    case STORE_CARD_CHANGE:
        snprintf(buf, cap, "op %zu, changing card %" PRId64 " by %" PRId64, index,
                 op->u.card_change.card_id, op->u.card_change.balance_delta);
        return;
    case STORE_HOLD_PUT:
        snprintf(buf, cap, "op %zu, putting hold %" PRId64 " of txn %" PRId64, index, op->u.hold.id,
                 op->u.hold.txn_id);
        return;
    case STORE_TERMINAL_SESSION:
        snprintf(buf, cap, "op %zu, the session of terminal %" PRId64, index,
                 op->u.session.terminal_id);
        return;
    case STORE_SETTLEMENT_PUT:
        snprintf(buf, cap,
                 "op %zu, putting settlement %" PRId64 " of terminal %" PRId64 " batch %" PRIu32,
                 index, op->u.settlement.id, op->u.settlement.terminal_id, op->u.settlement.batch);
        return;
    case STORE_UPLOAD_PUT:
        snprintf(buf, cap,
                 "op %zu, putting upload %" PRId64 " of terminal %" PRId64 " stan %" PRIu32, index,
                 op->u.upload.id, op->u.upload.terminal_id, op->u.upload.stan);
        return;
    case STORE_USER_PUT:
        snprintf(buf, cap, "op %zu, putting user %" PRId64 " (%.32s)", index, op->u.user.id,
                 op->u.user.username);
        return;
    case STORE_AUTH_SESSION_PUT:
        snprintf(buf, cap, "op %zu, putting login session %" PRId64 " of user %" PRId64, index,
                 op->u.auth_session.id, op->u.auth_session.user_id);
        return;
    case STORE_AUDIT_PUT:
        snprintf(buf, cap, "op %zu, adding audit entry %" PRId64 " (%.48s)", index,
                 op->u.audit != NULL ? op->u.audit->id : 0,
                 op->u.audit != NULL ? op->u.audit->action : "none");
        return;
    case STORE_APPLICATION_PUT:
    case STORE_APPLICATION_GUARD:
    case STORE_APPLICATION_EVENT_PUT:
    case STORE_DOCUMENT_PUT:
        store__onboarding_context(op, index, buf, cap);
        return;
    case STORE_STOCK_PUT:
        snprintf(buf, cap, "op %zu, putting stock terminal %" PRId64 " (%.32s)", index,
                 op->u.stock.id, op->u.stock.serial);
        return;
    case STORE_TERMINAL_STATUS:
        snprintf(buf, cap, "op %zu, terminal %" PRId64 " from %.15s to %.15s", index,
                 op->u.terminal_status.terminal_id, op->u.terminal_status.from,
                 op->u.terminal_status.to);
        return;
    case STORE_TICKET_PUT:
    case STORE_TICKET_GUARD:
    case STORE_TICKET_COMMENT_PUT:
        store__tickets_context(op, index, buf, cap);
        return;
    case STORE_TRAINING_PUT:
        snprintf(buf, cap, "op %zu, adding training record %" PRId64 " of merchant %" PRId64, index,
                 op->u.training != NULL ? op->u.training->id : 0,
                 op->u.training != NULL ? op->u.training->merchant_id : 0);
        return;
    case STORE_PARAM_SET_PUT:
        snprintf(buf, cap, "op %zu, adding parameter set version %u", index,
                 op->u.param_set != NULL ? (unsigned)op->u.param_set->version : 0u);
        return;
    case STORE_PACKAGE_PUT:
    case STORE_ROLLOUT_PUT:
    case STORE_ROLLOUT_TARGET_PUT:
    case STORE_ROLLOUT_TARGET_CHANGE:
        store__rollouts_context(op, index, buf, cap);
        return;
    }
    snprintf(buf, cap, "op %zu, of unknown type %d", index, (int)op->type);
}

int store__op_refused(const struct store_op *op, size_t index, struct ps_reason *why)
{
    const char *name = op_name(op->type);

    switch (op->type) {
    case STORE_TXN_STATUS:
    case STORE_HOLD_STATUS:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: %s %" PRId64
                       " is not '%.*s' (or does not exist), so cannot become '%.*s'",
                       index, name, op->type == STORE_TXN_STATUS ? "txn" : "hold", op->u.status.id,
                       FIELD(op->u.status.from), FIELD(op->u.status.to));
    case STORE_TXN_REFUNDED:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: txn %" PRId64 " cannot take %" PRId64
                       " more refunded (beyond its amount or below 0, not approved, or no such txn)",
                       index, name, op->u.refund.txn_id, op->u.refund.amount);
    case STORE_CARD_CHANGE:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: card %" PRId64
                       " balance cannot change by %" PRId64 " (below 0, or no such card)",
                       index, name, op->u.card_change.card_id, op->u.card_change.balance_delta);
    case STORE_TERMINAL_SESSION:
        return ps_fail(why, PS_ECHECK, "store: op %zu (%s) refused: no terminal %" PRId64, index,
                       name, op->u.session.terminal_id);
    case STORE_TERMINAL_STATUS:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: terminal %" PRId64
                       " is not '%.15s' (or does not exist), so cannot become '%.15s'",
                       index, name, op->u.terminal_status.terminal_id,
                       op->u.terminal_status.from, op->u.terminal_status.to);
    case STORE_TICKET_GUARD:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: ticket %" PRId64
                       " changed since it was read (or does not exist)",
                       index, name, op->u.ticket_guard.id);
    case STORE_ROLLOUT_TARGET_CHANGE:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: rollout target %" PRId64
                       " is no longer %.11s as read (or does not exist), so cannot become %.11s",
                       index, name, op->u.target_change.id, op->u.target_change.from_state,
                       op->u.target_change.to_state);
    case STORE_APPLICATION_GUARD:
        return ps_fail(why, PS_ECHECK,
                       "store: op %zu (%s) refused: application %" PRId64
                       " changed since it was read (or does not exist)",
                       index, name, op->u.application_guard.id);
    default:
        return ps_fail(why, PS_ECHECK, "store: op %zu (%s) changed no row", index, name);
    }
}

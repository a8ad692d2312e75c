/* The terminal stock over the store (stock.h). The life cycle is terminals.h's table;
 * this file loads the rows, applies it, and commits the rows with their audit entry.
 *
 * Ids: stock rows and the host's terminals rows made here come from office_next_id(),
 * like every back-office row. Each is committed with an audit entry whose id comes
 * after it, so the audit table's highest id (what office_open continues after) is above
 * every id this file has used. */
#include "host/office/tms/stock.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/calendar.h"
#include "host/office/tms/activation_code.h"
#include "host/office/tms/stock_internal.h"

#define TID_FIRST 10000001u /* the range TIDs are given from */
#define TID_LAST  99999999u

/* What its last heartbeat said (watch.h), and the ticket its silence opened. */
static json_t *heartbeat_json(const struct stock_row *s)
{
    json_t *j =
        json_pack("{s:I, s:s, s:I, s:s, s:I}", "last_seen_us", (json_int_t)s->last_seen_us,
                  "app_version", s->app_version, "params_version", (json_int_t)s->params_version,
                  "printer", s->printer_state, "last_txn_us", (json_int_t)s->last_txn_us);
    if (j != NULL && s->offline_ticket_id != 0)
        json_object_set_new(j, "offline_ticket_id", json_integer(s->offline_ticket_id));
    return j;
}

json_t *office_stock_json(const struct stock_row *s)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)s->id, "serial",
                          s->serial, "model", s->model, "vendor", s->vendor, "state", s->state,
                          "updated_us", (json_int_t)s->updated_us);
    if (j == NULL)
        return NULL;
    if (s->merchant_id != 0)
        json_object_set_new(j, "merchant_id", json_integer(s->merchant_id));
    if (s->tid[0] != '\0')
        json_object_set_new(j, "tid", json_string(s->tid));
    if (s->installed_date[0] != '\0')
        json_object_set_new(j, "installed_date", json_string(s->installed_date));
    if (s->last_reason[0] != '\0')
        json_object_set_new(j, "last_reason", json_string(s->last_reason));
    if (s->group_name[0] != '\0')
        json_object_set_new(j, "group", json_string(s->group_name));
    if (s->code_hash[0] != '\0' && !s->code_used)
        json_object_set_new(j, "code_expires_us", json_integer(s->code_expires_us));
    if (s->last_seen_us != 0)
        json_object_set_new(j, "heartbeat", heartbeat_json(s));
    return j;
}

/* The life cycle's view of a row. */
static int as_terminal(const struct stock_row *s, struct office_terminal *t, struct ps_reason *why)
{
    memset(t, 0, sizeof(*t));
    snprintf(t->serial, sizeof(t->serial), "%s", s->serial);
    snprintf(t->model, sizeof(t->model), "%s", s->model);
    snprintf(t->vendor, sizeof(t->vendor), "%s", s->vendor);
    snprintf(t->tid, sizeof(t->tid), "%s", s->tid);
    return office_terminal_state_parse(s->state, &t->state, why);
}

/* Commits the operations in b (the caller's) with an audit entry of the stock row. */
int stock__commit(struct office *o, struct store_batch *b,
                             const struct office_actor *actor, const char *action,
                             const struct stock_row *row, json_t *before, struct ps_reason *why)
{
    struct audit_row entry;
    int rc = office_audit_add(o, b, &entry, actor, action, "terminal", row->id, before,
                              office_stock_json(row), why);
    if (rc == 0)
        rc = store_commit(o->store, b, why);
    store_batch_free(b);
    return rc;
}

int stock__put(struct store_batch *b, const struct stock_row *row, struct ps_reason *why)
{
    struct store_op *op = store_batch_add(b, STORE_STOCK_PUT);
    if (op == NULL)
        return ps_fail(why, PS_ENOMEM, "out of memory");
    op->u.stock = *row;
    return 0;
}

int office_stock_add(struct office *o, const struct office_actor *actor,
                     const struct office_stock_input *in, struct stock_row *out, const char **field,
                     struct ps_reason *why)
{
    struct office_terminal t;
    struct stock_row taken;
    struct store_batch b;

    *field = in->serial == NULL ? "serial" : in->model == NULL ? "model" : "vendor";
    if (in->serial == NULL || in->model == NULL || in->vendor == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    *field = NULL;
    int rc = office_terminal_init(&t, in->serial, in->model, in->vendor, why);
    if (rc != 0)
        return rc; /* why names the field ("serial: ...") */
    *field = "serial";
    rc = store_find_stock_by_serial(o->store, in->serial, &taken, why);
    if (rc != 0)
        return rc < 0 ? rc
                      : ps_fail(why, PS_ECHECK, "%s is in stock already (terminal %" PRId64 ")",
                                in->serial, taken.id);
    memset(out, 0, sizeof(*out));
    out->id = office_next_id(o);
    snprintf(out->serial, sizeof(out->serial), "%s", t.serial);
    snprintf(out->model, sizeof(out->model), "%s", t.model);
    snprintf(out->vendor, sizeof(out->vendor), "%s", t.vendor);
    snprintf(out->state, sizeof(out->state), "%s", office_terminal_state_name(t.state));
    out->created_us = out->updated_us = office_now_us(o);
    *field = NULL;
    store_batch_init(&b);
    rc = stock__put(&b, out, why);
    if (rc != 0) {
        store_batch_free(&b);
        return rc;
    }
    return stock__commit(o, &b, actor, "terminal.add", out, NULL, why);
}

/* ---- assignment ---------------------------------------------------------------------- */

struct used_tids {
    uint32_t *v;
    size_t n, cap;
};

static int take_tid(void *ctx, const char *tid)
{
    struct used_tids *u = ctx;
    if (u->n == u->cap) {
        size_t cap = u->cap != 0 ? u->cap * 2 : 1024;
        uint32_t *v = realloc(u->v, cap * sizeof(*v));
        if (v == NULL)
            return 1;
        u->v = v;
        u->cap = cap;
    }
    u->v[u->n++] = (uint32_t)strtoul(tid, NULL, 10); /* 8 digits: the host's rows are checked */
    return 0;
}

static int next_tid(struct office *o, char tid[OFFICE_TID_LEN + 1], struct ps_reason *why)
{
    struct used_tids used = {NULL, 0, 0};
    struct office_tid_range range = {TID_FIRST, TID_LAST};
    int rc = store_each_tid(o->store, take_tid, &used, why);
    if (rc > 0)
        rc = ps_fail(why, PS_ENOMEM, "out of memory reading the TIDs");
    if (rc == 0)
        rc = office_tid_allocate(&range, used.v, used.n, tid, why);
    free(used.v);
    return rc;
}

/* The host's row of a newly assigned terminal: no key until it is activated, and a
 * status the engine declines. */
static void host_row(struct terminal_row *t, const struct stock_row *s, int64_t id, int64_t now)
{
    memset(t, 0, sizeof(*t));
    t->id = id;
    snprintf(t->tid, sizeof(t->tid), "%s", s->tid);
    t->merchant_id = s->merchant_id;
    snprintf(t->status, sizeof(t->status), "activation_pending");
    t->batch = 1;
    t->updated_us = now;
}

int stock__load(struct office *o, int64_t id, struct stock_row *out, struct office_terminal *t,
                struct ps_reason *why)
{
    int rc = store_find_stock(o->store, id, out, why);
    if (rc <= 0)
        return rc < 0 ? rc : ps_fail(why, OFFICE_NOT_FOUND, "no terminal %" PRId64, id);
    return as_terminal(out, t, why);
}

int stock__assign(struct office *o, struct stock_row *s, struct office_terminal *t,
                  const struct merchant_row *m, char code[PS_ACTIVATION_CODE_DIGITS + 1],
                  struct terminal_row *host, struct ps_reason *why)
{
    struct office_activation_code rec;
    int64_t now = office_now_us(o);
    int rc = s->tid[0] == '\0' ? next_tid(o, s->tid, why) : 0; /* a returned one keeps its TID */
    struct office_terminal_event assign = {OFFICE_TERMINAL_ASSIGN, m->mid, s->tid, NULL};
    struct office_terminal_event issue = {OFFICE_TERMINAL_ISSUE_CODE, NULL, NULL, NULL};
    if (rc == 0 && (rc = office_terminal_apply(t, &assign, why)) == 0)
        rc = office_terminal_apply(t, &issue, why);
    if (rc == 0)
        rc = office_activation_code_issue(&rec, code, s->serial, now, OFFICE_CODE_VALIDITY_US,
                                          OFFICE_CODE_TRIES, NULL, why);
    if (rc != 0)
        return rc;
    s->merchant_id = m->id;
    if (s->terminal_id == 0)
        s->terminal_id = office_next_id(o);
    snprintf(s->state, sizeof(s->state), "%s", office_terminal_state_name(t->state));
    snprintf(s->code_hash, sizeof(s->code_hash), "%s", rec.hash);
    s->code_issued_us = rec.issued_at_us;
    s->code_expires_us = rec.expires_at_us;
    s->code_max_tries = rec.max_tries;
    s->code_wrong_tries = 0;
    s->code_used = 0;
    s->updated_us = now;
    host_row(host, s, s->terminal_id, now);
    return 0;
}

/* The merchant a terminal is assigned to, when there is one; else why, naming it. */
static int merchant_of(struct office *o, int64_t id, struct merchant_row *m, struct ps_reason *why)
{
    int rc = store_find_merchant(o->store, id, m, why);
    return rc < 0 ? rc : rc == 0 ? ps_fail(why, OFFICE_NOT_FOUND, "no merchant %" PRId64, id) : 0;
}

int office_stock_assign(struct office *o, const struct office_actor *actor, int64_t id,
                        int64_t merchant_id, struct stock_row *out,
                        char code[PS_ACTIVATION_CODE_DIGITS + 1], const char **field,
                        struct ps_reason *why)
{
    struct office_terminal t;
    struct merchant_row m;
    struct terminal_row host;
    struct store_batch b;
    enum office_terminal_state to;

    *field = NULL;
    int rc = stock__load(o, id, out, &t, why);
    if (rc != 0)
        return rc;
    json_t *before = office_stock_json(out);
    if ((rc = office_terminal_next_state(t.state, OFFICE_TERMINAL_ASSIGN, &to, why)) == 0) {
        *field = "merchant_id"; /* the life cycle allows it: is there such a merchant */
        rc = merchant_of(o, merchant_id, &m, why);
    }
    if (rc == 0 && (rc = stock__assign(o, out, &t, &m, code, &host, why)) == 0)
        *field = NULL;
    store_batch_init(&b);
    struct store_op *op = rc == 0 ? store_batch_add(&b, STORE_TERMINAL_PUT) : NULL;
    if (rc == 0 && op == NULL)
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.terminal = host;
        rc = stock__put(&b, out, why);
    }
    if (rc != 0) {
        store_batch_free(&b);
        json_decref(before);
        return rc;
    }
    return stock__commit(o, &b, actor, "terminal.assign", out, before, why);
}

/* ---- locks and the like ---------------------------------------------------------------- */

/* What the host's status becomes, from what, for an action; 0 when the host is not told. */
static int host_status_change(enum office_terminal_action action, const char **from,
                              const char **to)
{
    switch (action) {
    case OFFICE_TERMINAL_LOCK:
        *from = "active", *to = "locked";
        return 1;
    case OFFICE_TERMINAL_UNLOCK:
        *from = "locked", *to = "active";
        return 1;
    case OFFICE_TERMINAL_SUSPEND:
        *from = "active", *to = "suspended";
        return 1;
    case OFFICE_TERMINAL_RESUME:
        *from = "suspended", *to = "active";
        return 1;
    default:
        return 0;
    }
}

int office_stock_act(struct office *o, const struct office_actor *actor, int64_t id,
                     enum office_terminal_action action, const char *reason, struct stock_row *out,
                     struct ps_reason *why)
{
    struct office_terminal t;
    struct store_batch b;
    const char *from = NULL, *to = NULL;
    int rc = stock__load(o, id, out, &t, why);
    if (rc != 0)
        return rc;
    if (!host_status_change(action, &from, &to))
        return ps_fail(why, PS_EUNDEFINED, "%s is not done this way",
                       office_terminal_action_name(action));
    json_t *before = office_stock_json(out);
    struct office_terminal_event ev = {action, NULL, NULL, reason};
    if ((rc = office_terminal_apply(&t, &ev, why)) != 0) {
        json_decref(before);
        return rc;
    }
    snprintf(out->state, sizeof(out->state), "%s", office_terminal_state_name(t.state));
    snprintf(out->last_reason, sizeof(out->last_reason), "%s", reason != NULL ? reason : "");
    out->updated_us = office_now_us(o);
    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_TERMINAL_STATUS);
    rc = op != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.terminal_status.terminal_id = out->terminal_id;
        snprintf(op->u.terminal_status.from, sizeof(op->u.terminal_status.from), "%s", from);
        snprintf(op->u.terminal_status.to, sizeof(op->u.terminal_status.to), "%s", to);
        op->u.terminal_status.at_us = out->updated_us;
        rc = stock__put(&b, out, why);
    }
    if (rc != 0) {
        store_batch_free(&b);
        json_decref(before);
        return rc;
    }
    char action_name[48];
    snprintf(action_name, sizeof(action_name), "terminal.%s", office_terminal_action_name(action));
    return stock__commit(o, &b, actor, action_name, out, before, why);
}

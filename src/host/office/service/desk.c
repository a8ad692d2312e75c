/* The service desk over the store (desk.h): opening a ticket, who sees which, a
 * ticket as JSON, and the one way a change is committed. The steps after opening are
 * desk_steps.c's.
 *
 * Ids: tickets and comments come from office_next_id(), like every back-office row, and
 * each is committed with an audit entry whose id is taken after it, so the audit
 * table's highest id (what office_open continues after) is above every id used here. */
#include "host/office/service/desk.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/onboarding/applications.h"
#include "host/office/onboarding/text.h"
#include "host/office/service/desk_internal.h"
#include "host/store/tickets.h"

static enum office_role actor_role(const struct office_actor *actor)
{
    enum office_role role;
    const char *name = actor->user.role;
    if (office_role_from_name(name, strlen(name), &role, NULL) != 0)
        return (enum office_role)0;
    return role;
}

bool office__desk_staff(const struct office_actor *actor)
{
    switch (actor_role(actor)) {
    case OFFICE_ROLE_ADMIN:
    case OFFICE_ROLE_SUPPORT:
    case OFFICE_ROLE_OPERATIONS:
    case OFFICE_ROLE_TECHNICIAN:
        return true;
    default:
        return false;
    }
}

int64_t office__desk_merchant(const struct office_actor *actor)
{
    return actor_role(actor) == OFFICE_ROLE_MERCHANT ? actor->user.merchant_id : 0;
}

int office_desk_scope(const struct office_actor *actor, int64_t *merchant_id, struct ps_reason *why)
{
    *merchant_id = 0;
    if (office__desk_staff(actor))
        return 0;
    *merchant_id = office__desk_merchant(actor);
    if (*merchant_id != 0)
        return 0;
    return ps_fail(why, OFFICE_DENIED,
                   "tickets are for the admin, support, operations, technician and merchant roles");
}

int office_desk_find(struct office *o, const struct office_actor *actor, int64_t id,
                     struct ticket_row *out, struct ps_reason *why)
{
    int64_t own = 0;
    int rc = office_desk_scope(actor, &own, why);
    if (rc != 0)
        return rc;
    rc = store_find_ticket(o->store, id, out, why);
    if (rc < 0)
        return rc;
    /* another merchant's ticket is as absent as one never opened: its existence is not
     * the caller's business */
    if (rc == 0 || (own != 0 && out->merchant_id != own))
        return ps_fail(why, OFFICE_NOT_FOUND, "no ticket %" PRId64, id);
    return 0;
}

int office_warranty_months_of(const struct office *o, const char *model)
{
    for (const struct office_warranty_months *w = o->cfg.warranty; w != NULL && w->model != NULL;
         w++)
        if (strcmp(w->model, model) == 0)
            return w->months;
    return OFFICE_WARRANTY_MONTHS_DEFAULT;
}

/* ---- JSON -------------------------------------------------------------------------- */

static void set_id(json_t *j, const char *name, int64_t v)
{
    if (v != 0)
        json_object_set_new(j, name, json_integer(v));
}

json_t *office_ticket_json(const struct ticket_row *t, int64_t now_us)
{
    struct office_ticket state = {0};

    (void)office_ticket_status_parse(t->status, &state.status, NULL);
    state.due_at_us = t->due_us;
    json_t *j = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:b}", "id", (json_int_t)t->id,
        "number", t->number, "category", t->category, "priority", t->priority, "status", t->status,
        "title", t->title, "description", t->description, "opened_by", (json_int_t)t->opened_by,
        "opened_us", (json_int_t)t->opened_us, "updated_us", (json_int_t)t->updated_us, "due_us",
        (json_int_t)t->due_us, "overdue", office_ticket_overdue(&state, now_us));
    if (j == NULL)
        return NULL;
    set_id(j, "merchant_id", t->merchant_id);
    set_id(j, "terminal_id", t->stock_id);
    set_id(j, "assignee_id", t->assignee_id);
    set_id(j, "resolved_us", t->resolved_us);
    set_id(j, "closed_us", t->closed_us);
    if (strcmp(t->category, "repair") == 0 && t->stock_id != 0) {
        json_t *w = json_pack("{s:b}", "free", t->warranty_free);
        if (t->warranty_end[0] != '\0')
            json_object_set_new(w, "ends", json_string(t->warranty_end));
        json_object_set_new(j, "warranty", w);
    }
    if (t->last_reason[0] != '\0')
        json_object_set_new(j, "last_reason", json_string(t->last_reason));
    return j;
}

json_t *office_ticket_comment_json(const struct ticket_comment_row *c)
{
    return json_pack("{s:I, s:I, s:I, s:s, s:I, s:s}", "id", (json_int_t)c->id, "ticket_id",
                     (json_int_t)c->ticket_id, "author_id", (json_int_t)c->author_id, "author",
                     c->author, "at_us", (json_int_t)c->at_us, "text", c->text);
}

/* ---- committing ---------------------------------------------------------------------- */

int office__desk_commit(struct office *o, struct store_batch *b, const struct office_actor *actor,
                        const char *action, const struct ticket_row *t,
                        const struct ticket_row *guard, json_t *before, struct ps_reason *why)
{
    struct audit_row entry;
    struct store_op *op = NULL;
    int rc = 0;

    if (guard != NULL) {
        op = store_batch_add(b, STORE_TICKET_GUARD);
        if (op != NULL) {
            op->u.ticket_guard.id = guard->id;
            snprintf(op->u.ticket_guard.status, sizeof(op->u.ticket_guard.status), "%s",
                     guard->status);
            op->u.ticket_guard.updated_us = guard->updated_us;
        }
    }
    if (guard == NULL || op != NULL)
        op = store_batch_add(b, STORE_TICKET_PUT);
    if (op == NULL) {
        json_decref(before);
        rc = ps_fail(why, PS_ENOMEM, "out of memory");
        goto out;
    }
    op->u.ticket = t;
    rc = office_audit_add(o, b, &entry, actor, action, "ticket", t->id, before,
                          office_ticket_json(t, t->updated_us), why);
    if (rc == 0)
        rc = store_commit(o->store, b, why);
out:
    store_batch_free(b);
    return rc;
}

/* ---- opening ----------------------------------------------------------------------- */

/* A one-line title of 1 to 100 characters. */
static int check_title(const char *title, struct ps_reason *why)
{
    static const struct office__text_rules rules = {ROW_TICKET_TITLE - 1, OFFICE_TICKET_TITLE_CHARS,
                                                    0};
    struct ps_reason inner;
    size_t len = strlen(title);

    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "must not be empty");
    if (office__text_check(title, len, &rules, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "%s", inner.text);
    return 0;
}

/* The field a draft's reason is about ("serial: ..." is the terminal's). */
static const char *draft_field(const char *reason)
{
    if (strncmp(reason, "serial", 6) == 0)
        return "terminal_id";
    if (strncmp(reason, "mid", 3) == 0)
        return "merchant_id";
    if (strncmp(reason, "priority", 8) == 0)
        return "priority";
    if (strncmp(reason, "category", 8) == 0)
        return "category";
    return "description";
}

/* The merchant and terminal a ticket is about, checked against each other and the
 * actor: into t and the draft. */
static int resolve_subject(struct office *o, const struct office_actor *actor,
                           const struct office_ticket_input *in, struct ticket_row *t,
                           struct office_ticket_draft *d, struct stock_row *stock,
                           const char **field, struct ps_reason *why)
{
    int64_t own = office__desk_merchant(actor);
    struct merchant_row m;
    int rc;

    t->merchant_id = in->merchant_id;
    if (own != 0) {
        *field = "merchant_id";
        if (in->merchant_id != 0 && in->merchant_id != own)
            return ps_fail(why, OFFICE_DENIED,
                           "a merchant user opens tickets for its own merchant only");
        t->merchant_id = own;
    }
    if (in->terminal_id != 0) {
        *field = "terminal_id";
        rc = store_find_stock(o->store, in->terminal_id, stock, why);
        if (rc < 0)
            return rc;
        if (rc == 0 || (own != 0 && stock->merchant_id != own))
            return ps_fail(why, OFFICE_NOT_FOUND, "no terminal %" PRId64, in->terminal_id);
        if (t->merchant_id == 0)
            t->merchant_id = stock->merchant_id;
        else if (stock->merchant_id != t->merchant_id)
            return ps_fail(why, PS_EINVAL, "terminal %" PRId64 " is not with merchant %" PRId64,
                           in->terminal_id, t->merchant_id);
        t->stock_id = stock->id;
        snprintf(d->serial, sizeof(d->serial), "%s", stock->serial);
    }
    if (t->merchant_id != 0) {
        *field = "merchant_id";
        rc = store_find_merchant(o->store, t->merchant_id, &m, why);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return ps_fail(why, OFFICE_NOT_FOUND, "no merchant %" PRId64, t->merchant_id);
        snprintf(d->mid, sizeof(d->mid), "%s", m.mid);
    }
    *field = NULL;
    return 0;
}

/* Whether a repair on today is free: from the terminal's installation date and its
 * model's warranty. */
static int decide_warranty(struct office *o, const struct stock_row *stock, uint32_t today,
                           struct ticket_row *t, struct ps_reason *why)
{
    uint32_t installed = 0, end = 0;
    bool is_free = false;
    int months = office_warranty_months_of(o, stock->model);

    if (stock->installed_date[0] == '\0') {
        t->warranty_free = 1; /* never installed at a merchant: still the provider's */
        return 0;
    }
    int rc =
        office_date_parse(stock->installed_date, strlen(stock->installed_date), &installed, why);
    if (rc == 0)
        rc = office_warranty_end(installed, months, &end, why);
    if (rc == 0)
        rc = office_warranty_covers(installed, months, today, &is_free, why);
    if (rc != 0)
        return rc;
    t->warranty_free = is_free;
    snprintf(t->warranty_end, sizeof(t->warranty_end), "%08u", (unsigned)end);
    return 0;
}

static int number_ticket(struct office *o, uint32_t today, struct ticket_row *t,
                         struct ps_reason *why)
{
    char prefix[16];
    int64_t n = 0;

    snprintf(prefix, sizeof(prefix), "T%08u-", (unsigned)today);
    int rc = store_count_ticket_numbers(o->store, prefix, &n, why);
    if (rc == 0)
        snprintf(t->number, sizeof(t->number), "%s%04" PRId64, prefix, n + 1);
    return rc;
}

int office_desk_open(struct office *o, const struct office_actor *actor,
                     const struct office_ticket_input *in, struct ticket_row *out,
                     const char **field, struct ps_reason *why)
{
    struct office_ticket_draft d;
    struct office_ticket state;
    struct stock_row stock;
    struct store_batch b;
    int64_t now = office_now_us(o);
    uint32_t today = office_onboarding_today(o);
    int rc;

    memset(out, 0, sizeof(*out));
    memset(&d, 0, sizeof(d));
    memset(&stock, 0, sizeof(stock));
    *field = NULL;
    if (!office__desk_staff(actor) && office__desk_merchant(actor) == 0)
        return ps_fail(why, OFFICE_DENIED,
                       "opening a ticket needs the admin, support, operations, technician or "
                       "merchant role");
    *field = "category";
    if (in->category == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if ((rc = office_ticket_category_parse(in->category, &d.category, why)) != 0)
        return rc;
    *field = "priority";
    d.priority = OFFICE_TICKET_NORMAL;
    if (in->priority != NULL &&
        (rc = office_ticket_priority_parse(in->priority, &d.priority, why)) != 0)
        return rc;
    *field = "title";
    if (in->title == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if ((rc = check_title(in->title, why)) != 0)
        return rc;
    *field = "description";
    if (in->description == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if (strlen(in->description) > OFFICE_TICKET_DESC_MAX)
        return ps_fail(why, PS_EFORMAT, "has %zu bytes; at most %d", strlen(in->description),
                       OFFICE_TICKET_DESC_MAX);
    snprintf(d.description, sizeof(d.description), "%s", in->description);
    if ((rc = resolve_subject(o, actor, in, out, &d, &stock, field, why)) != 0)
        return rc;
    if ((rc = office_ticket_open(&state, &d, now, why)) != 0) {
        *field = draft_field(why != NULL ? why->text : "");
        return rc;
    }
    if (d.category == OFFICE_TICKET_REPAIR && out->stock_id != 0 &&
        (rc = decide_warranty(o, &stock, today, out, why)) != 0)
        return rc;
    if ((rc = number_ticket(o, today, out, why)) != 0)
        return rc;
    out->id = office_next_id(o);
    snprintf(out->category, sizeof(out->category), "%s", office_ticket_category_name(d.category));
    snprintf(out->priority, sizeof(out->priority), "%s", office_ticket_priority_name(d.priority));
    snprintf(out->status, sizeof(out->status), "%s", office_ticket_status_name(state.status));
    snprintf(out->title, sizeof(out->title), "%s", in->title);
    snprintf(out->description, sizeof(out->description), "%s", d.description);
    out->opened_by = actor->user.id;
    out->opened_us = out->updated_us = now;
    out->due_us = state.due_at_us;
    store_batch_init(&b);
    return office__desk_commit(o, &b, actor, "ticket.open", out, NULL, NULL, why);
}

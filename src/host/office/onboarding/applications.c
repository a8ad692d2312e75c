/* Merchant applications over the store (applications.h): who sees which, creating and
 * editing drafts, lists, and the commit every change goes through. The steps are in
 * steps.c, documents in documents.c. */
#include "host/office/onboarding/applications.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/onboarding/applications_internal.h"
#include "host/office/onboarding/records.h"

/* ---- rules, roles, scope ------------------------------------------------------------ */

static const struct office_onboarding_rules default_rules = {
    .acquirer = "898",
    .area = "1000",
    .offset_minutes = 480,
    .fee_ppm = 6000,
};

const struct office_onboarding_rules *office_onboarding_rules_default(void)
{
    return &default_rules;
}

const struct office_onboarding_rules *office_onboarding_rules(const struct office *o)
{
    return o->cfg.onboarding != NULL ? o->cfg.onboarding : &default_rules;
}

uint32_t office_onboarding_today(const struct office *o)
{
    uint32_t today = 0;
    office_local_date(office_now_us(o), office_onboarding_rules(o)->offset_minutes, &today, NULL);
    return today;
}

enum office_role office__actor_role(const struct office_actor *actor)
{
    enum office_role role;
    const char *name = actor->user.role;
    if (office_role_from_name(name, strlen(name), &role, NULL) != 0)
        return (enum office_role)0;
    return role;
}

void office__problems_append(struct office_problems *to, const struct office_problems *from)
{
    for (size_t i = 0; i < from->count; i++)
        office_problem_add(to, from->items[i].field, from->items[i].code, "%s",
                           from->items[i].reason.text);
}

int office_application_own(const struct office_actor *actor, const struct application_row *row)
{
    switch (office__actor_role(actor)) {
    case OFFICE_ROLE_AGENT:
        return row->agent_id != 0 && row->agent_id == actor->user.agent_id;
    case OFFICE_ROLE_MERCHANT:
        return strcmp(row->channel, "online") == 0 && row->owner_merchant_id != 0 &&
               row->owner_merchant_id == actor->user.merchant_id;
    default:
        return 0;
    }
}

int office_application_visible(const struct office_actor *actor, const struct application_row *row)
{
    int64_t mine = actor->user.merchant_id;
    enum office_role role = office__actor_role(actor);
    if (role == OFFICE_ROLE_AGENT)
        return office_application_own(actor, row);
    if (role == OFFICE_ROLE_MERCHANT)
        return mine != 0 && (row->owner_merchant_id == mine || row->merchant_id == mine);
    return role != 0; /* staff see every application */
}

int office_application_get(struct office *o, const struct office_actor *actor, int64_t id,
                           struct application_row *out, struct merchant_row *merchant,
                           struct ps_reason *why)
{
    int rc = store_find_application(o->store, id, out, why);
    if (rc <= 0)
        return rc;
    if (!office_application_visible(actor, out))
        return 0;
    if (merchant == NULL)
        return 1;
    memset(merchant, 0, sizeof(*merchant));
    if (out->merchant_id != 0) {
        rc = store_find_merchant(o->store, out->merchant_id, merchant, why);
        if (rc < 0)
            return rc;
    }
    return 1;
}

/* ---- the commit --------------------------------------------------------------------- */

static void fill_event(struct office *o, const struct office_actor *actor,
                       const struct office__app_change *c, struct application_event_row *e)
{
    memset(e, 0, sizeof(*e));
    e->id = office_next_id(o);
    e->application_id = c->after->id;
    e->at_us = c->after->updated_us;
    e->user_id = actor->user.id;
    snprintf(e->username, sizeof(e->username), "%s", actor->user.username);
    snprintf(e->action, sizeof(e->action), "%s", c->action);
    snprintf(e->from_state, sizeof(e->from_state), "%s", c->before ? c->before->state : "");
    snprintf(e->to_state, sizeof(e->to_state), "%s", c->after->state);
    snprintf(e->note, sizeof(e->note), "%s", c->note != NULL ? c->note : "");
    snprintf(e->fix_fields, sizeof(e->fix_fields), "%s", c->fix_fields ? c->fix_fields : "");
}

/* The operations of c but the audit entries; ids of its rows are taken before the
 * audit entries', so the back office's high mark (the audit log's) covers them. */
static int add_changes(struct store_batch *b, const struct office__app_change *c,
                       const struct application_event_row *event)
{
    struct store_op *op;
    if (c->before != NULL) {
        if ((op = store_batch_add(b, STORE_APPLICATION_GUARD)) == NULL)
            return PS_ENOMEM;
        op->u.application_guard.id = c->before->id;
        snprintf(op->u.application_guard.state, sizeof(op->u.application_guard.state), "%s",
                 c->before->state);
        op->u.application_guard.updated_us = c->before->updated_us;
    }
    if ((op = store_batch_add(b, STORE_APPLICATION_PUT)) == NULL)
        return PS_ENOMEM;
    op->u.application = c->after;
    if ((op = store_batch_add(b, STORE_APPLICATION_EVENT_PUT)) == NULL)
        return PS_ENOMEM;
    op->u.application_event = event;
    if (c->merchant != NULL) {
        if ((op = store_batch_add(b, STORE_MERCHANT_PUT)) == NULL)
            return PS_ENOMEM;
        op->u.merchant = *c->merchant;
    }
    if (c->document != NULL) {
        if ((op = store_batch_add(b, STORE_DOCUMENT_PUT)) == NULL)
            return PS_ENOMEM;
        op->u.document = *c->document;
    }
    return 0;
}

static json_t *merchant_record(const struct merchant_row *m)
{
    if (m == NULL)
        return NULL;
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id", (json_int_t)m->id, "mid", m->mid,
                     "name", m->name, "mcc", m->mcc, "fee_ppm", (json_int_t)m->fee_ppm, "status",
                     m->status);
}

/* The audit entries of c: the merchant's (when one changes), the document's (when
 * one comes) and the application's. */
static int add_audits(struct office *o, struct store_batch *b, const struct office_actor *actor,
                      const struct office__app_change *c, struct audit_row entries[3],
                      struct ps_reason *why)
{
    char action[48];
    uint32_t today = office_onboarding_today(o);
    int rc = 0;
    if (c->merchant != NULL)
        rc = office_audit_add(o, b, &entries[1], actor, c->merchant_action, "merchant",
                              c->merchant->id, merchant_record(c->merchant_before),
                              merchant_record(c->merchant), why);
    if (rc == 0 && c->document != NULL)
        rc = office_audit_add(o, b, &entries[2], actor, "document.upload", "document",
                              c->document->id, NULL, office_document_json(c->document), why);
    snprintf(action, sizeof(action), "application.%s", c->action);
    if (rc == 0)
        rc =
            office_audit_add(o, b, &entries[0], actor, action, "merchant_application", c->after->id,
                             c->before ? office_application_json(c->before, NULL, today) : NULL,
                             office_application_json(c->after, NULL, today), why);
    return rc;
}

int office__app_commit(struct office *o, const struct office_actor *actor,
                       const struct office__app_change *c, struct office_problems *problems,
                       struct ps_reason *why)
{
    struct store_batch b;
    struct application_event_row event;
    struct audit_row *entries = calloc(3, sizeof(*entries)); /* 8 KiB each: not the stack */

    if (entries == NULL)
        return ps_fail(why, PS_ENOMEM, "out of memory");
    store_batch_init(&b);
    fill_event(o, actor, c, &event);
    int rc = add_changes(&b, c, &event);
    if (rc != 0)
        rc = ps_fail(why, rc, "out of memory");
    if (rc == 0)
        rc = add_audits(o, &b, actor, c, entries, why);
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    if (rc == PS_ECHECK && c->before != NULL && strstr(why->text, "changed since") != NULL)
        office_problem_add(problems, "state", PS_ECHECK,
                           "application %" PRId64 " changed while this was done: read it again",
                           c->before->id);
    store_batch_free(&b);
    free(entries);
    return rc;
}

/* ---- creating and editing ----------------------------------------------------------- */

/* Whether fields gives name a value that is not empty. */
static int given(const struct office_field_value *fields, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(fields[i].field, name) == 0 && fields[i].len > 0)
            return 1;
    return 0;
}

/* Sets the fields into app, naming what cannot be set, then names what submission
 * would refuse in the fields given a value (a draft may leave others empty). */
static void apply_fields(struct office_application *app, const struct office_field_value *fields,
                         size_t n, uint32_t today, struct office_problems *problems)
{
    struct office_problems all;
    for (size_t i = 0; i < n; i++)
        office_application_set(app, fields[i].field, fields[i].value, fields[i].len, problems);
    office_problems_clear(&all);
    office_application_check(app, today, &all, NULL);
    for (size_t i = 0; i < all.count; i++) {
        const struct office_problem *p = &all.items[i];
        if (given(fields, n, p->field) && office_problems_find(problems, p->field) == NULL)
            office_problem_add(problems, p->field, p->code, "%s", p->reason.text);
    }
}

/* 0 when role may take action on row (own as office_application_own says). */
static int may(const struct office_actor *actor, enum office_app_action action,
               const struct application_row *row, struct ps_reason *why)
{
    enum office_role role = office__actor_role(actor);
    if (role == 0)
        return ps_fail(why, OFFICE_DENIED, "the role %s takes no onboarding step",
                       actor->user.role);
    int rc = office_onboarding_may(role, action, office_application_own(actor, row), why);
    return rc == PS_EINVAL ? OFFICE_DENIED : rc;
}

/* The row a creation starts from: who asked decides the channel, the owner and (for an
 * agent) the agent, before the fields given may say otherwise. */
static void creation_defaults(const struct office_actor *actor, struct office_application *app)
{
    enum office_role role = office__actor_role(actor);
    office_application_init(app);
    app->channel = role == OFFICE_ROLE_MERCHANT || role == OFFICE_ROLE_AGENT ? OFFICE_CHANNEL_ONLINE
                                                                             : OFFICE_CHANNEL_PAPER;
    if (role == OFFICE_ROLE_AGENT)
        app->agent_id = actor->user.agent_id;
}

int office_application_create(struct office *o, const struct office_actor *actor,
                              const struct office_field_value *fields, size_t n,
                              struct application_row *out, struct office_problems *problems,
                              struct ps_reason *why)
{
    struct office_application app;
    struct office_problems step;
    enum office_app_state to;
    uint32_t today = office_onboarding_today(o);

    memset(out, 0, sizeof(*out));
    creation_defaults(actor, &app);
    office_application_to_row(&app, out);
    if (office__actor_role(actor) == OFFICE_ROLE_MERCHANT)
        out->owner_merchant_id = actor->user.merchant_id;
    int rc = may(actor, OFFICE_ACT_CREATE, out, why); /* its own, as it starts */
    if (rc != 0)
        return rc;
    apply_fields(&app, fields, n, today, problems);
    office_application_to_row(&app, out);
    if ((rc = may(actor, OFFICE_ACT_CREATE, out, why)) != 0) /* the fields made it another's */
        return rc;
    if (problems->count > 0)
        return PS_EFORMAT;
    rc = office_onboarding_step(OFFICE_APP_NONE, OFFICE_ACT_CREATE, NULL, today, &to, &step);
    if (rc != 0) {
        office__problems_append(problems, &step);
        return rc;
    }
    out->id = office_next_id(o);
    snprintf(out->state, sizeof(out->state), "%s", office_app_state_name(to));
    out->created_by = actor->user.id;
    out->created_us = out->updated_us = office_now_us(o);
    struct office__app_change c = {.after = out, .action = "create"};
    return office__app_commit(o, actor, &c, problems, why);
}

/* "changed: uscc, mcc", for the history. */
static void changed_note(const struct office_field_value *fields, size_t n, char *buf, size_t cap)
{
    size_t at = (size_t)snprintf(buf, cap, "changed:");
    for (size_t i = 0; i < n && at < cap; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s %s", i > 0 ? "," : "", fields[i].field);
}

int office_application_edit(struct office *o, const struct office_actor *actor, int64_t id,
                            const struct office_field_value *fields, size_t n,
                            struct application_row *out, struct office_problems *problems,
                            struct ps_reason *why)
{
    struct application_row before;
    struct office_application app;
    struct office_problems step;
    enum office_app_state from, to;
    char note[512];
    uint32_t today = office_onboarding_today(o);

    int rc = office_application_get(o, actor, id, &before, NULL, why);
    if (rc <= 0)
        return rc < 0 ? rc : OFFICE_NOT_FOUND;
    if ((rc = may(actor, OFFICE_ACT_EDIT, &before, why)) != 0)
        return rc;
    office_app_state_from_name(before.state, strlen(before.state), &from, NULL);
    rc = office_onboarding_step(from, OFFICE_ACT_EDIT, NULL, today, &to, &step);
    if (rc != 0) {
        office__problems_append(problems, &step);
        return rc;
    }
    office_application_from_row(&before, &app);
    apply_fields(&app, fields, n, today, problems);
    *out = before;
    office_application_to_row(&app, out);
    if ((rc = may(actor, OFFICE_ACT_EDIT, out, why)) != 0)
        return rc;
    if (problems->count > 0)
        return PS_EFORMAT;
    out->updated_us = office_now_us(o);
    if (out->updated_us <= before.updated_us) /* the guard tells changes apart by it */
        out->updated_us = before.updated_us + 1;
    changed_note(fields, n, note, sizeof(note));
    struct office__app_change c = {.before = &before, .after = out, .action = "edit", .note = note};
    return office__app_commit(o, actor, &c, problems, why);
}

/* ---- lists -------------------------------------------------------------------------- */

int office_application_list(struct office *o, const struct office_actor *actor,
                            const struct office_application_query *q, int64_t after_id, int limit,
                            int (*fn)(void *ctx, const struct application_row *row), void *ctx,
                            struct office_problems *problems, struct ps_reason *why)
{
    struct store_application_filter f = {.state = q->state, .agent_id = q->agent_id};
    enum office_app_state state;
    char today[9];
    struct ps_reason bad;

    if (q->state != NULL && q->state[0] != '\0' &&
        office_app_state_from_name(q->state, strlen(q->state), &state, &bad) != 0)
        return office_problem_add(problems, "state", PS_EFORMAT, "%s", bad.text);
    enum office_role role = office__actor_role(actor);
    if (role == 0)
        return 0;
    if (role == OFFICE_ROLE_AGENT) {
        if (q->agent_id != 0 && q->agent_id != actor->user.agent_id)
            return 0; /* another agent's: none it may see */
        f.agent_id = actor->user.agent_id;
    }
    if (role == OFFICE_ROLE_MERCHANT) {
        if (actor->user.merchant_id == 0) /* 0 would mean "any" to the store */
            return 0;
        f.merchant_id = actor->user.merchant_id;
    }
    if (q->overdue) {
        snprintf(today, sizeof(today), "%08" PRIu32, office_onboarding_today(o));
        f.overdue_on = today;
    }
    return store_each_application(o->store, &f, after_id, limit, fn, ctx, why);
}

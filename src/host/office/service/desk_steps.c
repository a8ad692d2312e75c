/* The service desk's steps after opening (desk.h): assigning a ticket, its life cycle's
 * steps, and comments. Each change is guarded by the ticket as it was read (status and
 * updated_us), so a change someone made meanwhile, here or at another host, refuses the
 * later one (409) rather than being overwritten. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "host/office/access/audit.h"
#include "host/office/onboarding/onboarding.h"
#include "host/office/onboarding/text.h"
#include "host/office/service/desk_internal.h"

/* Loads ticket id as actor may see it, refusing a closed one (nothing follows closed). */
static int load_open(struct office *o, const struct office_actor *actor, int64_t id,
                     struct ticket_row *t, struct ps_reason *why)
{
    int rc = office_desk_find(o, actor, id, t, why);
    if (rc == 0 && strcmp(t->status, "closed") == 0)
        rc = ps_fail(why, PS_ECHECK, "ticket %s is closed; open a new one", t->number);
    return rc;
}

static bool staff_role(const char *role)
{
    return strcmp(role, "admin") == 0 || strcmp(role, "support") == 0 ||
           strcmp(role, "operations") == 0 || strcmp(role, "technician") == 0;
}

int office_desk_assign(struct office *o, const struct office_actor *actor, int64_t id,
                       int64_t assignee_id, struct ticket_row *out, const char **field,
                       struct ps_reason *why)
{
    struct ticket_row read;
    struct user_row user;
    struct store_batch b;

    *field = NULL;
    if (!office__desk_staff(actor))
        return ps_fail(why, OFFICE_DENIED,
                       "assigning a ticket needs the admin, support, operations or technician "
                       "role");
    int rc = load_open(o, actor, id, out, why);
    if (rc != 0)
        return rc;
    *field = "assignee_id";
    rc = store_find_user(o->store, assignee_id, &user, why);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return ps_fail(why, OFFICE_NOT_FOUND, "no user %" PRId64, assignee_id);
    if (!staff_role(user.role))
        return ps_fail(why, PS_EINVAL,
                       "%s is a %s user: tickets go to admin, support, operations or technician "
                       "users",
                       user.username, user.role);
    if (strcmp(user.status, "active") != 0)
        return ps_fail(why, PS_EINVAL, "%s is %s", user.username, user.status);
    *field = NULL;
    read = *out;
    json_t *before = office_ticket_json(&read, read.updated_us);
    out->assignee_id = assignee_id;
    out->updated_us = office_now_us(o);
    store_batch_init(&b);
    return office__desk_commit(o, &b, actor, "ticket.assign", out, &read, before, why);
}

/* The steps a merchant user takes on its own tickets: answering, and deciding whether
 * what was resolved is done. */
static bool merchant_may(enum office_ticket_action action)
{
    return action == OFFICE_TICKET_CUSTOMER_REPLIED || action == OFFICE_TICKET_CLOSE ||
           action == OFFICE_TICKET_REOPEN;
}

int office_desk_act(struct office *o, const struct office_actor *actor, int64_t id,
                    enum office_ticket_action action, const char *reason, struct ticket_row *out,
                    const char **field, struct ps_reason *why)
{
    struct office_ticket state = {0};
    struct ticket_row read;
    struct store_batch b;

    *field = NULL;
    int rc = office_desk_find(o, actor, id, out, why);
    if (rc != 0)
        return rc;
    if (!office__desk_staff(actor) && !merchant_may(action))
        return ps_fail(why, OFFICE_DENIED,
                       "%s needs the admin, support, operations or technician role; a merchant "
                       "may reply, close or reopen",
                       office_ticket_action_name(action));
    if ((rc = office_ticket_status_parse(out->status, &state.status, why)) != 0)
        return rc;
    state.due_at_us = out->due_us;
    if ((rc = office_ticket_apply(&state, action, reason, why)) != 0) {
        if (rc == PS_EINVAL)
            *field = "reason";
        return rc;
    }
    read = *out;
    json_t *before = office_ticket_json(&read, read.updated_us);
    out->updated_us = office_now_us(o);
    snprintf(out->status, sizeof(out->status), "%s", office_ticket_status_name(state.status));
    snprintf(out->last_reason, sizeof(out->last_reason), "%s", reason != NULL ? reason : "");
    if (action == OFFICE_TICKET_RESOLVE)
        out->resolved_us = out->updated_us;
    if (action == OFFICE_TICKET_REOPEN)
        out->resolved_us = 0; /* it was not resolved after all */
    if (action == OFFICE_TICKET_CLOSE)
        out->closed_us = out->updated_us;
    char name[48];
    snprintf(name, sizeof(name), "ticket.%s", office_ticket_action_name(action));
    store_batch_init(&b);
    return office__desk_commit(o, &b, actor, name, out, &read, before, why);
}

int office_desk_comment(struct office *o, const struct office_actor *actor, int64_t id,
                        const char *text, struct ticket_comment_row *out, const char **field,
                        struct ps_reason *why)
{
    static const struct office__text_rules rules = {ROW_TICKET_TEXT - 1, 0, 1};
    struct ticket_row t;
    struct ps_reason inner;
    struct audit_row entry;
    struct store_batch b;

    *field = NULL;
    memset(out, 0, sizeof(*out));
    int rc = load_open(o, actor, id, &t, why);
    if (rc != 0)
        return rc;
    *field = "text";
    if (text == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if (text[0] == '\0')
        return ps_fail(why, PS_EFORMAT, "must not be empty");
    if (office__text_check(text, strlen(text), &rules, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "%s", inner.text);
    *field = NULL;
    out->id = office_next_id(o);
    out->ticket_id = t.id;
    out->author_id = actor->user.id;
    snprintf(out->author, sizeof(out->author), "%s", actor->user.username);
    out->at_us = office_now_us(o);
    snprintf(out->text, sizeof(out->text), "%s", text);
    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_TICKET_COMMENT_PUT);
    rc = op != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.ticket_comment = out;
        rc = office_audit_add(o, &b, &entry, actor, "ticket.comment", "ticket", t.id, NULL,
                              office_ticket_comment_json(out), why);
    }
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    store_batch_free(&b);
    return rc;
}

/* applications_internal.h — what applications.c, steps.c and documents.c share: who
 * the actor is as a role, and the one way a change to an application is committed
 * (with its guard, its history entry and its audit entry). Internal to onboarding/. */
#ifndef POSSUM_HOST_OFFICE_APPLICATIONS_INTERNAL_H
#define POSSUM_HOST_OFFICE_APPLICATIONS_INTERNAL_H

#include "host/office/onboarding/applications.h"

/* One change to commit. */
struct office__app_change {
    const struct application_row *before; /* as read (the guard); NULL for a creation */
    const struct application_row *after;  /* the row to put */
    const char *action;                   /* "create", "edit", "submit" ... */
    const char *note;                     /* for the history; NULL: "" */
    const char *fix_fields;               /* comma-separated; NULL: "" */
    /* a merchant approval creates or go_live activates (NULL: none), with its audit
     * action ("merchant.create") and its record before (NULL for a creation) */
    const struct merchant_row *merchant;
    const struct merchant_row *merchant_before;
    const char *merchant_action;
    const struct document_row *document; /* an upload (NULL: none) */
};

/* Commits c in one batch: the guard (when before), the application, its history
 * entry, the merchant or document, and an audit entry for each record changed. A
 * guard refused because someone changed the application meanwhile is PS_ECHECK with
 * a problem naming "state". */
int office__app_commit(struct office *o, const struct office_actor *actor,
                       const struct office__app_change *c, struct office_problems *problems,
                       struct ps_reason *why);

/* The actor's role, or 0 when its name is not a role (then it may do nothing). */
enum office_role office__actor_role(const struct office_actor *actor);

/* Appends every problem of from to to. */
void office__problems_append(struct office_problems *to, const struct office_problems *from);

#endif

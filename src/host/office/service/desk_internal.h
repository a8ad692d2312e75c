/* desk_internal.h — what desk.c and desk_steps.c share. Not public (desk.h is). */
#ifndef POSSUM_HOST_OFFICE_SERVICE_DESK_INTERNAL_H
#define POSSUM_HOST_OFFICE_SERVICE_DESK_INTERNAL_H

#include <stdbool.h>

#include "host/office/service/desk.h"
#include "host/store/batch.h"

/* Whether actor is staff of the service desk (admin, support, operations,
 * technician). */
bool office__desk_staff(const struct office_actor *actor);

/* The merchant a merchant user is; 0 for anyone else. */
int64_t office__desk_merchant(const struct office_actor *actor);

/* Commits the change of t (guarded by how it was read: status and updated_us in
 * guard; guard NULL for a new ticket) and the ops already in b, with an audit entry of
 * action (before is taken). Frees b. */
int office__desk_commit(struct office *o, struct store_batch *b, const struct office_actor *actor,
                        const char *action, const struct ticket_row *t,
                        const struct ticket_row *guard, json_t *before, struct ps_reason *why);

#endif

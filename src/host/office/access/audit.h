/* audit.h — the audit log: every change the back office makes is committed together
 * with an entry saying who, when, what, and the record before and after (JSON). The
 * API can read the log (admins) but has no way to change it. */
#ifndef POSSUM_HOST_OFFICE_AUDIT_H
#define POSSUM_HOST_OFFICE_AUDIT_H

#include <jansson.h>

#include "host/office/office.h"
#include "host/store/batch.h"

/* Fills row (the caller's: it must live until the batch commits) and appends the
 * operation that adds it to b. before and after are taken (freed here; NULL for none:
 * a creation has no before). A record too large for the log is kept as
 * {"truncated": true, "bytes": N}. Returns 0 or PS_ENOMEM. */
int office_audit_add(struct office *o, struct store_batch *b, struct audit_row *row,
                     const struct office_actor *actor, const char *action,
                     const char *object_type, int64_t object_id, json_t *before, json_t *after,
                     struct ps_reason *why);

/* An entry as the API shows it (a new object). */
json_t *office_audit_json(const struct audit_row *row);

#endif

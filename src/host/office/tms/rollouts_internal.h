/* rollouts_internal.h — what rollouts.c (staff) and rollout_updates.c (terminals'
 * heartbeats) share (not public). */
#ifndef POSSUM_HOST_OFFICE_TMS_ROLLOUTS_INTERNAL_H
#define POSSUM_HOST_OFFICE_TMS_ROLLOUTS_INTERNAL_H

#include "host/office/tms/rollouts.h"

/* Applies action (with reason) to target before and commits the guarded change with
 * an audit entry audit_action by actor. 0 with *after (OUT); office_rollout_apply's
 * refusals (before unchanged); PS_EFORMAT when before's state is not one on record;
 * PS_ECHECK when the row changed meanwhile; < 0. */
int rollouts__move(struct office *o, const struct office_actor *actor,
                   const struct rollout_target_row *before, enum office_rollout_action action,
                   const char *reason, const char *audit_action,
                   struct rollout_target_row *after /* OUT */, struct ps_reason *why);

#endif

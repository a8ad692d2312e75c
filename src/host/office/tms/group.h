/* group.h — terminal groups (TMS): a name the provider's staff give a set of terminals
 * ("pilot", "beijing-north") so a parameter set or an app rollout is aimed at all of
 * them at once. A terminal is in at most one group; "" is none. A group exists while a
 * terminal is in it: there is nothing to create or delete. */
#ifndef POSSUM_HOST_OFFICE_TMS_GROUP_H
#define POSSUM_HOST_OFFICE_TMS_GROUP_H

#include "host/office/office.h"

#define OFFICE_GROUP_MAX 32 /* bytes of a group's name */

/* Checks a group's name: 1 to 32 of a-z, 0-9, '-' and '_', starting with a letter or a
 * digit (lowercase only, so "Pilot" and "pilot" are never two groups). Returns 0 or
 * PS_EFORMAT ("group \"Pilot\": 'P' at 1: only a-z, 0-9, '-' and '_'"); PS_EINVAL
 * when name is NULL. */
int office_group_name_check(const char *name, struct ps_reason *why);

/* Puts stock terminal id in group ("" takes it out of any), audited as
 * terminal.group with the row before and after. 0 with *out (OUT); OFFICE_NOT_FOUND;
 * PS_EFORMAT (the name); < 0 from the store. Setting the group it is in already
 * changes nothing and writes no audit entry. */
int office_stock_set_group(struct office *o, const struct office_actor *actor, int64_t id,
                           const char *group, struct stock_row *out /* OUT */,
                           struct ps_reason *why);

#endif

/* param_sets.h — terminal parameter sets over the store (TMS): saving a set for a scope
 * (the default, a group, a merchant, one terminal), finding the set that applies to a
 * terminal, and the JSON the API and the heartbeat's answer show. params.h is the rule
 * (checks, versions, which scope wins).
 *
 * A set is never changed: saving one for a scope and target that had one makes a new
 * row with the next store-wide version, and the newest of each scope and target is the
 * one in force. Each save is audited (params.save). */
#ifndef POSSUM_HOST_OFFICE_TMS_PARAM_SETS_H
#define POSSUM_HOST_OFFICE_TMS_PARAM_SETS_H

#include <jansson.h>

#include "host/office/office.h"
#include "host/office/tms/params.h"

/* Where a set is to apply: scope "default" (target NULL or ""), "group" (a group's
 * name), "merchant" (a merchant's id in decimal) or "terminal" (a stock terminal's id). */
struct office_param_target {
    const char *scope;
    const char *target;
};

/* Saves p (its version is ignored: the next one is taken) for where. 0 with *out (OUT),
 * the stored row; PS_EFORMAT or PS_EUNDEFINED with *field naming the member at fault
 * ("scope", "target", "receipt_header", "kinds", "per_txn_limit", "daily_limit", "hosts",
 * "connect_timeout_s", "response_timeout_s"); OFFICE_NOT_FOUND (*field "target": no such
 * merchant or terminal); PS_ECHECK when another host took the same version at the same
 * moment (save again); < 0 from the store. */
int office_param_set_save(struct office *o, const struct office_actor *actor,
                          const struct office_param_target *where, const struct office_param_set *p,
                          struct param_set_row *out /* OUT */, const char **field,
                          struct ps_reason *why);

/* The set that applies to terminal (its own, else its merchant's, else its group's,
 * else the default: params.h), into *out (OUT) with *scope (OUT). 1 when one applies, 0
 * when none does (not even a default), < 0 from the store. */
int office_param_set_for(struct office *o, const struct stock_row *terminal,
                         struct param_set_row *out, enum office_param_scope *scope,
                         struct ps_reason *why);

/* A stored row as the set it holds into *out (OUT). PS_EFORMAT when the row cannot be
 * read back (a host list the store mangled). */
int office_param_set_from_row(const struct param_set_row *row, struct office_param_set *out,
                              struct ps_reason *why);

/* What a terminal downloads: {"version", "receipt_header", "kinds": [...],
 * "per_txn_limit", "daily_limit", "hosts": ["host:port", ...], "connect_timeout_s",
 * "response_timeout_s"} (fen; IPv6 hosts in brackets). A new object; NULL on a row that
 * cannot be read back or out of memory. */
json_t *office_param_set_terminal_json(const struct param_set_row *row);

/* As the API shows a saved set: the terminal's view plus "id", "scope", "target" (absent
 * for the default), "created_by" and "created_us". A new object or NULL. */
json_t *office_param_set_json(const struct param_set_row *row);

#endif

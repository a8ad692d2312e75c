/* rollouts.h — app rollouts over the store (TMS): a package (packages.h) sent to the
 * terminals of a group (group.h) as the group is when the rollout starts, and each
 * terminal's progress through rollout.h's states, kept as a target row.
 *
 * Starting: every terminal of the group gets a target, its first state from what it
 * last reported running (installed when it runs the version already, pending when
 * older or never reported). A terminal running a newer version is not targeted unless
 * allow_downgrade: it is listed in the answer with its reason (and in the audit entry),
 * and the rest of the group goes ahead, since one terminal a technician updated by hand
 * should not hold back a fleet. A rollout that would target no terminal at all is
 * refused.
 *
 * A terminal follows its newest rollout (by when it started): that rollout's target is
 * what its heartbeat is offered while pending or downloaded, and once installed or
 * failed nothing is offered, not even an older rollout still pending, which would be a
 * downgrade. A failed target is offered again after a retry.
 *
 * Changes are guarded (batch.h): a report and a retry racing on two hosts cannot both
 * apply; the loser gets PS_ECHECK. Each is audited: rollout.start, rollout.retry (staff),
 * rollout.report and rollout.seen (the terminal, as the system). */
#ifndef POSSUM_HOST_OFFICE_TMS_ROLLOUTS_H
#define POSSUM_HOST_OFFICE_TMS_ROLLOUTS_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "host/office/office.h"
#include "host/office/tms/rollout.h"

#define OFFICE_ROLLOUT_TERMINALS_MAX 10000 /* terminals one rollout may target */
#define OFFICE_ROLLOUT_NOTE_MAX      256   /* bytes of a rollout's note */
#define OFFICE_UPDATE_URL_MAX        64

/* What starting a rollout takes; strings are the caller's, NULL when absent. */
struct office_rollout_input {
    const char *version; /* an uploaded package's */
    const char *group;   /* a group with at least one terminal */
    bool allow_downgrade;
    const char *note; /* optional, at most 256 bytes of one-line UTF-8 */
};

/* Starts a rollout: the rollout, its targets and the audit entry in one commit. 0 with
 * *out (OUT) and *skipped (OUT, a new array the caller decrefs: {terminal_id, serial,
 * app_version, reason} per terminal not targeted); PS_EINVAL or PS_EFORMAT with *field
 * (version, group, note); OFFICE_NOT_FOUND with *field (no package of that version, no
 * terminal in that group); PS_ECHECK (every terminal refused, or more than
 * OFFICE_ROLLOUT_TERMINALS_MAX); < 0 from the store. */
int office_rollout_start(struct office *o, const struct office_actor *actor,
                         const struct office_rollout_input *in, struct rollout_row *out /* OUT */,
                         json_t **skipped /* OUT */, const char **field /* OUT */,
                         struct ps_reason *why);

/* Rollout id as the API shows it in full (*out, OUT, a new object): the rollout, its
 * counts per state, and a page of its terminals (stock ids above after_stock_id, at most
 * limit) with next_after, the last one's stock id or null when the page was not full.
 * 0, OFFICE_NOT_FOUND, < 0. */
int office_rollout_get(struct office *o, int64_t id, int64_t after_stock_id, int limit,
                       json_t **out /* OUT */, struct ps_reason *why);

/* Puts stock terminal stock_id's failed target in rollout rollout_id back to pending, so
 * its next heartbeat is offered the package again. 0 with *out (OUT); OFFICE_NOT_FOUND
 * (no such rollout, or the terminal is not in it); PS_ECHECK (not failed: why says which
 * state it is in); < 0. */
int office_rollout_retry(struct office *o, const struct office_actor *actor, int64_t rollout_id,
                         int64_t stock_id, struct rollout_target_row *out /* OUT */,
                         struct ps_reason *why);

/* ---- for the heartbeat ------------------------------------------------------------ */

/* A version a terminal is asked to install now, and where to fetch it. */
struct office_update_offer {
    char version[OFFICE_APP_VERSION_MAX + 1];
    char sha256[OFFICE_SHA256_HEX_LEN + 1]; /* lowercase hex: the terminal checks it */
    int64_t size;                           /* bytes */
    char url[OFFICE_UPDATE_URL_MAX];        /* "/api/v1/packages/1.5.0/file" */
};

/* Whether terminal's newest rollout wants it to install a version now: its target there
 * pending or downloaded, the terminal not running that version already, and not running
 * a newer one unless that rollout allows a downgrade. 1 with *out (OUT), 0 when nothing
 * is offered, < 0 (from the store; PS_ECHECK when the rollout's package is missing). */
int office_rollout_offer(struct office *o, const struct stock_row *terminal,
                         struct office_update_offer *out /* OUT */, struct ps_reason *why);

/* The offer as the heartbeat's answer carries it, exactly:
 * {"version":"1.5.0","sha256":"<64 lowercase hex>","size":123,"url":"/api/v1/packages/1.5.0/file"}
 * (a new object). */
json_t *office_update_offer_json(const struct office_update_offer *offer);

/* Applies a terminal's report (its heartbeat's "update" member) to its target in the
 * newest rollout of version: state_name "downloaded", "installed" or "failed" (reason
 * required then, at most 256 bytes; ignored otherwise). A report of the state the target
 * is in already changes nothing (a heartbeat repeated after its answer was lost). 0;
 * PS_EFORMAT (version or state_name not one); PS_EUNDEFINED (the terminal is in no
 * rollout of version); PS_EINVAL (failed without a reason); PS_ECHECK (its state does
 * not allow it: an installed target cannot fail); < 0. why begins "update: ". */
int office_rollout_report(struct office *o, int64_t stock_id, const char *version,
                          const char *state_name, const char *reason, struct ps_reason *why);

/* A heartbeat said the terminal runs app_version: each of its targets in rollouts of
 * that version not installed yet becomes installed (what runs is the truth, whatever
 * was reported before). "" or NULL does nothing. 0 or < 0. */
int office_rollout_seen(struct office *o, int64_t stock_id, const char *app_version,
                        struct ps_reason *why);

/* ---- as the API shows them ---------------------------------------------------------- */

/* A rollout without its terminals (a new object): id, version, group, allow_downgrade,
 * note, created_by, creator, created_us. */
json_t *office_rollout_json(const struct rollout_row *r);

/* A target (a new object): terminal_id, serial and tid (of s; absent when s is NULL),
 * state, reason, from_version, updated_us. */
json_t *office_rollout_target_json(const struct rollout_target_row *t, const struct stock_row *s);

#endif

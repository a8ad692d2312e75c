/* terminals.h — a terminal's stock record and its life cycle, as pure logic: no store,
 * no clock, no HTTP. The API reads a request into a struct office_terminal_event, asks
 * office_terminal_apply() whether it is legal, and stores the result (and an audit
 * line) only when it is; a refusal is PS_ECHECK with a sentence naming the terminal's
 * state and the action, which the API answers as 409.
 *
 * The states and the actions between them (every other pair is refused):
 *
 *   action          from                                         to
 *   assign          in_stock                                     assigned (MID, TID set)
 *   unassign        assigned, activation_pending                 in_stock (MID, TID cleared)
 *   issue_code      assigned, activation_pending                 activation_pending
 *   activate        activation_pending                           active
 *   suspend         active                                       suspended
 *   resume          suspended                                    active
 *   lock            active, suspended                            locked
 *   unlock          locked                                       active
 *   return          assigned, activation_pending, active,        returned
 *                   suspended, locked
 *   send_to_repair  every state but in_repair                    in_repair
 *   restock         returned, in_repair                          in_stock (MID, TID cleared)
 *
 * issue_code from activation_pending issues a new code that replaces the old one (one
 * expired or burnt by wrong tries). A returned or repaired terminal keeps its MID and
 * TID on the record until it is restocked, so the record still says whose it was.
 * unassign, suspend, lock, return and send_to_repair need a reason (kept by the audit
 * log, not here).
 *
 * Which states may transact: only active. The host declines every request from a
 * terminal in any other state (locked by remote lock, suspended for a merchant's unpaid
 * fees, returned, in repair, or not yet activated); office_terminal_may_transact() is
 * the one place that says so, and the engine reads the state the store keeps.
 */
#ifndef POSSUM_HOST_OFFICE_TERMINALS_H
#define POSSUM_HOST_OFFICE_TERMINALS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/office/onboarding/mid.h" /* OFFICE_MID_LEN and the MID's rule */

#define OFFICE_SERIAL_MIN 6
#define OFFICE_SERIAL_MAX 32
#define OFFICE_MODEL_MAX  64 /* bytes of UTF-8 */
#define OFFICE_VENDOR_MAX 64 /* bytes of UTF-8 */
#define OFFICE_TID_LEN    8  /* CUP field 41: 8 digits */
#define OFFICE_TID_LAST   99999999u
#define OFFICE_REASON_MAX 256 /* bytes of UTF-8 in a state change's reason */

enum office_terminal_state {
    OFFICE_TERMINAL_IN_STOCK = 1,
    OFFICE_TERMINAL_ASSIGNED,
    OFFICE_TERMINAL_ACTIVATION_PENDING,
    OFFICE_TERMINAL_ACTIVE,
    OFFICE_TERMINAL_SUSPENDED,
    OFFICE_TERMINAL_LOCKED,
    OFFICE_TERMINAL_RETURNED,
    OFFICE_TERMINAL_IN_REPAIR
};
#define OFFICE_TERMINAL_STATE_COUNT 8

enum office_terminal_action {
    OFFICE_TERMINAL_ASSIGN = 1,
    OFFICE_TERMINAL_UNASSIGN,
    OFFICE_TERMINAL_ISSUE_CODE,
    OFFICE_TERMINAL_ACTIVATE,
    OFFICE_TERMINAL_SUSPEND,
    OFFICE_TERMINAL_RESUME,
    OFFICE_TERMINAL_LOCK,
    OFFICE_TERMINAL_UNLOCK,
    OFFICE_TERMINAL_RETURN,
    OFFICE_TERMINAL_SEND_TO_REPAIR,
    OFFICE_TERMINAL_RESTOCK
};
#define OFFICE_TERMINAL_ACTION_COUNT 11

/* One terminal's record; plain data, copy freely. mid and tid are "" when the terminal
 * is with no merchant. */
struct office_terminal {
    char serial[OFFICE_SERIAL_MAX + 1];
    char model[OFFICE_MODEL_MAX + 1];
    char vendor[OFFICE_VENDOR_MAX + 1];
    enum office_terminal_state state;
    char mid[OFFICE_MID_LEN + 1];
    char tid[OFFICE_TID_LEN + 1];
};

/* A request to change a terminal's state. The strings are only read, during the call. */
struct office_terminal_event {
    enum office_terminal_action action;
    const char *mid;    /* assign: the merchant's 15-digit MID */
    const char *tid;    /* assign: the TID office_tid_allocate() gave */
    const char *reason; /* unassign, suspend, lock, return, send_to_repair: why */
};

/* Names, as the API and the store spell them ("in_stock", "send_to_repair"); a static
 * string, "unknown" for a value outside the enum. */
const char *office_terminal_state_name(enum office_terminal_state state);
const char *office_terminal_action_name(enum office_terminal_action action);

/* Names back to values (exact, lowercase). Return 0 or PS_EUNDEFINED ("terminal state
 * \"broken\" is not defined"). */
int office_terminal_state_parse(const char *name, enum office_terminal_state *out /* OUT */,
                                struct ps_reason *why);
int office_terminal_action_parse(const char *name, enum office_terminal_action *out /* OUT */,
                                 struct ps_reason *why);

/* Serial number check. Vendors' formats differ (PAX, Newland, Centerm, LANDI each print
 * their own, with or without hyphens, 8 to 20-odd characters), so no vendor's pattern
 * is enforced; what is enforced keeps a serial safe everywhere it travels: 6 to 32 ASCII
 * letters, digits and '-', nothing a URL, a file name, a log line or the activation
 * key's salt would need to escape, and no blank a paste could sneak in to make two
 * records of one terminal. Case is kept as printed: the terminal reads its own serial
 * from its firmware, and the activation key is derived from it exactly.
 * Returns 0, PS_EINVAL (NULL) or PS_EFORMAT ("serial number: character 3 ' ' is not a
 * letter, digit or '-'", "serial number: 5 characters, 6 to 32 allowed"). */
int office_terminal_serial_check(const char *serial, struct ps_reason *why);

/* 15 ASCII digits (MID) / 8 ASCII digits (TID). Return 0 or PS_EFORMAT naming the
 * field ("MID: 14 characters, 15 digits needed"). */
int office_mid_check(const char *mid, struct ps_reason *why);
int office_tid_check(const char *tid, struct ps_reason *why);

/* Fills *t (OUT) as a new stock record, in_stock, from checked copies of serial, model
 * and vendor (model and vendor: 1 to 64 bytes of UTF-8 without control characters).
 * Returns 0 or PS_EFORMAT naming the field; on error *t is zeroed. */
int office_terminal_init(struct office_terminal *t, const char *serial, const char *model,
                         const char *vendor, struct ps_reason *why);

/* The state action leads to from from, per the table above, into *to (OUT).
 * Returns 0, PS_EUNDEFINED (from or action outside its enum) or PS_ECHECK ("cannot
 * unlock a terminal that is active: unlock applies to locked"). */
int office_terminal_next_state(enum office_terminal_state from, enum office_terminal_action action,
                               enum office_terminal_state *to /* OUT */, struct ps_reason *why);

/* Applies ev to *t: checks the transition and the action's inputs (MID and TID for
 * assign, a reason where one is needed), then changes t. On any error t is unchanged.
 * Returns 0, PS_ECHECK (illegal in t's state, named as above), PS_EUNDEFINED, or
 * PS_EFORMAT / PS_EINVAL naming the input ("assign: MID: ...", "lock: a reason is
 * required"). */
int office_terminal_apply(struct office_terminal *t, const struct office_terminal_event *ev,
                          struct ps_reason *why);

/* Whether a terminal in state may transact at the host: only active. */
bool office_terminal_may_transact(enum office_terminal_state state);

/* ---- TIDs ----------------------------------------------------------------------- */

/* The TIDs a provider hands out, first..last inclusive, both 1..99999999 (00000000 is
 * never a TID: too easily a default or a blank). */
struct office_tid_range {
    uint32_t first, last;
};

/* Returns 0 or PS_EINVAL ("TID range: first 20000000 is after last 10000000"). */
int office_tid_range_check(const struct office_tid_range *range, struct ps_reason *why);

/* The lowest TID of range not in used[0..n_used), as 8 digits and a NUL in out (OUT).
 * used must be in ascending order (duplicates and values outside the range allowed):
 * the store gives it with ORDER BY, and one pass then finds the gap without allocating
 * however many terminals there are. Pass every TID ever issued, not only current ones,
 * so a TID still named in old journals and settlements is never given to another
 * device. Returns 0, PS_EINVAL (bad range, used not ascending: "used TIDs: entry 3 is
 * below entry 2") or PS_ESPACE ("TID range 10000000-10000099 is full"). */
int office_tid_allocate(const struct office_tid_range *range, const uint32_t *used, size_t n_used,
                        char out[OFFICE_TID_LEN + 1] /* OUT */, struct ps_reason *why);

#endif

/* session.h — an operator at the terminal: login, their own password, and the
 * supervisor's approval of one action inside a cashier's session.
 *
 * Login failures are counted per operator in the database, so turning the terminal
 * off and on does not reset them. After POS_OPERATOR_MAX_TRIES wrong passwords in a
 * row a cashier is locked until the supervisor resets its password; the supervisor
 * (whom nobody can reset at the terminal) is locked for the period set in
 * struct pos_operators_options and then gets as many tries again. Every check of a
 * password counts: login, a change of one's own password, an approval.
 *
 * Times are seconds since the epoch, given by the caller (tests need not sleep).
 */
#ifndef POSSUM_POS_OPERATORS_SESSION_H
#define POSSUM_POS_OPERATORS_SESSION_H

#include <stdint.h>

#include "core/error.h"
#include "pos/operators/permissions.h"

#define POS_OPERATOR_NUMBER_LEN 2  /* "00".."99" */
#define POS_OPERATOR_NAME_MAX   48 /* bytes of UTF-8: 16 Chinese characters */
#define POS_OPERATOR_MAX_TRIES  5  /* wrong passwords in a row before a lock */

struct pos_operators; /* operators.h */

/* Who is logged in. Caller-allocated; holds no resources. */
struct pos_session {
    /* The operator number as 2 digits, NUL-terminated: what goes into field 63 of each
     * transaction and onto the receipt. */
    char number[POS_OPERATOR_NUMBER_LEN + 1];
    char name[POS_OPERATOR_NAME_MAX + 1];
    enum pos_role role;
    /* One action the supervisor approved for this session and that it has not used
     * yet, or 0. Set by pos_session_approve, used up by pos_session_authorize. */
    enum pos_action approved;
};

/* Checks number and password and fills out (OUT; cleared on any failure).
 * Returns 0, a business outcome with why naming it (never the password):
 *   POS_OP_UNKNOWN        "no operator 07"
 *   POS_OP_DISABLED       "operator 03 is disabled"
 *   POS_OP_LOCKED         "operator 03 is locked after 5 wrong passwords; ..."
 *   POS_OP_WRONG_PASSWORD "wrong password for operator 03; 4 tries left"
 * or PS_EINVAL (number is not 2 digits), PS_EIO, PS_ENOMEM. */
int pos_session_login(struct pos_operators *ops, const char *number, const char *password,
                      int64_t now, struct pos_session *out, struct ps_reason *why);

/* Clears s, approvals included. */
void pos_session_logout(struct pos_session *s);

/* Changes the password of s's own operator: old_password must be right (a wrong one
 * counts as a failed try, with the outcomes of pos_session_login) and new_password
 * must follow the rules (PS_EINVAL naming the rule, see password.h). */
int pos_session_change_password(struct pos_operators *ops, const struct pos_session *s,
                                const char *old_password, const char *new_password, int64_t now,
                                struct ps_reason *why);

/* The supervisor approves one action inside s without s logging out: checks the
 * supervisor's number and password (outcomes as pos_session_login; a number other
 * than 00 is POS_OP_DENIED) and sets s->approved = action, replacing an approval not
 * yet used. PS_EINVAL for an action that is not defined. */
int pos_session_approve(struct pos_operators *ops, struct pos_session *s, enum pos_action action,
                        const char *supervisor_number, const char *supervisor_password, int64_t now,
                        struct ps_reason *why);

/* May s do action now? 0 when its role may, or when the supervisor approved exactly
 * this action for s (the approval is then used up: it covers one action). Otherwise
 * POS_OP_DENIED ("void needs the supervisor"). PS_EINVAL for an undefined action. */
int pos_session_authorize(struct pos_session *s, enum pos_action action, struct ps_reason *why);

#endif

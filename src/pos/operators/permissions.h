/* permissions.h — who may do what at the terminal.
 *
 * Two roles: the supervisor (operator 00) and the cashiers (01..99). Everything a
 * cashier does all day is open to both; the actions that move money back out or change
 * how the terminal works (void, refund, settlement, operator management, parameter
 * changes, a discount above the limit) need the supervisor. A cashier's session can
 * get one such action approved by the supervisor's number and password without
 * logging out (pos_session_approve in session.h).
 *
 * The table is data (permissions.c), so a change of policy is a change of one line.
 */
#ifndef POSSUM_POS_OPERATORS_PERMISSIONS_H
#define POSSUM_POS_OPERATORS_PERMISSIONS_H

#include "core/error.h"

enum pos_role {
    POS_ROLE_SUPERVISOR = 1, /* operator 00 */
    POS_ROLE_CASHIER = 2     /* operators 01..99 */
};

/* Numbered from 1 so that 0 can mean "no action" (struct pos_session.approved). */
enum pos_action {
    POS_ACTION_SALE = 1,
    POS_ACTION_BALANCE_INQUIRY,
    POS_ACTION_PREAUTH,
    POS_ACTION_PREAUTH_COMPLETION,
    POS_ACTION_VOID,
    POS_ACTION_REFUND,
    POS_ACTION_SETTLEMENT,
    POS_ACTION_SIGN_IN_OFF,
    POS_ACTION_REPRINT,
    POS_ACTION_X_REPORT,
    POS_ACTION_OPERATOR_MANAGEMENT,
    POS_ACTION_PARAMETER_CHANGE,
    POS_ACTION_DISCOUNT_ABOVE_LIMIT,
    POS_ACTION_CATALOG_EDIT,
    POS_ACTION_JOURNAL_EXPORT
};
#define POS_ACTION_COUNT 15 /* the last action's value */

/* The business outcomes of this room: positive, so they never read as errors. */
enum pos_op_outcome {
    POS_OP_DENIED = 1,         /* the role may not do the action */
    POS_OP_UNKNOWN = 2,        /* no operator has that number */
    POS_OP_WRONG_PASSWORD = 3, /* the password does not match (tries left in the reason) */
    POS_OP_LOCKED = 4,         /* too many wrong passwords in a row */
    POS_OP_DISABLED = 5        /* the supervisor disabled the operator */
};

/* A static lower-case name ("void", "pre-authorization"), or NULL when action is not
 * defined. */
const char *pos_action_name(enum pos_action action);

/* "supervisor", "cashier", or NULL when role is not defined. */
const char *pos_role_name(enum pos_role role);

/* 0 when role may do action; POS_OP_DENIED with why saying what it needs ("void needs
 * the supervisor"); PS_EINVAL for a role or action that is not defined. */
int pos_role_may(enum pos_role role, enum pos_action action, struct ps_reason *why);

#endif

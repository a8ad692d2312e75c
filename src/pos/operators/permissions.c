#include "pos/operators/permissions.h"

#include <stddef.h>

/* One row per action, indexed by its value: its name and whether a cashier may do it
 * on its own. The supervisor may do everything. */
static const struct {
    const char *name;
    int cashier_may;
} actions[POS_ACTION_COUNT + 1] = {
    [POS_ACTION_SALE] = {"sale", 1},
    [POS_ACTION_BALANCE_INQUIRY] = {"balance inquiry", 1},
    [POS_ACTION_PREAUTH] = {"pre-authorization", 1},
    [POS_ACTION_PREAUTH_COMPLETION] = {"pre-authorization completion", 1},
    [POS_ACTION_VOID] = {"void", 0},
    [POS_ACTION_REFUND] = {"refund", 0},
    [POS_ACTION_SETTLEMENT] = {"settlement", 0},
    [POS_ACTION_SIGN_IN_OFF] = {"sign-in and sign-off", 1},
    [POS_ACTION_REPRINT] = {"reprint", 1},
    [POS_ACTION_X_REPORT] = {"X report", 1},
    [POS_ACTION_OPERATOR_MANAGEMENT] = {"operator management", 0},
    [POS_ACTION_PARAMETER_CHANGE] = {"parameter change", 0},
    [POS_ACTION_DISCOUNT_ABOVE_LIMIT] = {"discount above the limit", 0},
    [POS_ACTION_CATALOG_EDIT] = {"catalogue edit", 1},
    [POS_ACTION_JOURNAL_EXPORT] = {"journal export", 1},
};

const char *pos_action_name(enum pos_action action)
{
    if ((int)action < 1 || (int)action > POS_ACTION_COUNT)
        return NULL;
    return actions[action].name;
}

const char *pos_role_name(enum pos_role role)
{
    switch (role) {
    case POS_ROLE_SUPERVISOR:
        return "supervisor";
    case POS_ROLE_CASHIER:
        return "cashier";
    }
    return NULL;
}

int pos_role_may(enum pos_role role, enum pos_action action, struct ps_reason *why)
{
    const char *name = pos_action_name(action);

    if (name == NULL)
        return ps_fail(why, PS_EINVAL, "action %d is not defined", (int)action);
    if (pos_role_name(role) == NULL)
        return ps_fail(why, PS_EINVAL, "role %d is not defined", (int)role);
    if (role == POS_ROLE_SUPERVISOR || actions[action].cashier_may)
        return 0;
    return ps_fail(why, POS_OP_DENIED, "%s needs the supervisor", name);
}

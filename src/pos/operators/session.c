#include "pos/operators/session.h"

#include <stdio.h>
#include <string.h>

#include "pos/operators/internal.h"

/* Says why an operator who is not disabled may not try a password now. */
static int check_lock(const struct pos_operators__row *row, int64_t now, struct ps_reason *why)
{
    const struct pos_operator_info *o = &row->info;

    if (o->role == POS_ROLE_CASHIER && o->locked)
        return ps_fail(why, POS_OP_LOCKED,
                       "operator %s is locked after %d wrong passwords; the supervisor must "
                       "reset its password",
                       o->number, POS_OPERATOR_MAX_TRIES);
    if (o->role == POS_ROLE_SUPERVISOR && o->locked_until > now)
        return ps_fail(why, POS_OP_LOCKED,
                       "the supervisor is locked after %d wrong passwords; try again in %lld s",
                       POS_OPERATOR_MAX_TRIES, (long long)(o->locked_until - now));
    return 0;
}

/* Counts one wrong password and locks at the last try: a cashier until the supervisor
 * resets it, the supervisor for the configured period (then it has all tries again). */
static int count_failure(struct pos_operators *ops, struct pos_operators__row *row, int64_t now,
                         struct ps_reason *why)
{
    struct pos_operator_info *o = &row->info;
    struct ps_reason saved;
    int left = POS_OPERATOR_MAX_TRIES - ++o->failed_tries;

    if (left > 0)
        ps_fail(&saved, 0, "wrong password for operator %s; %d %s left", o->number, left,
                left == 1 ? "try" : "tries");
    else if (o->role == POS_ROLE_CASHIER) {
        o->locked = 1;
        ps_fail(&saved, 0,
                "wrong password for operator %s; it is now locked until the supervisor resets "
                "its password",
                o->number);
    } else {
        o->failed_tries = 0;
        o->locked_until = now + ops->opt.supervisor_lock_seconds;
        ps_fail(&saved, 0, "wrong password for the supervisor; it is now locked for %lld s",
                (long long)ops->opt.supervisor_lock_seconds);
    }
    int rc = pos_operators__save_tries(ops, row, why);
    if (rc != 0)
        return rc;
    return ps_fail(why, POS_OP_WRONG_PASSWORD, "%s", saved.text);
}

/* After a right password: forget earlier failures, and hash again when the cost
 * setting changed since the hash was made (the password is at hand only now). */
static int count_success(struct pos_operators *ops, struct pos_operators__row *row,
                         const char *password, struct ps_reason *why)
{
    struct pos_operator_info *o = &row->info;

    if (pos_password_needs_rehash(row->hash, &ops->opt.cost))
        return pos_operators__set_password(ops, o->number, password, why);
    if (o->failed_tries == 0 && o->locked_until == 0)
        return 0;
    o->failed_tries = 0;
    o->locked_until = 0;
    return pos_operators__save_tries(ops, row, why);
}

/* Checks number and password, counting the result. row (OUT) is the operator's. */
static int authenticate(struct pos_operators *ops, const char *number, const char *password,
                        int64_t now, struct pos_operators__row *row, struct ps_reason *why)
{
    int rc = pos_operator_number_check(number, why);
    if (rc != 0)
        return rc;
    rc = pos_operators__load(ops, number, row, why);
    if (rc == PS_EUNDEFINED)
        return ps_fail(why, POS_OP_UNKNOWN, "no operator %s", number);
    if (rc != 0)
        return rc;
    if (!row->info.enabled)
        return ps_fail(why, POS_OP_DISABLED, "operator %s is disabled", number);
    rc = check_lock(row, now, why);
    if (rc != 0)
        return rc;
    if (password == NULL || pos_password_verify(row->hash, password) != 0)
        return count_failure(ops, row, now, why);
    return count_success(ops, row, password, why);
}

int pos_session_login(struct pos_operators *ops, const char *number, const char *password,
                      int64_t now, struct pos_session *out, struct ps_reason *why)
{
    struct pos_operators__row row;
    int rc;

    memset(out, 0, sizeof(*out));
    rc = authenticate(ops, number, password, now, &row, why);
    if (rc != 0)
        return rc;
    memcpy(out->number, row.info.number, sizeof(out->number));
    memcpy(out->name, row.info.name, sizeof(out->name));
    out->role = row.info.role;
    return 0;
}

void pos_session_logout(struct pos_session *s)
{
    memset(s, 0, sizeof(*s));
}

int pos_session_change_password(struct pos_operators *ops, const struct pos_session *s,
                                const char *old_password, const char *new_password, int64_t now,
                                struct ps_reason *why)
{
    struct pos_operators__row row;
    /* the new password's rules first: a typo there is not a wrong password */
    int rc = pos_password_check_rules(new_password, why);

    if (rc == 0)
        rc = authenticate(ops, s->number, old_password, now, &row, why);
    if (rc == 0)
        rc = pos_operators__set_password(ops, s->number, new_password, why);
    return rc;
}

int pos_session_approve(struct pos_operators *ops, struct pos_session *s, enum pos_action action,
                        const char *supervisor_number, const char *supervisor_password, int64_t now,
                        struct ps_reason *why)
{
    struct pos_operators__row row;
    int rc;

    if (pos_action_name(action) == NULL)
        return ps_fail(why, PS_EINVAL, "action %d is not defined", (int)action);
    rc = pos_operator_number_check(supervisor_number, why);
    if (rc != 0)
        return rc;
    if (pos_operator_role(supervisor_number) != POS_ROLE_SUPERVISOR)
        return ps_fail(why, POS_OP_DENIED, "approval needs the supervisor (%s), not operator %s",
                       POS_SUPERVISOR_NUMBER, supervisor_number);
    rc = authenticate(ops, supervisor_number, supervisor_password, now, &row, why);
    if (rc != 0)
        return rc;
    s->approved = action;
    return 0;
}

int pos_session_authorize(struct pos_session *s, enum pos_action action, struct ps_reason *why)
{
    if (s->number[0] == '\0')
        return ps_fail(why, POS_OP_DENIED, "no operator is logged in");
    int rc = pos_role_may(s->role, action, why);
    if (rc == POS_OP_DENIED && s->approved == action) {
        s->approved = 0; /* one approval, one action */
        ps_reason_clear(why);
        return 0;
    }
    return rc;
}

/* Users of the back office (users.h). */
#include "host/office/access/users.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "host/office/access/audit.h"
#include "host/office/access/auth.h"
#include "host/office/onboarding/onboarding.h" /* the roles */

#define USERNAME_MIN     3
#define DISPLAY_NAME_MAX 40 /* characters */

json_t *office_user_json(const struct user_row *u)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:b}", "id", (json_int_t)u->id,
                          "username", u->username, "display_name", u->display_name, "role",
                          u->role, "status", u->status, "password_changed_us",
                          (json_int_t)u->password_changed_us, "locked",
                          u->locked_until_us != 0);
    if (j != NULL && u->merchant_id != 0)
        json_object_set_new(j, "merchant_id", json_integer(u->merchant_id));
    if (j != NULL && u->agent_id != 0)
        json_object_set_new(j, "agent_id", json_integer(u->agent_id));
    return j;
}

static int username_check(const char *name, struct ps_reason *why)
{
    size_t len = strlen(name);
    if (len < USERNAME_MIN || len > ROW_USERNAME_MAX)
        return ps_fail(why, PS_EINVAL, "%d to %d characters; it has %zu", USERNAME_MIN,
                       ROW_USERNAME_MAX, len);
    if (name[0] < 'a' || name[0] > 'z')
        return ps_fail(why, PS_EINVAL, "must start with a lower-case letter");
    size_t ok = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789._-");
    if (ok != len)
        return ps_fail(why, PS_EINVAL, "character %zu is not one of a-z 0-9 . _ -", ok + 1);
    return PS_OK;
}

static int display_name_check(const char *name, struct ps_reason *why)
{
    size_t len = strlen(name), at = 0, chars = 0;
    if (ps_utf8_check(name, len, &at, NULL) != 0)
        return ps_fail(why, PS_EINVAL, "byte %zu is not UTF-8", at);
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)name[i] & 0xC0) != 0x80;
    if (chars == 0 || chars > DISPLAY_NAME_MAX || len > ROW_NAME_MAX)
        return ps_fail(why, PS_EINVAL, "1 to %d characters", DISPLAY_NAME_MAX);
    return PS_OK;
}

/* Role and the id that goes with it: a merchant user names its merchant, an agent its
 * agent record; staff name neither. */
static int role_check(const struct office_user_input *in, const char **field,
                      struct ps_reason *why)
{
    enum office_role role;
    *field = "role";
    if (office_role_from_name(in->role, strlen(in->role), &role, why) != 0)
        return PS_EINVAL;
    *field = "merchant_id";
    if ((role == OFFICE_ROLE_MERCHANT) != (in->merchant_id > 0))
        return ps_fail(why, PS_EINVAL, role == OFFICE_ROLE_MERCHANT
                                           ? "a merchant user names its merchant"
                                           : "only a merchant user names a merchant");
    *field = "agent_id";
    if ((role == OFFICE_ROLE_AGENT) != (in->agent_id > 0))
        return ps_fail(why, PS_EINVAL, role == OFFICE_ROLE_AGENT ? "an agent user names its agent"
                                                                 : "only an agent user names an agent");
    return PS_OK;
}

static int input_check(const struct office_user_input *in, const char **field,
                       struct ps_reason *why)
{
    *field = "username";
    if (in->username == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if (username_check(in->username, why) != 0)
        return PS_EINVAL;
    *field = "display_name";
    if (in->display_name == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if (display_name_check(in->display_name, why) != 0)
        return PS_EINVAL;
    *field = "role";
    if (in->role == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    if (role_check(in, field, why) != 0)
        return PS_EINVAL;
    *field = "password";
    if (in->password == NULL)
        return ps_fail(why, PS_EINVAL, "missing");
    return office_password_policy(in->password, in->username, why);
}

/* Commits u (put) with an audit entry; before is taken. */
static int commit_user(struct office *o, const struct office_actor *actor, const char *action,
                       const struct user_row *u, json_t *before, struct ps_reason *why)
{
    struct store_batch b;
    struct audit_row entry;

    store_batch_init(&b);
    struct store_op *op = store_batch_add(&b, STORE_USER_PUT);
    int rc = op != NULL ? 0 : ps_fail(why, PS_ENOMEM, "out of memory");
    if (rc == 0) {
        op->u.user = *u;
        rc = office_audit_add(o, &b, &entry, actor, action, "user", u->id, before,
                              office_user_json(u), why);
    } else {
        json_decref(before);
    }
    if (rc == 0)
        rc = store_commit(o->store, &b, why);
    store_batch_free(&b);
    return rc;
}

int office_user_create(struct office *o, const struct office_actor *actor,
                       const struct office_user_input *in, struct user_row *out,
                       const char **field, struct ps_reason *why)
{
    struct user_row taken;
    int rc = input_check(in, field, why);
    if (rc != 0)
        return rc;
    *field = "username";
    rc = store_find_user_by_name(o->store, in->username, &taken, why);
    if (rc != 0)
        return rc < 0 ? rc : ps_fail(why, PS_ECHECK, "%s is taken", in->username);
    memset(out, 0, sizeof(*out));
    out->id = office_next_id(o);
    snprintf(out->username, sizeof(out->username), "%s", in->username);
    snprintf(out->display_name, sizeof(out->display_name), "%s", in->display_name);
    snprintf(out->role, sizeof(out->role), "%s", in->role);
    snprintf(out->status, sizeof(out->status), "active");
    out->merchant_id = in->merchant_id;
    out->agent_id = in->agent_id;
    out->created_us = out->updated_us = out->password_changed_us = office_now_us(o);
    *field = "password";
    rc = office_password_hash(in->password, in->published, out->password_hash, why);
    *field = NULL;
    if (rc == 0)
        rc = commit_user(o, actor, "user.create", out, NULL, why);
    if (rc == PS_ECHECK) /* the same name, created meanwhile at another host */
        *field = "username";
    return rc;
}

int office_user_set_password(struct office *o, const struct office_actor *actor,
                             struct user_row *u, const char *password, struct ps_reason *why)
{
    json_t *before = office_user_json(u);
    int rc = office_password_hash(password, 0, u->password_hash, why);
    if (rc != 0) {
        json_decref(before);
        return rc;
    }
    u->password_changed_us = u->updated_us = office_now_us(o);
    u->failed_logins = 0;
    u->locked_until_us = 0;
    return commit_user(o, actor, "user.password_change", u, before, why);
}

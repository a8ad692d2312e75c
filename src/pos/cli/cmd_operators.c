/* operators list | add NN --name N --new-password P | rename NN --name N |
 * disable NN | enable NN | remove NN | reset-password NN --new-password P |
 * passwd --new-password P (one's own, with --password the old one). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

static json_t *operator_json(const struct pos_operator_info *o)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:b, s:i}", "number", o->number, "name", o->name, "role",
                     pos_role_name(o->role), "enabled", o->enabled, "locked",
                     o->locked || o->locked_until > (int64_t)time(NULL), "failed_tries",
                     o->failed_tries);
}

static int list(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_operator_info all[100];
    size_t n = 0;
    int rc = pos_operators_list(pos_app_operators(app), all, 100, &n, why);

    if (rc != 0)
        return rc;
    res->detail = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(res->detail, operator_json(&all[i]));
    snprintf(res->message, sizeof(res->message), "%zu operators", n);
    return PS_OK;
}

/* The management verbs, done by the operators room with the session's permission. */
static int manage(struct pos_app *app, struct cli_args *a, const char *verb, const char *number,
                  struct ps_reason *why)
{
    struct pos_operators *ops = pos_app_operators(app);
    struct pos_session *s = pos_app_operator_session(app);

    if (strcmp(verb, "add") == 0)
        return pos_operators_add(ops, s, number, a->name != NULL ? a->name : "",
                                 a->new_password != NULL ? a->new_password : "", why);
    if (strcmp(verb, "rename") == 0)
        return pos_operators_rename(ops, s, number, a->name != NULL ? a->name : "", why);
    if (strcmp(verb, "disable") == 0 || strcmp(verb, "enable") == 0)
        return pos_operators_set_enabled(ops, s, number, strcmp(verb, "enable") == 0, why);
    if (strcmp(verb, "remove") == 0)
        return pos_operators_remove(ops, s, number, why);
    return pos_operators_reset_password(ops, s, number,
                                        a->new_password != NULL ? a->new_password : "", why);
}

static int operators_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                          struct pos_app_result *res, struct ps_reason *why)
{
    const char *verb = a->rest[0];
    int rc;

    (void)ctx;
    res->action = "operators";
    if (strcmp(verb, "list") == 0)
        return list(app, res, why);
    if (strcmp(verb, "passwd") == 0) {
        rc = pos_session_change_password(pos_app_operators(app), pos_app_operator_session(app),
                                         a->password != NULL ? a->password : "",
                                         a->new_password != NULL ? a->new_password : "",
                                         (int64_t)time(NULL), why);
        snprintf(res->message, sizeof(res->message), "password changed");
        return rc > 0 ? POS_APP_DENIED : rc == PS_EINVAL ? POS_APP_REFUSED : rc;
    }
    rc = manage(app, a, verb, a->rest[1], why);
    if (rc == POS_OP_DENIED)
        return ps_fail(why, POS_APP_DENIED,
                       "operator management needs the supervisor, or the "
                       "supervisor's approval (--supervisor-password)");
    if (rc == PS_EINVAL || rc == PS_EUNDEFINED)
        return POS_APP_REFUSED;
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "operator %s: %s done", a->rest[1], verb);
    return rc;
}

int cmd_operators(struct cli_args *a)
{
    static const char *const with_number[] = {"add",    "rename",         "disable", "enable",
                                              "remove", "reset-password", NULL};
    int known =
        a->nrest == 1 && (strcmp(a->rest[0], "list") == 0 || strcmp(a->rest[0], "passwd") == 0);

    for (size_t i = 0; !known && a->nrest == 2 && with_number[i] != NULL; i++)
        known = strcmp(a->rest[0], with_number[i]) == 0;
    if (!known)
        return cli_error(CLI_USAGE, "operators: list | passwd | add NN | rename NN | disable NN "
                                    "| enable NN | remove NN | reset-password NN");
    return cli_run(a, "operators", 1, POS_ACTION_OPERATOR_MANAGEMENT, operators_flow, NULL);
}

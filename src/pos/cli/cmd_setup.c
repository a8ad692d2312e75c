/* Setting the terminal up and who is at it: activate, status, params, signin, config,
 * login, logout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/hex.h"
#include "pos/cli/cli.h"
#include "pos/cli/commands.h"

#define KEY_FILE_MAX 1024

/* The master key from its key file: 32 hex digits (spaces and line breaks allowed). */
static int read_tmk(const char *path, uint8_t tmk[16])
{
    char text[KEY_FILE_MAX + 1];
    struct ps_reason why;
    size_t n = 0, len;
    FILE *f = fopen(path, "r");
    int rc;

    if (f == NULL)
        return cli_error(CLI_USAGE, "--tmk-file %s: cannot be read", path);
    len = fread(text, 1, sizeof(text), f);
    fclose(f);
    if (len > KEY_FILE_MAX)
        return cli_error(CLI_USAGE, "--tmk-file %s: longer than a key file", path);
    rc = ps_hex_decode(text, len, tmk, 16, &n, &why);
    sodium_memzero(text, sizeof(text));
    if (rc != 0 || n != 16)
        return cli_error(CLI_USAGE, "--tmk-file %s: %s", path,
                         rc != 0 ? why.text : "not 16 bytes (32 hex digits) of 3DES key");
    return CLI_OK;
}

/* Prints an activation's result and closes the terminal. Activation's own refusals
 * (PS_EINVAL: an argument, a terminal activated already, the back office's no) are the
 * technician's input: a usage-class exit status. */
static int activation_done(struct cli_args *a, struct pos_app *app, int rc,
                           struct pos_app_result *res, const struct ps_reason *why)
{
    if (rc == PS_EINVAL)
        rc = cli_error(CLI_USAGE, "activate: %s", why->text);
    else
        rc = cli_finish(a, "activate", rc, res, why);
    pos_app_result_cleanup(res);
    pos_app_close(app);
    return rc;
}

/* possum-pos activate --api URL --serial S --code C ...: who the terminal is and its
 * master key come from the back office. */
static int activate_by_code(struct cli_args *a)
{
    struct pos_app_result res;
    struct ps_reason why;
    struct pos_app *app = NULL;
    int rc;

    if (a->tid != NULL || a->mid != NULL || a->tmk_file != NULL)
        return cli_error(CLI_USAGE, "activate: with --api the TID, MID and master key come "
                                    "from the back office: no --tid, --mid or --tmk-file");
    if (a->serial == NULL || a->code == NULL || a->host == NULL || a->supervisor_name == NULL ||
        a->supervisor_password == NULL)
        return cli_error(CLI_USAGE, "activate: --api, --serial, --code, --host, "
                                    "--supervisor-name and --supervisor-password are required");
    if ((rc = cli_open(a, &app)) != CLI_OK)
        return rc;
    struct pos_activation act = {.host = a->host,
                                 .tls = a->tls,
                                 .ca_file = a->ca,
                                 .insecure = a->insecure,
                                 .supervisor_name = a->supervisor_name,
                                 .supervisor_password = a->supervisor_password,
                                 .api = a->api,
                                 .serial = a->serial,
                                 .code = a->code};
    pos_app_result_init(&res);
    ps_reason_clear(&why);
    rc = pos_app_activate_by_code(app, &act, &res, &why);
    return activation_done(a, app, rc, &res, &why);
}

int cmd_activate(struct cli_args *a)
{
    struct pos_app_result res;
    struct ps_reason why;
    struct pos_app *app = NULL;
    uint8_t tmk[16];
    int rc;

    if (a->supervisor_password == NULL)
        a->supervisor_password = getenv("POSSUM_POS_SUPERVISOR_PASSWORD");
    if (a->api != NULL)
        return activate_by_code(a);
    if (a->serial != NULL || a->code != NULL)
        return cli_error(CLI_USAGE, "activate: --serial and --code go with --api");
    if (a->host == NULL || a->tid == NULL || a->mid == NULL || a->tmk_file == NULL ||
        a->supervisor_name == NULL)
        return cli_error(CLI_USAGE, "activate: --host, --tid, --mid, --tmk-file, "
                                    "--supervisor-name and --supervisor-password are required "
                                    "(or --api, --serial and --code instead of --tid, --mid "
                                    "and --tmk-file)");
    if (a->supervisor_password == NULL)
        return cli_error(CLI_USAGE, "activate: --supervisor-password is required");
    if ((rc = read_tmk(a->tmk_file, tmk)) != CLI_OK || (rc = cli_open(a, &app)) != CLI_OK) {
        sodium_memzero(tmk, sizeof(tmk));
        pos_app_close(app);
        return rc;
    }
    struct pos_activation act = {.host = a->host,
                                 .tls = a->tls,
                                 .ca_file = a->ca,
                                 .insecure = a->insecure,
                                 .tid = a->tid,
                                 .mid = a->mid,
                                 .tmk = tmk,
                                 .supervisor_name = a->supervisor_name,
                                 .supervisor_password = a->supervisor_password};
    pos_app_result_init(&res);
    ps_reason_clear(&why);
    rc = pos_app_activate(app, &act, &res, &why);
    sodium_memzero(tmk, sizeof(tmk));
    return activation_done(a, app, rc, &res, &why);
}

static json_t *status_json(const struct pos_app_status *s)
{
    const struct pos_host_params *p = s->params;
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:b, s:I, s:b, s:b, s:I}", "home", s->home,
                  "tid", s->tid, "mid", s->mid, "merchant", s->merchant_name, "host",
                  s->host->host[0] != '\0' ? s->host->host : "", "tls", s->host->tls, "batch",
                  (json_int_t)s->batch, "batch_settled", s->batch_settled, "batch_count",
                  (json_int_t)s->batch_count, "signed_in", s->signed_in, "reversal_owed",
                  s->reversal_owed, "outbox_waiting", (json_int_t)s->outbox_waiting);
    json_object_set_new(o, "port", json_string(s->host->port));
    if (p->downloaded)
        json_object_set_new(o, "params",
                            json_pack("{s:s, s:I, s:o, s:o, s:I, s:s}", "merchant_name",
                                      p->p.merchant_name, "allowed", (json_int_t)p->p.allowed,
                                      "max_amount", cli_yuan(p->p.max_amount), "max_refund",
                                      cli_yuan(p->p.max_refund), "batch_max",
                                      (json_int_t)p->p.batch_max, "host_time", p->p.host_time));
    if (s->operator_session != NULL)
        json_object_set_new(o, "operator", json_string(s->operator_session->number));
    return o;
}

int cmd_status(struct cli_args *a)
{
    struct pos_app_result res;
    struct pos_app_status st;
    struct ps_reason why;
    struct pos_app *app = NULL;
    int rc = cli_open(a, &app);

    if (rc != CLI_OK)
        return rc;
    ps_reason_clear(&why);
    pos_app_session_restore(app, &why); /* who is logged in, if anyone */
    pos_app_result_init(&res);
    rc = pos_app_status(app, &st, &why);
    if (rc == 0) {
        res.detail = status_json(&st);
        snprintf(res.message, sizeof(res.message), "%s",
                 pos_app_activated(app) ? "activated" : "not activated");
    }
    rc = cli_finish(a, "status", rc, &res, &why);
    pos_app_result_cleanup(&res);
    pos_app_close(app);
    return rc;
}

static int params_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_download_params(app, res, why);
}

int cmd_params(struct cli_args *a)
{
    return cli_run(a, "params", 1, POS_ACTION_PARAMETER_CHANGE, params_flow, NULL);
}

static int signin_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    return pos_app_sign_in(app, res, why);
}

int cmd_signin(struct cli_args *a)
{
    return cli_run(a, "signin", 1, POS_ACTION_SIGN_IN_OFF, signin_flow, NULL);
}

/* config show | config set NAME VALUE */
static int config_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_app_status st;
    char value[POS_FOOTER_MAX + 1];
    int rc = 0;

    (void)ctx;
    res->action = "config";
    if (a->nrest == 3 && strcmp(a->rest[0], "set") == 0)
        rc = pos_app_set_setting(app, a->rest[1], a->rest[2], why);
    if (rc == 0 && (rc = pos_app_status(app, &st, why)) == 0) {
        res->detail = json_object();
        for (size_t i = 0; pos_settings_names[i] != NULL; i++) {
            pos_settings_format(st.settings, pos_settings_names[i], value, sizeof(value), NULL);
            json_object_set_new(res->detail, pos_settings_names[i], json_string(value));
        }
        snprintf(res->message, sizeof(res->message), "%s",
                 a->nrest == 3 ? "setting changed" : "settings");
    }
    return rc;
}

int cmd_config(struct cli_args *a)
{
    int set = a->nrest == 3 && strcmp(a->rest[0], "set") == 0;

    if (!set && !(a->nrest == 1 && strcmp(a->rest[0], "show") == 0))
        return cli_error(CLI_USAGE, "config: 'show' or 'set NAME VALUE'");
    return cli_run(a, "config", set, POS_ACTION_PARAMETER_CHANGE, config_flow, NULL);
}

static int login_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                      struct pos_app_result *res, struct ps_reason *why)
{
    const char *pw = a->password != NULL ? a->password : getenv("POSSUM_POS_PASSWORD");
    int rc;

    (void)ctx;
    res->action = "login";
    if (a->operator_no == NULL || pw == NULL) {
        cli_error(CLI_USAGE, "login: --operator NN and --password (or POSSUM_POS_PASSWORD)");
        return CLI_TOLD;
    }
    if ((rc = pos_app_login(app, a->operator_no, pw, why)) != 0 ||
        (rc = pos_app_session_save(app, why)) != 0)
        return rc;
    res->detail =
        json_pack("{s:s, s:s, s:s}", "operator", pos_app_operator(app)->number, "name",
                  pos_app_operator(app)->name, "role", pos_role_name(pos_app_operator(app)->role));
    snprintf(res->message, sizeof(res->message), "operator %s logged in",
             pos_app_operator(app)->number);
    return PS_OK;
}

int cmd_login(struct cli_args *a)
{
    return cli_run(a, "login", 0, 0, login_flow, NULL);
}

static int logout_flow(struct pos_app *app, struct cli_args *a, void *ctx,
                       struct pos_app_result *res, struct ps_reason *why)
{
    (void)a;
    (void)ctx;
    res->action = "logout";
    snprintf(res->message, sizeof(res->message), "logged out");
    return pos_app_session_forget(app, why);
}

int cmd_logout(struct cli_args *a)
{
    return cli_run(a, "logout", 0, 0, logout_flow, NULL);
}

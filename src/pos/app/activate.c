/* Activation, the technician's step: who the terminal is, where its host is, its
 * master key (stored only sealed under a new device key), the supervisor; then the
 * parameters and the first sign-in. Who the terminal is and its key are typed in, or
 * come from the back office for the terminal's one-time code. Also the later changes
 * of the set-up. */
#include "pos/app/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto/activation.h"
#include "core/crypto/cipher.h"
#include "core/hex.h"
#include "pos/backoffice/activation.h"
#include "pos/db/db.h"
#include "pos/hostlink/tls.h"

/* Whether the back office is reached over https (its CA file and insecure apply). */
static int api_https(const struct pos_activation *a)
{
    return a->api != NULL && strncmp(a->api, "https://", 8) == 0;
}

/* Everything that can be refused before a file is written (or a code is spent). */
static int check(const struct pos_activation *a, struct pos_host_address *h, struct ps_reason *why)
{
    SSL_CTX *ctx = NULL;
    int rc;

    memset(h, 0, sizeof(*h));
    if (a->host == NULL)
        return ps_fail(why, PS_EINVAL, "activation needs the host's address");
    if ((rc = hl_split_host_port(a->host, h->host, h->port, why)) != 0)
        return rc;
    if ((a->ca_file != NULL || a->insecure) && !a->tls && !api_https(a))
        return ps_fail(why, PS_EINVAL, "a CA file and insecure go with TLS");
    if (a->ca_file != NULL && strlen(a->ca_file) >= sizeof(h->ca_file))
        return ps_fail(why, PS_EINVAL, "CA file: the path is too long");
    h->tls = a->tls;
    h->insecure = a->insecure;
    snprintf(h->ca_file, sizeof(h->ca_file), "%s", a->ca_file != NULL ? a->ca_file : "");
    if (a->tls || api_https(a)) { /* a CA file that does not read is refused now */
        rc = hl_tls_client_ctx(&ctx, a->ca_file, a->insecure, why);
        SSL_CTX_free(ctx);
        if (rc != 0)
            return rc;
    }
    if (a->supervisor_name == NULL || a->supervisor_name[0] == '\0')
        return ps_fail(why, PS_EINVAL, "the supervisor's name is missing");
    return pos_password_check_rules(a->supervisor_password != NULL ? a->supervisor_password : "",
                                    why);
}

/* A terminal is activated once, in an empty home. */
static int check_unused(struct pos_app *app, struct ps_reason *why)
{
    struct pos_operator_info sup;
    struct ps_reason cause;

    if (app->activated)
        return ps_fail(why, PS_EINVAL, "this terminal is activated already (TID %s)", app->t.tid);
    if (pos_operators_get(app->ops, POS_SUPERVISOR_NUMBER, &sup, &cause) == 0)
        return ps_fail(why, PS_EINVAL,
                       "this database has a supervisor already: activate in an "
                       "empty home");
    return PS_OK;
}

/* The device key, the terminal's row and its sealed master key. */
static int store(struct pos_app *app, const struct pos_activation *a,
                 const struct pos_host_address *h, struct ps_reason *why)
{
    uint8_t kcv[3];
    int rc;

    /* a key file without an activated terminal is left from an activation that
     * failed: nothing is sealed under it */
    if (unlink(app->home.device_key) != 0 && errno != ENOENT)
        return ps_fail(why, PS_EIO, "%s: %s", app->home.device_key, strerror(errno));
    if ((rc = hl_terminal_init(&app->t, a->tid, a->mid, a->tmk, HL_BATCH_DEFAULT, why)) != 0 ||
        (rc = ps_kcv(PS_CIPHER_TDES, a->tmk, PS_WK_TMK_LEN, kcv, sizeof(kcv), why)) != 0 ||
        (rc = pos_keystore_create(&app->ks, app->home.device_key, why)) != 0)
        return rc;
    app->info.host = *h;
    ps_hex_encode(kcv, sizeof(kcv), app->info.tmk_kcv);
    app->info.activated_at = (int64_t)time(NULL);
    app->info.next_receipt = 1;
    if ((rc = pos_state_create(app->db, &app->ks, &app->t, &app->info, why)) != 0) {
        unlink(app->home.device_key);
        return rc;
    }
    if ((rc = pos_operators_setup(app->ops, a->supervisor_name, a->supervisor_password, why)) !=
        0) { /* undone, so that activation can be tried again */
        pos_db_exec(app->db, "DELETE FROM app_terminal; DELETE FROM app_secret;", NULL);
        unlink(app->home.device_key);
        return rc;
    }
    app->activated = 1;
    if (app->back_office_pending != NULL &&
        ((rc = pos_settings_set(app->db, "back-office", app->back_office_pending, why)) != 0 ||
         (rc = pos_settings_load(app->db, &app->settings, why)) != 0))
        return rc;
    return PS_OK;
}

/* The host learns of a terminal the back office has just activated within about a
 * second (it reads the terminals' changes once a second) and declines it with 97 until
 * then. So that the technician need not come back for the parameters, activation by
 * code tries the first steps again on that answer, and that answer only, for a while. */
#define HOST_LEARNS_MS 3000
#define HOST_RETRY_MS  300

static int go_online(struct pos_app *app, int wait_for_host, struct pos_app_result *res,
                     struct ps_reason *cause)
{
    int waited = 0;

    for (;;) {
        int rc = pos_app__online(app, cause);
        int unknown = rc == POS_APP_DECLINED && res->nsteps > 0 &&
                      strcmp(res->steps[res->nsteps - 1].code, "97") == 0;
        if (!wait_for_host || !unknown || waited >= HOST_LEARNS_MS)
            return rc;
        nanosleep(&(struct timespec){.tv_nsec = HOST_RETRY_MS * 1000000L}, NULL);
        waited += HOST_RETRY_MS;
    }
}

/* The activation proper, everything checked: stores, logs the supervisor in, then the
 * parameters and the sign-in (waiting for the host to learn of the terminal when
 * wait_for_host is set). */
static int activate_checked(struct pos_app *app, const struct pos_activation *a,
                            const struct pos_host_address *h, int wait_for_host,
                            struct pos_app_result *res, struct ps_reason *why)
{
    struct ps_reason cause;
    int rc;

    hl_terminal_cleanup(&app->t);
    if ((rc = store(app, a, h, why)) != 0)
        return rc;
    /* the supervisor does the rest of the set-up */
    if ((rc = pos_app_login(app, POS_SUPERVISOR_NUMBER, a->supervisor_password, why)) != 0)
        return rc;
    app->res = res;
    rc = go_online(app, wait_for_host, res, &cause);
    app->res = NULL;
    res->batch = app->t.batch.number;
    if (rc == 0) {
        snprintf(res->message, sizeof(res->message),
                 "terminal %s activated for %s, parameters downloaded, signed in (batch %06u)",
                 app->t.tid, pos_app__merchant_name(app), (unsigned)app->t.batch.number);
        pos_app__heartbeat_quietly(app, res);
        return PS_OK;
    }
    snprintf(res->message, sizeof(res->message), "terminal %s activated", app->t.tid);
    return ps_fail(why, rc,
                   "terminal %s activated, but %s: the parameters and the sign-in come "
                   "before the first card transaction",
                   app->t.tid, cause.text);
}

int pos_app_activate(struct pos_app *app, const struct pos_activation *a,
                     struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_host_address h;
    int rc;

    res->action = "activate";
    if (a->tid == NULL || a->mid == NULL || a->tmk == NULL)
        return ps_fail(why, PS_EINVAL, "activation needs the host, TID, MID and master key");
    if ((rc = check_unused(app, why)) != 0 || (rc = check(a, &h, why)) != 0)
        return rc;
    return activate_checked(app, a, &h, 0, res, why);
}

/* Asks the back office for the terminal's TID, MID and master key (got, OUT; wiped
 * unless 0 is returned). Its refusal is the technician's input (PS_EINVAL); no answer
 * at all is POS_APP_OFFLINE. */
static int ask_back_office(struct pos_app *app, const struct pos_activation *a,
                           struct pos_bo_activated *got, struct ps_reason *why)
{
    struct pos_bo_http c = {.insecure = a->insecure, .timeout_ms = app->settings.timeout_ms};
    struct ps_reason cause;
    int rc;

    memset(got, 0, sizeof(*got));
    if ((rc = pos_bo_url_parse(a->api, &c.url, why)) != 0)
        return rc;
    if (c.url.tls && (rc = hl_tls_client_ctx(&c.tls, a->ca_file, a->insecure, why)) != 0)
        return rc;
    rc = pos_bo_activate(&c, a->serial, a->code, got, &cause);
    SSL_CTX_free(c.tls);
    if (rc == POS_BO_REFUSED)
        return ps_fail(why, PS_EINVAL, "the back office refused: %s", cause.text);
    if ((rc == PS_EIO || rc == PS_ETIMEDOUT) && got->status == 0)
        return ps_fail(why, POS_APP_OFFLINE, "the back office at %s: %s", a->api, cause.text);
    if (rc != 0)
        return ps_fail(why, rc, "the back office at %s: %s", a->api, cause.text);
    return PS_OK;
}

int pos_app_activate_by_code(struct pos_app *app, const struct pos_activation *a,
                             struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_activation full = *a;
    struct pos_bo_activated got;
    struct pos_host_address h;
    int rc;

    res->action = "activate";
    if (a->api == NULL || a->serial == NULL || a->code == NULL)
        return ps_fail(why, PS_EINVAL,
                       "activation by code needs the back office's address, the serial "
                       "number and the code");
    if ((rc = check_unused(app, why)) != 0 || (rc = check(a, &h, why)) != 0)
        return rc;
    if (ps_activation_code_check(a->code, why) != 0)
        return PS_EINVAL;
    if ((rc = ask_back_office(app, a, &got, why)) != 0)
        return rc;
    full.tid = got.tid;
    full.mid = got.mid;
    full.tmk = got.tmk;
    /* heartbeats go where activation went: kept before the first sign-in, which sends
     * one */
    app->back_office_pending = a->api;
    rc = activate_checked(app, &full, &h, 1, res, why);
    app->back_office_pending = NULL;
    if (res->detail == NULL)
        res->detail = json_pack("{s:s, s:s, s:s, s:s}", "serial", a->serial, "tid", got.tid, "mid",
                                got.mid, "merchant_name", got.merchant_name);
    pos_bo_activated_wipe(&got);
    return rc;
}

int pos_app_set_setting(struct pos_app *app, const char *name, const char *value,
                        struct ps_reason *why)
{
    int rc = pos_app__authorize(app, POS_ACTION_PARAMETER_CHANGE, why);

    if (rc == 0 && (rc = pos_settings_set(app->db, name, value, why)) == 0)
        rc = pos_settings_load(app->db, &app->settings, why);
    return rc == PS_EINVAL || rc == PS_EUNDEFINED ? POS_APP_REFUSED : rc;
}

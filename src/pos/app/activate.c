/* Activation, the technician's step: who the terminal is, where its host is, its
 * master key (stored only sealed under a new device key), the supervisor; then the
 * parameters and the first sign-in. Also the later changes of the set-up. */
#include "pos/app/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/crypto/cipher.h"
#include "core/hex.h"
#include "pos/db/db.h"
#include "pos/hostlink/tls.h"

/* Everything that can be refused before a file is written. */
static int check(const struct pos_activation *a, struct pos_host_address *h, struct ps_reason *why)
{
    SSL_CTX *ctx = NULL;
    int rc;

    memset(h, 0, sizeof(*h));
    if (a->host == NULL || a->tid == NULL || a->mid == NULL || a->tmk == NULL)
        return ps_fail(why, PS_EINVAL, "activation needs the host, TID, MID and master key");
    if ((rc = hl_split_host_port(a->host, h->host, h->port, why)) != 0)
        return rc;
    if ((a->ca_file != NULL || a->insecure) && !a->tls)
        return ps_fail(why, PS_EINVAL, "a CA file and insecure go with TLS");
    if (a->ca_file != NULL && strlen(a->ca_file) >= sizeof(h->ca_file))
        return ps_fail(why, PS_EINVAL, "CA file: the path is too long");
    h->tls = a->tls;
    h->insecure = a->insecure;
    snprintf(h->ca_file, sizeof(h->ca_file), "%s", a->ca_file != NULL ? a->ca_file : "");
    if (a->tls) { /* a CA file that does not read is refused now, not at the first sale */
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
    return PS_OK;
}

int pos_app_activate(struct pos_app *app, const struct pos_activation *a,
                     struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_host_address h;
    struct pos_operator_info sup;
    struct ps_reason cause;
    int rc;

    res->action = "activate";
    if (app->activated)
        return ps_fail(why, PS_EINVAL, "this terminal is activated already (TID %s)", app->t.tid);
    if ((rc = check(a, &h, why)) != 0)
        return rc;
    if (pos_operators_get(app->ops, POS_SUPERVISOR_NUMBER, &sup, &cause) == 0)
        return ps_fail(why, PS_EINVAL,
                       "this database has a supervisor already: activate in an "
                       "empty home");
    hl_terminal_cleanup(&app->t);
    if ((rc = store(app, a, &h, why)) != 0)
        return rc;
    /* the supervisor does the rest of the set-up */
    if ((rc = pos_app_login(app, POS_SUPERVISOR_NUMBER, a->supervisor_password, why)) != 0)
        return rc;
    app->res = res;
    rc = pos_app__online(app, &cause);
    app->res = NULL;
    res->batch = app->t.batch.number;
    if (rc == 0) {
        snprintf(res->message, sizeof(res->message),
                 "terminal %s activated for %s, parameters downloaded, signed in (batch %06u)",
                 app->t.tid, pos_app__merchant_name(app), (unsigned)app->t.batch.number);
        return PS_OK;
    }
    snprintf(res->message, sizeof(res->message), "terminal %s activated", app->t.tid);
    return ps_fail(why, rc,
                   "terminal %s activated, but %s: the parameters and the sign-in come "
                   "before the first card transaction",
                   app->t.tid, cause.text);
}

int pos_app_set_setting(struct pos_app *app, const char *name, const char *value,
                        struct ps_reason *why)
{
    int rc = pos_app__authorize(app, POS_ACTION_PARAMETER_CHANGE, why);

    if (rc == 0 && (rc = pos_settings_set(app->db, name, value, why)) == 0)
        rc = pos_settings_load(app->db, &app->settings, why);
    return rc == PS_EINVAL || rc == PS_EUNDEFINED ? POS_APP_REFUSED : rc;
}

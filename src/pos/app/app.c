/* Opening and closing the terminal, and where it stands. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pos/app/outbox.h"
#include "pos/app/schema.h"
#include "pos/catalog/catalog.h"
#include "pos/db/db.h"

/* The rooms' tables, the operators and the journal. */
static int open_rooms(struct pos_app *app, const struct pos_app_options *opt, struct ps_reason *why)
{
    struct pos_operators_options oo;
    int rc;

    pos_operators_options_init(&oo);
    if (opt != NULL && opt->fast_password_hashing)
        pos_password_cost_min(&oo.cost);
    if ((rc = pos_db_open(app->home.db, &app->db, why)) != 0 ||
        (rc = pos_app_schema_migrate(app->db, why)) != 0 ||
        (rc = pos_catalog_migrate(app->db, why)) != 0 ||
        (rc = pos_operators_open(app->db, &oo, &app->ops, why)) != 0 ||
        (rc = pos_journal_open(app->db, app->home.anchor, &app->journal, why)) != 0)
        return rc;
    return pos_settings_load(app->db, &app->settings, why);
}

/* An activated terminal: its keys and its conversation with the host. */
static int load_terminal(struct pos_app *app, struct ps_reason *why)
{
    int rc;

    if ((rc = pos_keystore_load(&app->ks, app->home.device_key, why)) != 0) {
        if (rc == PS_EUNDEFINED)
            rc = ps_fail(why, PS_ECHECK,
                         "the device key %s is missing: the stored keys cannot "
                         "be opened; the terminal must be activated again",
                         app->home.device_key);
        return rc;
    }
    if ((rc = pos_host_params_load(app->db, &app->params, why)) != 0 ||
        (rc = pos_state_load(app->db, &app->ks, pos_host_params_batch_cap(&app->params), &app->t,
                             &app->info, why)) != 0)
        return rc;
    app->activated = 1;
    app->reversal_seq = app->info.reversal_seq;
    app->reversal_stan = app->t.reversal_pending ? app->t.reversal.stan : 0;
    /* a reversal owed by a run that died mid-exchange is queued now */
    return pos_app__sync_reversal(app, why);
}

int pos_app_open(const struct pos_app_options *opt, struct pos_app **out, struct ps_reason *why)
{
    struct pos_app *app = calloc(1, sizeof(*app));
    int rc;

    *out = NULL;
    if (app == NULL)
        return ps_fail(why, PS_ENOMEM, "out of memory");
    app->lock_fd = -1;
    rc = pos_home_resolve(opt != NULL ? opt->home : NULL, &app->home, why);
    if (rc == 0)
        rc = pos_home_make(&app->home, why);
    if (rc == 0) /* a timer's forward may be running: wait for it, as long as a host step */
        rc = pos_home_lock(&app->home, 20000, &app->lock_fd, why);
    if (rc == 0)
        rc = open_rooms(app, opt, why);
    if (rc == 0 && (rc = pos_state_activated(app->db, why)) > 0)
        rc = load_terminal(app, why);
    if (rc < 0) {
        pos_app_close(app);
        return rc;
    }
    *out = app;
    return PS_OK;
}

void pos_app_close(struct pos_app *app)
{
    if (app == NULL)
        return;
    if (app->session_open)
        hl_session_cleanup(&app->s);
    hl_terminal_cleanup(&app->t);
    SSL_CTX_free(app->tls);
    pos_journal_close(app->journal);
    pos_operators_close(app->ops);
    pos_db_close(app->db);
    pos_keystore_cleanup(&app->ks);
    pos_session_logout(&app->op);
    if (app->lock_fd >= 0)
        close(app->lock_fd);
    free(app);
}

int pos_app_activated(const struct pos_app *app)
{
    return app->activated;
}

int pos_app__need_activated(struct pos_app *app, struct ps_reason *why)
{
    if (app->activated)
        return PS_OK;
    return ps_fail(why, POS_APP_REFUSED,
                   "this terminal is not activated yet: a technician runs possum-pos activate");
}

void pos_app__local_time(time_t now, char out[20])
{
    struct tm tm;
    if (localtime_r(&now, &tm) == NULL || strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) != 19)
        snprintf(out, 20, "2000-01-01 00:00:00");
}

const char *pos_app__merchant_name(struct pos_app *app)
{
    if (app->params.downloaded && app->params.p.merchant_name[0] != '\0')
        return app->params.p.merchant_name;
    snprintf(app->merchant_fallback, sizeof(app->merchant_fallback), "MID %s", app->t.mid);
    return app->merchant_fallback;
}

int pos_app_status(struct pos_app *app, struct pos_app_status *out, struct ps_reason *why)
{
    int rc;

    memset(out, 0, sizeof(*out));
    out->home = app->home.dir;
    out->tid = app->activated ? app->t.tid : "";
    out->mid = app->activated ? app->t.mid : "";
    out->merchant_name = app->activated ? pos_app__merchant_name(app) : "";
    out->host = &app->info.host;
    out->batch = app->t.batch.number;
    out->batch_settled = app->t.batch.settled;
    out->batch_count = app->t.batch.count;
    out->signed_in = app->activated && !hl_terminal_needs_sign_in(&app->t, time(NULL));
    out->reversal_owed = app->t.reversal_pending;
    out->params = &app->params;
    out->settings = &app->settings;
    out->operator_session = app->logged_in ? &app->op : NULL;
    rc = pos_outbox_waiting(app->db, &out->outbox_waiting, why);
    return rc;
}

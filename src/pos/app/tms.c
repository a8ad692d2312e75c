/* The terminal's side of the TMS: a heartbeat to the back office, and what its answer
 * asks: a parameter set to apply, an app package to install. After an install (or a
 * failed one) a second heartbeat tells the back office at once. */
#include "pos/app/internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pos/app/tms_store.h"
#include "pos/backoffice/heartbeat.h"
#include "pos/hostlink/tls.h"

/* What one heartbeat led to, for the message. */
struct beat {
    struct pos_bo_heartbeat hb;
    struct pos_bo_heartbeat_reply reply;
    int updated; /* a set applied or an update tried: send again, so the back office knows */
    int refused_rc;
    struct ps_reason refused; /* a parameter set refused */
    char said[PS_REASON_MAX];  /* "; parameters 12 applied; app 1.5.0 installed" */
};

static void say(struct beat *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(struct beat *b, const char *fmt, ...)
{
    size_t len = strlen(b->said);
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(b->said + len, sizeof(b->said) - len, fmt, ap);
    va_end(ap);
}

/* How the terminal is, from its database and journal. */
static int gather(struct pos_app *app, struct pos_bo_heartbeat *hb, struct ps_reason *why)
{
    struct pos_tms_report rep;
    int rc;

    memset(hb, 0, sizeof(*hb));
    snprintf(hb->tid, sizeof(hb->tid), "%s", app->t.tid);
    hb->params_version = app->params.tms_applied ? app->params.tms.version : 0;
    hb->printer = "ok"; /* receipts go to a device or file that reports nothing back */
    if ((rc = pos_tms_app_version(app->db, hb->app_version, why)) != 0 ||
        (rc = pos_app__last_txn_us(app, &hb->last_txn_us, why)) != 0 ||
        (rc = pos_tms_report_get(app->db, &rep, why)) != 0)
        return rc;
    snprintf(hb->update_version, sizeof(hb->update_version), "%s", rep.version);
    hb->update_state = strcmp(rep.state, "installed") == 0 ? "installed" : "failed";
    snprintf(hb->update_reason, sizeof(hb->update_reason), "%s", rep.reason);
    return PS_OK;
}

/* A checked set: stored, then in force (the next session dials its hosts). */
static int apply_params(struct pos_app *app, struct beat *b, struct ps_reason *why)
{
    const struct pos_bo_heartbeat_reply *r = &b->reply;
    int rc;

    if (!r->has_params)
        return PS_OK;
    if (r->params_rc != 0) { /* the old set stays */
        b->refused_rc = POS_APP_REFUSED;
        ps_fail(&b->refused, POS_APP_REFUSED, "the back office's parameters were refused: %s",
                r->params_why.text);
        say(b, "; parameters refused: %s", r->params_why.text);
        return PS_OK;
    }
    if ((rc = pos_tms_params_save(app->db, &r->params, (int64_t)time(NULL), why)) != 0 ||
        (rc = pos_host_params_load(app->db, &app->params, why)) != 0)
        return rc;
    if (app->session_open) { /* reopened with the new hosts when next needed */
        hl_session_cleanup(&app->s);
        app->session_open = 0;
    }
    say(b, "; parameters %u applied", (unsigned)r->params.version);
    b->updated = 1;
    return PS_OK;
}

/* Installs the offered package, and keeps how it went for the next heartbeat. */
static int install(struct pos_app *app, const struct pos_bo_http *c, struct beat *b,
                   struct ps_reason *why)
{
    const struct pos_pkg_offer *o = &b->reply.update;
    struct pos_tms_report rep;
    char dir[POS_HOME_PATH_MAX + 8], path[POS_HOME_PATH_MAX + 64];
    struct ps_reason cause;
    int rc;

    memset(&rep, 0, sizeof(rep));
    if (!b->reply.has_update)
        return PS_OK;
    if (b->reply.update_rc != 0) { /* nothing to name it by: told here only */
        say(b, "; update refused: %s", b->reply.update_why.text);
        return PS_OK;
    }
    if (strcmp(o->version, b->hb.app_version) == 0)
        return PS_OK; /* installed already */
    snprintf(dir, sizeof(dir), "%s/app", app->home.dir);
    snprintf(rep.version, sizeof(rep.version), "%s", o->version);
    rc = pos_pkg_install(c, o, dir, path, sizeof(path), &cause);
    if (rc == 0 && (rc = pos_tms_package_save(app->db, o, path, (int64_t)time(NULL), why)) != 0)
        return rc;
    snprintf(rep.state, sizeof(rep.state), "%s", rc == 0 ? "installed" : "failed");
    snprintf(rep.reason, sizeof(rep.reason), "%.200s", rc == 0 ? "" : cause.text);
    b->updated = 1;
    if (rc == 0)
        say(b, "; app %s installed", o->version);
    else
        say(b, "; app %s not installed: %s", o->version, cause.text);
    return pos_tms_report_put(app->db, &rep, why);
}

/* The back office's client, from the setting. */
static int client(struct pos_app *app, struct pos_bo_http *c, struct ps_reason *why)
{
    const struct pos_host_address *h = &app->info.host;
    int rc;

    memset(c, 0, sizeof(*c));
    c->timeout_ms = app->settings.timeout_ms;
    c->insecure = h->insecure;
    if (app->settings.back_office[0] == '\0')
        return ps_fail(why, POS_APP_REFUSED,
                       "no back office to send heartbeats to: possum-pos config set "
                       "back-office http://HOST:PORT");
    if ((rc = pos_bo_url_parse(app->settings.back_office, &c->url, why)) != 0)
        return rc;
    if (c->url.tls)
        rc = hl_tls_client_ctx(&c->tls, h->ca_file[0] != '\0' ? h->ca_file : NULL, h->insecure,
                               why);
    return rc;
}

/* One heartbeat and what its answer asks. */
static int beat_once(struct pos_app *app, const struct pos_bo_http *c, struct beat *b,
                     struct ps_reason *why)
{
    struct ps_reason cause;
    int rc;

    if ((rc = gather(app, &b->hb, why)) != 0)
        return rc;
    rc = pos_bo_heartbeat_send(c, app->t.tmk, &b->hb, &b->reply, &cause);
    if (rc == POS_BO_HB_REFUSED)
        return ps_fail(why, POS_APP_REFUSED, "the back office refused the heartbeat: %s",
                       cause.text);
    if (rc == PS_EIO || rc == PS_ETIMEDOUT)
        return ps_fail(why, POS_APP_OFFLINE, "the back office at %s: %s",
                       app->settings.back_office, cause.text);
    if (rc != 0)
        return ps_fail(why, rc, "the back office at %s: %s", app->settings.back_office,
                       cause.text);
    if (b->hb.update_version[0] != '\0' && (rc = pos_tms_report_clear(app->db, why)) != 0)
        return rc;
    if ((rc = apply_params(app, b, why)) != 0)
        return rc;
    return install(app, c, b, why);
}

int pos_app_heartbeat(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_bo_http c = {0};
    struct beat b, again;
    int rc;

    res->action = "heartbeat";
    memset(&b, 0, sizeof(b));
    if ((rc = pos_app__need_activated(app, why)) != 0 || (rc = client(app, &c, why)) != 0)
        goto out;
    if ((rc = beat_once(app, &c, &b, why)) != 0)
        goto out;
    if (b.updated) { /* the back office learns at once what the terminal runs now */
        memset(&again, 0, sizeof(again));
        again.reply.has_update = 0;
        if ((rc = gather(app, &again.hb, why)) == 0 &&
            pos_bo_heartbeat_send(&c, app->t.tmk, &again.hb, &again.reply, &again.refused) == 0)
            pos_tms_report_clear(app->db, NULL);
        rc = 0; /* the report stays for the next heartbeat otherwise */
    }
    snprintf(res->message, sizeof(res->message), "heartbeat sent%s", b.said);
    res->detail = json_pack("{s:s, s:I, s:s, s:I}", "app_version", b.hb.app_version,
                            "params_version",
                            (json_int_t)(app->params.tms_applied ? app->params.tms.version : 0),
                            "printer", b.hb.printer, "last_txn_us", (json_int_t)b.hb.last_txn_us);
    if (b.refused_rc != 0) {
        *why = b.refused;
        rc = b.refused_rc;
    }
out:
    SSL_CTX_free(c.tls);
    return rc;
}

void pos_app__heartbeat_quietly(struct pos_app *app, struct pos_app_result *res)
{
    struct pos_app_result beat;
    struct ps_reason why;
    size_t len = strlen(res->message);
    int rc;

    if (app->settings.back_office[0] == '\0')
        return;
    pos_app_result_init(&beat);
    ps_reason_clear(&why);
    rc = pos_app_heartbeat(app, &beat, &why);
    snprintf(res->message + len, sizeof(res->message) - len, "; %s",
             rc == 0 ? beat.message : why.text);
    pos_app_result_cleanup(&beat);
}

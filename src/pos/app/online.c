/* The conversation with the host: the session's callbacks (keep the state, tell the
 * journal), getting ready to send, and what its return values mean to a cashier. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pos/app/outbox.h"
#include "pos/app/schema.h"
#include "pos/db/db.h"
#include "pos/hostlink/params.h"
#include "pos/hostlink/tls.h"

void pos_app__reversal_key(const struct hl_terminal *t, char out[64])
{
    snprintf(out, 64, "reversal:%06u:%06u", (unsigned)t->reversal.batch,
             (unsigned)t->reversal.stan);
}

/* Reversals the host has answered are done in the outbox too, in the same commit as
 * the state that no longer owes them. */
static int mark_reversals(struct pos_app *app, struct ps_reason *why)
{
    char key[64] = "";
    sqlite3_stmt *st = NULL;
    int rc;

    if (app->t.reversal_pending)
        pos_app__reversal_key(&app->t, key);
    rc = pos_app_prepare(app->db,
                         "UPDATE app_outbox SET state = 'done', done_at = ?"
                         " WHERE kind = 'reversal' AND state = 'waiting' AND key <> ?",
                         &st, "outbox", why);
    if (rc == 0) {
        sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
        sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
        rc = pos_app_step_done(app->db, st, "outbox", why);
    }
    sqlite3_finalize(st);
    return rc;
}

int pos_app__save(struct pos_app *app, struct ps_reason *why)
{
    int rc;

    /* a newly armed reversal goes back to the transaction in flight */
    if (app->t.reversal_pending && app->t.reversal.stan != app->reversal_stan) {
        app->reversal_seq = app->flow_seq;
        app->reversal_stan = app->t.reversal.stan;
    }
    if ((rc = pos_db_exec(app->db, "BEGIN IMMEDIATE", why)) != 0)
        return rc;
    rc = pos_state_write(app->db, &app->ks, &app->t, app->reversal_seq, why);
    if (rc == 0)
        rc = mark_reversals(app, why);
    if (rc == 0)
        return pos_db_exec(app->db, "COMMIT", why);
    pos_db_exec(app->db, "ROLLBACK", NULL);
    return rc;
}

int pos_app__sync_reversal(struct pos_app *app, struct ps_reason *why)
{
    const struct hl_message *m = &app->t.reversal;
    char key[64], payload[256];
    int rc;

    if (!app->t.reversal_pending)
        return PS_OK;
    pos_app__reversal_key(&app->t, key);
    snprintf(payload, sizeof(payload),
             "{\"kind\":\"%s\",\"batch\":%u,\"stan\":%u,\"amount\":%lld,\"journal_seq\":%lld}",
             hl_kind_name(m->kind), (unsigned)m->batch, (unsigned)m->stan, (long long)m->amount,
             (long long)app->reversal_seq);
    rc = pos_outbox_put(app->db, key, "reversal", payload, (int64_t)time(NULL), why);
    return rc == POS_OUTBOX_EXISTS ? PS_OK : rc;
}

/* ---- the session's callbacks ------------------------------------------------------ */

static int on_save(void *ctx, const struct hl_terminal *t)
{
    struct pos_app *app = ctx;
    (void)t; /* always app->t */
    int rc = pos_app__save(app, &app->callback_why);
    if (rc != 0)
        app->callback_rc = rc;
    return rc;
}

static void add_step(struct pos_app_result *res, const struct hl_message *sent,
                     const struct hl_response *r)
{
    struct pos_app_step *s;

    if (res == NULL)
        return;
    if (res->nsteps == POS_RESULT_STEPS_MAX) { /* keep the latest */
        memmove(res->steps, res->steps + 1, (POS_RESULT_STEPS_MAX - 1) * sizeof(*s));
        res->nsteps--;
    }
    s = &res->steps[res->nsteps++];
    s->kind = sent->kind;
    s->stan = sent->stan;
    snprintf(s->code, sizeof(s->code), "%s", r != NULL ? r->code : "");
}

/* The exchanges the session makes on its own (sign-in, the owed reversal) and the
 * sign-off go into the journal here; the flows journal their own transactions. */
static void journal_step(struct pos_app *app, const struct hl_message *sent,
                         const struct hl_response *r, int rc)
{
    enum pos_journal_kind kind;
    json_t *body;
    int64_t refers_to = 0;

    if (r == NULL || (rc != 0 && rc != HL_DECLINED))
        return; /* no answer: nothing happened at the host that the journal can tell */
    if (sent->kind == HL_SIGN_IN)
        kind = POS_JOURNAL_SIGN_IN;
    else if (sent->kind == HL_SIGN_OFF)
        kind = POS_JOURNAL_SIGN_OFF;
    else if (sent->kind == HL_REVERSAL)
        kind = POS_JOURNAL_REVERSAL;
    else
        return;
    if (kind == POS_JOURNAL_REVERSAL && sent->stan == app->reversal_stan)
        refers_to = app->reversal_seq;
    body =
        json_pack("{s:s, s:I, s:I, s:s, s:s}", "message", hl_kind_name(sent->kind), "stan",
                  (json_int_t)sent->stan, "batch", (json_int_t)(r->batch ? r->batch : sent->batch),
                  "code", r->code, "response", hl_response_meaning(r->code));
    if (body != NULL && sent->kind == HL_REVERSAL)
        json_object_set_new(body, "reversed", json_string(hl_kind_name(sent->reversed)));
    rc = pos_app__journal(app, kind, rc == 0 ? POS_JOURNAL_APPROVED : POS_JOURNAL_DECLINED,
                          sent->amount, "", refers_to, body, NULL, &app->callback_why);
    if (rc != 0)
        app->callback_rc = rc;
    json_decref(body);
}

static void on_exchange(void *ctx, const struct hl_message *sent, const struct hl_response *r,
                        int rc, const struct ps_reason *why)
{
    struct pos_app *app = ctx;
    (void)why;
    add_step(app->res, sent, r);
    journal_step(app, sent, r, rc);
}

/* A TMS parameter set's hosts, dialled in order with its timeouts, replace the host
 * given at activation (its TLS settings stay). */
static void tms_hosts(struct pos_app *app, struct hl_session_config *cfg)
{
    const struct pos_tms_params *p = &app->params.tms;

    if (!app->params.tms_applied)
        return;
    for (size_t i = 0; i < p->nhosts; i++)
        app->tms_links[i] = (struct hl_link_config){.host = p->hosts[i].host,
                                                    .port = p->hosts[i].port,
                                                    .tls = cfg->link.tls,
                                                    .insecure = cfg->link.insecure};
    cfg->links = app->tms_links;
    cfg->nlinks = p->nhosts;
    cfg->connect_timeout_ms = p->connect_timeout_s * 1000;
    cfg->timeout_ms = p->response_timeout_s * 1000;
}

int pos_app__session(struct pos_app *app, struct ps_reason *why)
{
    const struct pos_host_address *h = &app->info.host;
    struct hl_session_config cfg = {
        .link = {.host = h->host, .port = h->port, .insecure = h->insecure},
        .timeout_ms = app->settings.timeout_ms,
        .save = on_save,
        .on_exchange = on_exchange,
        .ctx = app,
    };
    int rc;

    if (app->session_open)
        return PS_OK;
    if (h->tls) {
        SSL_CTX_free(app->tls); /* a session reopened after new parameters */
        app->tls = NULL;
        rc = hl_tls_client_ctx(&app->tls, h->ca_file[0] != '\0' ? h->ca_file : NULL, h->insecure,
                               why);
        if (rc != 0)
            return rc;
        cfg.link.tls = app->tls;
    }
    tms_hosts(app, &cfg);
    rc = hl_session_init(&app->s, &app->t, &cfg, why);
    app->session_open = 1; /* cleaned up even after a failed init */
    return rc;
}

/* ---- what session results mean ---------------------------------------------------- */

int pos_app__outcome_of(struct pos_app *app, int rc, struct ps_reason *why)
{
    struct ps_reason cause;

    if (rc == 0)
        return PS_OK;
    cause = *why;
    switch (rc) {
    case PS_EIO:
    case PS_ETIMEDOUT:
        if (app->t.reversal_pending)
            return ps_fail(why, POS_APP_OFFLINE,
                           "no answer from the host (%s): the terminal will reverse the %s "
                           "automatically before its next online message",
                           cause.text, hl_kind_name(app->t.reversal.kind));
        return ps_fail(why, POS_APP_OFFLINE, "the host is not reachable (%s)", cause.text);
    case HL_DECLINED:
        return ps_fail(why, POS_APP_DECLINED, "%s",
                       cause.text[0] != '\0' ? cause.text : "declined by the host");
    case HL_BATCH_FULL:
        return ps_fail(why, POS_APP_REFUSED, "the batch is full: settle first");
    case HL_REVERSAL_FIRST:
    case HL_SIGN_IN_FIRST:
        return ps_fail(why, POS_APP_REFUSED, "%s", hl_strerror(rc));
    default:
        if (rc < 0 && app->t.reversal_pending)
            return ps_fail(why, rc,
                           "the host's answer could not be used (%s): the terminal will "
                           "reverse the %s before its next online message",
                           cause.text, hl_kind_name(app->t.reversal.kind));
        return rc;
    }
}

static int download_params(struct pos_app *app, struct ps_reason *why)
{
    struct hl_params p;
    int rc = hl_session_download_params(&app->s, &p, why);

    if (rc == 0)
        rc = pos_host_params_save(app->db, &p, (int64_t)time(NULL), why);
    if (rc == 0)
        rc = pos_host_params_load(app->db, &app->params, why);
    return rc;
}

/* Field 63 of every card request carries the operator (hostlink/terminal.h): the
 * session's two digits as three. */
void pos_app__set_operator(struct pos_app *app)
{
    snprintf(app->t.operator_id, sizeof(app->t.operator_id), "0%s",
             app->logged_in ? app->op.number : "00");
}

int pos_app__online(struct pos_app *app, struct ps_reason *why)
{
    int rc;

    if ((rc = pos_app__need_activated(app, why)) != 0 || (rc = pos_app__session(app, why)) != 0)
        return rc;
    pos_app__set_operator(app);
    if (!app->forwarding && (rc = pos_app__forward_items(app, NULL, why)) != 0)
        return pos_app__outcome_of(app, rc, why);
    if (!app->params.downloaded && (rc = download_params(app, why)) != 0)
        return pos_app__outcome_of(app, rc, why);
    rc = hl_session_prepare(&app->s, why);
    if (rc == 0)
        app->ready = 1;
    return pos_app__outcome_of(app, rc, why);
}

int pos_app_download_params(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    int rc;

    res->action = "params";
    if ((rc = pos_app__authorize(app, POS_ACTION_PARAMETER_CHANGE, why)) != 0 ||
        (rc = pos_app__session(app, why)) != 0)
        return rc;
    pos_app__set_operator(app);
    app->res = res;
    rc = download_params(app, why);
    app->res = NULL;
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "parameters downloaded for %s",
                 app->params.p.merchant_name);
    return pos_app__outcome_of(app, rc, why);
}

/* ---- exchanges ---------------------------------------------------------------------- */

void pos_app__take_answer(struct pos_app_result *res, const struct hl_message *sent,
                          const struct hl_response *r)
{
    snprintf(res->code, sizeof(res->code), "%s", r->code);
    snprintf(res->rrn, sizeof(res->rrn), "%s", r->rrn);
    snprintf(res->auth_code, sizeof(res->auth_code), "%s", r->auth_code);
    snprintf(res->settle_date, sizeof(res->settle_date), "%s", r->settle_date);
    snprintf(res->host_date, sizeof(res->host_date), "%s", r->local_date);
    snprintf(res->host_time, sizeof(res->host_time), "%s", r->local_time);
    res->batch = r->batch != 0 ? r->batch : sent->batch;
    res->stan = sent->stan;
    res->amount = r->has_amount ? r->amount : sent->amount;
    res->has_balance = r->has_balance;
    res->balance = r->balance;
}

int pos_app__card(struct pos_app *app, const struct hl_card_input *in, int64_t seq,
                  struct hl_message *sent, struct hl_response *r, struct ps_reason *why)
{
    struct ps_reason ignored;
    int rc;

    memset(sent, 0, sizeof(*sent));
    memset(r, 0, sizeof(*r));
    pos_app__set_operator(app);
    app->flow_seq = seq;
    rc = hl_session_card(&app->s, in, sent, r, why);
    if (r->code[0] != '\0' && app->res != NULL)
        pos_app__take_answer(app->res, sent, r);
    if (rc == HL_DECLINED && r->code[0] != '\0') /* the session leaves the reason to us */
        ps_fail(why, rc, "declined by the host: %s %s", r->code, hl_response_meaning(r->code));
    /* the session saves before each request and after each answer; after a lost
     * answer it could not, and the reversal it owes joins the outbox */
    if (pos_app__save(app, &ignored) == 0)
        pos_app__sync_reversal(app, &ignored);
    app->flow_seq = 0;
    if (app->res != NULL)
        app->res->reversal_owed = app->t.reversal_pending;
    return rc;
}

int pos_app_sign_in(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct hl_response r;
    int rc;

    res->action = "signin";
    if ((rc = pos_app__authorize(app, POS_ACTION_SIGN_IN_OFF, why)) != 0 ||
        (rc = pos_app__session(app, why)) != 0)
        return rc;
    pos_app__set_operator(app);
    app->res = res;
    rc = pos_app__forward_items(app, res, why);
    if (rc == 0)
        rc = hl_session_sign_in(&app->s, &r, why);
    app->res = NULL;
    if (rc == 0) {
        snprintf(res->code, sizeof(res->code), "%s", r.code);
        res->batch = app->t.batch.number;
        snprintf(res->message, sizeof(res->message), "signed in: batch %06u",
                 (unsigned)app->t.batch.number);
        pos_app__heartbeat_quietly(app, res);
    }
    return pos_app__outcome_of(app, rc, why);
}

/* The outbox's sender: each kind of message that must reach the host, delivered as
 * the host's answer to it is recorded. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pos/app/outbox.h"

static uint32_t payload_number(const struct pos_outbox_item *it, const char *key)
{
    json_t *o = json_loads(it->payload, 0, NULL);
    uint32_t n = (uint32_t)json_integer_value(json_object_get(o, key));
    json_decref(o);
    return n;
}

/* The reversal this item names, unless the terminal no longer owes it (the session
 * sent it before another message, or the host answered it). */
static int send_reversal(struct pos_app *app, const struct pos_outbox_item *it,
                         struct ps_reason *why)
{
    struct hl_message sent;
    struct hl_response r;
    char key[64];
    int rc;

    if (!app->t.reversal_pending)
        return PS_OK;
    pos_app__reversal_key(&app->t, key);
    if (strcmp(key, it->key) != 0)
        return PS_OK;
    rc = hl_session_reverse(&app->s, &sent, &r, why);
    if (rc == 0 || !app->t.reversal_pending)
        return PS_OK; /* approved, or declined for good (25: never seen): done either way */
    if (rc == HL_DECLINED)
        return ps_fail(why, PS_EIO, "the host did not take the reversal (%s): it stays owed",
                       r.code);
    return rc < 0 ? rc : PS_EIO;
}

static int send_settlement(struct pos_app *app, const struct pos_outbox_item *it,
                           struct ps_reason *why)
{
    struct pos_app_result scratch;
    struct pos_app_result *res = app->res;
    int rc;

    if (payload_number(it, "batch") != app->t.batch.number || app->t.batch.settled)
        return PS_OK; /* settled already */
    if (res == NULL) {
        pos_app_result_init(&scratch);
        res = &scratch;
    }
    rc = pos_app__settle_now(app, res, why);
    if (res == &scratch)
        pos_app_result_cleanup(&scratch);
    if (rc == POS_APP_QUEUED && !app->t.batch.settled)
        return PS_EIO;                        /* still no answer: it keeps its place */
    return rc == POS_APP_QUEUED ? PS_OK : rc; /* recorded; an upload waits after it */
}

static int send_item(void *ctx, const struct pos_outbox_item *it, struct ps_reason *why)
{
    struct pos_app *app = ctx;
    int rc = pos_app__session(app, why);

    if (rc != 0)
        return rc;
    pos_app__set_operator(app);
    if (strcmp(it->kind, "reversal") == 0)
        return send_reversal(app, it, why);
    if (strcmp(it->kind, "settlement") == 0)
        return send_settlement(app, it, why);
    if (strcmp(it->kind, "upload") == 0)
        return payload_number(it, "batch") == app->t.batch.number ? pos_app__upload_now(app, why)
                                                                  : PS_OK;
    if (strcmp(it->kind, "sign_off") == 0)
        return app->t.signed_in_date[0] != '\0' ? pos_app__sign_off_now(app, why) : PS_OK;
    return ps_fail(why, POS_APP_REFUSED, "outbox: this program does not know \"%s\"", it->kind);
}

int pos_app__forward_items(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_outbox_report rep;
    struct pos_app_result *outer = app->res;
    int rc;

    if (app->forwarding)
        return PS_OK;
    app->forwarding = 1;
    if (res != NULL)
        app->res = res;
    rc = pos_outbox_forward(app->db, send_item, app, (int64_t)time(NULL), &rep, why);
    app->res = outer;
    app->forwarding = 0;
    return rc;
}

int pos_app_forward(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    size_t waiting = 0;
    int rc;

    res->action = "forward";
    if ((rc = pos_app__need_activated(app, why)) != 0)
        return rc;
    app->callback_rc = 0;
    rc = pos_app__forward_items(app, res, why);
    pos_outbox_waiting(app->db, &waiting, NULL);
    res->reversal_owed = app->t.reversal_pending;
    json_t *detail = json_pack("{s:I}", "waiting", (json_int_t)waiting);
    if (res->detail != NULL) /* a settlement went: its slip's data */
        json_object_set_new(detail, "settlement", res->detail);
    res->detail = detail;
    if (rc == 0 && app->callback_rc != 0) {
        rc = app->callback_rc;
        *why = app->callback_why;
    }
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "the outbox is empty");
    return pos_app__outcome_of(app, rc, why);
}

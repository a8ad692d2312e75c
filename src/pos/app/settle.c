/* End of day: the settlement of the batch, the batch upload when the host's totals
 * differ, the settlement slip, the sign-off. A settlement the host cannot take now
 * waits in the outbox, and so does the rest of an upload cut short. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pos/app/body.h"
#include "pos/app/outbox.h"
#include "pos/receipt/layout.h"

/* ---- the slip ------------------------------------------------------------------------ */

static json_t *count_json(uint32_t count, int64_t amount)
{
    return json_pack("{s:I, s:I}", "count", (json_int_t)count, "amount", (json_int_t)amount);
}

/* One side of the batch by kind, as the slip prints it: every purchase made (voided
 * ones too), every void, refund and completion; reversed ones never happened. */
static json_t *side_json(const struct hl_batch *b, int domestic)
{
    uint32_t n[4] = {0};
    int64_t a[4] = {0};

    for (size_t i = 0; i < b->count; i++) {
        const struct hl_record *r = &b->records[i];
        int k = r->sent.kind == HL_PURCHASE     ? 0
                : r->sent.kind == HL_VOID       ? 1
                : r->sent.kind == HL_REFUND     ? 2
                : r->sent.kind == HL_COMPLETION ? 3
                                                : -1;
        if (k < 0 || r->status == HL_REC_REVERSED || hl_message_is_domestic(&r->sent) != domestic)
            continue;
        n[k]++;
        a[k] += r->sent.amount;
    }
    return json_pack("{s:o, s:o, s:o, s:o}", "purchases", count_json(n[0], a[0]), "voids",
                     count_json(n[1], a[1]), "refunds", count_json(n[2], a[2]), "completions",
                     count_json(n[3], a[3]));
}

static void read_count(const json_t *side, const char *key, struct rcpt_count *c)
{
    json_t *o = json_object_get(side, key);
    c->count = (uint32_t)json_integer_value(json_object_get(o, "count"));
    c->amount = json_integer_value(json_object_get(o, "amount"));
}

static void read_side(const json_t *side, struct rcpt_settle_side *s)
{
    read_count(side, "purchases", &s->purchases);
    read_count(side, "voids", &s->voids);
    read_count(side, "refunds", &s->refunds);
    read_count(side, "completions", &s->completions);
    s->balanced = json_is_true(json_object_get(side, "balanced"));
}

int pos_app__render_settlement(struct pos_app *app, const json_t *body, int reprint,
                               struct pos_app_result *res, struct ps_reason *why)
{
    struct rcpt_settlement s;
    struct rcpt_doc doc;
    int rc;

    memset(&s, 0, sizeof(s));
    s.lang = app->settings.lang;
    s.reprint = reprint;
    s.header.merchant_name = json_string_value(json_object_get(body, "merchant"));
    s.header.mid = json_string_value(json_object_get(body, "mid"));
    s.header.tid = json_string_value(json_object_get(body, "tid"));
    s.header.operator_no = json_string_value(json_object_get(body, "operator"));
    s.header.batch = (uint32_t)json_integer_value(json_object_get(body, "batch"));
    if ((rc = pos_body_time(json_string_value(json_object_get(body, "time")), &s.header.when,
                            why)) != 0)
        return rc;
    read_side(json_object_get(body, "domestic"), &s.domestic);
    read_side(json_object_get(body, "foreign"), &s.foreign);
    s.uploaded = json_is_true(json_object_get(body, "uploaded"));
    rcpt_doc_init(&doc);
    rc = rcpt_layout_settlement(&s, app->settings.receipt_width, &doc, why);
    if (rc == 0)
        rc = pos_app__emit(app, &doc, res, why);
    rcpt_doc_cleanup(&doc);
    return rc;
}

/* ---- talking to the host --------------------------------------------------------------- */

static int queue(struct pos_app *app, const char *kind, struct ps_reason *why)
{
    char key[64], payload[64];
    int rc;

    snprintf(key, sizeof(key), "%s:%06u", kind, (unsigned)app->t.batch.number);
    snprintf(payload, sizeof(payload), "{\"batch\":%u}", (unsigned)app->t.batch.number);
    rc = pos_outbox_put(app->db, key, kind, payload, (int64_t)time(NULL), why);
    return rc == POS_OUTBOX_EXISTS ? PS_OK : rc;
}

int pos_app__sign_off_now(struct pos_app *app, struct ps_reason *why)
{
    struct hl_response r;
    int rc = hl_session_sign_off(&app->s, &r, why);

    if (rc == PS_EIO || rc == PS_ETIMEDOUT)
        return rc;
    return PS_OK; /* declined or not possible: nothing to send again */
}

/* Signs off, or leaves the sign-off in the outbox. */
static void sign_off(struct pos_app *app)
{
    struct ps_reason ignored;
    if (pos_app__sign_off_now(app, &ignored) != 0)
        queue(app, "sign_off", &ignored);
}

int pos_app__upload_now(struct pos_app *app, struct ps_reason *why)
{
    struct hl_settlement st;
    int rc;

    if (!app->t.batch.settled)
        return PS_OK; /* a sign-in opened a new batch since: nothing left to upload */
    /* the outbox keeps the batch, not how far its upload got: all of it goes again */
    memset(&st, 0, sizeof(st));
    rc = hl_session_upload(&app->s, &st, why);
    if (rc == HL_DECLINED)
        return ps_fail(why, rc, "the host refused the batch upload (%s)", st.end.code);
    if (rc == 0)
        sign_off(app);
    return rc;
}

/* The slip's body: the header, both sides of the batch, and what the host said. */
static json_t *slip_body(struct pos_app *app)
{
    json_t *b = pos_app__body_header(app, 0, app->t.batch.number);
    json_object_del(b, "receipt");
    json_object_set_new(b, "domestic", side_json(&app->t.batch, 1));
    json_object_set_new(b, "foreign", side_json(&app->t.batch, 0));
    json_object_set_new(b, "debit",
                        json_integer(app->t.batch.totals.domestic.debit_amount +
                                     app->t.batch.totals.foreign.debit_amount));
    json_object_set_new(b, "credit",
                        json_integer(app->t.batch.totals.domestic.credit_amount +
                                     app->t.batch.totals.foreign.credit_amount));
    return b;
}

static void set_results(json_t *body, const struct hl_settlement *st)
{
    const struct ps_cup_totals *t = &st->answer.totals;
    json_object_set_new(json_object_get(body, "domestic"), "balanced",
                        json_boolean(t->domestic.result == PS_CUP_SETTLE_BALANCED));
    json_object_set_new(
        json_object_get(body, "foreign"), "balanced",
        json_boolean(!t->has_foreign || t->foreign.result == PS_CUP_SETTLE_BALANCED));
    json_object_set_new(body, "result",
                        json_string(st->answer.balanced ? "balanced" : "not balanced"));
    json_object_set_new(body, "uploaded", json_boolean(st->uploaded));
    json_object_set_new(body, "lines", json_integer(st->lines));
}

static int settlement_failed(struct pos_app *app, int rc, json_t *body, int64_t pending,
                             struct pos_app_result *res, struct ps_reason *why)
{
    struct ps_reason ignored, cause = *why;

    if (rc == PS_EIO || rc == PS_ETIMEDOUT) { /* no answer: it goes again from the outbox */
        queue(app, "settlement", &ignored);
        return ps_fail(why, POS_APP_QUEUED,
                       "no answer to the settlement of batch %06u (%s): it waits in the outbox "
                       "and goes when the host is back",
                       (unsigned)app->t.batch.number, cause.text);
    }
    rc = pos_app__outcome_of(app, rc, why);
    json_object_set_new(body, "reason", json_string(why->text));
    pos_app__journal(app, POS_JOURNAL_SETTLEMENT, POS_JOURNAL_DECLINED, 0, "", pending, body,
                     &res->journal_seq, &ignored);
    return rc;
}

int pos_app__settle_now(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct hl_settlement st;
    json_t *body = slip_body(app);
    int64_t net = json_integer_value(json_object_get(body, "debit")) -
                  json_integer_value(json_object_get(body, "credit")),
            pending = 0;
    int rc, queued = 0;

    memset(&st, 0, sizeof(st));
    rc = pos_app__journal(app, POS_JOURNAL_SETTLEMENT, POS_JOURNAL_PENDING, net, "", 0, body,
                          &pending, why);
    if (rc == 0)
        rc = hl_session_settle(&app->s, &st, why);
    res->batch = (uint32_t)json_integer_value(json_object_get(body, "batch"));
    snprintf(res->code, sizeof(res->code), "%s", st.answer.code);
    if (rc != 0 && (pending == 0 || !app->t.batch.settled)) {
        rc = pending == 0 ? rc : settlement_failed(app, rc, body, pending, res, why);
        json_decref(body);
        return rc;
    }
    if (rc != 0) { /* recorded, but the upload the host asked for was cut short */
        queue(app, "upload", why);
        json_object_set_new(body, "upload", json_string("waiting"));
        queued = 1;
    }
    set_results(body, &st);
    rc = pos_app__journal(app, POS_JOURNAL_SETTLEMENT, POS_JOURNAL_APPROVED, net, "", pending, body,
                          &res->journal_seq, why);
    if (rc == 0 && pos_app__render_settlement(app, body, 0, res, why) != 0)
        snprintf(res->message, sizeof(res->message), "the slip could not be laid out: %s",
                 why->text);
    json_decref(res->detail);
    res->detail = body;
    if (rc != 0)
        return rc;
    if (queued)
        return ps_fail(why, POS_APP_QUEUED,
                       "batch %06u settled %s; the batch upload waits for "
                       "the host (possum-pos forward)",
                       (unsigned)res->batch, st.answer.balanced ? "balanced" : "not balanced");
    snprintf(res->message, sizeof(res->message), "batch %06u settled: %s%s", (unsigned)res->batch,
             st.answer.balanced ? "balanced" : "not balanced",
             st.uploaded ? ", batch uploaded" : "");
    sign_off(app);
    ps_reason_clear(why);
    return PS_OK;
}

int pos_app_settle(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct ps_reason cause;
    uint32_t batch = app->t.batch.number;
    int rc;

    res->action = "settle";
    app->res = res;
    app->callback_rc = 0;
    if ((rc = pos_app__authorize(app, POS_ACTION_SETTLEMENT, why)) != 0)
        goto out;
    if (app->t.batch.settled) {
        rc = ps_fail(why, POS_APP_REFUSED,
                     "batch %06u is settled already: the next transaction "
                     "opens the next batch",
                     (unsigned)batch);
        goto out;
    }
    rc = pos_app__online(app, &cause);
    if (rc == POS_APP_OFFLINE) {
        if ((rc = queue(app, "settlement", why)) == 0)
            rc = ps_fail(why, POS_APP_QUEUED,
                         "the host is not reachable: the settlement of batch %06u waits in the "
                         "outbox and goes when the host is back (possum-pos forward)",
                         (unsigned)batch);
    } else if (rc != 0) {
        *why = cause;
    } else if (app->t.batch.settled) { /* the outbox held this batch's settlement */
        res->batch = batch;
        snprintf(res->message, sizeof(res->message),
                 "batch %06u was settled from the outbox just now", (unsigned)batch);
    } else {
        rc = pos_app__settle_now(app, res, why);
    }
out:
    if (rc == 0 && app->callback_rc != 0) {
        rc = app->callback_rc;
        *why = app->callback_why;
    }
    app->res = NULL;
    return rc;
}

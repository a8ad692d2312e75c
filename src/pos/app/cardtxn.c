/* The card transactions that are not a sale: refund, balance inquiry,
 * pre-authorization and its completion. Each is journaled pending before it leaves
 * and with its outcome after. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"

/* One card transaction of a flow. */
struct host_txn {
    enum pos_journal_kind kind;
    uint32_t receipt_no; /* 0: the transaction has no receipt */
    int64_t pending_seq;
    struct hl_message sent;
    struct hl_response r;
};

/* Journals it pending, sends it, and journals a decline or a lost answer. 0 when
 * approved (the caller journals the approval with what its receipt needs). */
static int send_txn(struct pos_app *app, struct pos_app_result *res, struct host_txn *h,
                    const struct hl_card_input *in, struct ps_reason *why)
{
    struct ps_reason ignored;
    char ref[8] = "";
    json_t *b;
    int rc;

    if (h->receipt_no != 0)
        pos_app__receipt_ref(h->receipt_no, ref);
    b = json_pack("{s:I, s:s}", "receipt", (json_int_t)h->receipt_no, "message",
                  hl_kind_name(in->kind));
    rc = pos_app__journal(app, h->kind, POS_JOURNAL_PENDING, in->amount, ref, 0, b, &h->pending_seq,
                          why);
    json_decref(b);
    if (rc != 0)
        return rc;
    rc = pos_app__card(app, in, h->pending_seq, &h->sent, &h->r, why);
    if (rc == 0)
        return PS_OK;
    rc = pos_app__outcome_of(app, rc, why);
    b = json_pack("{s:I, s:s, s:s, s:b}", "receipt", (json_int_t)h->receipt_no, "code", h->r.code,
                  "reason", why->text, "reversal_owed", app->t.reversal_pending);
    pos_app__journal(app, h->kind, POS_JOURNAL_DECLINED, in->amount, ref, h->pending_seq, b,
                     &res->journal_seq, &ignored);
    json_decref(b);
    snprintf(res->message, sizeof(res->message), "%s not completed: %s", res->action, why->text);
    return rc;
}

/* Journals the approval with body (reference: the receipt) and, when asked, lays out
 * its slip (the receipt or pre-authorization slip of its kind). */
static int approved(struct pos_app *app, struct pos_app_result *res, struct host_txn *h,
                    json_t *body, int slip, struct ps_reason *why)
{
    char ref[8] = "";
    int rc;

    if (h->receipt_no != 0)
        pos_app__receipt_ref(h->receipt_no, ref);
    rc = pos_app__journal(app, h->kind, POS_JOURNAL_APPROVED, h->sent.amount, ref, h->pending_seq,
                          body, &res->journal_seq, why);
    if (rc != 0)
        return rc;
    res->receipt_no = h->receipt_no;
    if (slip && pos_app__render_slip(app, h->kind, body, 0, res, why) != 0)
        snprintf(res->message + strlen(res->message), sizeof(res->message) - strlen(res->message),
                 "; the receipt could not be laid out: %s", why->text);
    ps_reason_clear(why);
    return PS_OK;
}

/* Ends a flow: a failure of a session callback is reported when nothing else was. */
static int finish(struct pos_app *app, int rc, struct ps_reason *why)
{
    if (rc == 0 && app->callback_rc != 0) {
        rc = app->callback_rc;
        *why = app->callback_why;
    }
    app->res = NULL;
    return rc;
}

static void start(struct pos_app *app, struct pos_app_result *res, const char *action)
{
    res->action = action;
    app->res = res;
    app->callback_rc = 0;
}

static int check_digits(const char *what, const char *s, size_t len, struct ps_reason *why)
{
    if (s == NULL || strlen(s) != len || strspn(s, "0123456789") != len)
        return ps_fail(why, POS_APP_REFUSED, "%s: %zu digits expected", what, len);
    return PS_OK;
}

/* ---- refund ------------------------------------------------------------------------ */

/* The purchase when this batch has it, for its card or payment code (the caller
 * copies them: records move). */
static const struct hl_record *purchase_of(struct pos_app *app, const char *rrn)
{
    const struct hl_record *rec = hl_batch_find_rrn(&app->t.batch, rrn);
    return rec != NULL && rec->sent.kind == HL_PURCHASE ? rec : NULL;
}

static int run_refund(struct pos_app *app, const struct pos_refund_input *in,
                      struct pos_app_result *res, struct ps_reason *why)
{
    struct host_txn h = {.kind = POS_JOURNAL_REFUND};
    struct hl_card_input ci = {.kind = HL_REFUND, .amount = in->amount};
    char pan[20] = "", expiry[5] = "", code[25] = "";
    enum rcpt_card_kind type = RCPT_CARD_DEBIT;
    const struct hl_record *rec;
    json_t *body;
    int rc;

    if ((rc = pos_app__authorize(app, POS_ACTION_REFUND, why)) != 0 ||
        (rc = check_digits("original RRN", in->rrn, 12, why)) != 0 ||
        (rc = check_digits("original date (MMDD)", in->orig_date, 4, why)) != 0)
        return rc;
    if (in->amount <= 0)
        return ps_fail(why, POS_APP_REFUSED, "refund: the amount must be above 0");
    if (in->card != NULL) {
        snprintf(pan, sizeof(pan), "%s", in->card->pan);
        snprintf(expiry, sizeof(expiry), "%s", in->card->expiry);
        type = in->card->type;
    } else if ((rec = purchase_of(app, in->rrn)) != NULL) {
        memcpy(pan, rec->sent.pan, sizeof(pan));
        memcpy(expiry, rec->sent.expiry, sizeof(expiry));
        memcpy(code, rec->sent.paycode, sizeof(code)); /* a QR purchase: its code again */
    } else {
        return ps_fail(why, POS_APP_REFUSED,
                       "refund: this batch does not hold RRN %s: present "
                       "the card",
                       in->rrn);
    }
    if ((rc = pos_app__online(app, why)) != 0 ||
        (rc = pos_app__params_check(app, HL_REFUND, in->amount, why)) != 0 ||
        (rc = pos_state_take_receipt(app->db, &h.receipt_no, why)) != 0)
        return rc;
    ci.pan = pan;
    ci.expiry = expiry;
    ci.paycode = code;
    ci.track2 = in->card != NULL ? in->card->track2 : NULL; /* swiped again for the refund */
    ci.rrn = in->rrn;
    ci.orig_date = in->orig_date;
    rc = send_txn(app, res, &h, &ci, why);
    memset(pan, 0, sizeof(pan));
    memset(code, 0, sizeof(code));
    if (rc != 0)
        return rc;
    body = pos_app__body_header(app, h.receipt_no, h.sent.batch);
    json_object_set_new(body, "total", json_integer(in->amount));
    json_object_set_new(body, "original_rrn", json_string(in->rrn));
    json_object_set_new(body, "original_date", json_string(in->orig_date));
    json_object_set_new(
        body, "tenders",
        json_pack("[o]", h.sent.paycode[0] != '\0'
                             ? pos_app__qr_json(&h.sent, &h.r, "refund", in->amount)
                             : pos_app__card_json(&h.sent, &h.r, type, "refund", in->amount)));
    snprintf(res->message, sizeof(res->message), "refund %06u approved", (unsigned)h.receipt_no);
    rc = approved(app, res, &h, body, 1, why);
    json_decref(body);
    return rc;
}

int pos_app_refund(struct pos_app *app, const struct pos_refund_input *in,
                   struct pos_app_result *res, struct ps_reason *why)
{
    start(app, res, "refund");
    return finish(app, run_refund(app, in, res, why), why);
}

/* ---- balance inquiry ----------------------------------------------------------------- */

static int run_balance(struct pos_app *app, const struct pos_card *card, struct pos_app_result *res,
                       struct ps_reason *why)
{
    struct host_txn h = {.kind = POS_JOURNAL_BALANCE_INQUIRY};
    struct hl_card_input ci = {.kind = HL_BALANCE};
    char text[PS_MONEY_TEXT_MAX];
    json_t *body;
    int rc;

    if ((rc = pos_app__authorize(app, POS_ACTION_BALANCE_INQUIRY, why)) != 0)
        return rc;
    if (card == NULL || card->pin[0] == '\0')
        return ps_fail(why, POS_APP_REFUSED, "a balance inquiry needs the card and its PIN");
    if ((rc = pos_app__online(app, why)) != 0 ||
        (rc = pos_app__params_check(app, HL_BALANCE, 0, why)) != 0)
        return rc;
    ci.pan = card->pan;
    ci.expiry = card->expiry;
    ci.track2 = card->track2;
    ci.pin = card->pin;
    if ((rc = send_txn(app, res, &h, &ci, why)) != 0)
        return rc;
    body = pos_app__card_json(&h.sent, &h.r, card->type, "balance", 0);
    json_object_set_new(body, "balance", json_integer(h.r.balance));
    ps_money_format(h.r.balance, text, sizeof(text));
    snprintf(res->message, sizeof(res->message), "balance %s", text);
    rc = approved(app, res, &h, body, 0, why);
    json_decref(body);
    return rc;
}

int pos_app_balance(struct pos_app *app, const struct pos_card *card, struct pos_app_result *res,
                    struct ps_reason *why)
{
    start(app, res, "balance");
    return finish(app, run_balance(app, card, res, why), why);
}

/* ---- pre-authorization -------------------------------------------------------------- */

static int run_preauth(struct pos_app *app, const struct pos_card *card, int64_t amount,
                       struct pos_app_result *res, struct ps_reason *why)
{
    struct host_txn h = {.kind = POS_JOURNAL_PREAUTH};
    struct hl_card_input ci = {.kind = HL_PREAUTH, .amount = amount};
    json_t *body;
    int rc;

    if ((rc = pos_app__authorize(app, POS_ACTION_PREAUTH, why)) != 0)
        return rc;
    if (card == NULL || amount <= 0)
        return ps_fail(why, POS_APP_REFUSED, "a pre-authorization needs the card and an amount");
    if ((rc = pos_app__online(app, why)) != 0 ||
        (rc = pos_app__params_check(app, HL_PREAUTH, amount, why)) != 0 ||
        (rc = pos_state_take_receipt(app->db, &h.receipt_no, why)) != 0)
        return rc;
    ci.pan = card->pan;
    ci.expiry = card->expiry;
    ci.track2 = card->track2;
    ci.pin = card->pin[0] != '\0' ? card->pin : NULL;
    if ((rc = send_txn(app, res, &h, &ci, why)) != 0)
        return rc;
    body = pos_app__body_header(app, h.receipt_no, h.sent.batch);
    json_object_set_new(body, "total", json_integer(amount));
    json_object_set_new(
        body, "tenders",
        json_pack("[o]", pos_app__card_json(&h.sent, &h.r, card->type, "preauth", amount)));
    snprintf(res->message, sizeof(res->message), "pre-authorization %06u approved: code %s",
             (unsigned)h.receipt_no, h.r.auth_code);
    rc = approved(app, res, &h, body, 1, why);
    json_decref(body);
    return rc;
}

int pos_app_preauth(struct pos_app *app, const struct pos_card *card, int64_t amount,
                    struct pos_app_result *res, struct ps_reason *why)
{
    start(app, res, "preauth");
    return finish(app, run_preauth(app, card, amount, res, why), why);
}

/* ---- completion ----------------------------------------------------------------------- */

/* What the completion names: from the pre-authorization's receipt (this batch), or
 * the code and date the cashier typed. */
struct hold {
    char pan[20], expiry[5], auth[7], date[5];
    int64_t amount;
    enum rcpt_card_kind type;
};

static int hold_of_receipt(struct pos_app *app, uint32_t receipt_no, struct hold *o,
                           struct ps_reason *why)
{
    struct pos_app__found f;
    const struct hl_record *rec;
    json_t *t;
    int rc = pos_app__find_receipt(app, receipt_no, &f, why);

    if (rc != 0)
        return rc;
    t = json_array_get(json_object_get(f.body, "tenders"), 0);
    rec =
        hl_batch_find_stan(&app->t.batch, (uint32_t)json_integer_value(json_object_get(t, "stan")));
    if (f.kind != POS_JOURNAL_PREAUTH || rec == NULL || rec->sent.kind != HL_PREAUTH ||
        rec->status != HL_REC_APPROVED)
        rc = ps_fail(why, POS_APP_REFUSED,
                     "receipt %06u is not an open pre-authorization of "
                     "this batch",
                     (unsigned)receipt_no);
    if (rc == 0) {
        memcpy(o->pan, rec->sent.pan, sizeof(o->pan));
        memcpy(o->expiry, rec->sent.expiry, sizeof(o->expiry));
        memcpy(o->auth, rec->auth_code, sizeof(o->auth));
        memcpy(o->date, rec->date, sizeof(o->date));
        o->amount = rec->sent.amount;
    }
    json_decref(f.body);
    return rc;
}

static int hold_of(struct pos_app *app, const struct pos_completion_input *in, struct hold *o,
                   struct ps_reason *why)
{
    int rc;

    memset(o, 0, sizeof(*o));
    o->type = in->card != NULL ? in->card->type : RCPT_CARD_CREDIT;
    if (in->preauth_receipt != 0)
        rc = hold_of_receipt(app, in->preauth_receipt, o, why);
    else if ((rc = check_digits("original date (MMDD)", in->orig_date, 4, why)) == 0) {
        if (in->auth_code == NULL || strlen(in->auth_code) != 6)
            return ps_fail(why, POS_APP_REFUSED, "authorization code: 6 characters expected");
        if (in->card == NULL)
            return ps_fail(why, POS_APP_REFUSED, "completion: present the card");
        memcpy(o->auth, in->auth_code, 7);
        memcpy(o->date, in->orig_date, 5);
    }
    if (rc == 0 && in->card != NULL) {
        snprintf(o->pan, sizeof(o->pan), "%s", in->card->pan);
        snprintf(o->expiry, sizeof(o->expiry), "%s", in->card->expiry);
    }
    if (in->amount > 0)
        o->amount = in->amount;
    if (rc == 0 && o->amount <= 0)
        rc = ps_fail(why, POS_APP_REFUSED, "completion: give the amount");
    return rc;
}

static int run_complete(struct pos_app *app, const struct pos_completion_input *in,
                        struct pos_app_result *res, struct ps_reason *why)
{
    struct host_txn h = {.kind = POS_JOURNAL_PREAUTH_COMPLETION};
    struct hl_card_input ci = {.kind = HL_COMPLETION};
    struct hold o;
    json_t *body;
    int rc;

    if ((rc = pos_app__authorize(app, POS_ACTION_PREAUTH_COMPLETION, why)) != 0 ||
        (rc = hold_of(app, in, &o, why)) != 0 || (rc = pos_app__online(app, why)) != 0 ||
        (rc = pos_app__params_check(app, HL_COMPLETION, o.amount, why)) != 0 ||
        (rc = pos_state_take_receipt(app->db, &h.receipt_no, why)) != 0)
        return rc;
    ci = (struct hl_card_input){.kind = HL_COMPLETION,
                                .pan = o.pan,
                                .expiry = o.expiry,
                                .track2 = in->card != NULL ? in->card->track2 : NULL,
                                .pin = in->card != NULL && in->card->pin[0] != '\0' ? in->card->pin
                                                                                    : NULL,
                                .amount = o.amount,
                                .auth_code = o.auth,
                                .orig_date = o.date};
    rc = send_txn(app, res, &h, &ci, why);
    memset(o.pan, 0, sizeof(o.pan));
    if (rc != 0)
        return rc;
    snprintf(h.r.auth_code, sizeof(h.r.auth_code), "%s", o.auth);
    body = pos_app__body_header(app, h.receipt_no, h.sent.batch);
    json_object_set_new(body, "total", json_integer(o.amount));
    json_object_set_new(
        body, "tenders",
        json_pack("[o]", pos_app__card_json(&h.sent, &h.r, o.type, "completion", o.amount)));
    snprintf(res->message, sizeof(res->message), "completion %06u approved",
             (unsigned)h.receipt_no);
    rc = approved(app, res, &h, body, 1, why);
    json_decref(body);
    return rc;
}

int pos_app_complete(struct pos_app *app, const struct pos_completion_input *in,
                     struct pos_app_result *res, struct ps_reason *why)
{
    start(app, res, "complete");
    return finish(app, run_complete(app, in, res, why), why);
}

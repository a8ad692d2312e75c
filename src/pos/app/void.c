/* Voiding a sale of the open batch, by its receipt number: each card or QR payment is
 * voided with the host (a void names the purchase by batch and STAN, and repeats its
 * card or payment code), cash goes back from the drawer, and the stock comes back. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <string.h>

#include "pos/app/body.h"
#include "pos/catalog/stock.h"

struct voiding {
    struct pos_app *app;
    struct pos_app_result *res;
    struct pos_app__found sale;
    uint32_t receipt_no; /* the void's own */
    int64_t pending_seq;
    json_t *tenders; /* as the void's body records them */
};

static int visit_void(const struct pos_journal_record *r, void *ctx)
{
    int *found = ctx;
    if (r->kind == POS_JOURNAL_VOID && r->result == POS_JOURNAL_APPROVED)
        *found = 1;
    return 0;
}

/* The sale must be one, of this batch, and not voided already. */
static int check_voidable(struct voiding *v, uint32_t receipt_no, struct ps_reason *why)
{
    struct pos_app *app = v->app;
    struct pos_journal_filter f;
    json_int_t batch = json_integer_value(json_object_get(v->sale.body, "batch"));
    int voided = 0, rc;

    if (v->sale.kind != POS_JOURNAL_SALE && v->sale.kind != POS_JOURNAL_CASH_SALE)
        return ps_fail(why, POS_APP_REFUSED, "receipt %06u is not a sale", (unsigned)receipt_no);
    pos_journal_filter_init(&f);
    f.refers_to = v->sale.seq;
    if ((rc = pos_journal_list(app->journal, &f, visit_void, &voided, why)) != 0)
        return rc;
    if (voided)
        return ps_fail(why, POS_APP_REFUSED, "sale %06u is voided already", (unsigned)receipt_no);
    if ((uint32_t)batch != app->t.batch.number || app->t.batch.settled)
        return ps_fail(why, POS_APP_REFUSED,
                       "sale %06u is in batch %06u, which is settled: refund it instead",
                       (unsigned)receipt_no, (unsigned)batch);
    return PS_OK;
}

static int kind_is(const json_t *tender, const char *kind)
{
    const char *k = json_string_value(json_object_get(tender, "kind"));
    return k != NULL && strcmp(k, kind) == 0;
}

/* Voids one card or QR payment (t: the sale's tender) with the host; the card number
 * or payment code comes from the batch, which keeps them (sealed on disk). */
static int void_at_host(struct voiding *v, const json_t *t, struct ps_reason *why)
{
    struct pos_app *app = v->app;
    uint32_t stan = (uint32_t)json_integer_value(json_object_get(t, "stan"));
    struct hl_record *rec = hl_batch_find_stan(&app->t.batch, stan);
    struct hl_card_input in;
    struct hl_message sent;
    struct hl_response r;
    char pan[20], expiry[5], code[25], rrn[13], auth[7];
    json_t *tender;
    int rc;

    if (rec == NULL || rec->sent.kind != HL_PURCHASE || rec->status != HL_REC_APPROVED)
        return ps_fail(why, POS_APP_REFUSED,
                       "the %s payment %06u is not an approved purchase of this batch",
                       kind_is(t, "qr") ? "QR" : "card", (unsigned)stan);
    /* copies: the batch's records move when the void is recorded */
    memcpy(pan, rec->sent.pan, sizeof(pan));
    memcpy(expiry, rec->sent.expiry, sizeof(expiry));
    memcpy(code, rec->sent.paycode, sizeof(code));
    memcpy(rrn, rec->rrn, sizeof(rrn));
    memcpy(auth, rec->auth_code, sizeof(auth));
    in = (struct hl_card_input){.kind = HL_VOID,
                                .pan = pan,
                                .expiry = expiry,
                                .paycode = code,
                                .amount = rec->sent.amount,
                                .rrn = rrn,
                                .has_original = 1,
                                .orig_batch = app->t.batch.number,
                                .orig_stan = stan};
    rc = pos_app__params_check(app, HL_VOID, in.amount, why);
    if (rc == 0 && (rc = pos_app__card(app, &in, v->pending_seq, &sent, &r, why)) != 0)
        rc = pos_app__outcome_of(app, rc, why);
    memset(pan, 0, sizeof(pan));
    memset(code, 0, sizeof(code));
    if (rc != 0)
        return rc;
    if (sent.paycode[0] != '\0') {
        json_array_append_new(v->tenders, pos_app__qr_json(&sent, &r, "void", in.amount));
        return PS_OK;
    }
    snprintf(r.auth_code, sizeof(r.auth_code), "%s", auth); /* the purchase's, as slips print */
    tender = pos_app__card_json(&sent, &r, RCPT_CARD_DEBIT, "void", in.amount);
    json_object_set(tender, "card_type", json_object_get(t, "card_type"));
    json_array_append_new(v->tenders, tender);
    return PS_OK;
}

/* Whether a card or QR paid: then the void goes to the host. */
static int paid_at_host(const json_t *body)
{
    json_t *t;
    size_t i;

    json_array_foreach(json_object_get(body, "tenders"), i, t)
    {
        if (kind_is(t, "card") || kind_is(t, "qr"))
            return 1;
    }
    return 0;
}

/* Every payment of the sale back, in order; stops at the first the host refuses. */
static int give_back(struct voiding *v, struct ps_reason *why)
{
    json_t *t;
    size_t i;
    int rc = PS_OK;

    json_array_foreach(json_object_get(v->sale.body, "tenders"), i, t)
    {
        json_int_t amount = json_integer_value(json_object_get(t, "amount"));
        if (kind_is(t, "card") || kind_is(t, "qr")) {
            rc = void_at_host(v, t, why);
        } else {
            json_array_append_new(v->tenders,
                                  json_pack("{s:s, s:I}", "kind", "cash", "amount", amount));
        }
        if (rc != 0)
            return rc;
    }
    return PS_OK;
}

/* The sale's units go back on the shelf. */
static void restock(struct voiding *v)
{
    struct pos_stock_delta deltas[POS_CART_LINES_MAX];
    json_t *items = json_object_get(v->sale.body, "items"), *it;
    struct ps_reason why;
    size_t i, n = 0;

    json_array_foreach(items, i, it)
    {
        if (n < POS_CART_LINES_MAX)
            deltas[n++] = (struct pos_stock_delta){json_string_value(json_object_get(it, "code")),
                                                   json_integer_value(json_object_get(it, "qty"))};
    }
    if (n > 0 && pos_catalog_adjust_stock(v->app->db, deltas, n, &why) != 0)
        snprintf(v->res->message, sizeof(v->res->message),
                 "void completed; the stock was not updated: %s", why.text);
}

static int journal_void(struct voiding *v, enum pos_journal_result result, const char *reason,
                        struct ps_reason *why)
{
    json_t *body = pos_app__body_header(v->app, v->receipt_no, v->app->t.batch.number);
    char ref[8];
    int rc;

    json_object_set_new(body, "original_receipt",
                        json_integer(json_integer_value(json_object_get(v->sale.body, "receipt"))));
    json_object_set_new(body, "pending_seq", json_integer(v->pending_seq));
    json_object_set(body, "items", json_object_get(v->sale.body, "items"));
    json_object_set(body, "total", json_object_get(v->sale.body, "total"));
    json_object_set(body, "tenders", v->tenders);
    if (reason != NULL)
        json_object_set_new(body, "reason", json_string(reason));
    pos_app__receipt_ref(v->receipt_no, ref);
    rc = pos_app__journal(v->app, POS_JOURNAL_VOID, result, v->sale.amount, ref, v->sale.seq, body,
                          result == POS_JOURNAL_PENDING ? &v->pending_seq : &v->res->journal_seq,
                          why);
    if (rc == 0 && result == POS_JOURNAL_APPROVED &&
        pos_app__render_receipt(v->app, body, RCPT_VOID, 0, v->res, why) != 0)
        snprintf(v->res->message, sizeof(v->res->message),
                 "void %06u completed; its receipt could not be laid out: %s",
                 (unsigned)v->receipt_no, why->text);
    json_decref(body);
    return rc;
}

static int run_void(struct voiding *v, uint32_t receipt_no, struct ps_reason *why)
{
    struct pos_app *app = v->app;
    struct ps_reason cause;
    int rc;

    if ((rc = pos_app__authorize(app, POS_ACTION_VOID, why)) != 0 ||
        (rc = pos_app__find_receipt(app, receipt_no, &v->sale, why)) != 0 ||
        (rc = check_voidable(v, receipt_no, why)) != 0)
        return rc;
    if (paid_at_host(v->sale.body) && (rc = pos_app__online(app, why)) != 0)
        return rc;
    if ((rc = pos_state_take_receipt(app->db, &v->receipt_no, why)) != 0 ||
        (rc = journal_void(v, POS_JOURNAL_PENDING, NULL, why)) != 0)
        return rc;
    if ((rc = give_back(v, why)) != 0) {
        cause = *why;
        journal_void(v, POS_JOURNAL_DECLINED, cause.text, &cause);
        snprintf(v->res->message, sizeof(v->res->message), "void not completed: %s", why->text);
        return rc;
    }
    v->res->receipt_no = v->receipt_no;
    v->res->amount = v->sale.amount;
    snprintf(v->res->message, sizeof(v->res->message), "sale %06u voided by %06u",
             (unsigned)receipt_no, (unsigned)v->receipt_no);
    restock(v);
    return journal_void(v, POS_JOURNAL_APPROVED, NULL, why);
}

int pos_app_void(struct pos_app *app, uint32_t receipt_no, struct pos_app_result *res,
                 struct ps_reason *why)
{
    struct voiding v = {.app = app, .res = res, .tenders = json_array()};
    int rc;

    res->action = "void";
    app->res = res;
    app->callback_rc = 0;
    rc = v.tenders != NULL ? run_void(&v, receipt_no, why)
                           : ps_fail(why, PS_ENOMEM, "void: out of memory");
    if (rc == 0 && app->callback_rc != 0) {
        rc = app->callback_rc;
        *why = app->callback_why;
    }
    app->res = NULL;
    json_decref(v.tenders);
    json_decref(v.sale.body);
    return rc;
}

/* A sale: the cart's total paid by its tenders in order, then journaled, the stock
 * taken and the receipt laid out. A sale either completes whole or not at all: a
 * tender that fails undoes the ones before it. */
#include "pos/app/internal.h"

#include <stdlib.h>
#include <string.h>

#include "pos/app/body.h"
#include "pos/catalog/stock.h"
#include "pos/receipt/pan.h"
#include "pos/sale/totals.h"

struct sale {
    struct pos_app *app;
    struct pos_app_result *res;
    const struct pos_cart *cart;
    struct pos_cart_totals totals;
    struct pos_tenders tenders;
    json_t *detail[POS_TENDERS_MAX];         /* card and QR tenders as the body has them */
    struct hl_message sent[POS_TENDERS_MAX]; /* card and QR tenders: the purchase as sent */
    uint32_t receipt_no;
    int64_t pending_seq;
    int via_host; /* a card or QR tender: journaled pending first */
};

json_t *pos_app__card_json(const struct hl_message *sent, const struct hl_response *r,
                           enum rcpt_card_kind type, const char *txn, int64_t amount)
{
    char masked[RCPT_PAN_TEXT_MAX] = "";

    if (rcpt_pan_mask(sent->pan, masked, NULL) != 0)
        masked[0] = '\0';
    return json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "kind", "card", "amount",
                     (json_int_t)amount, "pan", masked, "card_type", pos_card_type_name(type),
                     "txn", txn, "rrn", r->rrn, "auth", r->auth_code, "batch",
                     (json_int_t)sent->batch, "stan", (json_int_t)sent->stan, "date",
                     r->local_date);
}

/* Everything about the tenders that can be refused before anything is paid. */
static int check_tenders(struct sale *s, const struct pos_tender_input *in, size_t n,
                         struct ps_reason *why)
{
    if (n == 0 || n > POS_TENDERS_MAX)
        return ps_fail(why, POS_APP_REFUSED, "a sale is paid by 1 to %d tenders; %zu given",
                       POS_TENDERS_MAX, n);
    for (size_t i = 0; i < n; i++) {
        if (in[i].kind == POS_TENDER_CARD && in[i].card == NULL)
            return ps_fail(why, POS_APP_REFUSED, "tender %zu: card: no card was read", i + 1);
        if (in[i].kind == POS_TENDER_QR && pos_app__qr_check(in[i].qr_code, why) != 0)
            return POS_APP_REFUSED;
        if (in[i].kind == POS_TENDER_CASH && in[i].amount <= 0)
            return ps_fail(why, POS_APP_REFUSED, "tender %zu: cash: say what was handed over",
                           i + 1);
        if (in[i].kind == POS_TENDER_CARD || in[i].kind == POS_TENDER_QR)
            s->via_host = 1;
    }
    return PS_OK;
}

/* The sale's header, lines, totals and taxes; the tenders come when it completes. */
static json_t *sale_body(struct sale *s)
{
    json_t *b = pos_app__body_header(s->app, s->receipt_no, s->app->t.batch.number);
    json_t *items = json_array(), *taxes = json_array();

    for (size_t i = 0; i < s->cart->nlines; i++) {
        const struct pos_cart_line *l = &s->cart->line[i];
        const struct pos_line_total *t = &s->totals.line[i];
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:i}", "code", l->code, "name",
                             l->name, "qty", (json_int_t)l->quantity, "price",
                             (json_int_t)l->unit_price, "amount", (json_int_t)t->gross, "discount",
                             (json_int_t)(t->line_discount + t->order_discount), "tax_bp",
                             (int)l->tax_bp));
    }
    for (size_t i = 0; i < s->totals.nrates; i++) {
        if (s->totals.rate[i].tax > 0)
            json_array_append_new(taxes,
                                  json_pack("{s:i, s:I}", "rate_bp", (int)s->totals.rate[i].tax_bp,
                                            "amount", (json_int_t)s->totals.rate[i].tax));
    }
    json_object_set_new(b, "items", items);
    json_object_set_new(b, "gross", json_integer(s->totals.gross));
    json_object_set_new(b, "discount",
                        json_integer(s->totals.line_discounts + s->totals.order_discount));
    json_object_set_new(b, "total", json_integer(s->totals.net));
    json_object_set_new(b, "taxes", taxes);
    return b;
}

/* What tender `in` charges: its amount, or all that remains. */
static int64_t charge_of(const struct sale *s, const struct pos_tender_input *in)
{
    struct pos_tender_state st;
    pos_tenders_state(&s->tenders, &st);
    return in->amount > 0 ? in->amount : st.remaining;
}

/* Tender i's purchase at the host (a card's or a QR payment code's): within the
 * parameters' limit, journaled under the sale's pending record, *r (OUT) the answer. */
static int purchase_at_host(struct sale *s, size_t i, const struct hl_card_input *in,
                            struct hl_response *r, struct ps_reason *why)
{
    struct pos_app *app = s->app;
    int rc = pos_app__params_check(app, HL_PURCHASE, in->amount, why);

    if (rc != 0)
        return rc;
    rc = pos_app__card(app, in, s->pending_seq, &s->sent[i], r, why);
    return pos_app__outcome_of(app, rc, why);
}

static int pay_card(struct sale *s, size_t i, const struct pos_card *card, int64_t amount,
                    struct ps_reason *why)
{
    struct hl_card_input in = {.kind = HL_PURCHASE,
                               .pan = card->pan,
                               .expiry = card->expiry,
                               .track2 = card->track2,
                               .pin = card->pin[0] != '\0' ? card->pin : NULL,
                               .amount = amount};
    struct hl_response r;
    int rc = purchase_at_host(s, i, &in, &r, why);

    if (rc != 0)
        return rc;
    s->detail[i] = pos_app__card_json(&s->sent[i], &r, card->type, "purchase", amount);
    return pos_tenders_approve(&s->tenders, i, r.rrn, why);
}

/* A QR tender is a purchase at the host carrying the customer's payment code instead
 * of a card: the host takes the money from the code's wallet. */
static int pay_qr(struct sale *s, size_t i, const char *code, int64_t amount, struct ps_reason *why)
{
    struct hl_card_input in = {.kind = HL_PURCHASE, .paycode = code, .amount = amount};
    struct hl_response r;
    int rc = purchase_at_host(s, i, &in, &r, why);

    if (rc != 0)
        return rc;
    s->detail[i] = pos_app__qr_json(&s->sent[i], &r, "purchase", amount);
    return pos_tenders_approve(&s->tenders, i, r.rrn, why);
}

static int pay_one(struct sale *s, size_t i, const struct pos_tender_input *in,
                   struct ps_reason *why)
{
    int64_t amount = charge_of(s, in);
    struct ps_reason cause;
    size_t index = 0;
    int rc;

    if (amount <= 0)
        return ps_fail(why, POS_APP_REFUSED, "tender %zu: the sale is paid already", i + 1);
    rc = pos_tenders_add(&s->tenders, in->kind, amount, &index, &cause);
    if (rc != 0)
        return ps_fail(why, POS_APP_REFUSED, "tender %zu: %s", i + 1, cause.text);
    if (in->kind == POS_TENDER_CARD) {
        rc = pay_card(s, index, in->card, amount, why);
    } else if (in->kind == POS_TENDER_QR) {
        rc = pay_qr(s, index, in->qr_code, amount, why);
    }
    if (rc != 0)
        pos_tenders_remove(&s->tenders, index, NULL);
    return rc;
}

/* Gives back what the tenders before a failure took: card and QR purchases by
 * reversal (the terminal cancels them: 39 = 06). Stops at a reversal the host did not
 * answer: it stays owed (and queued), and one owed reversal is all a terminal keeps,
 * so later card and QR tenders are named in the journal instead. */
static void undo_tenders(struct sale *s, json_t *undone)
{
    struct pos_app *app = s->app;
    struct hl_message sent;
    struct hl_response r;
    struct ps_reason ignored;

    for (size_t i = s->tenders.n; i-- > 0;) {
        const struct pos_tender *t = &s->tenders.tender[i];
        const char *how = "returned";
        int via_host = t->kind == POS_TENDER_CARD || t->kind == POS_TENDER_QR;
        if (via_host && !app->t.reversal_pending) {
            app->flow_seq = s->pending_seq;
            hl_terminal_arm_reversal(&app->t, &s->sent[i], HL_REVERSAL_TERMINAL_ERROR);
            int rc = hl_session_reverse(&app->s, &sent, &r, &ignored);
            how = rc == 0 || !app->t.reversal_pending ? "reversed" : "reversal owed";
            pos_app__save(app, &ignored);
            pos_app__sync_reversal(app, &ignored);
            app->flow_seq = 0;
        } else if (via_host) {
            how = "still approved: void it at the host";
        }
        json_array_append_new(undone,
                              json_pack("{s:s, s:I, s:s}", "kind", pos_tender_kind_name(t->kind),
                                        "amount", (json_int_t)t->amount, "undone", how));
    }
}

/* The tenders as the body records them, now that the change is known. */
static json_t *tenders_json(struct sale *s)
{
    json_t *list = json_array();

    for (size_t i = 0; i < s->tenders.n; i++) {
        const struct pos_tender *t = &s->tenders.tender[i];
        int64_t applied = pos_tenders_applied(&s->tenders, i);
        json_t *item;
        if (t->kind == POS_TENDER_CASH) {
            item = json_pack("{s:s, s:I, s:I, s:I}", "kind", "cash", "amount", (json_int_t)applied,
                             "given", (json_int_t)t->amount, "change",
                             (json_int_t)(t->amount - applied));
        } else {
            item = json_incref(s->detail[i]);
        }
        json_array_append_new(list, item);
    }
    return list;
}

/* Each line's units leave the shelf. A product removed from the catalogue since it
 * was scanned is the only way this fails; the sale stands and the cashier is told. */
static void take_stock(struct sale *s)
{
    struct pos_stock_delta deltas[POS_CART_LINES_MAX];
    struct ps_reason why;

    for (size_t i = 0; i < s->cart->nlines; i++)
        deltas[i] = (struct pos_stock_delta){s->cart->line[i].code, -s->cart->line[i].quantity};
    if (pos_catalog_adjust_stock(s->app->db, deltas, s->cart->nlines, &why) != 0)
        snprintf(s->res->message, sizeof(s->res->message),
                 "sale completed; the stock was not updated: %s", why.text);
}

static int complete(struct sale *s, json_t *body, struct ps_reason *why)
{
    struct pos_app *app = s->app;
    struct pos_app_result *res = s->res;
    struct pos_tender_state st;
    char ref[8];
    int rc;

    pos_tenders_state(&s->tenders, &st);
    json_object_set_new(body, "tenders", tenders_json(s));
    pos_app__receipt_ref(s->receipt_no, ref);
    rc = pos_app__journal(app, s->via_host ? POS_JOURNAL_SALE : POS_JOURNAL_CASH_SALE,
                          POS_JOURNAL_APPROVED, st.due, ref, s->pending_seq, body,
                          &res->journal_seq, why);
    if (rc != 0)
        return rc;
    res->receipt_no = s->receipt_no;
    res->amount = st.due;
    res->change = st.change;
    snprintf(res->message, sizeof(res->message), "sale %06u completed", (unsigned)s->receipt_no);
    take_stock(s);
    if (pos_app__render_receipt(app, body, RCPT_SALE, 0, res, why) != 0)
        snprintf(res->message, sizeof(res->message),
                 "sale %06u completed; its receipt could not be laid out: %s",
                 (unsigned)s->receipt_no, why->text);
    ps_reason_clear(why);
    return PS_OK;
}

/* A tender failed (rc): what was paid goes back, the journal says why. */
static int fail(struct sale *s, int rc, struct ps_reason *why)
{
    json_t *undone = json_array(), *outcome;
    struct ps_reason ignored;
    char ref[8];

    undo_tenders(s, undone);
    if (s->pending_seq != 0) {
        pos_app__receipt_ref(s->receipt_no, ref);
        outcome = json_pack("{s:I, s:s, s:s, s:o, s:b}", "receipt", (json_int_t)s->receipt_no,
                            "code", s->res->code, "reason", why->text, "undone", undone,
                            "reversal_owed", s->app->t.reversal_pending);
        undone = NULL;
        pos_app__journal(s->app, POS_JOURNAL_SALE, POS_JOURNAL_DECLINED, s->totals.net, ref,
                         s->pending_seq, outcome, &s->res->journal_seq, &ignored);
        json_decref(outcome);
    }
    json_decref(undone);
    s->res->reversal_owed = s->app->t.reversal_pending;
    snprintf(s->res->message, sizeof(s->res->message), "sale not completed: %s", why->text);
    return rc;
}

/* Card and QR tenders are paid at the host; a QR payment cannot be taken offline. */
static int needs_host(const struct pos_tender_input *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (in[i].kind == POS_TENDER_CARD || in[i].kind == POS_TENDER_QR)
            return 1;
    }
    return 0;
}

/* Journals the sale as pending before any tender leaves the terminal. */
static int journal_pending(struct sale *s, const struct pos_tender_input *in, size_t n,
                           struct ps_reason *why)
{
    json_t *kinds = json_array(), *b;
    char ref[8];
    int rc;

    for (size_t i = 0; i < n; i++)
        json_array_append_new(kinds, json_string(pos_tender_kind_name(in[i].kind)));
    b = json_pack("{s:I, s:I, s:o}", "receipt", (json_int_t)s->receipt_no, "total",
                  (json_int_t)s->totals.net, "tenders", kinds);
    pos_app__receipt_ref(s->receipt_no, ref);
    rc = pos_app__journal(s->app, POS_JOURNAL_SALE, POS_JOURNAL_PENDING, s->totals.net, ref, 0, b,
                          &s->pending_seq, why);
    json_decref(b);
    return rc;
}

static int run_sale(struct sale *s, const struct pos_tender_input *in, size_t n,
                    struct ps_reason *why)
{
    struct pos_app *app = s->app;
    struct pos_tender_state st;
    struct ps_reason cause;
    json_t *body = NULL;
    int rc;

    if ((rc = pos_app__authorize(app, POS_ACTION_SALE, why)) != 0)
        return rc;
    if (s->cart->nlines == 0)
        return ps_fail(why, POS_APP_REFUSED, "the cart is empty");
    if ((rc = pos_cart_totals(s->cart, &s->totals, why)) != 0 ||
        (rc = check_tenders(s, in, n, why)) != 0 ||
        (rc = pos_tenders_init(&s->tenders, s->totals.net, why)) != 0)
        return rc < 0 ? POS_APP_REFUSED : rc; /* why names what does not add up */
    if (needs_host(in, n) && (rc = pos_app__online(app, &cause)) != 0)
        return ps_fail(why, rc, "%s; card and QR payments need the host, cash sales go on",
                       cause.text);
    if ((rc = pos_state_take_receipt(app->db, &s->receipt_no, why)) != 0 ||
        (s->via_host && (rc = journal_pending(s, in, n, why)) != 0))
        return rc;
    body = sale_body(s);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = pay_one(s, i, &in[i], why);
    pos_tenders_state(&s->tenders, &st);
    if (rc == 0 && !st.complete)
        rc = ps_fail(why, POS_APP_REFUSED, "the tenders pay %lld of %lld fen due",
                     (long long)st.paid, (long long)st.due);
    rc = rc == 0 ? complete(s, body, why) : fail(s, rc, why);
    json_decref(body);
    return rc;
}

int pos_app_sale(struct pos_app *app, const struct pos_cart *cart,
                 const struct pos_tender_input *tenders, size_t n, struct pos_app_result *res,
                 struct ps_reason *why)
{
    struct sale *s = calloc(1, sizeof(*s));
    int rc;

    res->action = "sale";
    if (s == NULL)
        return ps_fail(why, PS_ENOMEM, "sale: out of memory");
    s->app = app;
    s->res = res;
    s->cart = cart;
    app->res = res;
    app->callback_rc = 0;
    rc = run_sale(s, tenders, n, why);
    if (rc == 0 && app->callback_rc != 0) {
        rc = app->callback_rc;
        *why = app->callback_why;
    }
    app->res = NULL;
    for (size_t i = 0; i < POS_TENDERS_MAX; i++)
        json_decref(s->detail[i]);
    free(s);
    return rc;
}

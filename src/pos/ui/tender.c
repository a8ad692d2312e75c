/* Payment: the cashier takes one tender after another (cash with the amount handed
 * over, a card, a QR payment code) until they cover what is due; then the core makes
 * the sale with all of them in one call, and the receipt is shown. What is still due
 * and the change are the tender module's arithmetic (pos/sale/tender.h), kept as a
 * plan while the cashier is taking the tenders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/app/outcome.h"
#include "pos/receipt/pan.h"
#include "pos/sale/tender.h"
#include "pos/ui/sale.h"

#define QR_MAX 40

struct tender {
    struct ui_sale *s;
    struct pos_tenders plan;
    struct pos_tender_input in[POS_TENDERS_MAX];
    struct pos_card card[POS_TENDERS_MAX];
    char qr[POS_TENDERS_MAX][QR_MAX];
    char shown[POS_TENDERS_MAX][RCPT_PAN_TEXT_MAX + QR_MAX]; /* the masked card, the code */
    size_t n;
};

static void forget(struct tender *t)
{
    for (size_t i = 0; i < POS_TENDERS_MAX; i++)
        pos_card_wipe(&t->card[i]);
    memset(t->in, 0, sizeof(t->in));
    t->n = 0;
    pos_tenders_init(&t->plan, t->s->totals.net, NULL);
}

static void paint_plan(const struct ui *ui, const struct tender *t, int y)
{
    static const enum ui_text kind_name[] = {0, UT_CASH, UT_CARD, UT_QR};
    char amount[PS_MONEY_TEXT_MAX];

    attron(A_BOLD);
    ui__put(y, 4, COLS - 8, ui__t(ui, UT_TENDERS));
    attroff(A_BOLD);
    for (size_t i = 0; i < t->n; i++) {
        ui__money(t->in[i].amount, amount);
        ui__putf(y + 1 + (int)i, 4, 4, "%zu.", i + 1);
        ui__put(y + 1 + (int)i, 8, 12, ui__t(ui, kind_name[t->in[i].kind]));
        ui__put_right(y + 1 + (int)i, 34, 12, amount);
        ui__put(y + 1 + (int)i, 37, COLS - 40, t->shown[i]);
    }
}

static void paint(struct ui *ui, void *ctx)
{
    const struct tender *t = ctx;
    struct pos_tender_state st;
    const enum ui_text label[] = {UT_DUE, UT_PAID, UT_REMAINING, UT_CHANGE};
    char figure[PS_MONEY_TEXT_MAX];

    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    pos_tenders_state(&t->plan, &st);
    attron(A_BOLD);
    ui__put(2, 2, COLS - 4, ui__t(ui, UT_PAY_TITLE));
    attroff(A_BOLD);
    for (int i = 0; i < 4; i++) {
        const int64_t v[] = {st.due, st.paid, st.remaining, st.change};
        ui__money(v[i], figure);
        ui__put(4 + i, 4, 16, ui__t(ui, label[i]));
        ui__put_right(4 + i, 34, 12, figure);
    }
    paint_plan(ui, t, 9);
    ui__hint(ui, ui__t(ui, UT_PAY_KEYS));
    ui__message_paint(ui);
    curs_set(0);
}

static int sell_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    struct tender *t = ctx;
    return pos_app_sale(ui->app, &t->s->cart, t->in, t->n, res, why);
}

/* The sale with every tender taken: 1 when made (its receipt was shown), else 0 and
 * the tenders are taken again from the start (the core gave back what was taken). */
static int sell(struct ui *ui, struct tender *t)
{
    struct pos_app_result res;
    struct ps_reason why;
    char title[128];
    int rc;

    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_PAYING, 0, sell_flow, t, &res, &why);
    forget(t); /* the PINs go now, whatever happened */
    if (rc != 0) {
        ui__tell(ui, rc, &why, &res);
        pos_app_result_cleanup(&res);
        return 0;
    }
    ui__tell_done(ui, UT_SALE_DONE, &res);
    ui__print(ui, &res);
    snprintf(title, sizeof(title), "%s %06u", ui__t(ui, UT_SALE_RECEIPT), (unsigned)res.receipt_no);
    ui__preview(ui, title, &res);
    pos_app_result_cleanup(&res);
    return 1;
}

/* Adds the tender in[t->n] (filled by the caller) to the plan. */
static void take(struct ui *ui, struct tender *t, const char *shown)
{
    struct pos_tender_input *in = &t->in[t->n];
    struct ps_reason why;
    size_t at = 0;
    int rc;

    ps_reason_clear(&why);
    rc = pos_tenders_add(&t->plan, in->kind, in->amount, &at, &why);
    if (rc == 0 && in->kind != POS_TENDER_CASH && /* in the plan it counts as paid */
        (rc = pos_tenders_approve(&t->plan, at, NULL, &why)) != 0)
        pos_tenders_remove(&t->plan, at, NULL);
    if (rc != 0) {
        ui__tell(ui, POS_APP_REFUSED, &why, NULL);
        pos_card_wipe(&t->card[t->n]);
        return;
    }
    snprintf(t->shown[t->n], sizeof(t->shown[0]), "%s", shown);
    t->n++;
}

/* The amount still due, as the default of an amount field. */
static int64_t remaining(const struct tender *t)
{
    struct pos_tender_state st;
    pos_tenders_state(&t->plan, &st);
    return st.remaining;
}

/* The tenders taken cover what is due. */
static int covered(const struct tender *t)
{
    struct pos_tender_state st;
    pos_tenders_state(&t->plan, &st);
    return st.complete;
}

static void take_cash(struct ui *ui, struct tender *t)
{
    struct ui_form_item item = {.label = UT_CASH_GIVEN};
    char text[PS_MONEY_TEXT_MAX + 8];

    ui__field_init(&item.field, UI_MONEY, 12, 0);
    ui__money(remaining(t), text);
    ui__field_set(&item.field, text);
    if (ui__form(ui, UT_CASH_TITLE, &item, 1) != 0)
        return;
    ui__field_text(&item.field, text, sizeof(text));
    t->in[t->n] = (struct pos_tender_input){.kind = POS_TENDER_CASH};
    if (ui__parse_money(ui, text, &t->in[t->n].amount) == 0)
        take(ui, t, "");
}

static void take_card(struct ui *ui, struct tender *t)
{
    struct pos_card *card = &t->card[t->n];
    char masked[RCPT_PAN_TEXT_MAX];
    int64_t amount = remaining(t);

    if (ui__card_entry(ui, UT_CARD_TITLE, UI_CARD_PIN, &amount, card) != 0)
        return;
    if (rcpt_pan_mask(card->pan, masked, NULL) != 0)
        masked[0] = '\0';
    t->in[t->n] =
        (struct pos_tender_input){.kind = POS_TENDER_CARD, .amount = amount, .card = card};
    take(ui, t, masked);
}

static void take_qr(struct ui *ui, struct tender *t)
{
    struct ui_form_item items[2] = {{.label = UT_QR_CODE}, {.label = UT_AMOUNT}};
    char text[PS_MONEY_TEXT_MAX + 8];

    ui__field_init(&items[0].field, UI_DIGITS, QR_MAX - 1, 0);
    ui__field_init(&items[1].field, UI_MONEY, 12, 0);
    ui__money(remaining(t), text);
    ui__field_set(&items[1].field, text);
    if (ui__form(ui, UT_QR_TITLE, items, 2) != 0)
        return;
    ui__field_text(&items[0].field, t->qr[t->n], QR_MAX);
    ui__field_text(&items[1].field, text, sizeof(text));
    t->in[t->n] = (struct pos_tender_input){.kind = POS_TENDER_QR, .qr_code = t->qr[t->n]};
    if (ui__parse_money(ui, text, &t->in[t->n].amount) == 0)
        take(ui, t, t->qr[t->n]);
}

static void drop_last(struct ui *ui, struct tender *t)
{
    if (t->n == 0 || pos_tenders_remove(&t->plan, t->n - 1, NULL) != 0)
        return;
    t->n--;
    pos_card_wipe(&t->card[t->n]);
    ui__say(ui, UI_TONE_INFO, "%s", ui__t(ui, UT_TENDER_DROPPED));
}

/* Acts on key k; 1 when the cashier goes back to the cart. */
static int on_key(struct ui *ui, struct tender *t, const struct ui_key *k)
{
    if (k->code == UI_KEY_ESC)
        return 1;
    if (k->code == KEY_DC || k->code == KEY_BACKSPACE) {
        drop_last(ui, t);
    } else if (k->code == 0 && k->ch >= L'1' && k->ch <= L'3') {
        if (t->n == POS_TENDERS_MAX) {
            ui__say(ui, UI_TONE_ERROR, "%s", ui__t(ui, UT_TOO_MANY_TENDERS));
            return 0;
        }
        if (k->ch == L'1')
            take_cash(ui, t);
        else if (k->ch == L'2')
            take_card(ui, t);
        else
            take_qr(ui, t);
    }
    return 0;
}

int ui__tender(struct ui *ui, struct ui_sale *s)
{
    struct tender *t = calloc(1, sizeof(*t));
    struct ui_painter before;
    struct ui_key k;
    int sold = 0;

    if (t == NULL) {
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
        return 0;
    }
    t->s = s;
    forget(t);
    ui__say(ui, UI_TONE_INFO, "%s", ui__t(ui, UT_CHOOSE_TENDER));
    before = ui__set_painter(ui, paint, t);
    while (!ui->gone && !sold) {
        if (covered(t)) { /* sell; a sale of nothing due is tried once */
            sold = sell(ui, t);
            if (!sold && s->totals.net == 0)
                break;
            continue;
        }
        paint(ui, t);
        refresh();
        ui__key_read(ui, &k);
        if (on_key(ui, t, &k))
            break;
    }
    forget(t);
    ui__restore_painter(ui, before);
    free(t);
    return sold;
}

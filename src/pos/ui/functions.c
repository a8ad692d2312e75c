/* The card functions of the menu: void, refund, balance inquiry, pre-authorization and
 * its completion. Each asks for what the core needs, calls it, and shows the answer
 * and the receipt; the core checks and decides everything. */
#include <stdio.h>
#include <string.h>

#include "pos/ui/internal.h"

/* What one function hands its core call. */
struct call {
    uint32_t receipt_no;
    int64_t amount;
    struct pos_card card;
    int have_card;
    char rrn[16], date[8], auth[8];
};

/* Shows a flow's outcome: the failure in plain words, or what was done and the
 * receipt (printed too when there is a printer). */
static void finish(struct ui *ui, int rc, enum ui_text what, struct pos_app_result *res,
                   const struct ps_reason *why)
{
    char title[128];

    if (rc != 0) {
        ui__tell(ui, rc, why, res);
        return;
    }
    ui__tell_done(ui, what, res);
    ui__print(ui, res);
    if (res->text.len == 0)
        return;
    snprintf(title, sizeof(title), "%s %06u", ui__t(ui, what), (unsigned)res->receipt_no);
    ui__preview(ui, res->receipt_no != 0 ? title : ui__t(ui, what), res);
}

/* Runs fn as a function of the menu: approval `approve` when a cashier needs it. */
static void run(struct ui *ui, enum ui_text what, enum pos_action approve, ui_flow_fn fn,
                struct call *c)
{
    struct pos_app_result res;
    struct ps_reason why;
    int rc;

    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_WORKING, approve, fn, c, &res, &why);
    pos_card_wipe(&c->card);
    finish(ui, rc, what, &res, &why);
    pos_app_result_cleanup(&res);
}

/* ---- void ------------------------------------------------------------------------- */

static int void_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const struct call *c = ctx;
    return pos_app_void(ui->app, c->receipt_no, res, why);
}

void ui__fn_void(struct ui *ui)
{
    struct ui_form_item item = {.label = UT_RECEIPT_NO};
    struct call c = {0};
    char text[16];
    unsigned long n;

    ui__field_init(&item.field, UI_DIGITS, 6, 0);
    if (ui__form(ui, UT_FN_VOID, &item, 1) != 0)
        return;
    ui__field_text(&item.field, text, sizeof(text));
    if (ui__parse_number(ui, text, 999999, &n) != 0)
        return;
    c.receipt_no = (uint32_t)n;
    run(ui, UT_FN_VOID, POS_ACTION_VOID, void_flow, &c);
}

/* ---- refund ------------------------------------------------------------------------ */

static int refund_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const struct call *c = ctx;
    struct pos_refund_input in = {c->rrn, c->date, c->amount, c->have_card ? &c->card : NULL};
    return pos_app_refund(ui->app, &in, res, why);
}

void ui__fn_refund(struct ui *ui)
{
    struct ui_form_item items[3] = {
        {.label = UT_ORIG_RRN}, {.label = UT_ORIG_DATE}, {.label = UT_REFUND_AMOUNT}};
    struct call c = {0};
    char text[32];
    int rc;

    ui__field_init(&items[0].field, UI_DIGITS, 12, 0);
    ui__field_init(&items[1].field, UI_DIGITS, 4, 0);
    ui__field_init(&items[2].field, UI_MONEY, 12, 0);
    if (ui__form(ui, UT_FN_REFUND, items, 3) != 0)
        return;
    ui__field_text(&items[0].field, c.rrn, sizeof(c.rrn));
    ui__field_text(&items[1].field, c.date, sizeof(c.date));
    ui__field_text(&items[2].field, text, sizeof(text));
    if (ui__parse_money(ui, text, &c.amount) != 0)
        return;
    rc = ui__card_entry(ui, UT_REFUND_CARD, UI_CARD_OPTIONAL, NULL, &c.card);
    if (rc == 1)
        return;
    c.have_card = rc == 0;
    run(ui, UT_FN_REFUND, POS_ACTION_REFUND, refund_flow, &c);
}

/* ---- balance, pre-authorization ------------------------------------------------------ */

static int balance_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const struct call *c = ctx;
    return pos_app_balance(ui->app, &c->card, res, why);
}

void ui__fn_balance(struct ui *ui)
{
    struct call c = {0};

    if (ui__card_entry(ui, UT_FN_BALANCE, UI_CARD_PIN, NULL, &c.card) == 0)
        run(ui, UT_FN_BALANCE, 0, balance_flow, &c);
}

static int preauth_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const struct call *c = ctx;
    return pos_app_preauth(ui->app, &c->card, c->amount, res, why);
}

void ui__fn_preauth(struct ui *ui)
{
    struct call c = {0};

    if (ui__card_entry(ui, UT_FN_PREAUTH, UI_CARD_PIN, &c.amount, &c.card) == 0)
        run(ui, UT_FN_PREAUTH, 0, preauth_flow, &c);
}

/* ---- completion -------------------------------------------------------------------- */

static int complete_flow(struct ui *ui, void *ctx, struct pos_app_result *res,
                         struct ps_reason *why)
{
    const struct call *c = ctx;
    struct pos_completion_input in = {c->receipt_no, c->auth[0] != '\0' ? c->auth : NULL,
                                      c->date[0] != '\0' ? c->date : NULL, c->amount,
                                      c->have_card ? &c->card : NULL};
    return pos_app_complete(ui->app, &in, res, why);
}

/* The pre-authorization by its receipt in this batch, or by its code and date with the
 * card; the amount left empty completes what was held. */
void ui__fn_complete(struct ui *ui)
{
    struct ui_form_item items[4] = {{.label = UT_PREAUTH_RECEIPT},
                                    {.label = UT_AUTH_CODE},
                                    {.label = UT_ORIG_DATE},
                                    {.label = UT_COMPLETE_AMOUNT}};
    struct call c = {0};
    char receipt[16], amount[32];
    unsigned long n = 0;

    ui__field_init(&items[0].field, UI_DIGITS, 6, 0);
    ui__field_init(&items[1].field, NULL, 6, 0);
    ui__field_init(&items[2].field, UI_DIGITS, 4, 0);
    ui__field_init(&items[3].field, UI_MONEY, 12, 0);
    if (ui__form(ui, UT_FN_COMPLETE, items, 4) != 0)
        return;
    ui__field_text(&items[0].field, receipt, sizeof(receipt));
    ui__field_text(&items[1].field, c.auth, sizeof(c.auth));
    ui__field_text(&items[2].field, c.date, sizeof(c.date));
    ui__field_text(&items[3].field, amount, sizeof(amount));
    if (receipt[0] != '\0' && ui__parse_number(ui, receipt, 999999, &n) != 0)
        return;
    c.receipt_no = receipt[0] != '\0' ? (uint32_t)n : 0;
    if (amount[0] != '\0' && ui__parse_money(ui, amount, &c.amount) != 0)
        return;
    if (c.receipt_no == 0) { /* by its code: the card is needed */
        if (ui__card_entry(ui, UT_FN_COMPLETE, 0, NULL, &c.card) != 0)
            return;
        c.have_card = 1;
    }
    run(ui, UT_FN_COMPLETE, 0, complete_flow, &c);
}

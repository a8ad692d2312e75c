/* Looking back and the end of the day: a receipt printed again, the X report, the
 * settlement with its slip, and sending what waits in the outbox. */
#include <stdio.h>

#include "pos/app/outcome.h"
#include "pos/ui/internal.h"

/* Shows what a flow of this file made: its slip or report, or why not. */
static void show(struct ui *ui, int rc, enum ui_text what, struct pos_app_result *res,
                 const struct ps_reason *why)
{
    char title[128];

    if (rc != 0) {
        ui__tell(ui, rc, why, res);
        return;
    }
    ui__tell_done(ui, what, res);
    ui__print(ui, res);
    snprintf(title, sizeof(title), "%s", ui__t(ui, what));
    if (res->receipt_no != 0)
        snprintf(title, sizeof(title), "%s %06u", ui__t(ui, what), (unsigned)res->receipt_no);
    ui__preview(ui, title, res);
}

static int reprint_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const unsigned long *n = ctx;
    return pos_app_reprint(ui->app, (uint32_t)*n, res, why);
}

void ui__fn_reprint(struct ui *ui, int ask)
{
    struct ui_form_item item = {.label = UT_RECEIPT_NO_OR_LAST};
    struct pos_app_result res;
    struct ps_reason why;
    unsigned long n = 0;
    char text[16];
    int rc;

    ui__field_init(&item.field, UI_DIGITS, 6, 0);
    if (ask && ui__form(ui, UT_FN_REPRINT, &item, 1) != 0)
        return;
    ui__field_text(&item.field, text, sizeof(text));
    if (text[0] != '\0' && ui__parse_number(ui, text, 999999, &n) != 0)
        return;
    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_WORKING, 0, reprint_flow, &n, &res, &why);
    show(ui, rc, UT_FN_REPRINT, &res, &why);
    pos_app_result_cleanup(&res);
}

static int xreport_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    (void)ctx;
    return pos_app_xreport(ui->app, res, why);
}

void ui__fn_xreport(struct ui *ui)
{
    struct pos_app_result res;
    struct ps_reason why;
    int rc;

    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_WORKING, 0, xreport_flow, NULL, &res, &why);
    show(ui, rc, UT_FN_XREPORT, &res, &why);
    pos_app_result_cleanup(&res);
}

static int settle_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    (void)ctx;
    return pos_app_settle(ui->app, res, why);
}

void ui__fn_settle(struct ui *ui)
{
    struct pos_app_result res;
    struct ps_reason why;
    int rc;

    if (!ui__confirm(ui, UT_SETTLE_QUESTION))
        return;
    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_SETTLING, POS_ACTION_SETTLEMENT, settle_flow, NULL, &res, &why);
    show(ui, rc, UT_FN_SETTLE, &res, &why);
    pos_app_result_cleanup(&res);
}

static int forward_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    (void)ctx;
    return pos_app_forward(ui->app, res, why);
}

void ui__fn_forward(struct ui *ui)
{
    struct pos_app_result res;
    struct ps_reason why;
    int rc;

    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_FORWARDING, 0, forward_flow, NULL, &res, &why);
    if (rc != 0)
        ui__tell(ui, rc, &why, &res);
    else
        ui__say(ui, UI_TONE_OK, "%s (%s)", ui__t(ui, UT_OUTBOX_EMPTY), res.message);
    pos_app_result_cleanup(&res);
}

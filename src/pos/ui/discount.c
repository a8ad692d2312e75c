/* A discount typed at the sale screen ("10%" or "5.00"; nothing takes it away), given
 * through the core, which asks for the supervisor above the cashier's limit. */
#include <string.h>

#include "core/money.h"
#include "pos/ui/sale.h"

struct discount_call {
    struct ui_sale *s;
    long line; /* -1: the order */
    struct pos_discount d;
};

/* "10%" is 1000 basis points: a percent read as money has two decimals, as fen. */
static int read_discount(struct ui *ui, const char *text, struct pos_discount *d)
{
    size_t n = strlen(text);
    int percent = n > 0 && text[n - 1] == '%';
    struct ps_reason why;

    memset(d, 0, sizeof(*d));
    if (n == 0)
        return 0; /* POS_DISCOUNT_NONE: take it away */
    if (ps_money_parse(text, percent ? n - 1 : n, &d->value, &why) != 0 || d->value <= 0) {
        ui__say(ui, UI_TONE_ERROR, "%s: '%s'", ui__t(ui, UT_BAD_DISCOUNT), text);
        return -1;
    }
    d->kind = percent ? POS_DISCOUNT_PERCENT : POS_DISCOUNT_AMOUNT;
    return 0;
}

static int give(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    struct discount_call *c = ctx;

    (void)res;
    return pos_app_cart_discount(ui->app, &c->s->cart, c->line, &c->d, why);
}

void ui__sale_discount(struct ui *ui, struct ui_sale *s, int order)
{
    struct ui_form_item item = {.label = UT_DISCOUNT};
    struct discount_call c = {s, order ? -1 : (long)s->sel, {0}};
    struct pos_app_result res;
    struct ps_reason why;
    char text[32];
    int rc;

    if (s->cart.nlines == 0)
        return;
    ui__field_init(&item.field, UI_DISCOUNT, 12, 0);
    if (ui__form(ui, order ? UT_ORDER_DISCOUNT_TITLE : UT_LINE_DISCOUNT_TITLE, &item, 1) != 0)
        return;
    ui__field_text(&item.field, text, sizeof(text));
    if (read_discount(ui, text, &c.d) != 0)
        return;
    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_WORKING, POS_ACTION_DISCOUNT_ABOVE_LIMIT, give, &c, &res, &why);
    pos_app_result_cleanup(&res);
    ui__sale_totals(s);
    if (rc != 0)
        ui__tell(ui, rc, &why, NULL);
    else
        ui__say(ui, UI_TONE_OK, "%s",
                ui__t(ui, c.d.kind == 0 ? UT_DISCOUNT_REMOVED : UT_DISCOUNT_GIVEN));
}

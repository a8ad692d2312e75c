/* Changes to the cart from the sale screen, each through the core (a scan, a discount
 * that may need the supervisor) or the cart's own functions (quantity, removal), which
 * check everything and leave the cart as it was when they refuse. */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/app/outcome.h"
#include "pos/ui/sale.h"

void ui__sale_scan(struct ui *ui, struct ui_sale *s)
{
    char text[64], *star, *code = text;
    unsigned long qty = 1;
    struct ps_reason why;
    size_t line = 0;
    int rc;

    ui__field_text(&s->input, text, sizeof(text));
    ui__field_wipe(&s->input);
    if ((star = strchr(text, '*')) != NULL) { /* "3*6901234567892": three of them */
        *star = '\0';
        code = star + 1;
        if (ui__parse_number(ui, text, POS_CART_QUANTITY_MAX, &qty) != 0)
            return;
    }
    ps_reason_clear(&why);
    rc = pos_app_cart_scan(ui->app, &s->cart, code, (int64_t)qty, &line, &why);
    ui__sale_totals(s);
    if (rc != 0) {
        beep(); /* the cashier is looking at the goods, not the screen */
        ui__tell(ui, rc, &why, NULL);
        return;
    }
    s->sel = line;
    ui__say(ui, UI_TONE_OK, "%s: %s x %lu", ui__t(ui, UT_ADDED), s->cart.line[line].name, qty);
}

static void set_quantity(struct ui *ui, struct ui_sale *s, int64_t quantity)
{
    struct ps_reason why;
    int rc;

    ps_reason_clear(&why);
    rc = pos_cart_set_quantity(&s->cart, s->sel, quantity, &why);
    ui__sale_totals(s);
    if (rc != 0) /* the cart's rules refused it; the cart is unchanged */
        ui__tell(ui, POS_APP_REFUSED, &why, NULL);
}

void ui__sale_step(struct ui *ui, struct ui_sale *s, int delta)
{
    int64_t quantity;

    if (s->cart.nlines == 0)
        return;
    quantity = s->cart.line[s->sel].quantity + delta;
    if (quantity < 1) {
        ui__say(ui, UI_TONE_INFO, "%s", ui__t(ui, UT_DEL_TO_REMOVE));
        return;
    }
    set_quantity(ui, s, quantity);
}

void ui__sale_quantity(struct ui *ui, struct ui_sale *s)
{
    struct ui_form_item item = {.label = UT_QUANTITY};
    char text[16];
    unsigned long q;

    if (s->cart.nlines == 0)
        return;
    ui__field_init(&item.field, UI_DIGITS, 5, 0);
    snprintf(text, sizeof(text), "%lld", (long long)s->cart.line[s->sel].quantity);
    ui__field_set(&item.field, text);
    if (ui__form(ui, UT_QUANTITY_TITLE, &item, 1) != 0)
        return;
    ui__field_text(&item.field, text, sizeof(text));
    if (ui__parse_number(ui, text, POS_CART_QUANTITY_MAX, &q) == 0)
        set_quantity(ui, s, (int64_t)q);
}

void ui__sale_remove(struct ui *ui, struct ui_sale *s)
{
    struct ps_reason why;
    int rc;

    if (s->cart.nlines == 0)
        return;
    ps_reason_clear(&why);
    rc = pos_cart_remove(&s->cart, s->sel, &why);
    ui__sale_totals(s);
    if (rc != 0) {
        ui__tell(ui, POS_APP_REFUSED, &why, NULL);
        return;
    }
    if (s->sel > 0 && s->sel >= s->cart.nlines)
        s->sel = s->cart.nlines - 1;
    ui__say(ui, UI_TONE_INFO, "%s", ui__t(ui, UT_REMOVED));
}

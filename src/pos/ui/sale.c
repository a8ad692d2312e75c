/* The sale screen's keys: the code input (a scanner types digits and Enter), the
 * cart's changes, payment, and the function menu. */
#include <stdlib.h>
#include <string.h>

#include "pos/ui/sale.h"

static void choose(struct ui_sale *s, int key)
{
    size_t n = s->cart.nlines;

    if (n == 0)
        return;
    if (key == KEY_UP && s->sel > 0)
        s->sel--;
    else if (key == KEY_DOWN && s->sel + 1 < n)
        s->sel++;
    else if (key == KEY_HOME || key == KEY_PPAGE)
        s->sel = 0;
    else if (key == KEY_END || key == KEY_NPAGE)
        s->sel = n - 1;
}

static void pay(struct ui *ui, struct ui_sale *s)
{
    if (s->cart.nlines == 0) {
        ui__say(ui, UI_TONE_ERROR, "%s", ui__t(ui, UT_CART_EMPTY));
        return;
    }
    if (s->totals_rc != 0) {
        ui__tell(ui, s->totals_rc, &s->totals_why, NULL);
        return;
    }
    if (ui__tender(ui, s) == 1) { /* sold: the next customer's cart */
        pos_cart_init(&s->cart);
        s->sel = s->top = 0;
        ui__sale_totals(s);
    }
}

static void clear_cart(struct ui *ui, struct ui_sale *s)
{
    if (s->cart.nlines == 0 || !ui__confirm(ui, UT_CLEAR_QUESTION))
        return;
    pos_cart_init(&s->cart);
    s->sel = s->top = 0;
    ui__sale_totals(s);
    ui__say(ui, UI_TONE_INFO, "%s", ui__t(ui, UT_CLEARED));
}

/* The menu; 1 when the operator logs out. */
static int menu(struct ui *ui, struct ui_sale *s)
{
    int fn = ui__menu(ui);

    if (fn != UI_FN_LOGOUT) {
        if (fn != 0)
            ui__run_function(ui, (enum ui_function)fn);
        return 0;
    }
    return s->cart.nlines == 0 || ui__confirm(ui, UT_LOGOUT_QUESTION);
}

/* Acts on k; 1 when the operator logs out. */
static int on_key(struct ui *ui, struct ui_sale *s, const struct ui_key *k)
{
    if (k->code == UI_KEY_ENTER && s->input.len > 0)
        ui__sale_scan(ui, s);
    else if (k->code == UI_KEY_ENTER || ui__is_fkey(k, 5))
        pay(ui, s);
    else if (ui__is_fkey(k, 10) || k->code == UI_KEY_ESC)
        return menu(ui, s);
    else if (ui__is_fkey(k, 2))
        ui__sale_search(ui, s);
    else if (ui__is_fkey(k, 3))
        ui__sale_quantity(ui, s);
    else if (ui__is_fkey(k, 4) || ui__is_fkey(k, 6))
        ui__sale_discount(ui, s, ui__is_fkey(k, 6));
    else if (ui__is_fkey(k, 7))
        clear_cart(ui, s);
    else if (ui__is_fkey(k, 9))
        ui__fn_reprint(ui, 0);
    else if (k->code == KEY_DC)
        ui__sale_remove(ui, s);
    else if (k->code == 0 && (k->ch == L'+' || k->ch == L'-'))
        ui__sale_step(ui, s, k->ch == L'+' ? 1 : -1);
    else if (!ui__field_key(&s->input, k))
        choose(s, k->code);
    return 0;
}

void ui__sale(struct ui *ui)
{
    struct ui_sale *s = calloc(1, sizeof(*s));
    struct ui_painter before;
    struct ui_key k;

    if (s == NULL) {
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
        return;
    }
    pos_cart_init(&s->cart);
    ui__sale_totals(s);
    ui__field_init(&s->input, UI_DIGITS "*", POS_CART_CODE_MAX + 6, 0);
    before = ui__set_painter(ui, ui__sale_paint, s);
    while (!ui->gone) {
        ui__sale_paint(ui, s);
        refresh();
        ui__key_read(ui, &k);
        if (on_key(ui, s, &k))
            break;
    }
    ui__restore_painter(ui, before);
    free(s);
}

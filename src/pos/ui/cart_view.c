/* The sale screen as painted: the cart's lines with quantities and amounts, the
 * totals the cart's arithmetic gives, the code input, the keys. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/ui/sale.h"

/* Columns from the right edge: amount, discount, unit price, quantity. */
#define COL_AMOUNT 11
#define COL_OFF    10
#define COL_PRICE  10
#define COL_QTY    7
#define COL_NAME_X 5

void ui__sale_totals(struct ui_sale *s)
{
    ps_reason_clear(&s->totals_why);
    s->totals_rc = pos_cart_totals(&s->cart, &s->totals, &s->totals_why);
}

/* "-10%", "-12.5%" or "-5.00" for a discount rule; "" for none. */
static void discount_text(const struct pos_discount *d, char *out, size_t cap)
{
    char yuan[PS_MONEY_TEXT_MAX];

    out[0] = '\0';
    if (d->kind == POS_DISCOUNT_PERCENT && d->value % 100 == 0)
        snprintf(out, cap, "-%" PRId64 "%%", d->value / 100);
    else if (d->kind == POS_DISCOUNT_PERCENT)
        snprintf(out, cap, "-%" PRId64 ".%02" PRId64 "%%", d->value / 100, d->value % 100);
    else if (d->kind == POS_DISCOUNT_AMOUNT && ps_money_format(d->value, yuan, sizeof(yuan)) > 0)
        snprintf(out, cap, "-%s", yuan);
}

static void paint_header(const struct ui *ui, int y)
{
    int r = COLS - 1;

    attron(A_BOLD);
    ui__put(y, 1, 3, "#");
    ui__put(y, COL_NAME_X, r - COL_AMOUNT - COL_OFF - COL_PRICE - COL_QTY - COL_NAME_X,
            ui__t(ui, UT_COL_ITEM));
    ui__put_right(y, r - COL_AMOUNT - COL_OFF - COL_PRICE, COL_QTY, ui__t(ui, UT_COL_QTY));
    ui__put_right(y, r - COL_AMOUNT - COL_OFF, COL_PRICE, ui__t(ui, UT_COL_PRICE));
    ui__put_right(y, r - COL_AMOUNT, COL_OFF, ui__t(ui, UT_COL_OFF));
    ui__put_right(y, r, COL_AMOUNT, ui__t(ui, UT_COL_AMOUNT));
    attroff(A_BOLD);
}

static void paint_line(const struct ui_sale *s, size_t i, int y)
{
    const struct pos_cart_line *l = &s->cart.line[i];
    char qty[24], price[PS_MONEY_TEXT_MAX], off[32], net[PS_MONEY_TEXT_MAX] = "";
    int r = COLS - 1, chosen = i == s->sel;

    if (chosen)
        attron(A_REVERSE);
    mvhline(y, 0, ' ', COLS);
    ui__putf(y, 0, 4, "%c%zu", chosen ? '>' : ' ', i + 1);
    ui__put(y, COL_NAME_X, r - COL_AMOUNT - COL_OFF - COL_PRICE - COL_QTY - COL_NAME_X - 1,
            l->name);
    snprintf(qty, sizeof(qty), "%" PRId64, l->quantity);
    ui__money(l->unit_price, price);
    discount_text(&l->discount, off, sizeof(off));
    if (s->totals_rc == 0)
        ui__money(s->totals.line[i].net, net);
    ui__put_right(y, r - COL_AMOUNT - COL_OFF - COL_PRICE, COL_QTY, qty);
    ui__put_right(y, r - COL_AMOUNT - COL_OFF, COL_PRICE, price);
    ui__put_right(y, r - COL_AMOUNT, COL_OFF, off);
    ui__put_right(y, r, COL_AMOUNT, net);
    if (chosen)
        attroff(A_REVERSE);
}

/* Keeps the chosen line on the screen's rows first..first+rows. */
static void scroll_to_choice(struct ui_sale *s, size_t rows)
{
    if (s->sel < s->top)
        s->top = s->sel;
    if (rows > 0 && s->sel >= s->top + rows)
        s->top = s->sel - rows + 1;
}

static void paint_totals(const struct ui *ui, const struct ui_sale *s, int y)
{
    const struct pos_cart_totals *t = &s->totals;
    char gross[PS_MONEY_TEXT_MAX], off[PS_MONEY_TEXT_MAX], tax[PS_MONEY_TEXT_MAX];
    char net[PS_MONEY_TEXT_MAX], order[32], due[64];

    if (s->totals_rc != 0) {
        ui__putf(y, 1, COLS - 2, "%s: %s", ui__t(ui, UT_ERR_FAILED), s->totals_why.text);
        return;
    }
    ui__money(t->gross, gross);
    ui__money(t->line_discounts + t->order_discount, off);
    ui__money(t->tax, tax);
    ui__money(t->net, net);
    ui__putf(y, 1, COLS - 24, "%s %zu   %s %s   %s %s   %s %s", ui__t(ui, UT_LINES), s->cart.nlines,
             ui__t(ui, UT_GROSS), gross, ui__t(ui, UT_DISCOUNTS), off, ui__t(ui, UT_TAX_INCLUDED),
             tax);
    discount_text(&s->cart.order_discount, order, sizeof(order));
    if (order[0] != '\0')
        ui__putf(y + 1, 1, COLS - 24, "%s %s", ui__t(ui, UT_ORDER_DISCOUNT), order);
    snprintf(due, sizeof(due), "%s %s", ui__t(ui, UT_DUE), net);
    attron(A_BOLD);
    ui__put_right(y, COLS - 1, 22, due);
    attroff(A_BOLD);
}

void ui__sale_paint(struct ui *ui, void *ctx)
{
    struct ui_sale *s = ctx;
    int hint_y, rule_y, rows, x;
    size_t i;

    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    hint_y = ui__hint(ui, ui__t(ui, UT_SALE_KEYS));
    rule_y = hint_y - 4;
    rows = rule_y - 2;
    paint_header(ui, 1);
    scroll_to_choice(s, (size_t)rows);
    for (i = s->top; i < s->cart.nlines && (int)(i - s->top) < rows; i++)
        paint_line(s, i, 2 + (int)(i - s->top));
    if (s->cart.nlines == 0)
        ui__put_center(2 + rows / 2, ui__t(ui, UT_CART_EMPTY_HINT));
    ui__rule(rule_y);
    paint_totals(ui, s, rule_y + 1);
    ui__message_paint(ui);
    x = 1 + ui__putf(rule_y + 3, 1, 20, "%s >", ui__t(ui, UT_CODE_INPUT)) + 1;
    curs_set(1);
    ui__field_paint(&s->input, rule_y + 3, x, 40, 1);
}

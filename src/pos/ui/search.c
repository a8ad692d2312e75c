/* Finding a product by name: the list follows each key typed; Enter puts the chosen
 * product into the cart. */
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/ui/sale.h"

#define FOUND_MAX 50

struct search {
    struct ui_field text;
    struct pos_product found[FOUND_MAX];
    size_t n, sel;
};

static void look_up(struct ui *ui, struct search *q)
{
    char text[UI_FIELD_MAX * 4 + 1];
    struct ps_reason why;
    int rc;

    q->n = q->sel = 0;
    ui__field_text(&q->text, text, sizeof(text));
    if (text[0] == '\0')
        return;
    ps_reason_clear(&why);
    rc = pos_app_catalog_list(ui->app, text, NULL, q->found, FOUND_MAX, &q->n, &why);
    if (rc != 0) {
        q->n = 0;
        ui__tell(ui, rc, &why, NULL);
    } else {
        ui__say(ui, UI_TONE_INFO, "%s %zu", ui__t(ui, UT_FOUND), q->n);
    }
}

static void paint_result(const struct search *q, size_t i, int y, int x, int w)
{
    char price[PS_MONEY_TEXT_MAX], stock[24];

    if (i == q->sel)
        attron(A_REVERSE);
    mvhline(y, x, ' ', w);
    ui__money(q->found[i].price, price);
    snprintf(stock, sizeof(stock), "%lld", (long long)q->found[i].stock);
    ui__put(y, x, 14, q->found[i].code);
    ui__put(y, x + 15, w - 15 - 22, q->found[i].name);
    ui__put_right(y, x + w - 10, 11, price);
    ui__put_right(y, x + w, 9, stock);
    if (i == q->sel)
        attroff(A_REVERSE);
}

static void paint(struct ui *ui, struct search *q)
{
    int y = 2, x = 2, h = LINES - 4, w = COLS - 4, rows = h - 6, fx;
    size_t top = q->sel >= (size_t)rows ? q->sel - (size_t)rows + 1 : 0;

    ui__backdrop(ui);
    if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS)
        return;
    ui__box(y, x, h, w, ui__t(ui, UT_SEARCH_TITLE));
    ui__put(y + h - 2, x + 2, w - 4, ui__t(ui, UT_SEARCH_KEYS));
    for (size_t i = top; i < q->n && (int)(i - top) < rows; i++)
        paint_result(q, i, y + 3 + (int)(i - top), x + 2, w - 4);
    fx = ui__putf(y + 1, x + 2, 20, "%s >", ui__t(ui, UT_NAME)) + x + 3;
    curs_set(1);
    ui__field_paint(&q->text, y + 1, fx, w - (fx - x) - 2, 1);
}

/* Puts the chosen product into the cart through the core, as a scan would. */
static void take(struct ui *ui, struct ui_sale *s, const struct search *q)
{
    struct ps_reason why;
    size_t line = 0;
    int rc;

    ps_reason_clear(&why);
    rc = pos_app_cart_scan(ui->app, &s->cart, q->found[q->sel].code, 1, &line, &why);
    ui__sale_totals(s);
    if (rc != 0) {
        ui__tell(ui, rc, &why, NULL);
        return;
    }
    s->sel = line;
    ui__say(ui, UI_TONE_OK, "%s: %s x 1", ui__t(ui, UT_ADDED), s->cart.line[line].name);
}

void ui__sale_search(struct ui *ui, struct ui_sale *s)
{
    struct search *q = calloc(1, sizeof(*q));
    struct ui_key k;

    if (q == NULL) {
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
        return;
    }
    ui__field_init(&q->text, NULL, 40, 0);
    for (;;) {
        paint(ui, q);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ESC)
            break;
        if (k.code == UI_KEY_ENTER && q->n > 0) {
            take(ui, s, q);
            break;
        }
        if (k.code == KEY_UP && q->sel > 0)
            q->sel--;
        else if (k.code == KEY_DOWN && q->sel + 1 < q->n)
            q->sel++;
        else if (ui__field_key(&q->text, &k))
            look_up(ui, q);
    }
    free(q);
}

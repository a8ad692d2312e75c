/* The transaction list (the journal's records, as pos_app_list gives them) and the
 * lookup of one receipt: Enter on a record, or its receipt number typed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/ui/internal.h"

struct history {
    struct pos_app_result list; /* detail: the records, oldest first */
    size_t n, sel, top;
    struct ui_field input; /* a receipt number typed */
};

static const char *text_of(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s != NULL ? s : "";
}

/* One row: the record's cells, or (r NULL) the column names. */
static void paint_row(const struct ui *ui, json_t *r, int y, int chosen)
{
    char seq[24] = "", amount[PS_MONEY_TEXT_MAX] = "";

    if (chosen)
        attron(A_REVERSE);
    mvhline(y, 0, ' ', COLS);
    if (r != NULL) {
        ui__money((int64_t)json_integer_value(json_object_get(r, "amount")), amount);
        snprintf(seq, sizeof(seq), "%lld",
                 (long long)json_integer_value(json_object_get(r, "seq")));
    }
    if (chosen)
        mvaddch(y, 0, '>');
    ui__put_right(y, 6, 5, r != NULL ? seq : ui__t(ui, UT_H_SEQ));
    ui__put(y, 8, 19, r != NULL ? text_of(r, "time") : ui__t(ui, UT_H_TIME));
    ui__put(y, 29, 14, r != NULL ? ui__journal_word(ui, text_of(r, "kind")) : ui__t(ui, UT_H_KIND));
    ui__put(y, 44, 6, r != NULL ? text_of(r, "operator") : ui__t(ui, UT_H_OPERATOR));
    ui__put_right(y, 61, 10, r != NULL ? amount : ui__t(ui, UT_H_AMOUNT));
    ui__put(y, 63, 8,
            r != NULL ? ui__journal_word(ui, text_of(r, "result")) : ui__t(ui, UT_H_RESULT));
    ui__put(y, 72, COLS - 72, r != NULL ? text_of(r, "reference") : ui__t(ui, UT_H_REFERENCE));
    if (chosen)
        attroff(A_REVERSE);
}

static void paint(struct ui *ui, void *ctx)
{
    struct history *h = ctx;
    int hint_y, rows, x;

    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    hint_y = ui__hint(ui, ui__t(ui, UT_HISTORY_KEYS));
    rows = hint_y - 4;
    attron(A_BOLD);
    ui__put(1, 1, COLS - 2, ui__t(ui, UT_FN_HISTORY));
    paint_row(ui, NULL, 2, 0);
    attroff(A_BOLD);
    if (h->sel < h->top)
        h->top = h->sel;
    if (rows > 0 && h->sel >= h->top + (size_t)rows)
        h->top = h->sel - (size_t)rows + 1;
    for (size_t i = h->top; i < h->n && (int)(i - h->top) < rows; i++)
        paint_row(ui, json_array_get(h->list.detail, i), 3 + (int)(i - h->top), i == h->sel);
    ui__message_paint(ui);
    x = 1 + ui__putf(hint_y - 1, 1, 30, "%s >", ui__t(ui, UT_RECEIPT_NO)) + 1;
    curs_set(1);
    ui__field_paint(&h->input, hint_y - 1, x, 8, 1);
}

static int show_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    const unsigned long *n = ctx;
    return pos_app_show(ui->app, (uint32_t)*n, res, why);
}

/* Everything the journal says about receipt text (digits). */
static void show_receipt(struct ui *ui, const char *text)
{
    struct pos_app_result res;
    struct ps_reason why;
    char title[128];
    unsigned long n;
    int rc;

    if (ui__parse_number(ui, text, 999999, &n) != 0)
        return;
    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_WORKING, 0, show_flow, &n, &res, &why);
    if (rc != 0) {
        ui__tell(ui, rc, &why, &res);
    } else {
        ui__say(ui, UI_TONE_INFO, "%s", res.message);
        snprintf(title, sizeof(title), "%s %06lu", ui__t(ui, UT_RECEIPT_NO), n);
        if (res.receipt_no == 0) /* so that F9 prints this receipt again */
            res.receipt_no = (uint32_t)n;
        ui__preview(ui, title, &res);
    }
    pos_app_result_cleanup(&res);
}

/* A record without a receipt (a sign-in, a settlement): what the journal holds. */
static void show_record(struct ui *ui, json_t *r)
{
    struct pos_app_result res;

    pos_app_result_init(&res);
    res.detail = json_incref(r);
    ui__preview(ui, ui__journal_word(ui, text_of(r, "kind")), &res);
    pos_app_result_cleanup(&res);
}

static void on_enter(struct ui *ui, struct history *h)
{
    char text[16];
    json_t *r = json_array_get(h->list.detail, h->sel);

    ui__field_text(&h->input, text, sizeof(text));
    ui__field_wipe(&h->input);
    if (text[0] != '\0')
        show_receipt(ui, text);
    else if (r != NULL && text_of(r, "reference")[0] >= '0' && text_of(r, "reference")[0] <= '9')
        show_receipt(ui, text_of(r, "reference"));
    else if (r != NULL)
        show_record(ui, r);
}

static int list_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_journal_filter f;

    (void)ctx;
    pos_journal_filter_init(&f);
    return pos_app_list(ui->app, &f, res, why);
}

static void browse(struct ui *ui, struct history *h)
{
    struct ui_painter before = ui__set_painter(ui, paint, h);
    struct ui_key k;

    while (!ui->gone) {
        paint(ui, h);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ESC)
            break;
        if (k.code == UI_KEY_ENTER)
            on_enter(ui, h);
        else if (k.code == KEY_UP && h->sel > 0)
            h->sel--;
        else if (k.code == KEY_DOWN && h->sel + 1 < h->n)
            h->sel++;
        else if (k.code == KEY_HOME || k.code == KEY_PPAGE)
            h->sel = 0;
        else if ((k.code == KEY_END || k.code == KEY_NPAGE) && h->n > 0)
            h->sel = h->n - 1;
        else
            ui__field_key(&h->input, &k);
    }
    ui__restore_painter(ui, before);
}

void ui__fn_history(struct ui *ui)
{
    struct history *h = calloc(1, sizeof(*h));
    struct ps_reason why;
    int rc;

    if (h == NULL) {
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
        return;
    }
    pos_app_result_init(&h->list);
    ui__field_init(&h->input, UI_DIGITS, 6, 0);
    rc = ui__run_flow(ui, UT_WORKING, 0, list_flow, NULL, &h->list, &why);
    if (rc != 0) {
        ui__tell(ui, rc, &why, &h->list);
    } else {
        h->n = json_array_size(h->list.detail);
        h->sel = h->n > 0 ? h->n - 1 : 0; /* the newest first in view */
        ui__say(ui, UI_TONE_INFO, "%s %zu", ui__t(ui, UT_RECORDS), h->n);
        browse(ui, h);
    }
    pos_app_result_cleanup(&h->list);
    free(h);
}

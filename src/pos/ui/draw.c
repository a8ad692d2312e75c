/* Drawing on stdscr: text cut to its place in display columns, rules, boxes, the hint
 * rows and the message line that every screen has at the bottom. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/ui/internal.h"

int ui__paint_begin(struct ui *ui)
{
    erase();
    if (LINES >= UI_MIN_ROWS && COLS >= UI_MIN_COLS)
        return 0;
    /* too small to lay anything out: say so (in both languages, short) and wait */
    ui__put(0, 0, COLS, ui__t(ui, UT_TOO_SMALL));
    return -1;
}

int ui__put(int y, int x, int cols, const char *s)
{
    size_t used = 0, n;

    if (cols <= 0 || y < 0 || y >= LINES || x < 0 || x >= COLS)
        return 0;
    if (cols > COLS - x)
        cols = COLS - x;
    n = ui__clip(s, (size_t)cols, &used);
    mvaddnstr(y, x, s, (int)n);
    return (int)used;
}

void ui__put_right(int y, int right, int cols, const char *s)
{
    size_t w = ui__width(s);

    if (w > (size_t)cols)
        w = (size_t)cols;
    ui__put(y, right - (int)w, (int)w, s);
}

void ui__put_center(int y, const char *s)
{
    int w = (int)ui__width(s);
    ui__put(y, w < COLS ? (COLS - w) / 2 : 0, COLS, s);
}

int ui__putf(int y, int x, int cols, const char *fmt, ...)
{
    char line[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    return ui__put(y, x, cols, line);
}

void ui__rule(int y)
{
    mvhline(y, 0, ACS_HLINE, COLS);
}

void ui__box(int y, int x, int h, int w, const char *title)
{
    for (int r = y; r < y + h; r++)
        mvhline(r, x, ' ', w);
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y, x, ACS_ULCORNER);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    if (title != NULL && title[0] != '\0') {
        int tw = (int)ui__width(title) + 2;
        int tx = x + (w - tw) / 2;
        attron(A_BOLD);
        ui__putf(y, tx > x ? tx : x + 1, w - 2, " %s ", title);
        attroff(A_BOLD);
    }
}

int ui__hint(const struct ui *ui, const char *keys)
{
    int rows = 1, y;
    const char *p;

    (void)ui;
    for (p = keys; *p != '\0'; p++)
        rows += *p == '\n';
    y = LINES - 1 - rows;
    for (p = keys; y < LINES - 1; y++) {
        const char *end = strchr(p, '\n');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        char line[256];
        snprintf(line, sizeof(line), " %.*s", (int)n, p);
        ui__put(y, 0, COLS, line);
        p = end != NULL ? end + 1 : p + n;
    }
    return LINES - 1 - rows;
}

void ui__message_paint(const struct ui *ui)
{
    attr_t attr = A_NORMAL;
    size_t first = ui__clip(ui->message, (size_t)COLS - 2, NULL);
    int y = ui->message[first] != '\0' ? LINES - 2 : LINES - 1; /* long: it takes two rows */

    for (size_t at = first; y == LINES - 2 && at > first / 2; at--) {
        if (ui->message[at] == ' ') { /* break between words when one is near */
            first = at + 1;
            break;
        }
    }

    if (ui->tone == UI_TONE_ERROR)
        attr = A_BOLD | (ui->colors ? COLOR_PAIR(2) : A_REVERSE);
    else if (ui->tone == UI_TONE_OK)
        attr = ui->colors ? COLOR_PAIR(3) : A_BOLD;
    for (int r = y; r < LINES; r++) {
        move(r, 0);
        clrtoeol();
    }
    if (ui->message[0] == '\0')
        return;
    attron(attr);
    if (y == LINES - 2) {
        mvaddch(y, 0, ' ');
        mvaddnstr(y, 1, ui->message, (int)first);
    }
    ui__putf(LINES - 1, 0, COLS, " %s ", ui->message + (y == LINES - 2 ? first : 0));
    attroff(attr);
}

void ui__backdrop(struct ui *ui)
{
    if (ui->paint != NULL) {
        ui->paint(ui, ui->paint_ctx);
        return;
    }
    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    ui__message_paint(ui);
}

struct ui_painter ui__set_painter(struct ui *ui, ui_paint_fn fn, void *ctx)
{
    struct ui_painter before = {ui->paint, ui->paint_ctx};
    ui->paint = fn;
    ui->paint_ctx = ctx;
    return before;
}

void ui__restore_painter(struct ui *ui, struct ui_painter before)
{
    ui->paint = before.fn;
    ui->paint_ctx = before.ctx;
}

void ui__money(int64_t fen, char *out)
{
    if (ps_money_format(fen, out, PS_MONEY_TEXT_MAX) < 0)
        out[0] = '\0';
}

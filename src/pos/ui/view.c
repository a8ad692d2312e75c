/* A text in newspaper columns: the first column runs down, the next continues it. */
#include <stdlib.h>
#include <string.h>

#include "pos/ui/internal.h"
#include "pos/ui/view.h"

#define GAP 3 /* " | " between columns */

int ui__view_load(struct ui_view *v, const char *text, size_t len)
{
    size_t n = 1;

    memset(v, 0, sizeof(*v));
    while (len > 0 && text[len - 1] == '\n') /* no empty column tail */
        len--;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    v->text = malloc(len + 1);
    v->line = calloc(n, sizeof(*v->line));
    if (v->text == NULL || v->line == NULL) {
        ui__view_cleanup(v);
        return PS_ENOMEM;
    }
    memcpy(v->text, text, len);
    v->text[len] = '\0';
    for (char *p = v->text; p != NULL; v->nlines++) {
        char *end = strchr(p, '\n');
        size_t w;
        v->line[v->nlines] = p;
        if (end != NULL)
            *end = '\0';
        w = ui__width(p);
        v->width = w > v->width ? w : v->width;
        p = end != NULL ? end + 1 : NULL;
    }
    return 0;
}

void ui__view_cleanup(struct ui_view *v)
{
    free(v->text);
    free(v->line);
    memset(v, 0, sizeof(*v));
}

void ui__view_paint(struct ui_view *v, int y, int rows)
{
    int colw = v->width < 8 ? 8 : (int)v->width;
    int ncols = (COLS - 2 + GAP) / (colw + GAP);

    if (ncols < 1 || colw > COLS - 2) {
        ncols = 1;
        colw = COLS - 2;
    }
    v->page = (size_t)ncols * (size_t)(rows > 0 ? rows : 1);
    for (int c = 0; c < ncols; c++) {
        int x = 1 + c * (colw + GAP);
        for (int r = 0; r < rows; r++) {
            size_t i = v->top + (size_t)c * (size_t)rows + (size_t)r;
            if (i < v->nlines)
                ui__put(y + r, x, colw, v->line[i]);
        }
        if (c + 1 < ncols && v->top + (size_t)(c + 1) * (size_t)rows < v->nlines)
            mvvline(y, x + colw + 1, ACS_VLINE, rows);
    }
}

int ui__view_key(struct ui_view *v, int code)
{
    size_t last = v->nlines > v->page ? v->nlines - v->page : 0;

    if (code == KEY_DOWN && v->top < last)
        v->top++;
    else if (code == KEY_UP && v->top > 0)
        v->top--;
    else if (code == KEY_NPAGE)
        v->top = v->top + v->page < last ? v->top + v->page : last;
    else if (code == KEY_PPAGE)
        v->top = v->top > v->page ? v->top - v->page : 0;
    else if (code == KEY_HOME)
        v->top = 0;
    else if (code == KEY_END)
        v->top = last;
    else
        return code == KEY_DOWN || code == KEY_UP;
    return 1;
}

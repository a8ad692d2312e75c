/* view.h — a read-only text (a receipt, a slip, a report) laid out in as many columns
 * as the screen holds side by side, like a newspaper, so that a 32-column receipt
 * shows twice as much of itself on an 80-column screen, and scrolled. view.c. */
#ifndef POSSUM_POS_UI_VIEW_H
#define POSSUM_POS_UI_VIEW_H

#include <stddef.h>

struct ui_view {
    char *text;  /* owned copy, each line NUL-terminated in place */
    char **line; /* owned: the lines */
    size_t nlines;
    size_t width; /* columns of the widest line */
    size_t top;   /* the first line shown */
    size_t page;  /* lines the last paint showed: columns x rows */
};

/* Copies text[0..len) and finds its lines. 0 or PS_ENOMEM. */
int ui__view_load(struct ui_view *v, const char *text, size_t len);
void ui__view_cleanup(struct ui_view *v);

/* Paints the view on rows y..y+rows-1. */
void ui__view_paint(struct ui_view *v, int y, int rows);

/* Scrolls for a movement key (arrows, pages, Home, End); 1 when k was one. */
int ui__view_key(struct ui_view *v, int code);

#endif

/* term.h — starting and stopping curses on the process's terminal (term.c). */
#ifndef POSSUM_POS_UI_TERM_H
#define POSSUM_POS_UI_TERM_H

#include <curses.h>

#include "core/error.h"

struct ui;

struct ui_term {
    SCREEN *screen;
    char *locale; /* the locale before, put back at the stop */
};

/* Sets a UTF-8 locale and starts curses (raw keys, keypad, no echo, colours when the
 * terminal has them). POS_APP_REFUSED when stdin/stdout is not a terminal, no UTF-8
 * locale exists or the window is smaller than 80x24; PS_EIO when curses cannot drive
 * $TERM. Nothing needs stopping after a failure. */
int ui__term_start(struct ui *ui, struct ui_term *t, struct ps_reason *why);

/* Gives the terminal back as it was and frees what curses took. */
void ui__term_stop(struct ui_term *t);

#endif

/* ui.h — possum-pos's full-screen cashier interface (ncursesw): login, the sale screen
 * with the cart and a code input a barcode scanner types into, tenders, the receipt
 * preview, and a function menu for everything else a counter does in a day.
 *
 * The interface holds no business logic: every check, sum and decision is the
 * application core's (pos/app/app.h) or the cart's (pos/sale/cart.h). It reads keys,
 * calls those functions and shows what they return, errors included, on the screen.
 *
 * It fits 80x24 and uses whatever more the terminal gives. Text is Chinese or English,
 * each from one table (text_zh.c, text_en.c); CJK characters are measured in display
 * columns, which needs a UTF-8 locale (taken from the environment, else C.UTF-8). */
#ifndef POSSUM_POS_UI_UI_H
#define POSSUM_POS_UI_UI_H

#include "core/error.h"

struct pos_app;

/* The language of the interface. */
enum pos_ui_lang {
    POS_UI_LANG_SETTING = 0, /* the terminal's "lang" setting (Chinese unless set to en) */
    POS_UI_LANG_ZH,
    POS_UI_LANG_EN,
};

struct pos_ui_options {
    enum pos_ui_lang lang;
    /* Where every receipt, slip and report also goes as ESC/POS bytes (a device such
     * as /dev/usb/lp0, or a file); NULL: the screen only. */
    const char *printer;
};

/* Runs the interface on the process's terminal (stdin and stdout) until the cashier
 * quits from the login screen. app must be open and activated; the interface logs
 * operators in and out of it and leaves nobody logged in when it returns. The caller
 * keeps ownership of app and opt.
 *
 * Returns 0 when the cashier quit; POS_APP_REFUSED (pos/app/outcome.h) when the
 * terminal is not activated, stdin or stdout is not a terminal, the window is smaller
 * than 80x24 at the start or no UTF-8 locale exists; PS_EIO when curses cannot drive
 * $TERM; what pos_app_status returns when it fails. why says which. Every failure of
 * a flow inside is shown on the screen and does not end the interface. */
int pos_ui_run(struct pos_app *app, const struct pos_ui_options *opt, struct ps_reason *why);

#endif

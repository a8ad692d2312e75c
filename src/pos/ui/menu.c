/* The function menu: everything a counter does besides selling. Item n is chosen by
 * its number key (1-9, 0 for the tenth), by Fn, or with the arrows and Enter. */
#include <string.h>

#include "pos/ui/internal.h"

static const struct {
    enum ui_function fn;
    const char *key;
    enum ui_text label;
} items[UI_FN_COUNT] = {
    {UI_FN_VOID, "1", UT_FN_VOID},
    {UI_FN_REFUND, "2", UT_FN_REFUND},
    {UI_FN_BALANCE, "3", UT_FN_BALANCE},
    {UI_FN_PREAUTH, "4", UT_FN_PREAUTH},
    {UI_FN_COMPLETE, "5", UT_FN_COMPLETE},
    {UI_FN_HISTORY, "6", UT_FN_HISTORY},
    {UI_FN_REPRINT, "7", UT_FN_REPRINT},
    {UI_FN_XREPORT, "8", UT_FN_XREPORT},
    {UI_FN_SETTLE, "9", UT_FN_SETTLE},
    {UI_FN_LOGOUT, "0", UT_FN_LOGOUT},
    {UI_FN_OPERATORS, "F11", UT_FN_OPERATORS},
    {UI_FN_FORWARD, "F12", UT_FN_FORWARD},
};

static void paint(struct ui *ui, size_t sel)
{
    int h = UI_FN_COUNT + 5, w = 44, y = (LINES - h) / 2, x = (COLS - w) / 2;

    ui__backdrop(ui);
    if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS)
        return;
    ui__box(y, x, h, w, ui__t(ui, UT_MENU_TITLE));
    for (size_t i = 0; i < UI_FN_COUNT; i++) {
        if (i == sel)
            attron(A_REVERSE);
        mvhline(y + 2 + (int)i, x + 2, ' ', w - 4);
        ui__putf(y + 2 + (int)i, x + 2, w - 4, "%c %-4s %s", i == sel ? '>' : ' ', items[i].key,
                 ui__t(ui, items[i].label));
        if (i == sel)
            attroff(A_REVERSE);
    }
    ui__put(y + h - 2, x + 3, w - 6, ui__t(ui, UT_MENU_KEYS));
    curs_set(0);
}

/* The item a key names, or -1. */
static int item_of(const struct ui_key *k)
{
    for (int n = 1; n <= UI_FN_COUNT; n++) {
        if (ui__is_fkey(k, n))
            return n - 1;
    }
    if (k->code == 0 && k->ch >= L'1' && k->ch <= L'9')
        return (int)(k->ch - L'1');
    if (k->code == 0 && k->ch == L'0')
        return 9;
    return -1;
}

int ui__menu(struct ui *ui)
{
    size_t sel = 0;
    struct ui_key k;
    int chosen;

    for (;;) {
        paint(ui, sel);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ESC || ui__is_fkey(&k, 10))
            return 0;
        if (k.code == UI_KEY_ENTER)
            return (int)items[sel].fn;
        if ((chosen = item_of(&k)) >= 0)
            return (int)items[chosen].fn;
        if (k.code == KEY_UP)
            sel = (sel + UI_FN_COUNT - 1) % UI_FN_COUNT;
        else if (k.code == KEY_DOWN)
            sel = (sel + 1) % UI_FN_COUNT;
    }
}

void ui__run_function(struct ui *ui, enum ui_function fn)
{
    switch (fn) {
    case UI_FN_VOID:
        ui__fn_void(ui);
        break;
    case UI_FN_REFUND:
        ui__fn_refund(ui);
        break;
    case UI_FN_BALANCE:
        ui__fn_balance(ui);
        break;
    case UI_FN_PREAUTH:
        ui__fn_preauth(ui);
        break;
    case UI_FN_COMPLETE:
        ui__fn_complete(ui);
        break;
    case UI_FN_HISTORY:
        ui__fn_history(ui);
        break;
    case UI_FN_REPRINT:
        ui__fn_reprint(ui, 1);
        break;
    case UI_FN_XREPORT:
        ui__fn_xreport(ui);
        break;
    case UI_FN_SETTLE:
        ui__fn_settle(ui);
        break;
    case UI_FN_OPERATORS:
        ui__fn_operators(ui);
        break;
    case UI_FN_FORWARD:
        ui__fn_forward(ui);
        break;
    case UI_FN_LOGOUT:
        break; /* the sale screen's own */
    }
}

/* Small dialogs (a question, a secret) and reading what fields hold as numbers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"
#include "pos/ui/internal.h"

int ui__confirm(struct ui *ui, enum ui_text question)
{
    const char *q = ui__t(ui, question), *keys = ui__t(ui, UT_CONFIRM_KEYS);
    size_t qw = ui__width(q), kw = ui__width(keys);
    int w = (int)(qw > kw ? qw : kw) + 8, h = 6;
    struct ui_key k;

    if (w > COLS - 4)
        w = COLS - 4;
    for (;;) {
        ui__backdrop(ui);
        ui__box((LINES - h) / 2, (COLS - w) / 2, h, w, NULL);
        ui__put((LINES - h) / 2 + 2, (COLS - w) / 2 + 4, w - 8, q);
        ui__put((LINES - h) / 2 + 3, (COLS - w) / 2 + 4, w - 8, keys);
        curs_set(0);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ENTER)
            return 1;
        if (k.code == UI_KEY_ESC)
            return 0;
    }
}

int ui__ask_secret(struct ui *ui, enum ui_text title, enum ui_text label, const char *accept,
                   char *out, size_t cap)
{
    struct ui_form_item item = {.label = label};
    int rc;

    ui__field_init(&item.field, accept, 32, 1);
    rc = ui__form(ui, title, &item, 1);
    if (rc == 0)
        ui__field_text(&item.field, out, cap);
    ui__field_wipe(&item.field);
    return rc;
}

int ui__parse_money(struct ui *ui, const char *text, int64_t *fen)
{
    struct ps_reason why;

    if (ps_money_parse(text, strlen(text), fen, &why) != 0) {
        ui__say(ui, UI_TONE_ERROR, "%s: %s", ui__t(ui, UT_BAD_AMOUNT), why.text);
        return -1;
    }
    if (*fen <= 0) {
        ui__say(ui, UI_TONE_ERROR, "%s: %s", ui__t(ui, UT_BAD_AMOUNT), text);
        return -1;
    }
    return 0;
}

int ui__parse_number(struct ui *ui, const char *text, unsigned long max, unsigned long *out)
{
    char *end = NULL;
    unsigned long v;

    errno = 0;
    v = strtoul(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v < 1 || v > max) {
        ui__say(ui, UI_TONE_ERROR, "%s: '%s' (1-%lu)", ui__t(ui, UT_BAD_NUMBER), text, max);
        return -1;
    }
    *out = v;
    return 0;
}

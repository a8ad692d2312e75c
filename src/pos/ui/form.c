/* A dialog of labelled fields, drawn in a box over the screen it was opened from. */
#include <string.h>

#include "pos/ui/internal.h"

struct form {
    enum ui_text title;
    struct ui_form_item *items;
    size_t n, focus;
};

static int label_width(const struct ui *ui, const struct form *f)
{
    size_t w = 0;
    for (size_t i = 0; i < f->n; i++) {
        size_t lw = ui__width(ui__t(ui, f->items[i].label));
        w = lw > w ? lw : w;
    }
    return (int)w;
}

/* A field as wide as what it takes (a 2-digit number gets no 40 columns), at most
 * what the box has. */
static int room(const struct ui_field *field, int avail)
{
    int want = (int)field->max * (field->accept == NULL ? 2 : 1) + 1;
    return want < avail ? want : avail;
}

static void paint(struct ui *ui, const struct form *f)
{
    int w = COLS - 4 < 66 ? COLS - 4 : 66, h = (int)f->n + 5;
    int y = (LINES - h) / 2, x = (COLS - w) / 2, lw = label_width(ui, f);
    int fx = x + 3 + lw + 2;

    ui__backdrop(ui);
    if (LINES < UI_MIN_ROWS || COLS < UI_MIN_COLS)
        return;
    ui__box(y, x, h, w, ui__t(ui, f->title));
    ui__put(y + h - 2, x + 3, w - 6, ui__t(ui, UT_FORM_KEYS));
    for (size_t i = 0; i < f->n; i++) {
        int row = y + 2 + (int)i;
        ui__put(row, x + 3, lw, ui__t(ui, f->items[i].label));
        ui__field_paint(&f->items[i].field, row, fx, room(&f->items[i].field, x + w - 3 - fx), 0);
    }
    curs_set(1);
    ui__field_paint(&f->items[f->focus].field, y + 2 + (int)f->focus, fx,
                    room(&f->items[f->focus].field, x + w - 3 - fx), 1);
}

int ui__form(struct ui *ui, enum ui_text title, struct ui_form_item *items, size_t n)
{
    return ui__form_at(ui, title, items, n, 0);
}

int ui__form_at(struct ui *ui, enum ui_text title, struct ui_form_item *items, size_t n,
                size_t focus)
{
    struct form f = {title, items, n, focus < n ? focus : 0};
    struct ui_key k;

    for (;;) {
        paint(ui, &f);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ESC)
            return 1;
        if (k.code == UI_KEY_ENTER && f.focus + 1 == n)
            return 0;
        if (k.code == UI_KEY_ENTER || k.code == UI_KEY_TAB || k.code == KEY_DOWN)
            f.focus = (f.focus + 1) % n;
        else if (k.code == KEY_UP || k.code == KEY_BTAB)
            f.focus = (f.focus + n - 1) % n;
        else
            ui__field_key(&items[f.focus].field, &k);
    }
}

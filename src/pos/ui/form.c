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
    return ui__form_wait(ui, title, items, n, &focus, -1);
}

/* Whether Enter in item submits the form now: its text starts as submit_lead says. */
static int submits_now(const struct ui_form_item *item)
{
    return item->submit_lead != NULL && item->field.len > 0 && item->field.buf[0] < 128 &&
           strchr(item->submit_lead, (int)item->field.buf[0]) != NULL;
}

/* A character the field in focus does not take but that starts another's input (a
 * swipe arriving while the amount is in focus): focus moves there and the field starts
 * over with it. Returns the focus. */
static size_t lead_moves(struct ui_form_item *items, size_t n, size_t focus, const struct ui_key *k)
{
    for (size_t i = 0; k->code == 0 && k->ch < 128 && i < n; i++) {
        if (items[i].submit_lead != NULL && strchr(items[i].submit_lead, (int)k->ch) != NULL) {
            ui__field_wipe(&items[i].field);
            ui__field_key(&items[i].field, k);
            return i;
        }
    }
    return focus;
}

int ui__form_wait(struct ui *ui, enum ui_text title, struct ui_form_item *items, size_t n,
                  size_t *focus, int fd)
{
    struct form f = {title, items, n, *focus < n ? *focus : 0};
    struct ui_key k;

    for (;;) {
        paint(ui, &f);
        refresh();
        *focus = f.focus;
        if (ui__key_wait(ui, &k, fd) != 0)
            return 2;
        if (k.code == UI_KEY_ESC)
            return 1;
        if (k.code == UI_KEY_ENTER && (f.focus + 1 == n || submits_now(&items[f.focus])))
            return 0;
        if (k.code == UI_KEY_ENTER || k.code == UI_KEY_TAB || k.code == KEY_DOWN)
            f.focus = (f.focus + 1) % n;
        else if (k.code == KEY_UP || k.code == KEY_BTAB)
            f.focus = (f.focus + n - 1) % n;
        else if (!ui__field_key(&items[f.focus].field, &k))
            f.focus = lead_moves(items, n, f.focus, &k);
    }
}

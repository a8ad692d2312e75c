/* Operators (the supervisor's): the list, and adding, renaming, disabling, enabling,
 * resetting the password of and removing a cashier. The operators room checks the
 * permission with the session; a cashier gets the supervisor's approval prompt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pos/app/outcome.h"
#include "pos/ui/internal.h"

#define OPERATORS_MAX 100

enum verb { ADD = 1, RENAME, DISABLE, ENABLE, RESET, REMOVE };

struct ops {
    struct pos_operator_info all[OPERATORS_MAX];
    size_t n, sel, top; /* top: the first row on the screen */
    /* the change being made */
    enum verb verb;
    char number[8], name[POS_OPERATOR_NAME_MAX + 1], password[UI_FIELD_MAX * 4 + 1];
};

static void load(struct ui *ui, struct ops *o)
{
    struct ps_reason why;
    int rc;

    ps_reason_clear(&why);
    rc = pos_operators_list(pos_app_operators(ui->app), o->all, OPERATORS_MAX, &o->n, &why);
    if (rc != 0) {
        o->n = 0;
        ui__tell(ui, rc, &why, NULL);
    }
    if (o->sel >= o->n)
        o->sel = o->n > 0 ? o->n - 1 : 0;
}

static enum ui_text state_of(const struct pos_operator_info *p)
{
    if (!p->enabled)
        return UT_DISABLED;
    if (p->locked || p->locked_until > (int64_t)time(NULL))
        return UT_LOCKED;
    return UT_ENABLED;
}

/* One row: operator p, or (p NULL) the column names. */
static void paint_row(const struct ui *ui, const struct pos_operator_info *p, int y, int chosen)
{
    char tries[16] = "";
    enum ui_text role = p != NULL && p->role == POS_ROLE_SUPERVISOR ? UT_SUPERVISOR : UT_CASHIER;

    if (chosen)
        attron(A_REVERSE);
    mvhline(y, 0, ' ', COLS);
    if (p != NULL)
        snprintf(tries, sizeof(tries), "%d", p->failed_tries);
    if (chosen)
        mvaddch(y, 0, '>');
    ui__put(y, 2, 4, p != NULL ? p->number : ui__t(ui, UT_O_NUMBER));
    ui__put(y, 8, 30, p != NULL ? p->name : ui__t(ui, UT_O_NAME));
    ui__put(y, 40, 12, ui__t(ui, p != NULL ? role : UT_O_ROLE));
    ui__put(y, 54, 10, ui__t(ui, p != NULL ? state_of(p) : UT_O_STATE));
    ui__put(y, 66, 12, p != NULL ? tries : ui__t(ui, UT_O_TRIES));
    if (chosen)
        attroff(A_REVERSE);
}

static void paint(struct ui *ui, void *ctx)
{
    struct ops *o = ctx;
    int hint_y, rows;

    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    hint_y = ui__hint(ui, ui__t(ui, UT_OPERATORS_KEYS));
    attron(A_BOLD);
    ui__put(1, 1, COLS - 2, ui__t(ui, UT_FN_OPERATORS));
    paint_row(ui, NULL, 2, 0);
    attroff(A_BOLD);
    rows = hint_y - 3;
    if (o->sel < o->top)
        o->top = o->sel;
    if (rows > 0 && o->sel >= o->top + (size_t)rows)
        o->top = o->sel - (size_t)rows + 1;
    for (size_t i = o->top; i < o->n && (int)(i - o->top) < rows; i++)
        paint_row(ui, &o->all[i], 3 + (int)(i - o->top), i == o->sel);
    ui__message_paint(ui);
    curs_set(0);
}

/* The change o->verb through the operators room, its outcomes as the core's. */
static int change_flow(struct ui *ui, void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    struct ops *o = ctx;
    struct pos_operators *room = pos_app_operators(ui->app);
    struct pos_session *actor = pos_app_operator_session(ui->app);
    int rc;

    (void)res;
    if (o->verb == ADD)
        rc = pos_operators_add(room, actor, o->number, o->name, o->password, why);
    else if (o->verb == RENAME)
        rc = pos_operators_rename(room, actor, o->number, o->name, why);
    else if (o->verb == DISABLE || o->verb == ENABLE)
        rc = pos_operators_set_enabled(room, actor, o->number, o->verb == ENABLE, why);
    else if (o->verb == RESET)
        rc = pos_operators_reset_password(room, actor, o->number, o->password, why);
    else
        rc = pos_operators_remove(room, actor, o->number, why);
    if (rc == POS_OP_DENIED)
        return POS_APP_DENIED;
    return rc == PS_EINVAL || rc == PS_EUNDEFINED ? POS_APP_REFUSED : rc;
}

/* What the change needs typed: 0 ready, 1 cancelled. */
static int ask(struct ui *ui, struct ops *o)
{
    struct ui_form_item items[3] = {
        {.label = UT_OPERATOR_NO}, {.label = UT_NAME}, {.label = UT_NEW_PASSWORD}};
    size_t first = o->verb == ADD ? 0 : o->verb == RENAME ? 1 : 2;
    size_t last = o->verb == RENAME ? 2 : 3;
    int rc;

    ui__field_init(&items[0].field, UI_DIGITS, 2, 0);
    ui__field_init(&items[1].field, NULL, 16, 0);
    ui__field_init(&items[2].field, NULL, 32, 1);
    if (o->verb == RENAME)
        ui__field_set(&items[1].field, o->all[o->sel].name);
    if (o->verb == DISABLE || o->verb == ENABLE)
        return 0;
    if (o->verb == REMOVE)
        return !ui__confirm(ui, UT_REMOVE_QUESTION);
    rc = ui__form(ui, UT_FN_OPERATORS, items + first, last - first);
    if (o->verb == ADD)
        ui__field_text(&items[0].field, o->number, sizeof(o->number));
    ui__field_text(&items[1].field, o->name, sizeof(o->name));
    ui__field_text(&items[2].field, o->password, sizeof(o->password));
    ui__field_wipe(&items[2].field);
    return rc;
}

static void change(struct ui *ui, struct ops *o, enum verb verb)
{
    struct pos_app_result res;
    struct ps_reason why;
    int rc;

    o->verb = verb;
    if (verb != ADD && o->n == 0)
        return;
    if (verb != ADD)
        snprintf(o->number, sizeof(o->number), "%s", o->all[o->sel].number);
    if (ask(ui, o) != 0)
        return;
    pos_app_result_init(&res);
    rc = ui__run_flow(ui, UT_WORKING, POS_ACTION_OPERATOR_MANAGEMENT, change_flow, o, &res, &why);
    memset(o->password, 0, sizeof(o->password));
    pos_app_result_cleanup(&res);
    if (rc != 0) {
        ui__tell(ui, rc, &why, NULL);
        return;
    }
    ui__say(ui, UI_TONE_OK, "%s %s: %s", ui__t(ui, UT_OPERATOR), o->number, ui__t(ui, UT_DONE));
    load(ui, o);
}

void ui__fn_operators(struct ui *ui)
{
    struct ops *o = calloc(1, sizeof(*o));
    struct ui_painter before;
    struct ui_key k;

    if (o == NULL) {
        ui__say(ui, UI_TONE_ERROR, "%s", pos_app_strerror(PS_ENOMEM));
        return;
    }
    load(ui, o);
    before = ui__set_painter(ui, paint, o);
    while (!ui->gone) {
        paint(ui, o);
        refresh();
        ui__key_read(ui, &k);
        if (k.code == UI_KEY_ESC)
            break;
        if (k.code == KEY_UP && o->sel > 0)
            o->sel--;
        else if (k.code == KEY_DOWN && o->sel + 1 < o->n)
            o->sel++;
        else if (k.code == 0 && k.ch >= L'1' && k.ch <= L'6')
            change(ui, o, (enum verb)(k.ch - L'0'));
    }
    ui__restore_painter(ui, before);
    free(o);
}

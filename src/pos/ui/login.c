/* The login screen: operator number and password (masked), until someone logs in or
 * the cashier quits. */
#include <string.h>

#include "pos/ui/internal.h"

static void paint_splash(struct ui *ui, void *ctx)
{
    struct pos_app_status st;
    struct ps_reason why;

    (void)ctx;
    if (ui__paint_begin(ui) != 0)
        return;
    ui__status(ui);
    attron(A_BOLD);
    ui__put_center(3, ui__t(ui, UT_APP_TITLE));
    attroff(A_BOLD);
    if (pos_app_status(ui->app, &st, &why) == 0)
        ui__put_center(5, st.merchant_name);
    ui__hint(ui, ui__t(ui, UT_LOGIN_KEYS));
    ui__message_paint(ui);
}

/* One try with what the form holds; 0 when logged in. */
static int try_login(struct ui *ui, struct ui_form_item *items)
{
    char number[8], password[UI_FIELD_MAX * 4 + 1];
    const struct pos_session *op;
    struct ps_reason why;
    int rc;

    ui__field_text(&items[0].field, number, sizeof(number));
    ui__field_text(&items[1].field, password, sizeof(password));
    ui__field_wipe(&items[1].field);
    ps_reason_clear(&why);
    ui__busy(ui, UT_CHECKING);
    rc = pos_app_login(ui->app, number, password, &why);
    memset(password, 0, sizeof(password));
    if (rc != 0) {
        ui__tell(ui, rc, &why, NULL);
        return rc;
    }
    op = pos_app_operator(ui->app);
    ui__say(ui, UI_TONE_OK, "%s %s %s", ui__t(ui, UT_WELCOME), op->number, op->name);
    return 0;
}

int ui__login(struct ui *ui)
{
    struct ui_form_item items[2] = {{.label = UT_OPERATOR_NO}, {.label = UT_PASSWORD}};
    struct ui_painter before = ui__set_painter(ui, paint_splash, NULL);
    size_t focus = 0;
    int rc = 1;

    ui__field_init(&items[0].field, UI_DIGITS, 2, 0);
    ui__field_init(&items[1].field, NULL, 32, 1);
    while (!ui->gone) {
        if (ui__form_at(ui, UT_LOGIN_TITLE, items, 2, focus) != 0) {
            if (ui->gone || ui__confirm(ui, UT_QUIT_QUESTION))
                break;
            continue;
        }
        if (try_login(ui, items) == 0) {
            rc = 0;
            break;
        }
        focus = items[0].field.len > 0; /* a wrong password: type it again */
    }
    ui__field_wipe(&items[1].field);
    ui__restore_painter(ui, before);
    return rc;
}

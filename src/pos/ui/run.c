/* pos_ui_run: the interface from start to end. Operators log in and out in turn until
 * the cashier quits from the login screen; nobody stays logged in afterwards. */
#include <string.h>

#include "pos/app/outcome.h"
#include "pos/ui/internal.h"
#include "pos/ui/term.h"

/* The language: the option, else the terminal's own setting (the receipts' language). */
static int english(struct pos_app *app, enum pos_ui_lang lang, struct ps_reason *why, int *out)
{
    struct pos_app_status st;
    int rc;

    *out = lang == POS_UI_LANG_EN;
    if (lang != POS_UI_LANG_SETTING)
        return 0;
    if ((rc = pos_app_status(app, &st, why)) != 0)
        return rc;
    *out = st.settings->lang == RCPT_LANG_EN;
    return 0;
}

int pos_ui_run(struct pos_app *app, const struct pos_ui_options *opt, struct ps_reason *why)
{
    struct ui ui;
    struct ui_term term;
    int rc, en = 0;

    memset(&ui, 0, sizeof(ui));
    ui.app = app;
    ui.opt = opt;
    if (!pos_app_activated(app))
        return ps_fail(why, POS_APP_REFUSED,
                       "the terminal is not activated: possum-pos activate first "
                       "(docs/terminal.md)");
    if ((rc = ui__text_check(why)) != 0 || (rc = english(app, opt->lang, why, &en)) != 0)
        return rc;
    ui.text = en ? ui__text_en : ui__text_zh;
    if ((rc = ui__term_start(&ui, &term, why)) != 0)
        return rc;
    pos_app_logout(app); /* whoever was logged in: the screen asks */
    while (!ui.gone && ui__login(&ui) == 0) {
        ui__sale(&ui);
        pos_app_logout(app);
        ui__say(&ui, UI_TONE_INFO, "%s", ui__t(&ui, UT_LOGGED_OUT));
    }
    ui__term_stop(&term);
    return 0;
}

/* tui [--lang zh|en] [--printer PATH] — the cashier's full-screen interface
 * (src/pos/ui) on this terminal, until the cashier quits from its login screen. It
 * prints no JSON: its output is the screen. A failure to start is said on stderr with
 * the exit status of the core's answer (6: not activated, not a terminal, too small). */
#include <string.h>

#include "pos/cli/cli.h"
#include "pos/cli/commands.h"
#include "pos/ui/ui.h"

int cmd_tui(struct cli_args *a)
{
    struct pos_ui_options opt = {.lang = POS_UI_LANG_SETTING, .printer = a->printer};
    struct pos_app *app = NULL;
    struct ps_reason why;
    int rc;

    if (a->lang != NULL && strcmp(a->lang, "zh") == 0)
        opt.lang = POS_UI_LANG_ZH;
    else if (a->lang != NULL && strcmp(a->lang, "en") == 0)
        opt.lang = POS_UI_LANG_EN;
    else if (a->lang != NULL)
        return cli_error(CLI_USAGE, "tui: --lang '%s' is not zh or en", a->lang);
    if (a->nrest > 0)
        return cli_error(CLI_USAGE, "tui: unexpected '%s'", a->rest[0]);
    if ((rc = cli_open(a, &app)) != CLI_OK)
        return rc;
    ps_reason_clear(&why);
    rc = pos_ui_run(app, &opt, &why);
    pos_app_close(app);
    if (rc != 0)
        return cli_error(cli_status_of(rc), "tui: %s", why.text);
    return CLI_OK;
}

/* Calling the core: the busy line first (the host may take its time), the supervisor's
 * approval when the core says a cashier needs it, the host's state learned after. */
#include <string.h>

#include "pos/app/outcome.h"
#include "pos/ui/internal.h"

/* Asks for the supervisor's password and has the supervisor approve action. 0 when
 * approved; POS_APP_DENIED when the prompt was cancelled (why unchanged); else what
 * pos_app_approve said. */
static int approve_by_supervisor(struct ui *ui, enum pos_action action, struct ps_reason *why)
{
    char password[64];
    int rc;

    if (ui__ask_secret(ui, UT_SUPERVISOR_APPROVAL, UT_SUPERVISOR_PASSWORD, NULL, password,
                       sizeof(password)) != 0)
        return POS_APP_DENIED;
    rc = pos_app_approve(ui->app, action, password, why);
    memset(password, 0, sizeof(password));
    return rc;
}

int ui__run_flow(struct ui *ui, enum ui_text busy, enum pos_action approve, ui_flow_fn fn,
                 void *ctx, struct pos_app_result *res, struct ps_reason *why)
{
    int rc;

    ps_reason_clear(why);
    ui__busy(ui, busy);
    rc = fn(ui, ctx, res, why);
    if (rc == POS_APP_DENIED && approve != 0) {
        /* the core checks permissions before anything else: nothing happened yet, so
         * once the supervisor approved, the same call is simply made again */
        ui__tell(ui, rc, why, res);
        if ((rc = approve_by_supervisor(ui, approve, why)) != 0)
            return rc;
        pos_app_result_cleanup(res);
        pos_app_result_init(res);
        ui__busy(ui, busy);
        rc = fn(ui, ctx, res, why);
    }
    ui__note_host(ui, rc, res);
    return rc;
}

void ui__print(struct ui *ui, const struct pos_app_result *res)
{
    struct ps_reason why;

    if (ui->opt->printer == NULL || res->escpos.len == 0)
        return;
    ps_reason_clear(&why);
    if (pos_app_result_print(res, ui->opt->printer, &why) != 0)
        ui__say(ui, UI_TONE_ERROR, "%s: %s", ui__t(ui, UT_PRINTER_FAILED), why.text);
}

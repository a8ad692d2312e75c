/* The message line: what just happened, in plain words. Every failure the core
 * returns lands here with its reason; none is dropped. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/app/outcome.h"
#include "pos/ui/internal.h"

void ui__say(struct ui *ui, enum ui_tone tone, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(ui->message, sizeof(ui->message), fmt, ap);
    va_end(ap);
    ui->tone = tone;
}

static enum ui_text category(int rc)
{
    switch (rc) {
    case POS_APP_DECLINED:
        return UT_ERR_DECLINED;
    case POS_APP_OFFLINE:
        return UT_ERR_OFFLINE;
    case POS_APP_DENIED:
        return UT_ERR_DENIED;
    case POS_APP_REFUSED:
        return UT_ERR_REFUSED;
    case POS_APP_QUEUED:
        return UT_QUEUED;
    default:
        return UT_ERR_FAILED;
    }
}

void ui__tell(struct ui *ui, int rc, const struct ps_reason *why, const struct pos_app_result *res)
{
    const char *reason = why != NULL && why->text[0] != '\0' ? why->text : pos_app_strerror(rc);
    const char *head = ui__t(ui, category(rc));
    enum ui_tone tone = rc == POS_APP_QUEUED ? UI_TONE_INFO : UI_TONE_ERROR;

    if (rc == POS_APP_DECLINED && res != NULL && res->code[0] != '\0')
        ui__say(ui, tone, "%s: %s %s", head, res->code, ui__response_meaning(ui, res->code));
    else if (rc == POS_APP_OFFLINE && res != NULL && res->reversal_owed) /* what to do first */
        ui__say(ui, tone, "%s  %s: %s", ui__t(ui, UT_REVERSAL_NOTE), head, reason);
    else
        ui__say(ui, tone, "%s: %s", head, reason);
}

void ui__note_host(struct ui *ui, int rc, const struct pos_app_result *res)
{
    if (rc == POS_APP_OFFLINE || rc == POS_APP_QUEUED) {
        ui->host = UI_HOST_OFFLINE;
        return;
    }
    for (size_t i = 0; res != NULL && i < res->nsteps; i++) {
        if (res->steps[i].code[0] != '\0')
            ui->host = UI_HOST_ONLINE;
    }
}

void ui__busy(struct ui *ui, enum ui_text what)
{
    ui__say(ui, UI_TONE_INFO, "%s", ui__t(ui, what));
    ui__backdrop(ui);
    curs_set(0);
    refresh();
}

/* Appends " label value" to out when value is not empty. */
static void add(char *out, size_t cap, const char *label, const char *value)
{
    size_t len = strlen(out);
    if (value[0] != '\0' && len < cap)
        snprintf(out + len, cap - len, "  %s %s", label, value);
}

void ui__tell_done(struct ui *ui, enum ui_text what, const struct pos_app_result *res)
{
    char line[UI_MESSAGE_MAX], figure[PS_MONEY_TEXT_MAX] = "", no[16] = "";

    snprintf(line, sizeof(line), "%s", ui__t(ui, what));
    if (res->receipt_no != 0)
        snprintf(no, sizeof(no), "%06u", (unsigned)res->receipt_no);
    add(line, sizeof(line), ui__t(ui, UT_RECEIPT_NO), no);
    if (res->amount != 0)
        ui__money(res->amount, figure);
    add(line, sizeof(line), ui__t(ui, UT_AMOUNT), res->amount != 0 ? figure : "");
    if (res->has_balance)
        ui__money(res->balance, figure);
    add(line, sizeof(line), ui__t(ui, UT_BALANCE), res->has_balance ? figure : "");
    if (res->change != 0)
        ui__money(res->change, figure);
    add(line, sizeof(line), ui__t(ui, UT_CHANGE), res->change != 0 ? figure : "");
    add(line, sizeof(line), ui__t(ui, UT_AUTH_CODE), res->auth_code);
    add(line, sizeof(line), ui__t(ui, UT_RRN), res->rrn);
    ui__say(ui, UI_TONE_OK, "%s", line);
}

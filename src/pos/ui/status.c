/* The status line: who and where the terminal is (merchant, TID, batch, operator) and
 * how it stands with the host (online, offline, a reversal owed, messages waiting in
 * the outbox), on the top row of every screen. */
#include <stdio.h>
#include <string.h>

#include "pos/operators/session.h"
#include "pos/ui/internal.h"

static const char *host_word(const struct ui *ui, const struct pos_app_status *st)
{
    if (ui->host == UI_HOST_ONLINE)
        return ui__t(ui, UT_ONLINE);
    if (ui->host == UI_HOST_OFFLINE)
        return ui__t(ui, UT_OFFLINE);
    return ui__t(ui, st->signed_in ? UT_SIGNED_IN : UT_NOT_SIGNED_IN);
}

/* Everything after the merchant's name, which gets what room is left. */
static void right_part(const struct ui *ui, const struct pos_app_status *st, char *out, size_t cap)
{
    const struct pos_session *op = st->operator_session;
    char who[80], name[POS_OPERATOR_NAME_MAX + 1], waiting[48] = "";

    snprintf(who, sizeof(who), "%s", ui__t(ui, UT_NOBODY));
    if (op != NULL) { /* the name cut to 6 columns: the line has more to say */
        snprintf(name, sizeof(name), "%.*s", (int)ui__clip(op->name, 6, NULL), op->name);
        snprintf(who, sizeof(who), "%s %s %s", ui__t(ui, UT_OP_SHORT), op->number, name);
    }
    if (st->outbox_waiting > 0)
        snprintf(waiting, sizeof(waiting), "  %s %zu", ui__t(ui, UT_OUTBOX), st->outbox_waiting);
    snprintf(out, cap, "%s %s  %s %06u%s%s  %s  %s%s%s%s ", ui__t(ui, UT_TID), st->tid,
             ui__t(ui, UT_BATCH), (unsigned)st->batch, st->batch_settled ? " " : "",
             st->batch_settled ? ui__t(ui, UT_SETTLED) : "", who, host_word(ui, st),
             st->reversal_owed ? "  " : "", st->reversal_owed ? ui__t(ui, UT_REVERSAL_OWED) : "",
             waiting);
}

void ui__status(struct ui *ui)
{
    struct pos_app_status st;
    struct ps_reason why;
    char right[256];
    int rw;

    attron(ui->colors ? COLOR_PAIR(1) | A_BOLD : A_REVERSE);
    mvhline(0, 0, ' ', COLS);
    ps_reason_clear(&why);
    if (pos_app_status(ui->app, &st, &why) != 0) {
        ui__putf(0, 1, COLS - 2, "%s: %s", ui__t(ui, UT_STATUS_FAILED), why.text);
    } else {
        right_part(ui, &st, right, sizeof(right));
        rw = (int)ui__width(right);
        ui__put_right(0, COLS, COLS - 1, right);
        ui__put(0, 1, COLS - rw - 3, st.merchant_name);
    }
    attroff(ui->colors ? COLOR_PAIR(1) | A_BOLD : A_REVERSE);
}

/* The limits a transaction meets before it leaves: the parameters' own (host_params.h)
 * and the TMS daily limit, which needs today's sales from the journal. Also when the
 * last transaction was, for the heartbeat. */
#include "pos/app/internal.h"

#include <time.h>

/* The local midnight that began today, as seconds since the epoch. */
static int64_t today_start(void)
{
    time_t now = time(NULL);
    struct tm tm;

    if (localtime_r(&now, &tm) == NULL)
        return (int64_t)now - (int64_t)now % 86400;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

static int add_sale(const struct pos_journal_record *r, void *ctx)
{
    int64_t *sum = ctx;

    if (r->result != POS_JOURNAL_APPROVED)
        return 0;
    if (r->kind == POS_JOURNAL_SALE || r->kind == POS_JOURNAL_PREAUTH_COMPLETION)
        *sum += r->amount;
    else if (r->kind == POS_JOURNAL_VOID || r->kind == POS_JOURNAL_PREAUTH_COMPLETION_VOID)
        *sum -= r->amount; /* a voided sale gives its room back */
    return 0;
}

int pos_app__today_sales(struct pos_app *app, int64_t *out, struct ps_reason *why)
{
    struct pos_journal_filter f;
    int rc;

    *out = 0;
    pos_journal_filter_init(&f);
    f.from = today_start();
    rc = pos_journal_list(app->journal, &f, add_sale, out, why);
    if (*out < 0)
        *out = 0;
    return rc;
}

int pos_app__params_check(struct pos_app *app, enum hl_kind kind, int64_t amount,
                          struct ps_reason *why)
{
    int64_t today = 0;
    int rc = pos_host_params_check(&app->params, kind, amount, why);

    if (rc != 0 || !app->params.tms_applied || !pos_host_params_is_sale(kind))
        return rc;
    if ((rc = pos_app__today_sales(app, &today, why)) != 0)
        return rc;
    return pos_host_params_check_daily(&app->params, kind, amount, today, why);
}

static int take_last(const struct pos_journal_record *r, void *ctx)
{
    int64_t *at = ctx;

    if (r->kind != POS_JOURNAL_SIGN_IN && r->kind != POS_JOURNAL_SIGN_OFF &&
        r->kind != POS_JOURNAL_SETTLEMENT && r->at > *at)
        *at = r->at;
    return 0;
}

int pos_app__last_txn_us(struct pos_app *app, int64_t *out, struct ps_reason *why)
{
    struct pos_journal_filter f;
    int64_t at = 0;
    int rc;

    pos_journal_filter_init(&f);
    rc = pos_journal_list(app->journal, &f, take_last, &at, why);
    *out = at * 1000000;
    return rc;
}

#include "pos/app/host_params.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/app/outcome.h"
#include "pos/app/schema.h"
#include "pos/app/tms_store.h"

int pos_host_params_load(sqlite3 *db, struct pos_host_params *out, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc, step;

    memset(out, 0, sizeof(*out));
    rc = pos_app_prepare(db,
                         "SELECT merchant_name, allowed, max_amount, max_refund, batch_max,"
                         " host_time, downloaded_at FROM app_params WHERE id = 1",
                         &st, "parameters", why);
    if (rc != 0)
        return rc;
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        struct hl_params *p = &out->p;
        snprintf(p->merchant_name, sizeof(p->merchant_name), "%s", pos_app_column_text(st, 0));
        p->allowed = (uint32_t)sqlite3_column_int64(st, 1);
        p->max_amount = sqlite3_column_int64(st, 2);
        p->max_refund = sqlite3_column_int64(st, 3);
        p->batch_max = (unsigned)sqlite3_column_int64(st, 4);
        snprintf(p->host_time, sizeof(p->host_time), "%s", pos_app_column_text(st, 5));
        out->downloaded_at = sqlite3_column_int64(st, 6);
        out->downloaded = 1;
    } else if (step != SQLITE_DONE) {
        rc = ps_fail(why, PS_EIO, "parameters: %s", sqlite3_errmsg(db));
    }
    sqlite3_finalize(st);
    if (rc == 0)
        rc = pos_tms_params_load(db, &out->tms, &out->tms_applied, why);
    return rc;
}

int pos_host_params_save(sqlite3 *db, const struct hl_params *p, int64_t now, struct ps_reason *why)
{
    sqlite3_stmt *st = NULL;
    int rc = pos_app_prepare(db,
                             "INSERT OR REPLACE INTO app_params (id, merchant_name, allowed,"
                             " max_amount, max_refund, batch_max, host_time, downloaded_at)"
                             " VALUES (1, ?, ?, ?, ?, ?, ?, ?)",
                             &st, "parameters", why);
    if (rc != 0)
        return rc;
    sqlite3_bind_text(st, 1, p->merchant_name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, p->allowed);
    sqlite3_bind_int64(st, 3, p->max_amount);
    sqlite3_bind_int64(st, 4, p->max_refund);
    sqlite3_bind_int64(st, 5, p->batch_max);
    sqlite3_bind_text(st, 6, p->host_time, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 7, now);
    rc = pos_app_step_done(db, st, "parameters", why);
    sqlite3_finalize(st);
    return rc;
}

int pos_host_params_is_sale(enum hl_kind kind)
{
    return kind == HL_PURCHASE || kind == HL_COMPLETION;
}

/* The TMS set's own rules, after the host's. */
static int check_tms(const struct pos_tms_params *t, enum hl_kind kind, int64_t amount,
                     struct ps_reason *why)
{
    char a[PS_MONEY_TEXT_MAX], limit[PS_MONEY_TEXT_MAX];

    if (!pos_tms_params_allow(t, kind))
        return ps_fail(why, POS_APP_REFUSED,
                       "%s is not allowed on this terminal (the back office's parameters %u)",
                       hl_kind_name(kind), (unsigned)t->version);
    /* a void undoes what was allowed when it was made: never refused for its amount */
    if ((pos_host_params_is_sale(kind) || kind == HL_PREAUTH || kind == HL_REFUND) &&
        amount > t->per_txn_limit) {
        ps_money_format(amount, a, sizeof(a));
        ps_money_format(t->per_txn_limit, limit, sizeof(limit));
        return ps_fail(why, POS_APP_REFUSED,
                       "%s of %s is above the %s one transaction may be on this terminal",
                       hl_kind_name(kind), a, limit);
    }
    return PS_OK;
}

int pos_host_params_check_daily(const struct pos_host_params *hp, enum hl_kind kind,
                                int64_t amount, int64_t today, struct ps_reason *why)
{
    char a[PS_MONEY_TEXT_MAX], total[PS_MONEY_TEXT_MAX], limit[PS_MONEY_TEXT_MAX];

    if (!hp->tms_applied || !pos_host_params_is_sale(kind) ||
        amount <= hp->tms.daily_limit - today)
        return PS_OK;
    ps_money_format(amount, a, sizeof(a));
    ps_money_format(today > INT64_MAX - amount ? INT64_MAX : today + amount, total,
                    sizeof(total));
    ps_money_format(hp->tms.daily_limit, limit, sizeof(limit));
    return ps_fail(why, POS_APP_REFUSED,
                   "%s of %s would take today's sales to %s, above the %s a day allowed on "
                   "this terminal",
                   hl_kind_name(kind), a, total, limit);
}

int pos_host_params_check(const struct pos_host_params *hp, enum hl_kind kind, int64_t amount,
                          struct ps_reason *why)
{
    char a[PS_MONEY_TEXT_MAX], limit[PS_MONEY_TEXT_MAX];
    int64_t max;

    if (!hp->downloaded)
        return ps_fail(why, PS_EINVAL, "the parameters have not been downloaded yet");
    if (!hl_params_allow(&hp->p, kind))
        return ps_fail(why, POS_APP_REFUSED,
                       "%s is not allowed on this terminal (the host's parameters)",
                       hl_kind_name(kind));
    max = kind == HL_REFUND                                                    ? hp->p.max_refund
          : kind == HL_PURCHASE || kind == HL_PREAUTH || kind == HL_COMPLETION ? hp->p.max_amount
                                                                               : 0;
    if (max > 0 && amount > max) {
        ps_money_format(amount, a, sizeof(a));
        ps_money_format(max, limit, sizeof(limit));
        return ps_fail(why, POS_APP_REFUSED,
                       "%s of %s is above the %s one %s may be on this terminal",
                       hl_kind_name(kind), a, limit, kind == HL_REFUND ? "refund" : "sale");
    }
    return hp->tms_applied ? check_tms(&hp->tms, kind, amount, why) : PS_OK;
}

size_t pos_host_params_batch_cap(const struct pos_host_params *hp)
{
    unsigned n = hp->downloaded ? hp->p.batch_max : 0;
    if (!hp->downloaded)
        return HL_BATCH_DEFAULT;
    if (n == 0) /* the host sets no limit: the most field 48 can count */
        return HL_BATCH_LIMIT;
    return n > HL_BATCH_LIMIT ? HL_BATCH_LIMIT : n;
}

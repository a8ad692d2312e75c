/* Whether a settlement slip or an X report may be printed (validate.h). */
#include "pos/receipt/validate.h"

#include <stdio.h>

#include "pos/receipt/internal.h"

static int check_side(const char *side, const struct rcpt_settle_side *s, struct ps_reason *why)
{
    const struct {
        const char *name;
        const struct rcpt_count *count;
    } rows[] = {
        {"purchases", &s->purchases},
        {"voids", &s->voids},
        {"refunds", &s->refunds},
        {"completions", &s->completions},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(rows); i++) {
        char what[48];
        snprintf(what, sizeof(what), "%s %s", side, rows[i].name);
        int rc = rcpt__check_count(what, rows[i].count, why);
        if (rc < 0)
            return rc;
    }
    return PS_OK;
}

int rcpt_settlement_validate(const struct rcpt_settlement *s, struct ps_reason *why)
{
    int rc = rcpt__check_lang(s->lang, why);
    if (rc == PS_OK)
        rc = rcpt__check_header(&s->header, 0, why);
    if (rc == PS_OK)
        rc = check_side("domestic", &s->domestic, why);
    if (rc == PS_OK)
        rc = check_side("foreign", &s->foreign, why);
    return rc;
}

static int check_method(const char *method, const struct rcpt_method_totals *m,
                        struct ps_reason *why)
{
    const struct {
        const char *name;
        const struct rcpt_count *count;
    } rows[] = {
        {"sales", &m->sales},
        {"voids", &m->voids},
        {"refunds", &m->refunds},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(rows); i++) {
        char what[48];
        snprintf(what, sizeof(what), "%s %s", method, rows[i].name);
        int rc = rcpt__check_count(what, rows[i].count, why);
        if (rc < 0)
            return rc;
    }
    return PS_OK;
}

int rcpt_xreport_validate(const struct rcpt_xreport *x, struct ps_reason *why)
{
    int rc = rcpt__check_lang(x->lang, why);
    if (rc == PS_OK)
        rc = rcpt__check_header(&x->header, 0, why);
    if (rc == PS_OK)
        rc = rcpt__check_datetime("since", &x->since, why);
    if (rc < 0)
        return rc;
    if (rcpt__datetime_cmp(&x->since, &x->header.when) > 0)
        return ps_fail(why, PS_EINVAL, "since: the period starts after the report's time");
    rc = check_method("cash", &x->cash, why);
    if (rc == PS_OK)
        rc = check_method("card", &x->card, why);
    if (rc == PS_OK)
        rc = check_method("QR", &x->qr, why);
    return rc;
}

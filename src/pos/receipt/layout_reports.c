/* The settlement slip and the X report laid out (layout.h). */
#include "pos/receipt/layout.h"

#include <stdio.h>

#include "pos/receipt/internal.h"
#include "pos/receipt/validate.h"

/* A row of the table; indented under the name of its group in the X report. */
static void count_row(struct rcpt__out *o, int indent, enum rcpt_label label,
                      const struct rcpt_count *c)
{
    char count[RCPT__NUM_MAX], amount[RCPT__NUM_MAX], name[64];
    snprintf(count, sizeof(count), "%u", (unsigned)c->count);
    snprintf(name, sizeof(name), "%s%s", indent ? "  " : "", rcpt__l(o, label));
    rcpt__row3(o, 0, name, count, rcpt__money(c->amount, 0, amount));
}

static void table_head(struct rcpt__out *o)
{
    rcpt__row3(o, 0, rcpt__l(o, RCPT_L_TYPE), rcpt__l(o, RCPT_L_COUNT), rcpt__l(o, RCPT_L_AMOUNT));
}

static void side_block(struct rcpt__out *o, enum rcpt_label name, const struct rcpt_settle_side *s)
{
    rcpt__pair(o, RCPT_STYLE_BOLD, rcpt__l(o, name),
               rcpt__l(o, s->balanced ? RCPT_L_BALANCED : RCPT_L_UNBALANCED));
    table_head(o);
    count_row(o, 0, RCPT_L_PURCHASE, &s->purchases);
    count_row(o, 0, RCPT_L_VOID, &s->voids);
    count_row(o, 0, RCPT_L_REFUND, &s->refunds);
    count_row(o, 0, RCPT_L_COMPLETION, &s->completions);
    rcpt__rule(o);
}

int rcpt_layout_settlement(const struct rcpt_settlement *s, size_t width, struct rcpt_doc *doc,
                           struct ps_reason *why)
{
    struct rcpt__out o;
    char when[RCPT__DATETIME_MAX];
    rcpt_doc_reset(doc, doc->width);
    int rc = rcpt__check_width(width, why);
    if (rc == PS_OK)
        rc = rcpt_settlement_validate(s, why);
    if (rc < 0)
        return rc;
    rcpt__out_start(&o, doc, width, s->lang, why);
    rcpt__title_block(&o, &s->header, RCPT_L_TITLE_SETTLEMENT, s->reprint);
    rcpt__rule(&o);
    rcpt__header_block(&o, &s->header);
    rcpt__field(&o, 0, RCPT_L_DATETIME, rcpt__datetime(&s->header.when, when));
    rcpt__rule(&o);
    side_block(&o, RCPT_L_DOMESTIC, &s->domestic);
    side_block(&o, RCPT_L_FOREIGN, &s->foreign);
    if (s->uploaded)
        rcpt__text(&o, RCPT_STYLE_BOLD, RCPT_ALIGN_CENTER, rcpt__l(&o, RCPT_L_UPLOADED));
    return rcpt__out_finish(&o);
}

/* One way of paying: its rows and its net, which *total accumulates. */
static void method_block(struct rcpt__out *o, enum rcpt_label name,
                         const struct rcpt_method_totals *m, int64_t *total)
{
    int64_t net = 0;
    char amount[RCPT__NUM_MAX], label[64];
    if (ps_money_sub(m->sales.amount, m->voids.amount, &net) < 0 ||
        ps_money_sub(net, m->refunds.amount, &net) < 0 || ps_money_add(*total, net, total) < 0)
        rcpt__out_fail(o, PS_EOVERFLOW, "the net total overflows");
    rcpt__text(o, RCPT_STYLE_BOLD, RCPT_ALIGN_LEFT, rcpt__l(o, name));
    count_row(o, 1, RCPT_L_SALES, &m->sales);
    count_row(o, 1, RCPT_L_VOIDS, &m->voids);
    count_row(o, 1, RCPT_L_REFUNDS, &m->refunds);
    snprintf(label, sizeof(label), "  %s", rcpt__l(o, RCPT_L_NET));
    rcpt__row3(o, 0, label, "", rcpt__money(net, 0, amount));
    rcpt__rule(o);
}

int rcpt_layout_xreport(const struct rcpt_xreport *x, size_t width, struct rcpt_doc *doc,
                        struct ps_reason *why)
{
    struct rcpt__out o;
    char since[RCPT__DATETIME_MAX], until[RCPT__DATETIME_MAX], amount[RCPT__NUM_MAX];
    int64_t total = 0;
    rcpt_doc_reset(doc, doc->width);
    int rc = rcpt__check_width(width, why);
    if (rc == PS_OK)
        rc = rcpt_xreport_validate(x, why);
    if (rc < 0)
        return rc;
    rcpt__out_start(&o, doc, width, x->lang, why);
    rcpt__title_block(&o, &x->header, RCPT_L_TITLE_XREPORT, 0);
    rcpt__text(&o, 0, RCPT_ALIGN_CENTER, rcpt__l(&o, RCPT_L_NOT_SETTLEMENT));
    rcpt__rule(&o);
    rcpt__header_block(&o, &x->header);
    rcpt__field(&o, 0, RCPT_L_SINCE, rcpt__datetime(&x->since, since));
    rcpt__field(&o, 0, RCPT_L_UNTIL, rcpt__datetime(&x->header.when, until));
    rcpt__rule(&o);
    table_head(&o);
    method_block(&o, RCPT_L_CASH, &x->cash, &total);
    method_block(&o, RCPT_L_CARD, &x->card, &total);
    method_block(&o, RCPT_L_QR, &x->qr, &total);
    rcpt__pair(&o, RCPT_STYLE_BOLD, rcpt__l(&o, RCPT_L_TOTAL_NET), rcpt__money(total, 0, amount));
    return rcpt__out_finish(&o);
}

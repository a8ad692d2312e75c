/* The X report: what the terminal took since the last settlement, by way of paying,
 * counted from the journal (so it is what the journal says happened). */
#include "pos/app/internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pos/app/body.h"
#include "pos/receipt/layout.h"

struct tally {
    struct rcpt_xreport *x;
    int64_t since; /* the period's start: the last settlement, else the first record */
    int any;
};

static struct rcpt_method_totals *method(struct rcpt_xreport *x, const char *kind)
{
    if (kind == NULL)
        return NULL;
    if (strcmp(kind, "cash") == 0)
        return &x->cash;
    if (strcmp(kind, "card") == 0)
        return &x->card;
    return strcmp(kind, "qr") == 0 ? &x->qr : NULL;
}

static void add(struct rcpt_count *c, int64_t amount)
{
    c->count++;
    c->amount += amount;
}

/* Every tender of an approved sale, void or refund counts on its method's line. */
static void count_tenders(struct rcpt_xreport *x, const json_t *body, enum pos_journal_kind kind)
{
    json_t *t;
    size_t i;

    json_array_foreach(json_object_get(body, "tenders"), i, t)
    {
        struct rcpt_method_totals *m = method(x, json_string_value(json_object_get(t, "kind")));
        int64_t amount = json_integer_value(json_object_get(t, "amount"));
        if (m == NULL)
            continue;
        if (kind == POS_JOURNAL_VOID)
            add(&m->voids, amount);
        else if (kind == POS_JOURNAL_REFUND)
            add(&m->refunds, amount);
        else
            add(&m->sales, amount);
    }
}

static int visit(const struct pos_journal_record *r, void *ctx)
{
    struct tally *t = ctx;
    json_t *body;

    if (!t->any) {
        t->since = r->at;
        t->any = 1;
    }
    if (r->result != POS_JOURNAL_APPROVED)
        return 0;
    if (r->kind == POS_JOURNAL_SETTLEMENT) { /* a new period */
        memset(&t->x->cash, 0, sizeof(t->x->cash));
        memset(&t->x->card, 0, sizeof(t->x->card));
        memset(&t->x->qr, 0, sizeof(t->x->qr));
        t->since = r->at;
        return 0;
    }
    if (r->kind != POS_JOURNAL_SALE && r->kind != POS_JOURNAL_CASH_SALE &&
        r->kind != POS_JOURNAL_VOID && r->kind != POS_JOURNAL_REFUND &&
        r->kind != POS_JOURNAL_PREAUTH_COMPLETION)
        return 0;
    body = json_loads(r->body != NULL ? r->body : "{}", 0, NULL);
    count_tenders(t->x, body, r->kind);
    json_decref(body);
    return 0;
}

static json_t *method_json(const struct rcpt_method_totals *m)
{
    return json_pack("{s:{s:I, s:I}, s:{s:I, s:I}, s:{s:I, s:I}, s:I}", "sales", "count",
                     (json_int_t)m->sales.count, "amount", (json_int_t)m->sales.amount, "voids",
                     "count", (json_int_t)m->voids.count, "amount", (json_int_t)m->voids.amount,
                     "refunds", "count", (json_int_t)m->refunds.count, "amount",
                     (json_int_t)m->refunds.amount, "net",
                     (json_int_t)(m->sales.amount - m->voids.amount - m->refunds.amount));
}

int pos_app_xreport(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct rcpt_xreport x;
    struct tally t = {&x, 0, 0};
    struct pos_journal_filter f;
    struct rcpt_doc doc;
    char now[20], since[20];
    time_t clock = time(NULL);
    int rc;

    res->action = "xreport";
    if ((rc = pos_app__authorize(app, POS_ACTION_X_REPORT, why)) != 0)
        return rc;
    memset(&x, 0, sizeof(x));
    pos_journal_filter_init(&f);
    if ((rc = pos_journal_list(app->journal, &f, visit, &t, why)) != 0)
        return rc;
    pos_app__local_time(clock, now);
    pos_app__local_time(t.any ? (time_t)t.since : clock, since);
    x.lang = app->settings.lang;
    x.header = (struct rcpt_header){.merchant_name = pos_app__merchant_name(app),
                                    .mid = app->t.mid,
                                    .tid = app->t.tid,
                                    .operator_no = app->op.number,
                                    .batch = app->t.batch.number};
    if ((rc = pos_body_time(now, &x.header.when, why)) != 0 ||
        (rc = pos_body_time(since, &x.since, why)) != 0)
        return rc;
    res->detail = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o}", "since", since, "until", now, "batch",
                            (json_int_t)app->t.batch.number, "cash", method_json(&x.cash), "card",
                            method_json(&x.card), "qr", method_json(&x.qr));
    rcpt_doc_init(&doc);
    rc = rcpt_layout_xreport(&x, app->settings.receipt_width, &doc, why);
    if (rc == 0)
        rc = pos_app__emit(app, &doc, res, why);
    rcpt_doc_cleanup(&doc);
    snprintf(res->message, sizeof(res->message), "X report since %s", since);
    return rc;
}

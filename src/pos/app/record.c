/* The journal as the flows write and read it: records by this operator, the header
 * every body starts with, and a receipt found again by its number. */
#include "pos/app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int pos_app__journal(struct pos_app *app, enum pos_journal_kind kind,
                     enum pos_journal_result result, int64_t amount, const char *reference,
                     int64_t refers_to, const json_t *body, int64_t *seq, struct ps_reason *why)
{
    struct pos_journal_record r;
    char *text = NULL;
    int rc;

    memset(&r, 0, sizeof(r));
    if (body != NULL && (text = json_dumps(body, JSON_COMPACT)) == NULL)
        return ps_fail(why, PS_ENOMEM, "journal: out of memory");
    r.at = (int64_t)time(NULL);
    r.kind = kind;
    snprintf(r.operator_no, sizeof(r.operator_no), "%s", pos_app__operator_no(app));
    r.amount = amount;
    r.result = result;
    r.reference = reference;
    r.refers_to = refers_to;
    r.body = text;
    rc = pos_journal_append(app->journal, &r, why);
    free(text);
    if (rc == 0 && seq != NULL)
        *seq = r.seq;
    if (rc == PS_ECHECK)
        return ps_fail(why, rc,
                       "the journal does not verify, so nothing more is written to it: "
                       "run possum-pos journal verify");
    return rc;
}

void pos_app__receipt_ref(uint32_t receipt_no, char out[8])
{
    snprintf(out, 8, "%06u", (unsigned)receipt_no);
}

json_t *pos_app__body_header(struct pos_app *app, uint32_t receipt_no, uint32_t batch)
{
    char when[20];

    pos_app__local_time(time(NULL), when);
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "receipt", (json_int_t)receipt_no,
                     "batch", (json_int_t)batch, "operator", pos_app__operator_no(app), "time",
                     when, "merchant", pos_app__merchant_name(app), "mid", app->t.mid, "tid",
                     app->t.tid);
}

/* ---- finding a receipt again ------------------------------------------------------- */

struct finding {
    struct pos_app__found *out;
    int found;
};

static int is_receipt_kind(enum pos_journal_kind kind)
{
    return kind == POS_JOURNAL_SALE || kind == POS_JOURNAL_CASH_SALE || kind == POS_JOURNAL_VOID ||
           kind == POS_JOURNAL_REFUND || kind == POS_JOURNAL_PREAUTH ||
           kind == POS_JOURNAL_PREAUTH_COMPLETION;
}

/* Keeps the newest approved record (receipt numbers come round again after 999999). */
static int visit(const struct pos_journal_record *r, void *ctx)
{
    struct finding *f = ctx;
    json_t *body;

    if (r->result != POS_JOURNAL_APPROVED || !is_receipt_kind(r->kind))
        return 0;
    body = json_loads(r->body != NULL ? r->body : "{}", 0, NULL);
    if (body == NULL)
        return 0; /* not ours (edited): verify tells */
    json_decref(f->out->body);
    f->out->body = body;
    f->out->seq = r->seq;
    f->out->at = r->at;
    f->out->kind = r->kind;
    f->out->amount = r->amount;
    f->found = 1;
    return 0;
}

int pos_app__find_receipt(struct pos_app *app, uint32_t receipt_no, struct pos_app__found *out,
                          struct ps_reason *why)
{
    struct pos_journal_filter filter;
    struct finding f = {out, 0};
    char ref[8];
    int rc;

    memset(out, 0, sizeof(*out));
    pos_app__receipt_ref(receipt_no, ref);
    pos_journal_filter_init(&filter);
    filter.reference = ref;
    rc = pos_journal_list(app->journal, &filter, visit, &f, why);
    if (rc != 0) {
        json_decref(out->body);
        out->body = NULL;
        return rc;
    }
    if (!f.found)
        return ps_fail(why, POS_APP_REFUSED, "the journal has no receipt %06u",
                       (unsigned)receipt_no);
    return PS_OK;
}

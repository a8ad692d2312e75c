/* Looking back: receipts printed again from the journal, the transaction list, one
 * receipt's story, and the journal itself (verify, export, backup). */
#include "pos/app/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hex.h"
#include "pos/journal/audit.h"

/* The newest approved record with a slip. */
static int visit_last(const struct pos_journal_record *r, void *ctx)
{
    uint32_t *last = ctx;

    if (r->result == POS_JOURNAL_APPROVED && pos_app__has_slip(r->kind) && r->reference != NULL &&
        r->reference[0] != '\0')
        *last = (uint32_t)strtoul(r->reference, NULL, 10);
    return 0;
}

int pos_app_reprint(struct pos_app *app, uint32_t receipt_no, struct pos_app_result *res,
                    struct ps_reason *why)
{
    struct pos_journal_filter f;
    struct pos_app__found found;
    int rc;

    res->action = "reprint";
    if ((rc = pos_app__authorize(app, POS_ACTION_REPRINT, why)) != 0)
        return rc;
    pos_journal_filter_init(&f);
    if (receipt_no == 0 &&
        (rc = pos_journal_list(app->journal, &f, visit_last, &receipt_no, why)) != 0)
        return rc;
    if (receipt_no == 0)
        return ps_fail(why, POS_APP_REFUSED, "no receipt has been printed yet");
    if ((rc = pos_app__find_receipt(app, receipt_no, &found, why)) != 0)
        return rc;
    if (!pos_app__has_slip(found.kind))
        rc = ps_fail(why, POS_APP_REFUSED, "receipt %06u is a %s, which has no slip",
                     (unsigned)receipt_no, pos_journal_kind_name(found.kind));
    if (rc == 0)
        rc = pos_app__render_slip(app, found.kind, found.body, 1, res, why);
    if (rc == 0) {
        res->receipt_no = receipt_no;
        res->amount = found.amount;
        res->journal_seq = found.seq;
        res->detail = found.body;
        found.body = NULL;
        snprintf(res->message, sizeof(res->message), "receipt %06u printed again",
                 (unsigned)receipt_no);
    }
    json_decref(found.body);
    return rc;
}

/* ---- the list ---------------------------------------------------------------------- */

static const char *name_or(const char *name)
{
    return name != NULL ? name : "unknown";
}

static json_t *record_json(const struct pos_journal_record *r)
{
    char when[20];
    json_t *body = json_loads(r->body != NULL ? r->body : "{}", 0, NULL);

    pos_app__local_time((time_t)r->at, when);
    return json_pack("{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:I, s:o}", "seq", (json_int_t)r->seq,
                     "time", when, "kind", name_or(pos_journal_kind_name(r->kind)), "operator",
                     r->operator_no, "amount", (json_int_t)r->amount, "result",
                     name_or(pos_journal_result_name(r->result)), "reference",
                     r->reference != NULL ? r->reference : "", "refers_to",
                     (json_int_t)r->refers_to, "body", body != NULL ? body : json_null());
}

static int visit_list(const struct pos_journal_record *r, void *ctx)
{
    return json_array_append_new(ctx, record_json(r)) == 0 ? 0 : PS_ENOMEM;
}

int pos_app_list(struct pos_app *app, const struct pos_journal_filter *f,
                 struct pos_app_result *res, struct ps_reason *why)
{
    int rc;

    res->action = "list";
    if ((rc = pos_app__authorize(app, POS_ACTION_REPRINT, why)) != 0)
        return rc;
    res->detail = json_array();
    rc = pos_journal_list(app->journal, f, visit_list, res->detail, why);
    if (rc == PS_ENOMEM)
        rc = ps_fail(why, rc, "list: out of memory");
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "%zu records", json_array_size(res->detail));
    return rc;
}

/* ---- one receipt's story -------------------------------------------------------------- */

#define STORY_MAX 64

struct story {
    const char *reference;
    int64_t seqs[STORY_MAX]; /* the records found so far: what refers to them belongs too */
    size_t n;
    json_t *records;
};

static int belongs(const struct story *s, const struct pos_journal_record *r)
{
    if (r->reference != NULL && strcmp(r->reference, s->reference) == 0)
        return 1;
    for (size_t i = 0; r->refers_to != 0 && i < s->n; i++) {
        if (s->seqs[i] == r->refers_to)
            return 1;
    }
    return 0;
}

static int visit_story(const struct pos_journal_record *r, void *ctx)
{
    struct story *s = ctx;

    if (!belongs(s, r))
        return 0;
    if (s->n < STORY_MAX)
        s->seqs[s->n++] = r->seq;
    return json_array_append_new(s->records, record_json(r)) == 0 ? 0 : PS_ENOMEM;
}

int pos_app_show(struct pos_app *app, uint32_t receipt_no, struct pos_app_result *res,
                 struct ps_reason *why)
{
    struct pos_journal_filter f;
    struct story s;
    char ref[8];
    int rc;

    res->action = "show";
    if ((rc = pos_app__authorize(app, POS_ACTION_REPRINT, why)) != 0)
        return rc;
    memset(&s, 0, sizeof(s));
    pos_app__receipt_ref(receipt_no, ref);
    s.reference = ref;
    s.records = json_array();
    res->detail = json_pack("{s:I, s:o}", "receipt", (json_int_t)receipt_no, "records", s.records);
    pos_journal_filter_init(&f);
    rc = pos_journal_list(app->journal, &f, visit_story, &s, why);
    if (rc == 0 && json_array_size(s.records) == 0)
        return ps_fail(why, POS_APP_REFUSED, "the journal has no receipt %06u",
                       (unsigned)receipt_no);
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "receipt %06u: %zu journal records",
                 (unsigned)receipt_no, json_array_size(s.records));
    return rc;
}

/* ---- the journal ---------------------------------------------------------------------- */

static const char *fault_name(enum pos_journal_fault f)
{
    static const char *const names[] = {"intact",        "edited",       "deleted",
                                        "reordered",     "tail deleted", "anchor disagrees",
                                        "anchor missing"};
    return (unsigned)f < PS_ARRAY_LEN(names) ? names[f] : "unknown";
}

int pos_app_journal_verify(struct pos_app *app, struct pos_app_result *res, struct ps_reason *why)
{
    struct pos_journal_report rep;
    int rc;

    res->action = "journal verify";
    memset(&rep, 0, sizeof(rep));
    rc = pos_journal_verify(app->journal, &rep, why);
    if (rc != 0 && rc != PS_ECHECK)
        return rc;
    res->detail = json_pack("{s:b, s:s, s:I, s:I, s:I, s:I}", "intact", rc == 0, "fault",
                            fault_name(rep.fault), "seq", (json_int_t)rep.seq, "checked",
                            (json_int_t)rep.checked, "table_head", (json_int_t)rep.table.seq,
                            "anchor_head", (json_int_t)rep.anchor.seq);
    if (rc == 0)
        snprintf(res->message, sizeof(res->message), "the journal is intact: %lld records",
                 (long long)rep.checked);
    return rc;
}

int pos_app_journal_export(struct pos_app *app, FILE *out, struct ps_reason *why)
{
    int rc = pos_app__authorize(app, POS_ACTION_JOURNAL_EXPORT, why);
    return rc != 0 ? rc : pos_journal_export(app->journal, out, why);
}

int pos_app_journal_backup(struct pos_app *app, const char *dest, struct pos_app_result *res,
                           struct ps_reason *why)
{
    char anchor[POS_HOME_PATH_MAX + 16];
    int rc;

    res->action = "journal backup";
    if ((rc = pos_app__authorize(app, POS_ACTION_JOURNAL_EXPORT, why)) != 0)
        return rc;
    if ((size_t)snprintf(anchor, sizeof(anchor), "%s.anchor", dest) >= sizeof(anchor))
        return ps_fail(why, PS_ETOOLONG, "backup: the path is too long");
    rc = pos_journal_backup(app->journal, dest, anchor, why);
    if (rc == 0) {
        res->detail = json_pack("{s:s, s:s}", "database", dest, "anchor", anchor);
        snprintf(res->message, sizeof(res->message), "backed up to %s", dest);
    }
    return rc;
}

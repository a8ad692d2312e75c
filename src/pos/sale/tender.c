#include "pos/sale/tender.h"

#include <string.h>

#include "core/money.h"

const char *pos_tender_kind_name(enum pos_tender_kind kind)
{
    switch (kind) {
    case POS_TENDER_CASH:
        return "cash";
    case POS_TENDER_CARD:
        return "card";
    case POS_TENDER_QR:
        return "QR";
    }
    return "unknown";
}

int pos_tenders_init(struct pos_tenders *t, int64_t due, struct ps_reason *why)
{
    memset(t, 0, sizeof(*t));
    if (due < 0)
        return ps_fail(why, PS_EINVAL, "tender: a negative amount due (%lld fen)", (long long)due);
    t->due = due;
    return 0;
}

/* Sums never overflow: pos_tenders_add refuses a tender that would make the sum of
 * all amounts leave int64, and removals only lower it. */
void pos_tenders_state(const struct pos_tenders *t, struct pos_tender_state *s)
{
    memset(s, 0, sizeof(*s));
    s->due = t->due;
    for (size_t i = 0; i < t->n; i++) {
        if (t->tender[i].status == POS_TENDER_APPROVED)
            s->paid += t->tender[i].amount;
        else
            s->pending += t->tender[i].amount;
    }
    int64_t left = t->due - s->paid - s->pending;
    s->remaining = left > 0 ? left : 0;
    s->change = s->paid > t->due ? s->paid - t->due : 0;
    s->complete = s->pending == 0 && s->paid >= t->due;
}

int64_t pos_tenders_applied(const struct pos_tenders *t, size_t index)
{
    struct pos_tender_state s;
    if (index >= t->n || t->tender[index].status != POS_TENDER_APPROVED)
        return 0;
    pos_tenders_state(t, &s);
    if (index == t->n - 1 && t->tender[index].kind == POS_TENDER_CASH)
        return t->tender[index].amount - s.change;
    return t->tender[index].amount;
}

/* Why no tender may be added now, or 0. */
static int check_can_add(const struct pos_tenders *t, const struct pos_tender_state *s,
                         struct ps_reason *why)
{
    if (s->complete)
        return ps_fail(why, PS_EINVAL, "tender: the sale is paid; nothing remains");
    for (size_t i = 0; i < t->n; i++) {
        if (t->tender[i].status == POS_TENDER_PENDING)
            return ps_fail(why, PS_EINVAL, "tender %zu (%s) is waiting for its answer", i + 1,
                           pos_tender_kind_name(t->tender[i].kind));
    }
    if (t->n == POS_TENDERS_MAX)
        return ps_fail(why, PS_EINVAL, "tender: at most %d tenders on one sale", POS_TENDERS_MAX);
    return 0;
}

static int check_amount(const struct pos_tenders *t, const struct pos_tender_state *s,
                        enum pos_tender_kind kind, int64_t amount, struct ps_reason *why)
{
    char a[PS_MONEY_TEXT_MAX], b[PS_MONEY_TEXT_MAX];
    int64_t sum = amount;
    if (amount <= 0)
        return ps_fail(why, PS_EINVAL, "%s: the amount must be above 0",
                       pos_tender_kind_name(kind));
    if (kind != POS_TENDER_CASH && amount > s->remaining) {
        ps_money_format(amount, a, sizeof(a));
        ps_money_format(s->remaining, b, sizeof(b));
        return ps_fail(why, PS_EINVAL,
                       "%s: %s is more than the %s that remains (only cash gives change)",
                       pos_tender_kind_name(kind), a, b);
    }
    for (size_t i = 0; i < t->n; i++) {
        if (__builtin_add_overflow(sum, t->tender[i].amount, &sum))
            return ps_fail(why, PS_EOVERFLOW, "%s: the tenders add up past what fen can hold",
                           pos_tender_kind_name(kind));
    }
    return 0;
}

int pos_tenders_add(struct pos_tenders *t, enum pos_tender_kind kind, int64_t amount, size_t *index,
                    struct ps_reason *why)
{
    struct pos_tender_state s;
    if (kind != POS_TENDER_CASH && kind != POS_TENDER_CARD && kind != POS_TENDER_QR)
        return ps_fail(why, PS_EINVAL, "tender: unknown kind %d", (int)kind);
    pos_tenders_state(t, &s);
    int rc = check_can_add(t, &s, why);
    if (rc == 0)
        rc = check_amount(t, &s, kind, amount, why);
    if (rc != 0)
        return rc;
    struct pos_tender *added = &t->tender[t->n];
    memset(added, 0, sizeof(*added));
    added->kind = kind;
    added->amount = amount;
    added->status = kind == POS_TENDER_CASH ? POS_TENDER_APPROVED : POS_TENDER_PENDING;
    if (index != NULL)
        *index = t->n;
    t->n++;
    ps_reason_clear(why);
    return 0;
}

int pos_tenders_approve(struct pos_tenders *t, size_t index, const char *reference,
                        struct ps_reason *why)
{
    if (index >= t->n)
        return ps_fail(why, PS_EINVAL, "tender %zu: no such tender", index + 1);
    struct pos_tender *tn = &t->tender[index];
    if (tn->status != POS_TENDER_PENDING)
        return ps_fail(why, PS_EINVAL, "tender %zu (%s): not waiting for an answer", index + 1,
                       pos_tender_kind_name(tn->kind));
    size_t len = reference != NULL ? strnlen(reference, POS_TENDER_REF_MAX + 1) : 0;
    if (len > POS_TENDER_REF_MAX)
        return ps_fail(why, PS_ETOOLONG, "tender %zu: a reference longer than %d bytes", index + 1,
                       POS_TENDER_REF_MAX);
    if (len > 0)
        memcpy(tn->reference, reference, len);
    tn->reference[len] = '\0';
    tn->status = POS_TENDER_APPROVED;
    ps_reason_clear(why);
    return 0;
}

int pos_tenders_remove(struct pos_tenders *t, size_t index, struct ps_reason *why)
{
    struct pos_tender_state s;
    if (index >= t->n)
        return ps_fail(why, PS_EINVAL, "tender %zu: no such tender", index + 1);
    pos_tenders_state(t, &s);
    if (s.complete)
        return ps_fail(why, PS_EINVAL, "tender %zu: the sale is complete; tenders are final",
                       index + 1);
    memmove(&t->tender[index], &t->tender[index + 1], (t->n - index - 1) * sizeof(t->tender[0]));
    t->n--;
    ps_reason_clear(why);
    return 0;
}

#include "pos/hostlink/batch.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

int hl_batch_init(struct hl_batch *b, size_t cap, struct ps_reason *why)
{
    memset(b, 0, sizeof(*b));
    if (cap < 1 || cap > HL_BATCH_LIMIT)
        return ps_fail(why, PS_EINVAL, "batch: room for %zu transactions; 1 to %d allowed", cap,
                       HL_BATCH_LIMIT);
    b->records = calloc(cap, sizeof(*b->records));
    if (b->records == NULL)
        return ps_fail(why, PS_ENOMEM, "batch: out of memory");
    b->cap = cap;
    hl_batch_reset(b, 0);
    return PS_OK;
}

void hl_batch_cleanup(struct hl_batch *b)
{
    if (b->records != NULL) {
        OPENSSL_cleanse(b->records, b->cap * sizeof(*b->records));
        free(b->records);
    }
    b->records = NULL;
    b->cap = 0;
    b->count = 0;
}

void hl_batch_reset(struct hl_batch *b, uint32_t number)
{
    if (b->records != NULL)
        OPENSSL_cleanse(b->records, b->count * sizeof(*b->records));
    b->count = 0;
    b->number = number;
    b->settled = 0;
    memset(&b->totals, 0, sizeof(b->totals));
    b->totals.has_foreign = 1;
}

int hl_batch_full(const struct hl_batch *b)
{
    return b->count >= b->cap;
}

int hl_pan_is_domestic(const char *pan)
{
    return pan[0] == '6' && pan[1] == '2';
}

int hl_message_is_domestic(const struct hl_message *m)
{
    return m->paycode[0] != '\0' || hl_pan_is_domestic(m->pan);
}

/* Adds (sign 1) or takes back (sign -1) one transaction m of amount on its side. */
static void count(struct hl_batch *b, const struct hl_message *m, int debit, int64_t amount,
                  int sign)
{
    struct ps_cup_side_totals *s =
        hl_message_is_domestic(m) ? &b->totals.domestic : &b->totals.foreign;
    if (debit) {
        s->debit_amount += sign * amount;
        s->debit_count = (unsigned)((int)s->debit_count + sign);
    } else {
        s->credit_amount += sign * amount;
        s->credit_count = (unsigned)((int)s->credit_count + sign);
    }
}

/* The record a void, refund, completion void or their reversal names: by the STAN of
 * 61.2 when it sent one, else by the RRN of 37. */
static struct hl_record *named_original(struct hl_batch *b, const struct hl_message *m,
                                        enum hl_kind kind)
{
    struct hl_record *o = NULL;
    if (m->has_original && m->orig_stan != 0)
        o = hl_batch_find_stan(b, m->orig_stan);
    if (o == NULL && m->rrn[0] != '\0')
        o = hl_batch_find_rrn(b, m->rrn);
    return o != NULL && o->sent.kind == kind ? o : NULL;
}

/* The pre-authorization with that code in status, for completions and its void. */
static struct hl_record *preauth_of(struct hl_batch *b, const char *auth_code,
                                    enum hl_record_status status)
{
    for (size_t i = b->count; i-- > 0;) {
        struct hl_record *r = &b->records[i];
        if (r->sent.kind == HL_PREAUTH && r->status == status &&
            strcmp(r->auth_code, auth_code) == 0)
            return r;
    }
    return NULL;
}

int hl_batch_record(struct hl_batch *b, const struct hl_record *rec)
{
    const struct hl_message *m = &rec->sent;
    struct hl_record *o;

    if (hl_batch_full(b))
        return HL_BATCH_FULL;
    switch (m->kind) {
    case HL_PURCHASE:
        count(b, m, 1, m->amount, 1);
        break;
    case HL_COMPLETION:
        count(b, m, 1, m->amount, 1);
        if ((o = preauth_of(b, m->auth_code, HL_REC_APPROVED)) != NULL)
            o->status = HL_REC_COMPLETED;
        break;
    case HL_REFUND:
        count(b, m, 0, m->amount, 1);
        if ((o = named_original(b, m, HL_PURCHASE)) != NULL)
            o->refunded += m->amount;
        break;
    case HL_VOID:
    case HL_COMPLETION_VOID:
        o = named_original(b, m, m->kind == HL_VOID ? HL_PURCHASE : HL_COMPLETION);
        if (o != NULL && o->status == HL_REC_APPROVED) {
            o->status = HL_REC_VOIDED;
            count(b, &o->sent, 1, o->sent.amount, -1);
        }
        break;
    case HL_PREAUTH_VOID:
        if ((o = preauth_of(b, m->auth_code, HL_REC_APPROVED)) != NULL)
            o->status = HL_REC_VOIDED;
        break;
    default:
        break;
    }
    b->records[b->count] = *rec;
    b->records[b->count].status = HL_REC_APPROVED;
    b->records[b->count].refunded = 0;
    b->count++;
    return PS_OK;
}

/* What reversing r gives back to the transaction r cancelled or used. */
static void restore_original(struct hl_batch *b, const struct hl_record *r)
{
    const struct hl_message *m = &r->sent;
    struct hl_record *o;

    switch (m->kind) {
    case HL_REFUND:
        if ((o = named_original(b, m, HL_PURCHASE)) != NULL)
            o->refunded -= m->amount;
        break;
    case HL_VOID:
    case HL_COMPLETION_VOID:
        o = named_original(b, m, m->kind == HL_VOID ? HL_PURCHASE : HL_COMPLETION);
        if (o != NULL && o->status == HL_REC_VOIDED) {
            o->status = HL_REC_APPROVED;
            count(b, &o->sent, 1, o->sent.amount, 1);
        }
        break;
    case HL_COMPLETION:
        if ((o = preauth_of(b, m->auth_code, HL_REC_COMPLETED)) != NULL)
            o->status = HL_REC_APPROVED;
        break;
    case HL_PREAUTH_VOID:
        if ((o = preauth_of(b, m->auth_code, HL_REC_VOIDED)) != NULL)
            o->status = HL_REC_APPROVED;
        break;
    default:
        break;
    }
}

int hl_batch_reverse(struct hl_batch *b, uint32_t stan, struct ps_reason *why)
{
    struct hl_record *r = hl_batch_find_stan(b, stan);

    if (r == NULL || r->status != HL_REC_APPROVED)
        return ps_fail(why, PS_EUNDEFINED, "batch %06u holds no approved transaction %06u",
                       (unsigned)b->number, (unsigned)stan);
    if (r->sent.kind == HL_PURCHASE || r->sent.kind == HL_COMPLETION)
        count(b, &r->sent, 1, r->sent.amount, -1);
    else if (r->sent.kind == HL_REFUND)
        count(b, &r->sent, 0, r->sent.amount, -1);
    r->status = HL_REC_REVERSED;
    restore_original(b, r);
    return PS_OK;
}

void hl_batch_recount(struct hl_batch *b)
{
    memset(&b->totals, 0, sizeof(b->totals));
    b->totals.has_foreign = 1;
    for (size_t i = 0; i < b->count; i++) {
        const struct hl_record *r = &b->records[i];
        if (hl_record_uploads(r)) /* the live sales and refunds */
            count(b, &r->sent, r->sent.kind != HL_REFUND, r->sent.amount, 1);
    }
}

struct hl_record *hl_batch_find_stan(struct hl_batch *b, uint32_t stan)
{
    for (size_t i = b->count; i-- > 0;) {
        if (b->records[i].sent.stan == stan)
            return &b->records[i];
    }
    return NULL;
}

struct hl_record *hl_batch_find_rrn(struct hl_batch *b, const char *rrn)
{
    if (rrn[0] == '\0')
        return NULL;
    for (size_t i = b->count; i-- > 0;) {
        if (strcmp(b->records[i].rrn, rrn) == 0)
            return &b->records[i];
    }
    return NULL;
}

int hl_record_uploads(const struct hl_record *r)
{
    return r->status == HL_REC_APPROVED &&
           (r->sent.kind == HL_PURCHASE || r->sent.kind == HL_COMPLETION ||
            r->sent.kind == HL_REFUND);
}

/* Whether the tenders of a receipt pay its total, each one complete (validate.h). */
#include <stdio.h>
#include <string.h>

#include "pos/receipt/internal.h"
#include "pos/receipt/pan.h"
#include "pos/receipt/validate.h"

#define WHAT_MAX 64

static int check_cash(const struct rcpt_tender *t, enum rcpt_kind kind, const char *what,
                      struct ps_reason *why)
{
    const struct rcpt_cash *c = &t->cash;
    if (kind != RCPT_SALE) {
        if (c->given != 0 || c->change != 0)
            return ps_fail(why, PS_EINVAL, "%s: cash paid back has no given or change", what);
        return PS_OK;
    }
    int64_t change;
    if (c->given < t->amount)
        return ps_fail(why, PS_EINVAL, "%s: given is less than the amount", what);
    if (ps_money_sub(c->given, t->amount, &change) < 0 || c->change != change) {
        char a[RCPT__NUM_MAX], b[RCPT__NUM_MAX];
        return ps_fail(why, PS_EINVAL, "%s: change %s is not given less amount (%s)", what,
                       rcpt__money(c->change, 0, a), rcpt__money(change, 0, b));
    }
    return PS_OK;
}

/* The card transaction types that may pay each kind of receipt. */
static int txn_fits(enum rcpt_txn_type txn, enum rcpt_kind kind)
{
    switch (kind) {
    case RCPT_SALE:
        return txn == RCPT_TXN_PURCHASE || txn == RCPT_TXN_COMPLETION;
    case RCPT_VOID:
        return txn == RCPT_TXN_VOID;
    case RCPT_REFUND:
        return txn == RCPT_TXN_REFUND;
    }
    return 0;
}

static int check_card_numbers(const struct rcpt_card *c, const char *what, struct ps_reason *why)
{
    char field[WHAT_MAX * 2];
    snprintf(field, sizeof(field), "%s: RRN", what);
    int rc = rcpt__check_code(field, c->rrn, 12, 12, 1, why);
    snprintf(field, sizeof(field), "%s: authorization code", what);
    if (rc == PS_OK && rcpt__given(c->auth_code))
        rc = rcpt__check_code(field, c->auth_code, 1, 6, 1, why);
    if (rc < 0)
        return rc;
    if (c->batch > 999999)
        return ps_fail(why, PS_EINVAL, "%s: batch number %u has more than 6 digits", what,
                       (unsigned)c->batch);
    if (c->trace < 1 || c->trace > 999999)
        return ps_fail(why, PS_EINVAL, "%s: trace number %u is outside 1..999999", what,
                       (unsigned)c->trace);
    return PS_OK;
}

int rcpt__check_card(const struct rcpt_card *c, const char *what, struct ps_reason *why)
{
    char masked[RCPT_PAN_TEXT_MAX];
    struct ps_reason pan_why;
    if (rcpt_pan_mask(c->pan, masked, &pan_why) < 0)
        return ps_fail(why, PS_EFORMAT, "%s: %s", what, pan_why.text);
    if (c->kind < RCPT_CARD_DEBIT || c->kind > RCPT_CARD_PREPAID)
        return ps_fail(why, PS_EUNDEFINED,
                       "%s: card kind %d is not debit, credit, "
                       "quasi-credit or prepaid",
                       what, (int)c->kind);
    if (c->txn < RCPT_TXN_PURCHASE || c->txn > RCPT_TXN_PREAUTH)
        return ps_fail(why, PS_EUNDEFINED, "%s: transaction type %d is undefined", what,
                       (int)c->txn);
    return check_card_numbers(c, what, why);
}

static int check_card(const struct rcpt_card *c, enum rcpt_kind kind, const char *what,
                      struct ps_reason *why)
{
    static const char *const txns[] = {"?",        "a purchase",   "a void",
                                       "a refund", "a completion", "a pre-authorization"};
    static const char *const kinds[] = {"?", "sale", "void", "refund"};
    int rc = rcpt__check_card(c, what, why);
    if (rc == PS_OK && !txn_fits(c->txn, kind))
        return ps_fail(why, PS_EINVAL, "%s: %s does not pay a %s receipt", what, txns[c->txn],
                       kinds[kind]);
    return rc;
}

/* A payment code on a receipt is masked: a scanned code pays until it is used, so
 * the paper must not carry one that could. */
static int check_qr_code(const char *code, const char *what, struct ps_reason *why)
{
    size_t n = strlen(code);

    if (n > 24 || strspn(code, "0123456789*") != n || strchr(code, '*') == NULL)
        return ps_fail(why, PS_EFORMAT,
                       "%s: the payment code must be masked: digits and '*', at most 24", what);
    return PS_OK;
}

static int check_qr(const struct rcpt_qr *q, const char *what, struct ps_reason *why)
{
    if (q->scheme < RCPT_QR_WECHAT || q->scheme > RCPT_QR_UNIONPAY)
        return ps_fail(why, PS_EUNDEFINED, "%s: scheme %d is not WeChat, Alipay or UnionPay", what,
                       (int)q->scheme);
    if (!rcpt__given(q->reference))
        return ps_fail(why, PS_EFORMAT, "%s: payment reference is missing", what);
    size_t i = 0;
    for (; q->reference[i] != 0 && i <= 64; i++) {
        if (q->reference[i] <= 0x20 || q->reference[i] >= 0x7F)
            return ps_fail(why, PS_EFORMAT,
                           "%s: payment reference character %zu is not printable ASCII", what,
                           i + 1);
    }
    if (i > 64)
        return ps_fail(why, PS_ETOOLONG, "%s: payment reference is over 64 characters", what);
    return rcpt__given(q->code) ? check_qr_code(q->code, what, why) : PS_OK;
}

static int check_tender(const struct rcpt_tender *t, size_t n, enum rcpt_kind kind,
                        struct ps_reason *why)
{
    static const char *const names[] = {"?", "cash", "card", "QR"};
    char what[WHAT_MAX];
    int known = t->kind >= RCPT_TENDER_CASH && t->kind <= RCPT_TENDER_QR;
    snprintf(what, sizeof(what), "tender %zu (%s)", n, names[known ? t->kind : 0]);
    if (!known)
        return ps_fail(why, PS_EUNDEFINED, "tender %zu: kind %d is not cash, card or QR", n,
                       (int)t->kind);
    if (t->amount <= 0)
        return ps_fail(why, PS_EINVAL, "%s: amount is not above zero", what);
    switch (t->kind) {
    case RCPT_TENDER_CASH:
        return check_cash(t, kind, what, why);
    case RCPT_TENDER_CARD:
        return check_card(&t->card, kind, what, why);
    case RCPT_TENDER_QR:
        return check_qr(&t->qr, what, why);
    }
    return PS_OK;
}

int rcpt__check_tenders(const struct rcpt_receipt *r, int *has_card, struct ps_reason *why)
{
    *has_card = 0;
    if (r->tender_count > RCPT_TENDERS_MAX)
        return ps_fail(why, PS_ETOOLONG, "receipt: %zu tenders, more than %d", r->tender_count,
                       RCPT_TENDERS_MAX);
    if (r->tender_count > 0 && r->tenders == NULL)
        return ps_fail(why, PS_EINVAL, "receipt: %zu tenders but no array", r->tender_count);
    int64_t paid = 0;
    for (size_t i = 0; i < r->tender_count; i++) {
        int rc = check_tender(&r->tenders[i], i + 1, r->kind, why);
        if (rc < 0)
            return rc;
        if (ps_money_add(paid, r->tenders[i].amount, &paid) < 0)
            return ps_fail(why, PS_EOVERFLOW, "tenders: the sum overflows");
        *has_card |= r->tenders[i].kind == RCPT_TENDER_CARD;
    }
    if (paid != r->totals.total) {
        char a[RCPT__NUM_MAX], b[RCPT__NUM_MAX];
        return ps_fail(why, PS_EINVAL, "tenders: they pay %s of a total of %s",
                       rcpt__money(paid, 0, a), rcpt__money(r->totals.total, 0, b));
    }
    return PS_OK;
}

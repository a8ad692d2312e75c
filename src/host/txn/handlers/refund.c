/* Refund (0220, 60.1 25): money back on a sale of any batch, named by its RRN (37) and
 * date (61.3), in parts until the whole amount is refunded. A refund is a credit of the
 * batch it is made in. */
#include "host/txn/handlers/handlers.h"

#include <string.h>

#include "core/money.h"

#define REFUSED "refund refused"

/* The sale a refund names, and whether this refund may take from it. */
static int refundable(struct ledger__decision *d, struct ledger__found *f)
{
    const struct txn_request *req = d->req;
    struct ps_reason why;
    char what[64], left_text[PS_MONEY_TEXT_MAX];

    ps_reason_clear(&why);
    if (ledger__find_by_rrn(d->l, d->term, req->original_rrn, f, &why) != 0) {
        handler__fail(d, REFUSED, &why);
        return 0;
    }
    if (!f->found || (f->row.kind != TXN_PURCHASE && f->row.kind != TXN_COMPLETION)) {
        handler__answer(d, "25", REFUSED ": no sale with RRN %s", req->original_rrn);
        return 0;
    }
    handler__describe(&f->row, what, sizeof(what));
    if (req->original_date[0] != '\0' && strcmp(req->original_date, f->row.local_date + 4) != 0) {
        handler__answer(d, "25", REFUSED ": %s (RRN %s) was made on %s, not %s", what,
                        req->original_rrn, f->row.local_date + 4, req->original_date);
        return 0;
    }
    if (strcmp(f->row.status, "approved") != 0) {
        handler__answer(d, "12", REFUSED ": %s %s", what, handler__status_words(f->row.status));
        return 0;
    }
    if (f->row.merchant_id != d->row.merchant_id) {
        handler__answer(d, "12", REFUSED ": %s was made at another merchant", what);
        return 0;
    }
    if (!handler__same_card(d, &f->row)) {
        handler__answer(d, "12", REFUSED ": %s was paid with another card", what);
        return 0;
    }
    int64_t left = f->row.amount - f->row.refunded;
    if (req->amount < 1 || req->amount > left) {
        ps_money_format(left, left_text, sizeof(left_text));
        handler__answer(d, "13", REFUSED ": %s has %s left to refund", what, left_text);
        return 0;
    }
    if (ledger__pin(d->l, f, &why) != 0) {
        handler__fail(d, REFUSED, &why);
        return 0;
    }
    return 1;
}

void handler__refund(struct ledger__decision *d)
{
    struct ledger__found f;
    struct auth_request ar;
    struct auth_result res;

    if (!refundable(d, &f))
        return;
    handler__auth_request(d, AUTH_CREDIT, &ar);
    ar.pan = NULL;
    ar.card_id = f.row.card_id;
    ar.pin_required = 0; /* giving money back needs no PIN */
    if (!handler__authorize(d, &ar, &res))
        return;
    struct store_op *op = store_batch_add(d->batch, STORE_TXN_REFUNDED); /* reserved */
    op->u.refund.txn_id = f.row.id;
    op->u.refund.amount = ar.amount;
    f.slot->row.refunded += ar.amount;
    ledger__mark_dirty(f.slot, d->seq);
    d->row.original_id = f.row.id;
    d->row.domestic = f.row.domestic;
    ledger__totals_count(&d->term->totals, f.row.domestic, 1, ar.amount, +1);
}

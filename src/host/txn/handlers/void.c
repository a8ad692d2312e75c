/* Voids within the batch: of a purchase (0200, 60.1 23) and of a completion (0200,
 * 60.1 21). Both name the original by 61.1 batch and 61.2 STAN, must match it exactly
 * (card, amount, RRN when sent), and take it out of the batch totals. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"

/* The original a void names, checked as the rules of its kind say, in the order a
 * support person would: it exists, it is in this batch, it is still approved and not
 * refunded, same card, same amount, same RRN. Returns 1 when voidable. */
static int voidable(struct ledger__decision *d, enum txn_kind kind, const char *refused,
                    struct ledger__found *f)
{
    const struct txn_request *req = d->req;
    struct ps_reason why;
    char what[64], amount[PS_MONEY_TEXT_MAX];

    ps_reason_clear(&why);
    if (ledger__find_by_key(d->l, d->row.tid, req->original_batch, req->original_stan, kind, 0, 1, f,
                            NULL, &why) != 0) {
        handler__fail(d, refused, &why);
        return 0;
    }
    if (!f->found) {
        handler__answer(d, "25", "%s: no %s with STAN %06u in batch %06u", refused,
                        kind == TXN_PURCHASE ? "purchase" : "completion",
                        (unsigned)req->original_stan, (unsigned)req->original_batch);
        return 0;
    }
    handler__describe(&f->row, what, sizeof(what));
    if (req->original_batch != d->term->row.batch) {
        handler__answer(d, "12", "%s: %s is not in the current batch %06u", refused, what,
                        (unsigned)d->term->row.batch);
        return 0;
    }
    if (strcmp(f->row.status, "approved") != 0) {
        handler__answer(d, "12", "%s: %s %s", refused, what, handler__status_words(f->row.status));
        return 0;
    }
    if (f->row.refunded > 0) {
        handler__answer(d, "12", "%s: %s was refunded in part", refused, what);
        return 0;
    }
    if (!handler__same_card(d, &f->row)) {
        handler__answer(d, "12", "%s: %s was paid with another card", refused, what);
        return 0;
    }
    if (req->amount != f->row.amount) {
        ps_money_format(f->row.amount, amount, sizeof(amount));
        handler__answer(d, "13", "%s: the amount of %s is %s", refused, what, amount);
        return 0;
    }
    if (req->original_rrn[0] != '\0' && strcmp(req->original_rrn, f->row.rrn) != 0) {
        handler__answer(d, "25", "%s: RRN %s is not the RRN of %s", refused, req->original_rrn,
                        what);
        return 0;
    }
    if (ledger__pin(d->l, f, &why) != 0) {
        handler__fail(d, refused, &why);
        return 0;
    }
    return 1;
}

/* What every approved void records: the original voided, out of the batch totals. */
static void count_void(struct ledger__decision *d, const struct ledger__found *f)
{
    handler__set_status(d, f->slot, f->row.id, "approved", "voided");
    ledger__totals_count(&d->term->totals, f->row.domestic, 0, f->row.amount, -1);
    d->row.original_id = f->row.id;
}

void handler__void(struct ledger__decision *d)
{
    struct ledger__found f;
    struct auth_request ar;
    struct auth_result res;

    if (!voidable(d, TXN_PURCHASE, "void refused", &f))
        return;
    handler__auth_request(d, AUTH_CREDIT, &ar);
    ar.pan = NULL;
    ar.card_id = f.row.card_id;
    ar.pin_required = 0; /* giving money back needs no PIN */
    if (!handler__authorize(d, &ar, &res))
        return;
    count_void(d, &f);
}

/* The hold comes back as it was before the completion, and its pre-authorization is
 * open again. */
void handler__completion_void(struct ledger__decision *d)
{
    struct ledger__found f;
    struct auth_request ar;
    struct auth_result res;
    struct ps_reason why;

    if (!voidable(d, TXN_COMPLETION, "completion void refused", &f))
        return;
    ps_reason_clear(&why);
    if (ledger__preauths_reserve(&d->l->preauths, 1) != 0) {
        ps_fail(&why, PS_ENOMEM, "out of memory");
        handler__fail(d, "completion void refused", &why);
        return;
    }
    handler__auth_request(d, AUTH_HOLD_RESTORE, &ar);
    ar.pan = NULL;
    ar.card_id = f.row.card_id;
    ar.auth_code = f.row.auth_code;
    ar.pin_required = 0;
    if (!handler__authorize(d, &ar, &res))
        return;
    count_void(d, &f);
    handler__set_status(d, ledger__by_id(d->l, f.row.original_id), f.row.original_id, "completed",
                        "approved");
    ledger__preauths_put(&d->l->preauths, f.row.card_token, f.row.auth_code, f.row.original_id,
                         f.row.card_id);
    /* The pre-authorization's code, which a reversal of this void needs again. */
    snprintf(d->resp->auth_code, sizeof(d->resp->auth_code), "%s", f.row.auth_code);
}

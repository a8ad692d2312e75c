/* Sales that pay the merchant: purchase (0200, 60.1 22) and completion of a
 * pre-authorization (0200, 60.1 20). Both are debits of the batch and carry the
 * merchant's fee. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

/* The authorization code of an approved sale: the issuer's, or when it gave none the
 * last six digits of the RRN, so field 38 is never empty on an approval. */
static void set_auth_code(struct ledger__decision *d, const char *code)
{
    const char *src = code[0] != '\0' ? code : d->row.rrn + 6;
    snprintf(d->resp->auth_code, sizeof(d->resp->auth_code), "%s", src);
}

/* What every approved sale records: its fee and its place in the batch totals. */
static void count_sale(struct ledger__decision *d, int64_t amount)
{
    d->row.fee = handler__fee(d, amount);
    ledger__totals_count(&d->term->totals, d->row.domestic, 0, amount, +1);
}

void handler__purchase(struct ledger__decision *d)
{
    struct auth_request ar;
    struct auth_result res;

    handler__auth_request(d, AUTH_SALE, &ar);
    if (!handler__authorize(d, &ar, &res))
        return;
    set_auth_code(d, res.auth_code);
    count_sale(d, ar.amount);
}

/* The open pre-authorization a completion names, or why there is none to complete.
 * Returns 1 when found and completable. */
static int completable(struct ledger__decision *d, struct ledger__found *pa)
{
    const struct txn_request *req = d->req;
    struct ps_reason why;
    char what[64];

    ps_reason_clear(&why);
    if (ledger__find_preauth(d->l, d->term, d->row.card_token, req->original_auth, pa, &why) != 0) {
        handler__fail(d, "completion: looking for the pre-authorization", &why);
        return 0;
    }
    if (!pa->found) {
        if (handler__ask_fresh(d)) /* approved at another host, maybe */
            return 0;
        handler__answer(d, "25",
                        "completion refused: no open pre-authorization with auth code %s "
                        "for this card",
                        req->original_auth);
        return 0;
    }
    handler__describe(&pa->row, what, sizeof(what));
    if (strcmp(pa->row.status, "approved") != 0) {
        handler__answer(d, "12", "completion refused: %s %s", what,
                        handler__status_words(pa->row.status));
        return 0;
    }
    if (req->original_date[0] != '\0' && strcmp(req->original_date, pa->row.local_date + 4) != 0) {
        handler__answer(d, "25", "completion refused: %s was made on %s, not %s", what,
                        pa->row.local_date + 4, req->original_date);
        return 0;
    }
    if (pa->row.merchant_id != d->row.merchant_id) {
        handler__answer(d, "12", "completion refused: %s was made at another merchant", what);
        return 0;
    }
    if (ledger__pin(d->l, pa, &why) != 0) {
        handler__fail(d, "completion", &why);
        return 0;
    }
    return 1;
}

/* The issuer captures up to 115% of the hold (13 above, 51 without the funds for the
 * extra); the pre-authorization is then completed and no longer open. */
void handler__completion(struct ledger__decision *d)
{
    struct ledger__found pa;
    struct auth_request ar;
    struct auth_result res;

    if (!completable(d, &pa))
        return;
    handler__auth_request(d, AUTH_HOLD_CAPTURE, &ar);
    ar.pan = NULL;
    ar.card_id = pa.row.card_id;
    ar.auth_code = pa.row.auth_code;
    if (!handler__authorize(d, &ar, &res))
        return;
    handler__set_status(d, pa.slot, pa.row.id, "approved", "completed");
    ledger__preauths_remove(&d->l->preauths, pa.row.card_token, pa.row.auth_code);
    d->row.original_id = pa.row.id;
    /* The completion answers with the hold's code: its void and reversal name it. */
    set_auth_code(d, pa.row.auth_code);
    count_sale(d, ar.amount);
}

/* Pre-authorization (0100, 60.1 10) and its void (0100, 60.1 11). A pre-authorization
 * holds money on the card under an authorization code; it is not a sale, so it stays
 * out of the batch totals until a completion (sale.c) captures it. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"

void handler__preauth(struct ledger__decision *d)
{
    struct auth_request ar;
    struct auth_result res;
    struct ps_reason why;

    ps_reason_clear(&why);
    if (ledger__preauths_reserve(&d->l->preauths, 1) != 0) {
        ps_fail(&why, PS_ENOMEM, "out of memory");
        handler__fail(d, "pre-authorization", &why);
        return;
    }
    handler__auth_request(d, AUTH_HOLD, &ar);
    if (!handler__authorize(d, &ar, &res))
        return;
    snprintf(d->resp->auth_code, sizeof(d->resp->auth_code), "%s", res.auth_code);
    ledger__preauths_put(&d->l->preauths, d->row.card_token, res.auth_code, d->row.id, res.card_id);
}

#define REFUSED "pre-authorization void refused"

/* The open pre-authorization a void names, and whether it may be voided. */
static int releasable(struct ledger__decision *d, struct ledger__found *pa)
{
    const struct txn_request *req = d->req;
    struct ps_reason why;
    char what[64], amount[PS_MONEY_TEXT_MAX];

    ps_reason_clear(&why);
    if (ledger__find_preauth(d->l, d->term, d->row.card_token, req->original_auth, pa, &why) != 0) {
        handler__fail(d, REFUSED, &why);
        return 0;
    }
    if (!pa->found) {
        if (handler__ask_fresh(d)) /* approved at another host, maybe */
            return 0;
        handler__answer(d, "25", REFUSED ": no pre-authorization with auth code %s for this card",
                        req->original_auth);
        return 0;
    }
    handler__describe(&pa->row, what, sizeof(what));
    if (strcmp(pa->row.status, "approved") != 0) {
        handler__answer(d, "12", "void refused: %s %s", what,
                        handler__status_words(pa->row.status));
        return 0;
    }
    if (req->original_date[0] != '\0' && strcmp(req->original_date, pa->row.local_date + 4) != 0) {
        handler__answer(d, "25", "void refused: %s was made on %s, not %s", what,
                        pa->row.local_date + 4, req->original_date);
        return 0;
    }
    if (pa->row.merchant_id != d->row.merchant_id) {
        handler__answer(d, "12", "void refused: %s was made at another merchant", what);
        return 0;
    }
    if (req->amount != pa->row.amount) {
        ps_money_format(pa->row.amount, amount, sizeof(amount));
        handler__answer(d, "13", "void refused: the amount of %s is %s", what, amount);
        return 0;
    }
    if (ledger__pin(d->l, pa, &why) != 0) {
        handler__fail(d, REFUSED, &why);
        return 0;
    }
    return 1;
}

/* The issuer releases the hold (its decline passes through); the pre-authorization is
 * voided and no longer open. */
void handler__preauth_void(struct ledger__decision *d)
{
    struct ledger__found pa;
    struct auth_request ar;
    struct auth_result res;

    if (!releasable(d, &pa))
        return;
    handler__auth_request(d, AUTH_HOLD_RELEASE, &ar);
    ar.pan = NULL;
    ar.card_id = pa.row.card_id;
    ar.auth_code = pa.row.auth_code;
    ar.pin_required = 0;
    if (!handler__authorize(d, &ar, &res))
        return;
    handler__set_status(d, pa.slot, pa.row.id, "approved", "voided");
    ledger__preauths_remove(&d->l->preauths, pa.row.card_token, pa.row.auth_code);
    d->row.original_id = pa.row.id;
    snprintf(d->resp->auth_code, sizeof(d->resp->auth_code), "%s", pa.row.auth_code);
}

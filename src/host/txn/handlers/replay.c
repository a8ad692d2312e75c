/* A retransmission — same terminal, batch, STAN, kind and content as a request already
 * decided — gets that first answer again, and nothing is appended: the money moved
 * (or did not) once. What the first answer carried beyond the journal row is rebuilt:
 * a sign-in's keys (the terminal's current ones), a balance (read again, without
 * moving anything), a settlement's result (from the first words of its reason). */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

static int replay_balance(struct ledger__decision *d, const struct txn_row *first,
                          struct ps_reason *why)
{
    struct auth_request ar;
    struct auth_result res;
    const struct authorizer *a = &d->l->cfg.authorizer;

    /* No PIN and none required: the issuer checks nothing that could change the card. */
    handler__auth_request(d, AUTH_INQUIRY, &ar);
    ar.amount = 0;
    ar.pin = TXN_PIN_NONE;
    ar.pin_proof = NULL;
    ar.pin_required = 0;
    ar.txn_id = first->id;
    memset(&res, 0, sizeof(res));
    a->ops->authorize(a->self, &ar, &res, d->batch);
    if (strcmp(res.response_code, "00") != 0)
        return ps_fail(why, PS_EINVAL, "the balance cannot be read again: %s", res.reason);
    d->resp->has_balance = 1;
    d->resp->balance = res.available;
    return PS_OK;
}

static void replay_settlement(struct ledger__decision *d, const struct txn_row *first)
{
    unsigned result = strncmp(first->reason, "balanced", 8) == 0 ? PS_CUP_SETTLE_BALANCED
                                                                 : PS_CUP_SETTLE_UNBALANCED;
    d->resp->has_totals = 1;
    d->resp->totals = d->req->totals;
    d->resp->totals.domestic.result = result;
    d->resp->totals.foreign.result = result;
}

void handler__replay(struct ledger__decision *d, const struct txn_row *first)
{
    struct txn_response *resp = d->resp;
    struct ps_reason why;
    int rc = PS_OK;

    snprintf(resp->response_code, sizeof(resp->response_code), "%s", first->response_code);
    snprintf(resp->reason, sizeof(resp->reason), "%.*s", (int)sizeof(resp->reason) - 1,
             first->reason);
    snprintf(resp->rrn, sizeof(resp->rrn), "%s", first->rrn);
    snprintf(resp->auth_code, sizeof(resp->auth_code), "%s", first->auth_code);
    snprintf(resp->settle_date, sizeof(resp->settle_date), "%s", first->settle_date);
    snprintf(resp->local_time, sizeof(resp->local_time), "%s", first->local_time);
    snprintf(resp->local_date, sizeof(resp->local_date), "%s", first->local_date + 4);
    if (strcmp(first->response_code, "00") != 0 || d->term == NULL)
        return;
    ps_reason_clear(&why);
    switch (first->kind) {
    case TXN_SIGN_IN:
        resp->batch = d->term->row.batch;
        rc = handler__sign_in_keys_again(d, &why);
        break;
    case TXN_BALANCE:
        rc = replay_balance(d, first, &why);
        break;
    case TXN_SETTLEMENT:
        replay_settlement(d, first);
        break;
    default:
        break;
    }
    if (rc != 0) { /* the first answer cannot be given whole: say so, record nothing */
        handler__answer(d, "96", "retransmission not answered: %s", why.text);
        resp->f62_len = 0;
        resp->has_balance = 0;
    }
}

/* What every handler does the same way: answering, asking the authorizer, recording
 * status changes, fees, and describing a transaction in a reason. */
#include "host/txn/handlers/handlers.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/money.h"

void handler__answer(struct ledger__decision *d, const char *code, const char *fmt, ...)
{
    va_list ap;
    snprintf(d->resp->response_code, sizeof(d->resp->response_code), "%s", code);
    va_start(ap, fmt);
    vsnprintf(d->resp->reason, sizeof(d->resp->reason), fmt, ap);
    va_end(ap);
    if (strcmp(code, "00") == 0)
        memcpy(d->resp->settle_date, d->clock.settle_date, sizeof(d->resp->settle_date));
    else
        d->resp->settle_date[0] = '\0';
}

void handler__fail(struct ledger__decision *d, const char *what, const struct ps_reason *why)
{
    handler__answer(d, "96", "%s: %s", what, why->text[0] != '\0' ? why->text : "internal error");
    d->resp->auth_code[0] = '\0';
    d->resp->has_balance = 0;
    d->resp->f62_len = 0;
    d->resp->has_totals = 0;
    /* Before the authorizer was asked, nothing of this decision but its journal row
     * may reach the disk. (After it, nothing can fail: room was reserved.) */
    if (!d->authorized)
        store_batch_truncate(d->batch, d->row_op + 1);
}

int handler__ask_fresh(struct ledger__decision *d)
{
    const struct ledger *l = d->l;
    if (!l->cfg.shared || d->authorized || d->now_us - l->fresh_from_us < LEDGER_FRESH_US)
        return 0;
    d->stale = 1;
    return 1;
}

void handler__auth_request(const struct ledger__decision *d, enum auth_action action,
                           struct auth_request *out)
{
    const struct txn_request *req = d->req;
    memset(out, 0, sizeof(*out));
    out->action = action;
    out->committed_seq = d->l->committed_seq;
    out->pan = req->pan[0] != '\0' ? req->pan : NULL;
    out->paycode = req->paycode[0] != '\0' ? req->paycode : NULL;
    out->paycode_scheme = out->paycode != NULL ? req->paycode_scheme : 0;
    out->pan_token = (out->pan != NULL || out->paycode != NULL) && d->row.card_token[0] != '\0'
                         ? d->row.card_token
                         : NULL;
    out->expiry = req->expiry;
    out->amount = req->has_amount ? req->amount : 0;
    out->pin = req->pin;
    out->pin_proof = req->pin == TXN_PIN_PROOF ? req->pin_proof : NULL;
    /* The ledger does not know the card's kind: a PIN is required when the terminal
     * says it took one (22 ends in 1); the issuer decides what a card needs. */
    out->pin_required = req->entry_mode[0] != '\0' && req->entry_mode[2] == '1';
    out->local_date = d->clock.date;
    out->txn_id = d->row.id;
    out->now_us = d->now_us;
}

int handler__authorize(struct ledger__decision *d, struct auth_request *ar, struct auth_result *res)
{
    const struct authorizer *a = &d->l->cfg.authorizer;
    memset(res, 0, sizeof(*res));
    d->authorized = 1;
    a->ops->authorize(a->self, ar, res, d->batch);
    const char *code = res->response_code[0] != '\0' ? res->response_code : "96";
    handler__answer(d, code, "%s", res->reason[0] != '\0' ? res->reason : "issuer gave no reason");
    if (res->card_id != 0)
        d->row.card_id = res->card_id;
    if (res->card_id != 0 || res->card_token[0] != '\0')
        d->row.domestic = res->domestic;
    if (d->row.card_token[0] == '\0' && res->card_token[0] != '\0') {
        snprintf(d->row.card_token, sizeof(d->row.card_token), "%s", res->card_token);
        snprintf(d->row.card_masked, sizeof(d->row.card_masked), "%s", res->card_masked);
    }
    return strcmp(code, "00") == 0;
}

void handler__status(struct ledger__decision *d, int64_t id, const char *from, const char *to)
{
    struct store_op *op = store_batch_add(d->batch, STORE_TXN_STATUS);
    assert(op != NULL); /* room was reserved when the decision began */
    op->u.status.id = id;
    snprintf(op->u.status.from, sizeof(op->u.status.from), "%s", from);
    snprintf(op->u.status.to, sizeof(op->u.status.to), "%s", to);
}

void handler__set_status(struct ledger__decision *d, struct ledger__slot *slot, int64_t id,
                         const char *from, const char *to)
{
    if (slot != NULL) {
        snprintf(slot->row.status, sizeof(slot->row.status), "%s", to);
        ledger__mark_dirty(slot, d->seq);
    }
    handler__status(d, id, from, to);
}

int64_t handler__fee(const struct ledger__decision *d, int64_t amount)
{
    int64_t fee = 0;
    if (d->term->merchant == NULL ||
        ps_money_mul_ppm(amount, d->term->merchant->fee_ppm, PS_ROUND_HALF_UP, &fee) != 0)
        return 0;
    return fee;
}

/* Words a support person reads, not the journal's kind names. */
static const char *kind_words(enum txn_kind kind)
{
    switch (kind) {
    case TXN_PURCHASE:
        return "purchase";
    case TXN_VOID:
        return "void";
    case TXN_REFUND:
        return "refund";
    case TXN_PREAUTH:
        return "pre-authorization";
    case TXN_PREAUTH_VOID:
        return "pre-authorization void";
    case TXN_COMPLETION:
        return "completion";
    case TXN_COMPLETION_VOID:
        return "completion void";
    case TXN_BALANCE:
        return "balance inquiry";
    default:
        return txn_kind_name(kind);
    }
}

const char *handler__describe(const struct txn_row *row, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s %06u of batch %06u", kind_words(row->kind), (unsigned)row->stan,
             (unsigned)row->batch);
    return buf;
}

const char *handler__status_words(const char *status)
{
    if (strcmp(status, "voided") == 0)
        return "was already voided";
    if (strcmp(status, "completed") == 0)
        return "was already completed";
    if (strcmp(status, "reversed") == 0)
        return "was reversed";
    if (strcmp(status, "declined") == 0)
        return "was declined";
    return "is not approved";
}

int handler__same_card(const struct ledger__decision *d, const struct txn_row *row)
{
    return d->row.card_token[0] != '\0' && strcmp(d->row.card_token, row->card_token) == 0;
}

void handler__session(struct ledger__decision *d, const char *pik, const char *mak)
{
    struct terminal_row *t = &d->term->row;
    struct store_op *op = store_batch_add(d->batch, STORE_TERMINAL_SESSION);
    assert(op != NULL); /* room was reserved when the decision began */
    t->updated_us = d->now_us;
    d->term->session_seq = d->seq;
    op->u.session.terminal_id = t->id;
    op->u.session.batch = t->batch;
    op->u.session.batch_settled = t->batch_settled;
    memcpy(op->u.session.signed_in_date, t->signed_in_date, sizeof(t->signed_in_date));
    snprintf(op->u.session.pik, sizeof(op->u.session.pik), "%s", pik);
    snprintf(op->u.session.mak, sizeof(op->u.session.mak), "%s", mak);
    op->u.session.updated_us = d->now_us;
}

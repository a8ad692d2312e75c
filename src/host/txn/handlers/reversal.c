/* Reversal (0400): the terminal did not get an answer (or could not use it) and asks
 * that the message with this STAN be undone. The original is found by (tid, batch,
 * STAN, reversed kind) whatever its content. Undoing happens once: a repeated reversal
 * is a retransmission (ledger.c answers it again and moves nothing), and a reversal
 * that arrives before its original is recorded so the late original is declined.
 *
 * Each kind is undone exactly, by the opposite action on the same card:
 *   purchase          the money back (credit); out of the batch totals
 *   completion        the hold back as it was (restore); out of the totals; its
 *                     pre-authorization open again
 *   pre-authorization the hold released
 *   void              the purchase debited again (forced) and approved again
 *   refund            the money taken again (forced); the sale's refunded amount back
 *   completion void   the hold captured again; the completion approved again
 * A pre-authorization void cannot be undone: the issuer has no way to put a released
 * hold back under its code, so that reversal is refused (12) and the void stands. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#define REFUSED "reversal refused"

/* An auth request on the original's card for the original's amount. */
static void undo_request(const struct ledger__decision *d, const struct txn_row *orig,
                         enum auth_action action, struct auth_request *ar)
{
    handler__auth_request(d, action, ar);
    ar->pan = NULL;
    ar->card_id = orig->card_id;
    ar->amount = orig->amount;
    ar->auth_code = orig->auth_code;
    ar->pin = TXN_PIN_NONE;
    ar->pin_proof = NULL;
    ar->pin_required = 0;
}

static int refuse_unless_approved(struct ledger__decision *d, const struct txn_row *orig,
                                  const char *what)
{
    if (strcmp(orig->status, "approved") == 0)
        return 0;
    if (strcmp(orig->status, "voided") == 0) /* the void already gave everything back */
        handler__answer(d, "00", "nothing to reverse: %s was voided", what);
    else
        handler__answer(d, "12", REFUSED ": %s %s", what, handler__status_words(orig->status));
    return 1;
}

/* Purchase or completion. */
static void undo_sale(struct ledger__decision *d, struct ledger__found *f, const char *what)
{
    const struct txn_row *o = &f->row;
    int completion = o->kind == TXN_COMPLETION;
    struct auth_request ar;
    struct auth_result res;
    struct ps_reason why;

    if (refuse_unless_approved(d, o, what))
        return;
    if (o->refunded > 0) {
        handler__answer(d, "12", REFUSED ": %s was refunded in part; refund the rest", what);
        return;
    }
    ps_reason_clear(&why);
    if (completion && ledger__preauths_reserve(&d->l->preauths, 1) != 0) {
        ps_fail(&why, PS_ENOMEM, "out of memory");
        handler__fail(d, REFUSED, &why);
        return;
    }
    undo_request(d, o, completion ? AUTH_HOLD_RESTORE : AUTH_CREDIT, &ar);
    if (!handler__authorize(d, &ar, &res))
        return;
    handler__set_status(d, f->slot, o->id, "approved", "reversed");
    ledger__totals_count(&d->term->totals, o->domestic, 0, o->amount, -1);
    if (completion) {
        handler__set_status(d, ledger__by_id(d->l, o->original_id), o->original_id, "completed",
                            "approved");
        ledger__preauths_put(&d->l->preauths, o->card_token, o->auth_code, o->original_id,
                             o->card_id);
    }
    handler__answer(d, "00", "reversed: %s", what);
}

static void undo_preauth(struct ledger__decision *d, struct ledger__found *f, const char *what)
{
    struct auth_request ar;
    struct auth_result res;

    if (refuse_unless_approved(d, &f->row, what))
        return;
    undo_request(d, &f->row, AUTH_HOLD_RELEASE, &ar);
    if (!handler__authorize(d, &ar, &res))
        return;
    handler__set_status(d, f->slot, f->row.id, "approved", "reversed");
    ledger__preauths_remove(&d->l->preauths, f->row.card_token, f->row.auth_code);
    handler__answer(d, "00", "reversed: %s", what);
}

/* Void of a purchase, or refund: the money the void or refund gave back is taken
 * again, even from an account that spent it meanwhile (the issuer forces it). */
static void undo_credit(struct ledger__decision *d, struct ledger__found *f, const char *what)
{
    const struct txn_row *o = &f->row;
    struct auth_request ar;
    struct auth_result res;

    if (refuse_unless_approved(d, o, what))
        return;
    undo_request(d, o, AUTH_SALE, &ar); /* with card_id: the issuer's forced re-debit */
    if (!handler__authorize(d, &ar, &res))
        return;
    handler__set_status(d, f->slot, o->id, "approved", "reversed");
    struct ledger__slot *sale = ledger__by_id(d->l, o->original_id);
    if (o->kind == TXN_VOID) {
        handler__set_status(d, sale, o->original_id, "voided", "approved");
        ledger__totals_count(&d->term->totals, o->domestic, 0, o->amount, +1);
    } else {
        struct store_op *op = store_batch_add(d->batch, STORE_TXN_REFUNDED); /* reserved */
        op->u.refund.txn_id = o->original_id;
        op->u.refund.amount = -o->amount;
        if (sale != NULL) {
            sale->row.refunded -= o->amount;
            ledger__mark_dirty(sale, d->seq);
        }
        ledger__totals_count(&d->term->totals, o->domestic, 1, o->amount, -1);
    }
    handler__answer(d, "00", "reversed: %s", what);
}

/* The completion void gave the hold back and opened its pre-authorization again;
 * capturing it again puts everything as it was after the completion. */
static void undo_completion_void(struct ledger__decision *d, struct ledger__found *f,
                                 const char *what)
{
    const struct txn_row *o = &f->row;
    struct auth_request ar;
    struct auth_result res;

    if (refuse_unless_approved(d, o, what))
        return;
    const struct ledger__preauth *open =
        ledger__preauths_get(&d->l->preauths, o->card_token, o->auth_code);
    if (open == NULL) {
        handler__answer(d, "12", REFUSED ": the pre-authorization of %s is no longer open", what);
        return;
    }
    int64_t preauth_id = open->id;
    undo_request(d, o, AUTH_HOLD_CAPTURE, &ar);
    if (!handler__authorize(d, &ar, &res))
        return;
    handler__set_status(d, f->slot, o->id, "approved", "reversed");
    handler__set_status(d, ledger__by_id(d->l, o->original_id), o->original_id, "voided",
                        "approved");
    handler__set_status(d, ledger__by_id(d->l, preauth_id), preauth_id, "approved", "completed");
    ledger__preauths_remove(&d->l->preauths, o->card_token, o->auth_code);
    ledger__totals_count(&d->term->totals, o->domestic, 0, o->amount, +1);
    handler__answer(d, "00", "reversed: %s", what);
}

/* The original, or the answer when there is nothing to undo. Returns 1 to undo f. */
static int reversible(struct ledger__decision *d, struct ledger__found *f, char *what, size_t cap)
{
    const struct txn_request *req = d->req;
    struct ps_reason why;

    ps_reason_clear(&why);
    if (ledger__find_by_key(d->l, d->row.tid, req->batch, req->stan, req->reversed_kind, 0, 1, f, NULL,
                            &why) != 0) {
        handler__fail(d, REFUSED, &why);
        return 0;
    }
    if (!f->found) {
        handler__answer(d, "00", "nothing to reverse: the original never reached possumd");
        return 0;
    }
    d->row.original_id = f->row.id;
    d->row.card_id = f->row.card_id;
    d->row.domestic = f->row.domestic;
    if (d->row.card_token[0] == '\0') {
        memcpy(d->row.card_token, f->row.card_token, sizeof(d->row.card_token));
        memcpy(d->row.card_masked, f->row.card_masked, sizeof(d->row.card_masked));
    }
    handler__describe(&f->row, what, cap);
    if (strcmp(f->row.response_code, "00") != 0) {
        handler__answer(d, "00", "nothing to reverse: %s was declined (%s)", what,
                        f->row.response_code);
        return 0;
    }
    if (strcmp(f->row.status, "reversed") == 0) {
        handler__answer(d, "00", "nothing to reverse: %s was already reversed", what);
        return 0;
    }
    if (ledger__pin(d->l, f, &why) != 0) {
        handler__fail(d, REFUSED, &why);
        return 0;
    }
    return 1;
}

void handler__reversal(struct ledger__decision *d)
{
    enum txn_kind kind = d->req->reversed_kind;
    struct ledger__found f;
    char what[64];

    if (!txn_kind_is_financial(kind)) {
        handler__answer(d, "12", REFUSED ": a %s is not reversed", txn_kind_name(kind));
        return;
    }
    if (!reversible(d, &f, what, sizeof(what)))
        return;
    switch (kind) {
    case TXN_PURCHASE:
    case TXN_COMPLETION:
        undo_sale(d, &f, what);
        break;
    case TXN_PREAUTH:
        undo_preauth(d, &f, what);
        break;
    case TXN_VOID:
    case TXN_REFUND:
        undo_credit(d, &f, what);
        break;
    case TXN_COMPLETION_VOID:
        undo_completion_void(d, &f, what);
        break;
    default: /* TXN_PREAUTH_VOID */
        handler__answer(d, "12", "no reversal of %s: a released hold stays released", what);
        break;
    }
}

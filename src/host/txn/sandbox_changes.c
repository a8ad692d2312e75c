/* Changes the sandbox issuer makes: each is written to the commit batch and applied
 * to memory in the same form, so memory is always what the database will hold once
 * the batch commits (store.h applies a card change the way apply_card_change does). */
#include "host/txn/sandbox_internal.h"

#include <stdio.h>
#include <string.h>

const char *sandbox__hold_status_name(enum sandbox_hold_status st)
{
    switch (st) {
    case SANDBOX_HELD:
        return "held";
    case SANDBOX_RELEASED:
        return "released";
    case SANDBOX_COMPLETED:
        return "completed";
    }
    return "unknown";
}

/* What the card spent on today: nothing when its spending is dated another day. */
static int64_t spent_on(const struct sandbox_card *c, const char *today)
{
    return strcmp(c->spent_date, today) == 0 ? c->spent_today : 0;
}

int sandbox__card_change(const struct sandbox_card *c, const char *today, int64_t balance_delta,
                         int forced, int pin_tries, struct store_card_change *ch)
{
    int64_t spent = spent_on(c, today), ignored;

    memset(ch, 0, sizeof(*ch));
    ch->card_id = c->id;
    ch->balance_delta = balance_delta;
    /* The store guards balance + delta >= 0 on every change it is not told is forced.
     * A change that takes nothing cannot overdraw, yet on an account a reversal has
     * overdrawn that guard would refuse a credit or a PIN count and stop the host. */
    ch->forced = forced || balance_delta >= 0;
    ch->pin_tries = pin_tries;
    memcpy(ch->spent_date, today, 8);
    if (balance_delta == INT64_MIN || ps_money_add(c->balance, balance_delta, &ignored) != 0)
        return PS_EOVERFLOW;
    /* Spending follows the money: taken counts, given back uncounts, never below 0. */
    if (balance_delta < 0)
        ch->spent_delta = -balance_delta;
    else
        ch->spent_delta = -(balance_delta < spent ? balance_delta : spent);
    return ps_money_add(spent, ch->spent_delta, &ignored) != 0 ? PS_EOVERFLOW : PS_OK;
}

static int card_change_moves(const struct store_card_change *ch)
{
    return ch->balance_delta != 0 || ch->spent_delta != 0 || ch->pin_tries >= 0;
}

/* As the store applies a card change to the card's row (batch.h). */
static void apply_card_change(struct sandbox_card *c, const struct store_card_change *ch)
{
    if (strcmp(c->spent_date, ch->spent_date) != 0) {
        c->spent_today = 0;
        memcpy(c->spent_date, ch->spent_date, sizeof(c->spent_date));
    }
    c->spent_today += ch->spent_delta;
    c->balance += ch->balance_delta;
    if (ch->pin_tries >= 0)
        c->pin_tries = ch->pin_tries;
}

static int append_card_change(struct store_batch *batch, const struct store_card_change *ch)
{
    struct store_op *op = store_batch_add(batch, STORE_CARD_CHANGE);
    if (op == NULL)
        return PS_ENOMEM;
    op->u.card_change = *ch;
    return PS_OK;
}

static int append_hold_put(struct store_batch *batch, const struct sandbox_hold *h)
{
    struct store_op *op = store_batch_add(batch, STORE_HOLD_PUT);
    if (op == NULL)
        return PS_ENOMEM;
    struct hold_row *row = &op->u.hold;
    row->id = h->id;
    row->card_id = h->card_id;
    row->txn_id = h->txn_id;
    sandbox__code_text(h->code, row->auth_code);
    row->amount = h->amount;
    snprintf(row->status, sizeof(row->status), "%s", sandbox__hold_status_name(h->status));
    row->created_us = h->created_us;
    return PS_OK;
}

static int append_hold_status(struct store_batch *batch, const struct sandbox_hold *h,
                              enum sandbox_hold_status to)
{
    struct store_op *op = store_batch_add(batch, STORE_HOLD_STATUS);
    if (op == NULL)
        return PS_ENOMEM;
    op->u.status.id = h->id;
    snprintf(op->u.status.from, sizeof(op->u.status.from), "%s",
             sandbox__hold_status_name(h->status));
    snprintf(op->u.status.to, sizeof(op->u.status.to), "%s", sandbox__hold_status_name(to));
    return PS_OK;
}

int sandbox__record(struct sandbox_issuer *s, const struct sandbox_decision *d,
                    struct store_batch *batch)
{
    size_t mark = batch->count;
    int moves = card_change_moves(&d->change);

    if ((d->new_hold != NULL && append_hold_put(batch, d->new_hold) != 0) ||
        (d->hold != NULL && append_hold_status(batch, d->hold, d->hold_to) != 0) ||
        (moves && append_card_change(batch, &d->change) != 0)) {
        /* batch.h has no truncate: drop this decision's operations the way
         * store_batch_reset() drops all of them. */
        batch->count = mark;
        return PS_ENOMEM;
    }
    if (moves) {
        apply_card_change(d->card, &d->change);
        d->card->changed_seq = batch->seq;
    }
    if (d->hold != NULL) {
        d->hold->status = d->hold_to;
        d->hold->captured = d->captured;
    }
    if (d->new_hold != NULL)
        sandbox__insert_hold(s, d->new_hold);
    return PS_OK;
}

/* Batch settlement (0500, 60.3 201): the terminal's totals (48) against what possumd
 * counted for the batch. Balanced closes the batch (the next sign-in opens the next
 * one); not balanced asks the terminal to upload its transactions (batch_upload.c). */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"

/* "3 sales 12.34, 1 refunds 5.00" for reasons. */
static void describe_side(const struct ps_cup_side_totals *s, char *buf, size_t cap)
{
    char debit[PS_MONEY_TEXT_MAX], credit[PS_MONEY_TEXT_MAX];
    ps_money_format(s->debit_amount, debit, sizeof(debit));
    ps_money_format(s->credit_amount, credit, sizeof(credit));
    snprintf(buf, cap, "%u sales %s, %u refunds %s", s->debit_count, debit, s->credit_count,
             credit);
}

static void set_result(struct ps_cup_totals *t, unsigned result)
{
    t->domestic.result = result;
    t->foreign.result = result;
}

void handler__settlement(struct ledger__decision *d)
{
    struct ledger__terminal *t = d->term;
    const struct ps_cup_totals *sent = &d->req->totals;
    char theirs[80], ours[80];

    if (!d->req->has_totals) {
        handler__answer(d, "30", "settlement: field 48 (the batch totals) is missing");
        return;
    }
    if (d->l->cfg.shared) { /* every host's part of the batch, not only this one's */
        struct ps_reason why;
        ps_reason_clear(&why);
        if (ledger__shared_totals(d->l, t, &t->totals, &why) != 0) {
            handler__fail(d, "counting the batch", &why);
            return;
        }
    }
    int balanced = ledger__totals_equal(sent, &t->totals);
    struct store_op *op = store_batch_add(d->batch, STORE_SETTLEMENT_PUT); /* reserved */
    struct settlement_row *s = &op->u.settlement;
    s->id = d->l->next_id++;
    s->terminal_id = t->row.id;
    snprintf(s->tid, sizeof(s->tid), "%s", t->row.tid);
    s->batch = t->row.batch;
    s->terminal = *sent;
    s->host = t->totals;
    s->host.has_foreign = sent->has_foreign || t->totals.has_foreign;
    set_result(&s->host, balanced ? PS_CUP_SETTLE_BALANCED : PS_CUP_SETTLE_UNBALANCED);
    s->balanced = balanced;
    s->created_us = d->now_us;
    if (balanced)
        t->row.batch_settled = 1;
    t->upload_lines = 0; /* an upload follows this settlement, not an earlier one */
    t->upload_matched = 0;
    handler__session(d, "", "");

    d->resp->has_totals = 1;
    d->resp->totals = *sent;
    set_result(&d->resp->totals, balanced ? PS_CUP_SETTLE_BALANCED : PS_CUP_SETTLE_UNBALANCED);
    describe_side(&t->totals.domestic, ours, sizeof(ours));
    /* A retransmission reads the result back from the first words (replay.c). */
    if (balanced) {
        handler__answer(d, "00", "balanced: batch %06u, %s", (unsigned)s->batch, ours);
        return;
    }
    describe_side(&sent->domestic, theirs, sizeof(theirs));
    if (strcmp(theirs, ours) == 0)
        handler__answer(d, "00", "not balanced: batch %06u, foreign cards differ",
                        (unsigned)s->batch);
    else
        handler__answer(d, "00", "not balanced: terminal %s; possumd %s", theirs, ours);
}

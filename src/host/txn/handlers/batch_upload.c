/* Batch upload (0320) after a settlement that did not balance: the terminal sends its
 * transactions, up to 8 a message (60.3 201), then an end message (60.3 202). Each
 * line is kept with whether possumd has an approved transaction that agrees; the end
 * closes the batch as a balanced settlement would, since the back office now has both
 * sides to reconcile. */
#include "host/txn/handlers/handlers.h"

#include <string.h>

/* The kinds a terminal counts in its batch, as field 48 does. */
static const enum txn_kind counted_kinds[] = {TXN_PURCHASE, TXN_COMPLETION, TXN_REFUND};

/* Sets *matched when an approved purchase, completion or refund of this batch has the
 * line's STAN and amount. */
static int match_line(struct ledger__decision *d, const struct txn_upload_line *line, int *matched,
                      struct ps_reason *why)
{
    struct ledger__found f;
    *matched = 0;
    for (size_t k = 0; k < PS_ARRAY_LEN(counted_kinds) && !*matched; k++) {
        int rc = ledger__find_by_key(d->l, d->row.tid, d->term->row.batch, line->stan,
                                     counted_kinds[k], 0, 1, &f, NULL, why);
        if (rc != 0)
            return rc;
        *matched = f.found && strcmp(f.row.status, "approved") == 0 && f.row.amount == line->amount;
    }
    return PS_OK;
}

static void upload_lines(struct ledger__decision *d)
{
    struct ledger__terminal *t = d->term;
    int count = d->req->upload_count, matched[TXN_UPLOAD_MAX], found = 0;
    struct ps_reason why;

    if (count < 0 || count > TXN_UPLOAD_MAX) {
        handler__answer(d, "30", "batch upload: %d lines; 0 to %d a message", count,
                        TXN_UPLOAD_MAX);
        return;
    }
    ps_reason_clear(&why);
    for (int i = 0; i < count; i++) { /* every lookup before anything is appended */
        if (match_line(d, &d->req->upload[i], &matched[i], &why) != 0) {
            handler__fail(d, "batch upload", &why);
            return;
        }
    }
    for (int i = 0; i < count; i++) {
        const struct txn_upload_line *line = &d->req->upload[i];
        struct upload_row *u =
            &store_batch_add(d->batch, STORE_UPLOAD_PUT)->u.upload; /* reserved */
        char pan[sizeof(line->pan)];
        memcpy(pan, line->pan, sizeof(pan));
        pan[sizeof(pan) - 1] = '\0';
        u->id = d->l->next_id++;
        u->terminal_id = t->row.id;
        u->batch = t->row.batch;
        u->stan = line->stan;
        host_keys_mask_pan(pan, u->card_masked);
        u->amount = line->amount;
        u->foreign = line->foreign;
        u->matched = matched[i];
        u->created_us = d->now_us;
        found += matched[i];
    }
    t->upload_lines += count;
    t->upload_matched += found;
    handler__answer(d, "00", "batch upload: %d lines received, %d matched", count, found);
}

void handler__batch_upload(struct ledger__decision *d)
{
    struct ledger__terminal *t = d->term;

    if (!d->req->upload_last) {
        upload_lines(d);
        return;
    }
    t->row.batch_settled = 1;
    handler__session(d, "", "");
    handler__answer(d, "00", "batch upload: %d lines, %d matched", t->upload_lines,
                    t->upload_matched);
}

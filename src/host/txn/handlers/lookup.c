/* Finding earlier transactions: in memory first, then on the reader.
 *
 * Memory wins: a row the reader returns is replaced by its copy in memory when there
 * is one, since memory holds changes the disk will only see at the next commit.
 *
 * Most lookups are by key (tid, batch, STAN, kind) — every request asks whether it
 * is a retransmission — and most miss, because most requests are new. A miss in the
 * ring skips the reader when the disk cannot hold the key either: terminals number
 * their messages with increasing STANs, so once every row of the terminal's current
 * batch was recorded by this process (batch_known), a row of that batch is on the
 * disk but not in the ring only if it was evicted, and evicted rows have STANs at
 * most evicted_stan_current. After a restart, and for other batches, the reader is
 * asked. When hosts share the database, a lookup of an original (what a void, reversal
 * or upload line names) asks the reader on every miss: another host may have recorded
 * it. A new request's own key is not looked up there: if another host recorded it,
 * the unique key refuses the commit and the engine decides it again (engine.c). */
#include "host/txn/handlers/handlers.h"

#include <string.h>

static int reader_may_have(const struct ledger *l, const struct ledger__terminal *term,
                           uint32_t batch, uint32_t stan, int original)
{
    if (original && l->cfg.shared) /* another host may have recorded it */
        return 1;
    if (term == NULL || batch != term->row.batch)
        return 1;
    return !term->batch_known || stan <= term->evicted_stan_current;
}

static void consider(struct ledger__found *first, struct ledger__found *same, uint64_t fingerprint,
                     const struct txn_row *row, struct ledger__slot *slot)
{
    if (!first->found || row->id < first->row.id) {
        first->found = 1;
        first->row = *row;
        first->slot = slot;
    }
    if (same != NULL && !same->found && row->fingerprint == fingerprint) {
        same->found = 1;
        same->row = *row;
        same->slot = slot;
    }
}

/* A reader row, replaced by the copy in memory when there is one. */
static struct ledger__slot *prefer_memory(struct ledger *l, struct txn_row *row)
{
    struct ledger__slot *slot = ledger__by_id(l, row->id);
    if (slot != NULL)
        *row = slot->row;
    return slot;
}

int ledger__find_by_key(struct ledger *l, const char *tid, uint32_t batch, uint32_t stan,
                        enum txn_kind kind, uint64_t fingerprint, int original,
                        struct ledger__found *first, struct ledger__found *same,
                        struct ps_reason *why)
{
    struct ledger__terminal *term = ledger__terminal_find(l, tid);
    struct ledger__ring *ring = term != NULL ? &term->ring : &l->stray;
    struct txn_row row;

    first->found = 0;
    if (same != NULL)
        same->found = 0;
    for (unsigned i = 0; i < ring->cap; i++) {
        const struct ledger__slot_key *k = &ring->keys[i];
        if (k->used && k->stan == stan && k->batch == batch && k->kind == (uint8_t)kind &&
            strcmp(ring->slots[i].row.tid, tid) == 0)
            consider(first, same, fingerprint, &ring->slots[i].row, &ring->slots[i]);
    }
    /* A duplicate (94) in the ring may hide its evicted original on the disk. */
    int settled =
        same != NULL ? same->found : first->found && strcmp(first->row.response_code, "94") != 0;
    if (settled || !reader_may_have(l, term, batch, stan, original))
        return PS_OK;
    int rc = store_find_txn_by_key(l->cfg.reader, tid, batch, stan, kind, fingerprint, &row, why);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        struct ledger__slot *slot = prefer_memory(l, &row);
        consider(first, same, fingerprint, &row, slot);
    }
    return PS_OK;
}

int ledger__find_by_rrn(struct ledger *l, struct ledger__terminal *near, const char *rrn,
                        struct ledger__found *out, struct ps_reason *why)
{
    out->found = 0;
    if (near != NULL) {
        for (unsigned i = 0; i < near->ring.cap; i++) {
            struct ledger__slot *s = &near->ring.slots[i];
            if (near->ring.keys[i].used && strcmp(s->row.rrn, rrn) == 0) {
                out->found = 1;
                out->row = s->row;
                out->slot = s;
                return PS_OK;
            }
        }
    }
    int rc = store_find_txn_by_rrn(l->cfg.reader, rrn, &out->row, why);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        out->found = 1;
        out->slot = prefer_memory(l, &out->row);
    }
    return PS_OK;
}

/* A pre-authorization of the card with this code that is no longer open, from the
 * terminal's ring: lets a second completion hear "already completed" rather than
 * "not found" while the first is recent. */
static void find_closed_preauth(struct ledger__terminal *near, const char *token,
                                const char *auth_code, struct ledger__found *out)
{
    if (near == NULL)
        return;
    for (unsigned i = 0; i < near->ring.cap; i++) {
        struct ledger__slot *s = &near->ring.slots[i];
        if (near->ring.keys[i].used && s->row.kind == TXN_PREAUTH &&
            strcmp(s->row.response_code, "00") == 0 && strcmp(s->row.auth_code, auth_code) == 0 &&
            strcmp(s->row.card_token, token) == 0) {
            out->found = 1;
            out->row = s->row;
            out->slot = s;
            return;
        }
    }
}

int ledger__find_preauth(struct ledger *l, struct ledger__terminal *near, const char *token,
                         const char *auth_code, struct ledger__found *out, struct ps_reason *why)
{
    out->found = 0;
    const struct ledger__preauth *p = ledger__preauths_get(&l->preauths, token, auth_code);
    if (p == NULL) {
        find_closed_preauth(near, token, auth_code, out);
        return PS_OK;
    }
    out->slot = ledger__by_id(l, p->id);
    if (out->slot != NULL) {
        out->found = 1;
        out->row = out->slot->row;
        return PS_OK;
    }
    int rc = store_find_preauth(l->cfg.reader, p->card_id, auth_code, &out->row, why);
    if (rc < 0)
        return rc;
    out->found = rc == 1 && out->row.id == p->id;
    return PS_OK;
}

int ledger__pin(struct ledger *l, struct ledger__found *f, struct ps_reason *why)
{
    if (f->slot != NULL)
        return PS_OK;
    struct ledger__ring *ring = ledger__ring_of(l, f->row.tid);
    int rc = ledger__ring_ready(l, ring, 1, why);
    if (rc != 0)
        return rc;
    /* Clean (seq 0): it is what the disk holds until the decision changes it. */
    f->slot = ledger__ring_insert(l, ring, &f->row, 0);
    return PS_OK;
}

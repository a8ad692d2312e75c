/* Rings of recent transactions, one per terminal (and one for unknown terminals), and
 * the id index over all of them.
 *
 * A ring holds cfg->recent_per_terminal rows. A new row takes a free slot, or the
 * oldest slot whose last change has committed: a row changed by a batch still in
 * flight is newer in memory than on the disk and must not be forgotten. The ring is
 * allocated at the terminal's first request, so idle terminals cost no row memory.
 *
 * Evictions also record how far the disk may hold rows the ring does not (the
 * evicted_stan_* marks of the terminal), which lets a lookup that misses the ring
 * skip the reader when the key cannot be on the disk (lookup.c). */
#include "host/txn/handlers/handlers.h"

#include <stdlib.h>
#include <string.h>

static size_t id_bucket(const struct ledger *l, int64_t id)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15u; /* Fibonacci hashing */
    return (size_t)(h >> 32) & l->id_mask;
}

static void id_link(struct ledger *l, struct ledger__slot *slot)
{
    size_t b = id_bucket(l, slot->row.id);
    slot->id_next = l->id_buckets[b];
    l->id_buckets[b] = slot;
}

static void id_unlink(struct ledger *l, struct ledger__slot *slot)
{
    struct ledger__slot **p = &l->id_buckets[id_bucket(l, slot->row.id)];
    while (*p != NULL && *p != slot)
        p = &(*p)->id_next;
    if (*p == slot)
        *p = slot->id_next;
    slot->id_next = NULL;
}

struct ledger__slot *ledger__by_id(struct ledger *l, int64_t id)
{
    for (struct ledger__slot *s = l->id_buckets[id_bucket(l, id)]; s != NULL; s = s->id_next) {
        if (s->row.id == id)
            return s;
    }
    return NULL;
}

static int ring_alloc(struct ledger *l, struct ledger__ring *ring, struct ps_reason *why)
{
    unsigned cap = ring->term != NULL ? (unsigned)l->cfg.recent_per_terminal
                                      : 4 * (unsigned)l->cfg.recent_per_terminal;
    ring->slots = calloc(cap, sizeof(*ring->slots));
    ring->keys = calloc(cap, sizeof(*ring->keys));
    if (ring->slots == NULL || ring->keys == NULL) {
        ledger__ring_free(ring);
        return ps_fail(why, PS_ENOMEM, "out of memory for recent transactions");
    }
    ring->cap = cap;
    for (unsigned i = 0; i < cap; i++)
        ring->slots[i].ring = ring;
    return PS_OK;
}

void ledger__ring_free(struct ledger__ring *ring)
{
    free(ring->slots);
    free(ring->keys);
    ring->slots = NULL;
    ring->keys = NULL;
    ring->cap = 0;
}

/* The engine numbers the filling batch before anything is decided into it (engine.c,
 * hand_off), so batch->seq is the commit a row waits for. It must not be more: a row
 * marked for the commit after its own stays dirty when its batch commits, and a
 * terminal whose every ring row is dirty has its requests deferred until a commit that
 * nothing else may ever bring (a lone terminal's flood stalled that way). A batch that
 * nobody numbered (0, as some tests drive the ledger) waits for the latest commit one
 * batch can be behind: one commits while the next one fills. */
uint64_t ledger__pending_seq(const struct ledger *l, const struct store_batch *batch)
{
    return batch->seq != 0 ? batch->seq : l->committed_seq + 2;
}

static int clean(const struct ledger *l, const struct ledger__slot_key *k)
{
    return !k->used || k->seq <= l->committed_seq;
}

/* The slot a new row takes: a free one, else the oldest clean one; -1 when none. */
static int victim(const struct ledger *l, const struct ledger__ring *ring)
{
    int best = -1;
    for (unsigned i = 0; i < ring->cap; i++) {
        const struct ledger__slot_key *k = &ring->keys[i];
        if (!k->used)
            return (int)i;
        if (clean(l, k) && (best < 0 || k->order < ring->keys[best].order))
            best = (int)i;
    }
    return best;
}

int ledger__ring_ready(struct ledger *l, struct ledger__ring *ring, unsigned clean_needed,
                       struct ps_reason *why)
{
    if (ring->slots == NULL) {
        int rc = ring_alloc(l, ring, why);
        if (rc != 0)
            return rc;
    }
    unsigned n = 0;
    for (unsigned i = 0; i < ring->cap && n < clean_needed; i++)
        n += clean(l, &ring->keys[i]) ? 1 : 0;
    if (n < clean_needed)
        return ps_fail(why, PS_ESPACE,
                       "too many transactions of terminal %s waiting for the disk; retry",
                       ring->term != NULL ? ring->term->row.tid : "(unknown)");
    return PS_OK;
}

/* What the disk may hold beyond the ring once a row leaves it (see lookup.c). */
static void note_eviction(struct ledger__terminal *term, const struct ledger__slot_key *k)
{
    if (term == NULL)
        return;
    if (k->batch == term->row.batch && k->stan > term->evicted_stan_current)
        term->evicted_stan_current = k->stan;
    else if (k->batch > term->row.batch && k->stan > term->evicted_stan_ahead)
        term->evicted_stan_ahead = k->stan;
}

struct ledger__slot *ledger__ring_insert(struct ledger *l, struct ledger__ring *ring,
                                         const struct txn_row *row, uint64_t seq)
{
    int i = ring->slots != NULL ? victim(l, ring) : -1;
    if (i < 0)
        return NULL; /* callers made sure with ledger__ring_ready() */
    struct ledger__slot *slot = &ring->slots[i];
    struct ledger__slot_key *k = &ring->keys[i];
    if (k->used) {
        note_eviction(ring->term, k);
        id_unlink(l, slot);
    }
    slot->row = *row;
    id_link(l, slot);
    k->order = ++ring->next_order;
    k->seq = seq;
    k->batch = row->batch;
    k->stan = row->stan;
    k->kind = (uint8_t)row->kind;
    k->used = 1;
    return slot;
}

void ledger__mark_dirty(struct ledger__slot *slot, uint64_t seq)
{
    struct ledger__ring *ring = slot->ring;
    struct ledger__slot_key *k = &ring->keys[slot - ring->slots];
    if (seq > k->seq)
        k->seq = seq;
}

struct ledger__ring *ledger__ring_of(struct ledger *l, const char *tid)
{
    struct ledger__terminal *term = ledger__terminal_find(l, tid);
    return term != NULL ? &term->ring : &l->stray;
}

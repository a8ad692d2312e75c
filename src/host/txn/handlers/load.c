/* Start-up: the ledger rebuilt from the store, which holds exactly what was answered.
 * Merchants, terminals with their sessions, each terminal's totals for its current
 * batch, the high marks ids and RRNs continue after, the open pre-authorizations, and
 * the working keys of every terminal that has some, so a restart forces no terminal
 * to sign in again. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

/* A growable array of rows while loading; the ledger keeps the final one. */
struct rows {
    void *items;
    size_t count, cap, size;
};

static int rows_push(struct rows *r, const void *item)
{
    if (r->count == r->cap) {
        size_t cap = r->cap != 0 ? 2 * r->cap : 64;
        void *items = realloc(r->items, cap * r->size);
        if (items == NULL)
            return PS_ENOMEM;
        r->items = items;
        r->cap = cap;
    }
    memcpy((char *)r->items + r->count++ * r->size, item, r->size);
    return PS_OK;
}

/* Callbacks stop the walk with 1 when memory runs out (the walk then returns 1). */
static int push_merchant(void *ctx, const struct merchant_row *row)
{
    return rows_push(ctx, row) != 0;
}

static int push_terminal(void *ctx, const struct terminal_row *row)
{
    struct ledger__terminal t;
    memset(&t, 0, sizeof(t));
    t.row = *row;
    return rows_push(ctx, &t) != 0;
}

static int push_hold(void *ctx, const struct hold_row *row)
{
    return rows_push(ctx, row) != 0;
}

static int by_merchant_id(const void *a, const void *b)
{
    const struct merchant_row *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static int by_terminal_id(const void *a, const void *b)
{
    const struct ledger__terminal *x = a, *y = b;
    return (x->row.id > y->row.id) - (x->row.id < y->row.id);
}

static size_t power_of_two_above(size_t n)
{
    size_t p = 1;
    while (p < n)
        p *= 2;
    return p;
}

/* The TID index (at most half full), each terminal's merchant and ring, and the id
 * index sized for every ring full. */
static int index_terminals(struct ledger *l, struct ps_reason *why)
{
    size_t cap = power_of_two_above(2 * l->terminal_count + 2);
    size_t slots = (l->terminal_count + 4) * (size_t)l->cfg.recent_per_terminal;
    l->tid_index = calloc(cap, sizeof(*l->tid_index));
    l->id_mask = power_of_two_above(slots < 1024 ? 1024 : slots) - 1;
    l->id_buckets = calloc(l->id_mask + 1, sizeof(*l->id_buckets));
    if (l->tid_index == NULL || l->id_buckets == NULL)
        return ps_fail(why, PS_ENOMEM, "ledger: out of memory for %zu terminals",
                       l->terminal_count);
    l->tid_mask = cap - 1;
    for (size_t n = 0; n < l->terminal_count; n++) {
        struct ledger__terminal *t = &l->terminals[n];
        size_t i = (size_t)ledger__tid_hash(t->row.tid) & l->tid_mask;
        while (l->tid_index[i] != 0)
            i = (i + 1) & l->tid_mask;
        l->tid_index[i] = (uint32_t)(n + 1);
        struct merchant_row key = {.id = t->row.merchant_id};
        t->merchant = l->merchant_count == 0 ? NULL
                                             : bsearch(&key, l->merchants, l->merchant_count,
                                                       sizeof(key), by_merchant_id);
        t->ring.term = t;
    }
    return PS_OK;
}

static int load_rows(struct ledger *l, struct store *loader, struct ps_reason *why)
{
    struct rows m = {.size = sizeof(struct merchant_row)};
    struct rows t = {.size = sizeof(struct ledger__terminal)};
    int rc = store_each_merchant(loader, push_merchant, &m, why);
    if (rc == 0)
        rc = store_each_terminal(loader, push_terminal, &t, why);
    l->merchants = m.items;
    l->merchant_count = m.count;
    l->terminals = t.items;
    l->terminal_count = t.count;
    if (rc > 0 || (rc == 0 && t.count > UINT32_MAX - 1))
        return ps_fail(why, PS_ENOMEM, "ledger: out of memory loading merchants and terminals");
    if (rc != 0)
        return rc;
    /* an empty store has no arrays at all, and qsort may not be given NULL */
    if (l->merchant_count > 0)
        qsort(l->merchants, l->merchant_count, sizeof(struct merchant_row), by_merchant_id);
    if (l->terminal_count > 0)
        qsort(l->terminals, l->terminal_count, sizeof(struct ledger__terminal), by_terminal_id);
    return index_terminals(l, why);
}

/* The current batch's totals, and what the disk holds of it: rows up to max_stan, so
 * a lookup of a higher STAN in that batch need not read the disk (as if everything
 * below had been evicted from memory). */
static int take_totals(void *ctx, int64_t terminal_id, uint32_t batch, uint32_t max_stan,
                       const struct ps_cup_totals *totals)
{
    struct ledger *l = ctx;
    struct ledger__terminal key = {.row.id = terminal_id};
    struct ledger__terminal *t =
        bsearch(&key, l->terminals, l->terminal_count, sizeof(key), by_terminal_id);
    if (t != NULL && t->row.batch == batch) {
        t->totals = *totals;
        t->batch_known = 1;
        t->evicted_stan_current = max_stan;
    }
    return 0;
}

/* The open holds, each with the token of its pre-authorization's card. */
static int load_preauths(struct ledger *l, struct store *loader, struct ps_reason *why)
{
    struct rows h = {.size = sizeof(struct hold_row)};
    struct txn_row row;
    int rc = store_each_open_hold(loader, push_hold, &h, why);
    if (rc > 0)
        rc = ps_fail(why, PS_ENOMEM, "ledger: out of memory loading holds");
    for (size_t i = 0; rc == 0 && i < h.count; i++) {
        const struct hold_row *hold = (const struct hold_row *)h.items + i;
        rc = store_find_preauth(loader, hold->card_id, hold->auth_code, &row, why);
        if (rc == 1 && ledger__preauths_reserve(&l->preauths, 1) != 0)
            rc = ps_fail(why, PS_ENOMEM, "ledger: out of memory loading holds");
        if (rc == 1) {
            ledger__preauths_put(&l->preauths, row.card_token, hold->auth_code, row.id,
                                 hold->card_id);
            rc = 0;
        }
    }
    free(h.items);
    return rc;
}

int ledger__install_keys(struct ledger *l, const struct terminal_row *t, struct ps_reason *why)
{
    uint8_t pik[32], mak[32];
    size_t pik_len = 0, mak_len = 0;
    int rc = host_keys_unwrap(l->cfg.keys, t->pik, pik, sizeof(pik), &pik_len, why);
    if (rc == 0)
        rc = host_keys_unwrap(l->cfg.keys, t->mak, mak, sizeof(mak), &mak_len, why);
    if (rc == 0)
        rc = keyring_set(l->cfg.keyring, t->tid, pik, pik_len, mak, mak_len, why);
    OPENSSL_cleanse(pik, sizeof(pik));
    OPENSSL_cleanse(mak, sizeof(mak));
    if (rc != 0) {
        char cause[PS_REASON_MAX];
        snprintf(cause, sizeof(cause), "%s", why != NULL ? why->text : "");
        rc = ps_fail(why, rc, "terminal %s: working keys: %s", t->tid, cause);
    }
    return rc;
}

int ledger__load(struct ledger *l, struct store *loader, struct ps_reason *why)
{
    struct store_high_marks marks;
    int rc = load_rows(l, loader, why);
    if (rc == 0)
        rc = store_each_batch_total(loader, take_totals, l, why);
    if (rc == 0)
        rc = store_high_marks(loader, l->cfg.host_id, &marks, why);
    if (rc == 0) {
        l->next_id = marks.max_id + 1;
        l->next_rrn_seq = marks.max_rrn_seq + 1;
        rc = load_preauths(l, loader, why);
    }
    for (size_t i = 0; rc == 0 && i < l->terminal_count; i++) {
        const struct terminal_row *t = &l->terminals[i].row;
        if (t->pik[0] != '\0' && t->mak[0] != '\0')
            rc = ledger__install_keys(l, t, why);
    }
    return rc;
}

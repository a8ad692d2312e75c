/* An open-addressing index of table positions for the sandbox issuer's cards and
 * holds. Entries are never removed (a released hold stays, so a second release can be
 * told why it fails), which keeps linear probing simple: no tombstones. */
#include "host/txn/sandbox_internal.h"

#include <stdlib.h>

#define INDEX_MIN_CAP     64
#define INDEX_MAX_ENTRIES UINT32_MAX /* positions are stored as uint32 + 1 */

static void place(struct sandbox_slot *slots, size_t cap, struct sandbox_slot entry)
{
    size_t mask = cap - 1;
    size_t i = entry.hash & mask;
    while (slots[i].pos1 != 0)
        i = (i + 1) & mask;
    slots[i] = entry;
}

/* Moves every entry into a table of new_cap slots; the stored hash makes this need
 * nothing from the tables the positions point into. */
static int rehash(struct sandbox_index *ix, size_t new_cap)
{
    struct sandbox_slot *slots = calloc(new_cap, sizeof(*slots));
    if (slots == NULL)
        return PS_ENOMEM;
    for (size_t i = 0; i < ix->cap; i++)
        if (ix->slots[i].pos1 != 0)
            place(slots, new_cap, ix->slots[i]);
    free(ix->slots);
    ix->slots = slots;
    ix->cap = new_cap;
    return PS_OK;
}

int sandbox__index_reserve(struct sandbox_index *ix, size_t n)
{
    if (n > INDEX_MAX_ENTRIES - ix->count)
        return PS_ENOMEM;
    size_t want = ix->count + n;
    if (want <= ix->cap / 2)
        return PS_OK;
    size_t cap = ix->cap ? ix->cap : INDEX_MIN_CAP;
    while (want > cap / 2) {
        if (cap > SIZE_MAX / 2 / sizeof(struct sandbox_slot))
            return PS_ENOMEM;
        cap *= 2;
    }
    return rehash(ix, cap);
}

void sandbox__index_insert(struct sandbox_index *ix, uint32_t hash, uint32_t pos)
{
    struct sandbox_slot entry = {.pos1 = pos + 1, .hash = hash};
    place(ix->slots, ix->cap, entry);
    ix->count++;
}

uint32_t sandbox__index_next(const struct sandbox_index *ix, uint32_t hash, size_t *cursor)
{
    if (ix->cap == 0)
        return 0;
    size_t mask = ix->cap - 1;
    while (*cursor < ix->cap) {
        const struct sandbox_slot *slot = &ix->slots[(hash + *cursor) & mask];
        (*cursor)++;
        if (slot->pos1 == 0)
            return 0;
        if (slot->hash == hash)
            return slot->pos1;
    }
    return 0;
}

void sandbox__index_free(struct sandbox_index *ix)
{
    free(ix->slots);
    ix->slots = NULL;
    ix->cap = 0;
    ix->count = 0;
}

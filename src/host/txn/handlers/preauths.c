/* Open pre-authorizations by (card token, authorization code): what a completion or a
 * pre-authorization void names. An entry lives while its hold does, so the table is
 * as large as the number of open holds, which the issuer keeps in memory too.
 *
 * Linear probing with backward-shift deletion (no tombstones, so a long-running host
 * never needs a cleanup pass); grown to keep it at most half full. Growth happens in
 * ledger__preauths_reserve(), before a decision asks the authorizer, so recording
 * what the authorizer approved cannot fail. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_CAP 64

/* FNV-1a over the token, a separator and the code; never 0 (0 marks an empty entry). */
static uint64_t key_hash(const char *token, const char *auth_code)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (const char *c = token; *c != '\0'; c++)
        h = (h ^ (uint8_t)*c) * 0x100000001b3u;
    h = (h ^ '/') * 0x100000001b3u;
    for (const char *c = auth_code; *c != '\0'; c++)
        h = (h ^ (uint8_t)*c) * 0x100000001b3u;
    return h != 0 ? h : 1;
}

static size_t find_index(const struct ledger__preauths *p, uint64_t h, const char *token,
                         const char *auth_code, int *found)
{
    size_t mask = p->cap - 1, i = (size_t)h & mask;
    while (p->entries[i].hash != 0) {
        const struct ledger__preauth *e = &p->entries[i];
        if (e->hash == h && strcmp(e->auth_code, auth_code) == 0 && strcmp(e->token, token) == 0) {
            *found = 1;
            return i;
        }
        i = (i + 1) & mask;
    }
    *found = 0;
    return i;
}

static void place(struct ledger__preauths *p, const struct ledger__preauth *e)
{
    int found = 0;
    size_t i = find_index(p, e->hash, e->token, e->auth_code, &found);
    if (!found)
        p->count++;
    p->entries[i] = *e;
}

int ledger__preauths_reserve(struct ledger__preauths *p, size_t more)
{
    size_t need = p->count + more, cap = p->cap != 0 ? p->cap : MIN_CAP;
    while (2 * need > cap)
        cap *= 2;
    if (cap == p->cap)
        return PS_OK;
    struct ledger__preauth *old = p->entries;
    size_t old_cap = p->cap;
    p->entries = calloc(cap, sizeof(*p->entries));
    if (p->entries == NULL) {
        p->entries = old;
        return PS_ENOMEM;
    }
    p->cap = cap;
    p->count = 0;
    for (size_t i = 0; i < old_cap; i++) {
        if (old[i].hash != 0)
            place(p, &old[i]);
    }
    free(old);
    return PS_OK;
}

void ledger__preauths_put(struct ledger__preauths *p, const char *token, const char *auth_code,
                          int64_t id, int64_t card_id)
{
    struct ledger__preauth e;
    memset(&e, 0, sizeof(e));
    e.hash = key_hash(token, auth_code);
    e.id = id;
    e.card_id = card_id;
    snprintf(e.token, sizeof(e.token), "%s", token);
    snprintf(e.auth_code, sizeof(e.auth_code), "%s", auth_code);
    place(p, &e);
}

const struct ledger__preauth *ledger__preauths_get(const struct ledger__preauths *p,
                                                   const char *token, const char *auth_code)
{
    if (p->cap == 0)
        return NULL;
    int found = 0;
    size_t i = find_index(p, key_hash(token, auth_code), token, auth_code, &found);
    return found ? &p->entries[i] : NULL;
}

/* Is home cyclically in (hole, j]? Then the entry at j may not move to hole. */
static int stays(size_t hole, size_t j, size_t home)
{
    return hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
}

void ledger__preauths_remove(struct ledger__preauths *p, const char *token, const char *auth_code)
{
    if (p->cap == 0)
        return;
    int found = 0;
    size_t mask = p->cap - 1;
    size_t hole = find_index(p, key_hash(token, auth_code), token, auth_code, &found);
    if (!found)
        return;
    p->count--;
    /* Move later entries of the probe run back over the hole, so lookups that probed
     * past it still find them. */
    for (size_t j = (hole + 1) & mask; p->entries[j].hash != 0; j = (j + 1) & mask) {
        size_t home = (size_t)p->entries[j].hash & mask;
        if (stays(hole, j, home))
            continue;
        p->entries[hole] = p->entries[j];
        hole = j;
    }
    memset(&p->entries[hole], 0, sizeof(p->entries[hole]));
}

void ledger__preauths_free(struct ledger__preauths *p)
{
    free(p->entries);
    memset(p, 0, sizeof(*p));
}

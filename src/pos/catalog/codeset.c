/* codeset.c — the codes an import has seen (internal.h). */
#include "pos/catalog/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP 64

/* FNV-1a: codes are short digit strings, and this spreads them well enough. */
static size_t hash_code(const char *code)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *code != '\0'; code++)
        h = (h ^ (unsigned char)*code) * 0x100000001b3u;
    return (size_t)h;
}

/* The slot that holds code, or the empty slot where it would go. cap > n always. */
static struct pos_catalog__code_slot *probe(struct pos_catalog__code_slot *slot, size_t cap,
                                            const char *code)
{
    size_t i = hash_code(code) & (cap - 1);
    while (slot[i].line != 0 && strcmp(slot[i].code, code) != 0)
        i = (i + 1) & (cap - 1);
    return &slot[i];
}

/* Doubles the table (keeping it at most half full, so probes stay short). */
static int grow(struct pos_catalog__codeset *set)
{
    size_t cap = set->cap == 0 ? FIRST_CAP : set->cap * 2;
    struct pos_catalog__code_slot *slot = calloc(cap, sizeof(*slot));
    if (slot == NULL)
        return PS_ENOMEM;
    for (size_t i = 0; i < set->cap; i++) {
        if (set->slot[i].line != 0)
            *probe(slot, cap, set->slot[i].code) = set->slot[i];
    }
    free(set->slot);
    set->slot = slot;
    set->cap = cap;
    return 0;
}

int pos_catalog__codeset_add(struct pos_catalog__codeset *set, const char *code, size_t line,
                             size_t *first_line)
{
    if (2 * (set->n + 1) > set->cap) {
        int rc = grow(set);
        if (rc != 0)
            return rc;
    }
    struct pos_catalog__code_slot *s = probe(set->slot, set->cap, code);
    if (s->line != 0) {
        *first_line = s->line;
        return 1;
    }
    size_t len = strnlen(code, POS_PRODUCT_CODE_MAX);
    memcpy(s->code, code, len);
    s->code[len] = '\0';
    s->line = line;
    set->n++;
    return 0;
}

void pos_catalog__codeset_cleanup(struct pos_catalog__codeset *set)
{
    free(set->slot);
    set->slot = NULL;
    set->cap = set->n = 0;
}

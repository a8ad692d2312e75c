/* The sandbox issuer's card and hold tables: entries in growable arrays, found through
 * indexes of their positions (by PAN token, by card id, by card id and authorization
 * code), so pointers into the arrays are never kept across a growth. */
#include "host/txn/sandbox_internal.h"

#include <stdlib.h>
#include <string.h>

#define TABLE_MIN_CAP 64

/* A finaliser that spreads every bit of x over the result (splitmix64's). */
static uint32_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xBF58476D1CE4E5B9u;
    x ^= x >> 27;
    x *= 0x94D049BB133111EBu;
    x ^= x >> 31;
    return (uint32_t)x;
}

/* Tokens are HMAC output: their first bytes are already as good as a hash. */
static uint32_t token_hash(const uint8_t token[SANDBOX_TOKEN_LEN])
{
    return (uint32_t)token[0] << 24 | (uint32_t)token[1] << 16 | (uint32_t)token[2] << 8 | token[3];
}

static uint32_t id_hash(int64_t id)
{
    return mix((uint64_t)id);
}

static uint32_t hold_hash(int64_t card_id, uint32_t code)
{
    return mix((uint64_t)card_id * SANDBOX_CODES + code);
}

struct sandbox_card *sandbox__card_by_token(const struct sandbox_issuer *s,
                                            const uint8_t token[SANDBOX_TOKEN_LEN])
{
    uint32_t hash = token_hash(token), pos1;
    size_t cursor = 0;
    while ((pos1 = sandbox__index_next(&s->cards_by_token, hash, &cursor)) != 0) {
        struct sandbox_card *c = &s->cards[pos1 - 1];
        if (memcmp(c->token, token, SANDBOX_TOKEN_LEN) == 0)
            return c;
    }
    return NULL;
}

struct sandbox_card *sandbox__card_by_id(const struct sandbox_issuer *s, int64_t id)
{
    uint32_t hash = id_hash(id), pos1;
    size_t cursor = 0;
    while ((pos1 = sandbox__index_next(&s->cards_by_id, hash, &cursor)) != 0) {
        struct sandbox_card *c = &s->cards[pos1 - 1];
        if (c->id == id)
            return c;
    }
    return NULL;
}

struct sandbox_hold *sandbox__hold_by_code(const struct sandbox_issuer *s, int64_t card_id,
                                           uint32_t code)
{
    uint32_t hash = hold_hash(card_id, code), pos1;
    size_t cursor = 0;
    while ((pos1 = sandbox__index_next(&s->holds_by_code, hash, &cursor)) != 0) {
        struct sandbox_hold *h = &s->holds[pos1 - 1];
        if (h->card_id == card_id && h->code == code)
            return h;
    }
    return NULL;
}

/* Makes room for one more entry of size bytes in *array (count used of *cap). */
static int grow(void **array, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return PS_OK;
    size_t new_cap = *cap ? 2 * *cap : TABLE_MIN_CAP;
    if (new_cap > UINT32_MAX || new_cap > SIZE_MAX / size)
        return PS_ENOMEM;
    void *grown = realloc(*array, new_cap * size);
    if (grown == NULL)
        return PS_ENOMEM;
    *array = grown;
    *cap = new_cap;
    return PS_OK;
}

int sandbox__insert_card(struct sandbox_issuer *s, const struct sandbox_card *card)
{
    void *cards = s->cards;
    int rc = grow(&cards, &s->card_cap, s->card_count, sizeof(*card));
    s->cards = cards;
    if (rc != 0)
        return rc;
    if (sandbox__index_reserve(&s->cards_by_token, 1) != 0 ||
        sandbox__index_reserve(&s->cards_by_id, 1) != 0)
        return PS_ENOMEM;
    uint32_t pos = (uint32_t)s->card_count++;
    s->cards[pos] = *card;
    sandbox__index_insert(&s->cards_by_token, token_hash(card->token), pos);
    sandbox__index_insert(&s->cards_by_id, id_hash(card->id), pos);
    return PS_OK;
}

int sandbox__reserve_hold(struct sandbox_issuer *s)
{
    void *holds = s->holds;
    int rc = grow(&holds, &s->hold_cap, s->hold_count, sizeof(struct sandbox_hold));
    s->holds = holds;
    if (rc != 0)
        return rc;
    return sandbox__index_reserve(&s->holds_by_code, 1);
}

void sandbox__insert_hold(struct sandbox_issuer *s, const struct sandbox_hold *hold)
{
    uint32_t pos = (uint32_t)s->hold_count++;
    s->holds[pos] = *hold;
    sandbox__index_insert(&s->holds_by_code, hold_hash(hold->card_id, hold->code), pos);
}

void sandbox__tables_free(struct sandbox_issuer *s)
{
    sandbox__index_free(&s->cards_by_token);
    sandbox__index_free(&s->cards_by_id);
    sandbox__index_free(&s->holds_by_code);
    free(s->cards);
    free(s->holds);
    s->cards = NULL;
    s->holds = NULL;
    s->card_count = s->card_cap = 0;
    s->hold_count = s->hold_cap = 0;
}

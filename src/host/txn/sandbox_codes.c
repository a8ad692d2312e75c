/* Authorization codes (field 38) of the sandbox issuer: six digits that a cashier
 * reads off a receipt and keys into a completion. A counter makes them unique; a
 * four-round Feistel network over 000-999 x 000-999 scrambles the counter, so
 * consecutive approvals do not get consecutive codes. A Feistel network is a
 * bijection whatever its round function, so a million counter values give a million
 * different codes, and a loaded code can be turned back into its counter value. */
#include "host/txn/sandbox_internal.h"

#define HALF  1000u /* each half of a code: three digits */
#define HOSTS 100u  /* sequence numbers are dealt out to hosts modulo this */

static const uint32_t round_keys[] = {0x6B43A9B5u, 0x2545F491u, 0x9E3779B9u, 0x85EBCA77u};

/* Any function of (right half, round) to 0..999 will do; this one mixes well. */
static uint32_t round_fn(uint32_t half, uint32_t key)
{
    uint32_t h = (half + 1u) * 0x9E3779B1u ^ key;
    h ^= h >> 15;
    h *= 0x2C1B3C6Du;
    h ^= h >> 12;
    return h % HALF;
}

uint32_t sandbox__code_of(uint32_t seq)
{
    uint32_t left = seq / HALF % HALF, right = seq % HALF;
    for (size_t k = 0; k < PS_ARRAY_LEN(round_keys); k++) {
        uint32_t next = (left + round_fn(right, round_keys[k])) % HALF;
        left = right;
        right = next;
    }
    return left * HALF + right;
}

uint32_t sandbox__seq_of(uint32_t code)
{
    uint32_t left = code / HALF % HALF, right = code % HALF;
    for (size_t k = PS_ARRAY_LEN(round_keys); k-- > 0;) {
        uint32_t prev = (right + HALF - round_fn(left, round_keys[k])) % HALF;
        right = left;
        left = prev;
    }
    return left * HALF + right;
}

int sandbox__parse_code(const char *text, uint32_t *code)
{
    uint32_t value = 0;
    *code = 0;
    if (text == NULL)
        return PS_EFORMAT;
    for (size_t i = 0; i < 6; i++) {
        if (text[i] < '0' || text[i] > '9')
            return PS_EFORMAT;
        value = value * 10 + (uint32_t)(text[i] - '0');
    }
    if (text[6] != '\0')
        return PS_EFORMAT;
    *code = value;
    return PS_OK;
}

void sandbox__code_text(uint32_t code, char out[7])
{
    for (int i = 5; i >= 0; i--, code /= 10)
        out[i] = (char)('0' + code % 10);
    out[6] = '\0';
}

void sandbox__code_seen(struct sandbox_issuer *s, uint32_t code)
{
    uint32_t seq = sandbox__seq_of(code % SANDBOX_CODES);
    if (seq % HOSTS == s->host_id && seq > s->code_seq)
        s->code_seq = seq;
}

int sandbox_issuer_set_host(struct sandbox_issuer *s, int host_id)
{
    if (host_id < 0 || (uint32_t)host_id >= HOSTS)
        return PS_EINVAL;
    s->host_id = (uint32_t)host_id;
    s->code_seq = s->host_id;
    return PS_OK;
}

int sandbox__next_code(struct sandbox_issuer *s, int64_t card_id, uint32_t *out)
{
    for (uint32_t tries = 0; tries < SANDBOX_CODES / HOSTS; tries++) {
        s->code_seq = (s->code_seq + HOSTS) % SANDBOX_CODES;
        uint32_t code = sandbox__code_of(s->code_seq);
        if (code == 0)
            continue; /* 000000 reads as "no code" on receipts */
        if (card_id != 0 && sandbox__hold_by_code(s, card_id, code) != NULL)
            continue;
        *out = code;
        return PS_OK;
    }
    *out = 0;
    return PS_EOVERFLOW;
}

/* QR purchases in the sandbox issuer (docs/protocol.md, "QR payments"): a payment code
 * pays from the wallet of its scheme, once. The wallets are card accounts (a token of
 * their own, docs/sandbox.md), so voids, refunds and reversals credit them back by
 * card id like any card. The codes that paid are kept by token; a reversed or voided
 * payment does not free its code, as no scheme lets a customer's code pay twice. */
#include "host/txn/sandbox_issuer.h"
#include "host/txn/sandbox_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/checks/paycode.h"
#include "core/hex.h"

#define USED_MIN_CAP 64

void sandbox_wallet_token(const struct host_keys *keys, int scheme, char *out)
{
    char name[48];
    /* Not digits, so no card number can share a wallet's token. */
    snprintf(name, sizeof(name), "QR wallet: %s",
             ps_paycode_scheme_name((enum ps_paycode_scheme)scheme));
    host_keys_pan_token(keys, name, out);
}

static uint32_t token_hash(const uint8_t token[SANDBOX_TOKEN_LEN])
{
    return (uint32_t)token[0] << 24 | (uint32_t)token[1] << 16 | (uint32_t)token[2] << 8 | token[3];
}

static int code_used(const struct sandbox_issuer *s, const uint8_t token[SANDBOX_TOKEN_LEN])
{
    uint32_t hash = token_hash(token), pos1;
    size_t cursor = 0;
    while ((pos1 = sandbox__index_next(&s->used_by_token, hash, &cursor)) != 0) {
        if (memcmp(s->used_codes[pos1 - 1], token, SANDBOX_TOKEN_LEN) == 0)
            return 1;
    }
    return 0;
}

/* Room for one more used code, so that marking one after an approval cannot fail. */
static int reserve_used(struct sandbox_issuer *s)
{
    if (s->used_count == s->used_cap) {
        size_t cap = s->used_cap == 0 ? USED_MIN_CAP : s->used_cap * 2;
        void *grown = realloc(s->used_codes, cap * sizeof(*s->used_codes));
        if (grown == NULL)
            return PS_ENOMEM;
        s->used_codes = grown;
        s->used_cap = cap;
    }
    return sandbox__index_reserve(&s->used_by_token, 1);
}

static void insert_used(struct sandbox_issuer *s, const uint8_t token[SANDBOX_TOKEN_LEN])
{
    memcpy(s->used_codes[s->used_count], token, SANDBOX_TOKEN_LEN);
    sandbox__index_insert(&s->used_by_token, token_hash(token), (uint32_t)s->used_count);
    s->used_count++;
}

int sandbox_issuer_add_used_paycode(struct sandbox_issuer *s, const char *token_hex,
                                    struct ps_reason *why)
{
    uint8_t token[SANDBOX_TOKEN_LEN];
    size_t got = 0;

    if (token_hex == NULL || strlen(token_hex) != KEYS_TOKEN_HEX ||
        ps_hex_decode(token_hex, KEYS_TOKEN_HEX, token, sizeof(token), &got, NULL) != 0)
        return ps_fail(why, PS_EFORMAT, "used payment code: token is not 64 hex digits");
    if (code_used(s, token))
        return PS_OK;
    if (reserve_used(s) != 0)
        return ps_fail(why, PS_ENOMEM, "used payment code: out of memory");
    insert_used(s, token);
    return PS_OK;
}

void sandbox__paycodes_free(struct sandbox_issuer *s)
{
    free(s->used_codes);
    s->used_codes = NULL;
    s->used_count = s->used_cap = 0;
    sandbox__index_free(&s->used_by_token);
}

/* The code's token (OUT) and masked form into res; 96 when it cannot be had. */
static int code_token(const struct sandbox_issuer *s, const struct auth_request *req,
                      uint8_t token[SANDBOX_TOKEN_LEN], struct auth_result *res)
{
    char hex[KEYS_TOKEN_HEX + 1];
    size_t got = 0;

    if (req->pan_token != NULL && strlen(req->pan_token) == KEYS_TOKEN_HEX)
        memcpy(hex, req->pan_token, sizeof(hex)); /* computed off the engine thread */
    else
        host_keys_pan_token(s->keys, req->paycode, hex);
    memcpy(res->card_token, hex, sizeof(res->card_token));
    host_keys_mask_paycode(req->paycode, res->card_masked);
    if (ps_hex_decode(hex, KEYS_TOKEN_HEX, token, SANDBOX_TOKEN_LEN, &got, NULL) != 0)
        return sandbox__decline(res, "96", "issuer: payment code token is not hex");
    return 0;
}

void sandbox__wallet_tokens(struct sandbox_issuer *s)
{
    static const enum ps_paycode_scheme schemes[] = {PS_PAYCODE_WECHAT, PS_PAYCODE_ALIPAY,
                                                     PS_PAYCODE_UNIONPAY};
    char hex[KEYS_TOKEN_HEX + 1];
    size_t got = 0;

    for (size_t i = 0; i < PS_ARRAY_LEN(schemes); i++) {
        sandbox_wallet_token(s->keys, schemes[i], hex);
        ps_hex_decode(hex, KEYS_TOKEN_HEX, s->wallet_token[schemes[i]], SANDBOX_TOKEN_LEN, &got,
                      NULL); /* 64 hex digits: it cannot fail */
    }
}

/* The wallet of the code's scheme (OUT); 14 when the issuer has none. */
static int find_wallet(const struct sandbox_issuer *s, int scheme, struct auth_result *res,
                       struct sandbox_card **out)
{
    const char *name = ps_paycode_scheme_name((enum ps_paycode_scheme)scheme);

    *out = NULL;
    if (scheme > 0 && (size_t)scheme < PS_ARRAY_LEN(s->wallet_token))
        *out = sandbox__card_by_token(s, s->wallet_token[scheme]);
    if (*out == NULL)
        return sandbox__decline(res, "14", "no %s wallet at the issuer", name);
    if ((*out)->status != SANDBOX_ACTIVE)
        return sandbox__decline(res, "14", "the %s wallet is not active", name);
    return 0;
}

static int check_funds(const struct sandbox_card *w, int64_t amount, struct auth_result *res)
{
    if (amount < 1)
        return sandbox__decline(res, "13", "amount %s: at least 0.01 needed",
                                sandbox__yuan(amount).text);
    if (w->balance < amount)
        return sandbox__decline(res, "51",
                                "insufficient funds in the wallet: %s available, %s "
                                "asked",
                                sandbox__yuan(w->balance).text, sandbox__yuan(amount).text);
    return 0;
}

/* Keeps the code's token and masked form in res over the wallet's. */
static void result_wallet(struct auth_result *res, const struct sandbox_card *w)
{
    char token[sizeof(res->card_token)], masked[sizeof(res->card_masked)];
    memcpy(token, res->card_token, sizeof(token));
    memcpy(masked, res->card_masked, sizeof(masked));
    sandbox__result_card(res, w);
    memcpy(res->card_token, token, sizeof(token));
    memcpy(res->card_masked, masked, sizeof(masked));
    res->domestic = 1; /* the schemes settle in China */
}

void sandbox__authorize_paycode(struct sandbox_issuer *s, const struct auth_request *req,
                                struct auth_result *res, struct store_batch *batch)
{
    struct sandbox_decision d = {.new_hold = NULL};
    uint8_t token[SANDBOX_TOKEN_LEN];
    uint32_t code;

    if (req->action != AUTH_SALE || req->paycode == NULL) {
        sandbox__decline(res, "96", "issuer: a payment code pays purchases only");
        return;
    }
    if (code_token(s, req, token, res) != 0 || find_wallet(s, req->paycode_scheme, res, &d.card))
        return;
    result_wallet(res, d.card);
    if (code_used(s, token)) {
        sandbox__decline(res, "54", "payment code used already");
        return;
    }
    if (check_funds(d.card, req->amount, res) != 0)
        return;
    if (sandbox__card_change(d.card, req->local_date, -req->amount, 0, -1, &d.change) != 0 ||
        reserve_used(s) != 0 || sandbox__next_code(s, 0, &code) != 0) {
        sandbox__decline(res, "96", "issuer: no room or no authorization code for the payment");
        return;
    }
    if (sandbox__record(s, &d, batch) != 0) {
        sandbox__decline(res, "96", "issuer: out of memory for the commit batch");
        return;
    }
    insert_used(s, token);
    sandbox__code_text(code, res->auth_code);
    res->available = d.card->balance;
    sandbox__approve(res, "approved: %s taken from the %s wallet, %s left",
                     sandbox__yuan(req->amount).text,
                     ps_paycode_scheme_name((enum ps_paycode_scheme)req->paycode_scheme),
                     sandbox__yuan(d.card->balance).text);
}

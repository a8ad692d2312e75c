#include "host/sandbox/demo.h"

#include <stdio.h>
#include <string.h>

#include "core/checks/luhn.h"
#include "core/checks/paycode.h"
#include "core/hex.h"
#include "host/txn/sandbox_issuer.h"
#include "host/txn/security.h"

struct demo_card {
    const char *pan;
    int kind;
    int64_t balance;
    const char *expiry;
    const char *status;
};

/* The demo table (docs/sandbox.md). */
static const struct demo_card demo_cards[] = {
    {"6222020000000000018", CARD_DEBIT, 100000000, "3012", "active"},
    {"6222020000000000026", CARD_DEBIT, 10000, "3012", "active"},
    {"6258070000000000011", CARD_CREDIT, 5000000, "3012", "active"},
    {"6222020000000000034", CARD_DEBIT, 100000000, "3012", "lost"},
    {"6222020000000000042", CARD_DEBIT, 100000000, "2001", "active"},
    {"6222020000000000059", CARD_DEBIT, 100000000, "3012", "stolen"},
    {"4367420000000000019", CARD_CREDIT, 5000000, "3012", "active"},
};

static int count_merchant(void *ctx, const struct merchant_row *row)
{
    (void)row;
    ++*(int *)ctx;
    return 1; /* one is enough to know */
}

void demo_fleet_pan(unsigned index, char pan[20])
{
    char check = '0';
    snprintf(pan, 20, "6222021%011u", index);
    ps_luhn_compute(pan, 18, &check, NULL);
    pan[18] = check;
    pan[19] = '\0';
}

static void add_merchants(struct store_batch *b)
{
    for (int k = 1; k <= DEMO_MERCHANTS; k++) {
        struct merchant_row *m = &store_batch_add(b, STORE_MERCHANT_PUT)->u.merchant;
        m->id = k;
        snprintf(m->mid, sizeof(m->mid), "89810001234%04d", k);
        snprintf(m->name, sizeof(m->name), "Demo Shop %03d", k);
        snprintf(m->mcc, sizeof(m->mcc), "5411");
        m->fee_ppm = 6000;
        snprintf(m->status, sizeof(m->status), "active");
    }
}

static int add_terminals(struct store_batch *b, const struct host_keys *keys, struct ps_reason *why)
{
    uint8_t tmk[16];
    size_t len = 0;
    char wrapped[KEYS_WRAPPED_MAX + 1];
    ps_hex_decode(DEMO_TMK_HEX, strlen(DEMO_TMK_HEX), tmk, sizeof(tmk), &len, NULL);
    int rc = host_keys_wrap(keys, tmk, sizeof(tmk), wrapped, why);
    memset(tmk, 0, sizeof(tmk));
    if (rc != 0)
        return rc;
    for (int i = 0; i < DEMO_TERMINALS; i++) {
        struct terminal_row *t = &store_batch_add(b, STORE_TERMINAL_PUT)->u.terminal;
        t->id = 1000 + i;
        snprintf(t->tid, sizeof(t->tid), "%08d", DEMO_FIRST_TID + i);
        t->merchant_id = 1 + i / 10;
        snprintf(t->status, sizeof(t->status), "active");
        snprintf(t->tmk, sizeof(t->tmk), "%s", wrapped);
        t->batch = 1;
    }
    return PS_OK;
}

static void add_card(struct store_batch *b, const struct host_keys *keys, int64_t id,
                     const char *pan, int kind, int64_t balance, const char *expiry,
                     const char *status)
{
    uint8_t proof[TXN_PIN_PROOF_LEN];
    struct card_row *c = &store_batch_add(b, STORE_CARD_PUT)->u.card;
    c->id = id;
    host_keys_pan_token(keys, pan, c->token);
    host_keys_mask_pan(pan, c->masked);
    c->kind = kind;
    c->domestic = strncmp(pan, "62", 2) == 0;
    c->balance = balance;
    snprintf(c->expiry, sizeof(c->expiry), "%s", expiry);
    snprintf(c->status, sizeof(c->status), "%s", status);
    txn_pin_proof_of(host_keys_pin_pepper(keys), pan, DEMO_PIN, proof);
    ps_hex_encode(proof, sizeof(proof), c->pin_verifier);
}

/* The QR wallets (docs/sandbox.md): one per payment-code scheme, the account its codes
 * pay from. A card row without a PIN, under the wallet's own token. */
static void add_wallets(struct store_batch *b, const struct host_keys *keys)
{
    static const int schemes[] = {PS_PAYCODE_WECHAT, PS_PAYCODE_ALIPAY, PS_PAYCODE_UNIONPAY};
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        struct card_row *c = &store_batch_add(b, STORE_CARD_PUT)->u.card;
        c->id = DEMO_WALLET_FIRST_ID + schemes[i];
        sandbox_wallet_token(keys, schemes[i], c->token);
        snprintf(c->masked, sizeof(c->masked), "QR wallet %d", schemes[i]);
        c->kind = CARD_DEBIT;
        c->domestic = 1;
        c->balance = DEMO_WALLET_BALANCE;
        snprintf(c->expiry, sizeof(c->expiry), "9912");
        snprintf(c->status, sizeof(c->status), "active");
    }
}

int demo_seed(struct store *s, const struct host_keys *keys, struct ps_reason *why)
{
    struct store_batch b;
    int merchants = 0, rc;

    rc = store_each_merchant(s, count_merchant, &merchants, why);
    if (rc < 0)
        return rc;
    if (merchants > 0)
        return 0;
    store_batch_init(&b);
    add_merchants(&b);
    rc = add_terminals(&b, keys, why);
    for (size_t i = 0; rc == 0 && i < sizeof(demo_cards) / sizeof(demo_cards[0]); i++) {
        const struct demo_card *d = &demo_cards[i];
        add_card(&b, keys, 100000 + (int64_t)i, d->pan, d->kind, d->balance, d->expiry,
                 d->status);
    }
    for (unsigned i = 0; rc == 0 && i < DEMO_FLEET_CARDS; i++) {
        char pan[20];
        demo_fleet_pan(i, pan);
        add_card(&b, keys, 200000 + (int64_t)i, pan, CARD_DEBIT, 10000000000LL, "3012", "active");
    }
    if (rc == 0)
        add_wallets(&b, keys);
    if (rc == 0)
        rc = store_commit(s, &b, why);
    store_batch_free(&b);
    return rc == 0 ? 1 : rc;
}

/* demo.h — the demo sandbox possumd --demo seeds into an empty store (docs/sandbox.md):
 *
 *   100 merchants    MID 89810001234 + 0001..0100, fee 0.60% of each sale
 *   1,000 terminals  TID 10000001..10001000; terminal t belongs to merchant
 *                    1 + (t - 10000001) / 10; every one with the terminal master key
 *                    0123456789ABCDEFFEDCBA9876543210 — a development key, printed with
 *                    a warning, never for production
 *   7 demo cards     the table in docs/sandbox.md (PIN 123456)
 *   3 QR wallets     one per payment-code scheme, 1,000,000.00 each (docs/sandbox.md)
 *   1,000 fleet cards  6222021 + 11-digit index + Luhn digit, PIN 123456, balance
 *                    100,000,000.00 each, for possumctl fleet and make bench
 *
 * The terminal, merchant and card numbers here are the contract possumctl fleet and
 * the tests rely on. */
#ifndef POSSUM_HOST_SANDBOX_DEMO_H
#define POSSUM_HOST_SANDBOX_DEMO_H

#include "core/error.h"
#include "host/keys.h"
#include "host/store/store.h"

#define DEMO_TMK_HEX "0123456789ABCDEFFEDCBA9876543210"
#define DEMO_MERCHANTS 100
#define DEMO_TERMINALS 1000
#define DEMO_FIRST_TID 10000001
#define DEMO_FLEET_CARDS 1000
#define DEMO_PIN "123456"
#define DEMO_WALLET_FIRST_ID 300000 /* + the scheme (core/checks/paycode.h): 300001-300003 */
#define DEMO_WALLET_BALANCE 100000000 /* 1,000,000.00 in each QR wallet */

/* Seeds the sandbox when the store has no merchant yet; returns 1 when it seeded, 0
 * when the store already had data (nothing written), or < 0. */
int demo_seed(struct store *s, const struct host_keys *keys, struct ps_reason *why);

/* The fleet card with this index: 19 digits and a NUL into pan. */
void demo_fleet_pan(unsigned index, char pan[20]);

#endif

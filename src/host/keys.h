/* keys.h — possumd's master key and what is derived from it. The master key lives in a
 * file outside the database (mode 0600, 64 hex digits), created on first start. Keys
 * stored in the database (terminal master keys, working keys) are wrapped under it
 * with AES-256-GCM; PANs are stored as an HMAC token under a key derived from it, and
 * PIN proofs (txn/security.h) use another derived key, the pepper. Nothing here logs
 * or prints key material. */
#ifndef POSSUM_HOST_KEYS_H
#define POSSUM_HOST_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define KEYS_TOKEN_HEX 64   /* a PAN token: HMAC-SHA256, hex */
#define KEYS_WRAPPED_MAX 160 /* hex of nonce (12) + ciphertext (<= 32) + tag (16) */

struct host_keys;

/* Loads the master key from path, creating it (random, mode 0600) when it does not
 * exist and create is set. Refuses a file readable by group or others. */
int host_keys_load(struct host_keys **out, const char *path, int create, struct ps_reason *why);
void host_keys_free(struct host_keys *k); /* wipes; NULL is allowed */

/* Wraps key[0..len) (len <= 32) as hex into out (KEYS_WRAPPED_MAX + 1 chars). */
int host_keys_wrap(const struct host_keys *k, const uint8_t *key, size_t len, char *out,
                   struct ps_reason *why);
/* Unwraps hex into out[0..cap), setting *len. PS_ECHECK when the tag does not match. */
int host_keys_unwrap(const struct host_keys *k, const char *hex, uint8_t *out, size_t cap,
                     size_t *len, struct ps_reason *why);

/* The token of a PAN: HMAC-SHA256 under the derived token key, hex (65 chars). */
void host_keys_pan_token(const struct host_keys *k, const char *pan, char out[KEYS_TOKEN_HEX + 1]);

/* The masked form of a PAN for display: first 6 and last 4 digits, '*' between
 * ("622202******0018"); out holds 20 chars. */
void host_keys_mask_pan(const char *pan, char out[20]);

/* The masked form of a payment code (QR payments): its first 4 and last 4 digits with
 * '*' between ("1345**********6789"). A code of over 19 digits (Alipay's run to 24)
 * gets 11 stars, so the form fits where a masked PAN does; out holds 20 chars. */
void host_keys_mask_paycode(const char *code, char out[20]);

/* The 32-byte pepper of PIN proofs. Valid while k lives. */
const uint8_t *host_keys_pin_pepper(const struct host_keys *k);

#endif

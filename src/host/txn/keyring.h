/* keyring.h — every terminal's current working keys as ready cipher handles, shared by
 * the gateway threads (which check MACs and decrypt PIN blocks) and the engine (which
 * installs new keys at sign-in). Thread-safe: a read-write lock guards the table and
 * a mutex each entry, since a cipher handle is not safe to use from two threads at
 * once. Keys are copied in; the keyring owns its handles and wipes them when replaced
 * or freed. */
#ifndef POSSUM_HOST_TXN_KEYRING_H
#define POSSUM_HOST_TXN_KEYRING_H

#include <stddef.h>
#include <stdint.h>

#include "core/crypto/cipher.h"
#include "core/error.h"

struct keyring;

int keyring_new(struct keyring **out);
void keyring_free(struct keyring *kr); /* NULL is allowed */

/* Installs (or replaces) tid's working keys: pik (16 bytes, 3DES) and mak (8 bytes,
 * DES, or 16, 3DES). Returns 0, PS_EINVAL or PS_ENOMEM. */
int keyring_set(struct keyring *kr, const char *tid, const uint8_t *pik, size_t pik_len,
                const uint8_t *mak, size_t mak_len, struct ps_reason *why);

/* Forgets tid's keys (sign-off). */
void keyring_drop(struct keyring *kr, const char *tid);

/* Calls fn(ctx, pik, mak) with tid's handles while holding tid's entry, and returns
 * what fn returns; pik and mak are NULL when tid has no keys. fn must not call back
 * into the keyring. */
int keyring_with(struct keyring *kr, const char *tid,
                 int (*fn)(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak), void *ctx);

#endif

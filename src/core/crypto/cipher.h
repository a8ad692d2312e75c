/* cipher.h — the block ciphers of card payments on OpenSSL 3: DES, 3DES and SM4, in ECB
 * and CBC, without padding.
 *
 * The DES family is one algorithm whose key length says which member it is:
 *   8 bytes   single DES (computed as 3DES with K|K|K: same result, and OpenSSL 3 keeps
 *             single DES in its legacy provider, which libpossum does not load)
 *   16 bytes  2-key 3DES, K1|K2 (keying option 2 of NIST SP 800-67: K3 = K1)
 *   24 bytes  3-key 3DES, K1|K2|K3
 * SM4 (GB/T 32907-2016) takes a 16-byte key and has a 16-byte block.
 *
 * A struct ps_cipher is made once per key (at sign-in, when a working key arrives) and
 * then costs no allocation and no algorithm lookup per block: it keeps an encrypting
 * and a decrypting OpenSSL context, initialised with the key. It does not keep the key
 * bytes themselves; the contexts' key schedules are wiped by ps_cipher_free().
 *
 * A handle is not thread-safe: use it from one thread at a time.
 */
#ifndef POSSUM_CORE_CRYPTO_CIPHER_H
#define POSSUM_CORE_CRYPTO_CIPHER_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum ps_cipher_alg {
    PS_CIPHER_TDES = 1, /* the DES family; the key length picks DES, 2-key or 3-key 3DES */
    PS_CIPHER_SM4 = 2   /* SM4, 16-byte key */
};

enum ps_cipher_mode { PS_CIPHER_ECB = 1, PS_CIPHER_CBC = 2 };

enum ps_cipher_dir { PS_CIPHER_ENCRYPT = 1, PS_CIPHER_DECRYPT = 2 };

#define PS_TDES_BLOCK       8  /* DES and 3DES block size */
#define PS_SM4_BLOCK        16 /* SM4 block size */
#define PS_CIPHER_BLOCK_MAX 16
#define PS_CIPHER_KEY_MAX   24

struct ps_cipher;

/* Prepares a handle for key[0..key_len) under alg and sets *out (OUT) to it; the key
 * is copied into OpenSSL's key schedule, so the caller may wipe its copy at once. The
 * caller frees the handle with ps_cipher_free().
 * Returns 0, PS_EINVAL (unknown alg or a key length alg does not take, named in why),
 * PS_ENOMEM or PS_ECRYPTO. On error *out is NULL. */
int ps_cipher_new(struct ps_cipher **out, enum ps_cipher_alg alg, const uint8_t *key,
                  size_t key_len, struct ps_reason *why);

/* Wipes and frees c; NULL is allowed. */
void ps_cipher_free(struct ps_cipher *c);

enum ps_cipher_alg ps_cipher_alg(const struct ps_cipher *c);
/* 8 for the DES family, 16 for SM4. */
size_t ps_cipher_block_size(const struct ps_cipher *c);
/* The key length the handle was made with (8, 16 or 24). */
size_t ps_cipher_key_len(const struct ps_cipher *c);

/* ECB over in[0..len) into out[0..len); len must be a multiple of the block size
 * (0 is allowed). out may be in itself (in place) but must not otherwise overlap it.
 * Returns 0, PS_EINVAL (len not a block multiple) or PS_ECRYPTO. */
int ps_cipher_ecb_encrypt(struct ps_cipher *c, const uint8_t *in, size_t len, uint8_t *out,
                          struct ps_reason *why);
int ps_cipher_ecb_decrypt(struct ps_cipher *c, const uint8_t *in, size_t len, uint8_t *out,
                          struct ps_reason *why);

/* CBC with the initial value iv (one block), otherwise as the ECB functions. iv is
 * only read. */
int ps_cipher_cbc_encrypt(struct ps_cipher *c, const uint8_t *iv, const uint8_t *in, size_t len,
                          uint8_t *out, struct ps_reason *why);
int ps_cipher_cbc_decrypt(struct ps_cipher *c, const uint8_t *iv, const uint8_t *in, size_t len,
                          uint8_t *out, struct ps_reason *why);

/* One-shot for tools: makes a handle, runs one ECB or CBC operation, frees it. iv is
 * required for CBC (one block) and must be NULL for ECB.
 * Returns as ps_cipher_new() and the operation. */
int ps_cipher_oneshot(enum ps_cipher_alg alg, enum ps_cipher_mode mode, enum ps_cipher_dir dir,
                      const uint8_t *key, size_t key_len, const uint8_t *iv, const uint8_t *in,
                      size_t len, uint8_t *out, struct ps_reason *why);

/* Key check value: the first out_len bytes (1 to the block size) of the key
 * encrypting an all-zero block, written to out (OUT).
 * Returns 0, PS_EINVAL (bad alg, key length or out_len) or PS_ENOMEM / PS_ECRYPTO. */
int ps_kcv(enum ps_cipher_alg alg, const uint8_t *key, size_t key_len, uint8_t *out, size_t out_len,
           struct ps_reason *why);

#endif

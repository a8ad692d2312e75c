/* working_keys.h — the working keys a CUP POS sign-in response (0810) carries in field
 * 62: the PIN key (PIK), the MAC key (MAK) and optionally the track data key (TDK), each
 * encrypted under the terminal master key (TMK) and followed by a 4-byte check value.
 *
 * 3DES scheme (double-length keys; 60.3 = 003 gives 40 bytes, 60.3 = 004 adds the TDK
 * for 60 bytes). The TMK is double-length (16 bytes).
 *
 *   offset  bytes  content
 *   0       16     PIK (16 bytes) encrypted under the TMK, 3DES ECB
 *   16      4      PIK check value: first 4 bytes of 3DES(PIK, 8 zero bytes)
 *   20      8      MAK (single-length, 8 bytes) encrypted under the TMK, 3DES ECB
 *   28      8      zero bytes (the MAK slot is as long as the others)
 *   36      4      MAK check value: first 4 bytes of DES(MAK, 8 zero bytes)
 *   40      16     TDK (16 bytes) encrypted under the TMK, 3DES ECB      [004 only]
 *   56      4      TDK check value: first 4 bytes of 3DES(TDK, 8 zero bytes)  [004 only]
 *
 * SM4 scheme (国密): the same places, but every key — the MAK too — is 16 bytes of SM4 ECB
 * ciphertext under a 16-byte SM4 TMK, and every check value is the first 4 bytes of
 * SM4(key, 16 zero bytes): 40 bytes, or 60 with the TDK.
 *
 * (The single-length scheme, 60.3 = 001 with 24 bytes, is not supported.)
 *
 * struct ps_working_keys holds clear keys: the caller owns it, and wipes it with
 * ps_working_keys_cleanup() when done.
 */
#ifndef POSSUM_CORE_CRYPTO_WORKING_KEYS_H
#define POSSUM_CORE_CRYPTO_WORKING_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum ps_wk_scheme {
    PS_WK_TDES = 1, /* double-length 3DES keys, single-length MAK */
    PS_WK_SM4 = 2   /* SM4 keys */
};

#define PS_WK_KEY_MAX       16 /* every key but the 3DES scheme's MAK */
#define PS_WK_TMK_LEN       16
#define PS_WK_CHECK_LEN     4
#define PS_WK_FIELD62_SHORT 40 /* PIK, MAK */
#define PS_WK_FIELD62_LONG  60 /* PIK, MAK, TDK */

struct ps_working_keys {
    enum ps_wk_scheme scheme;
    uint8_t pik[PS_WK_KEY_MAX];
    uint8_t mak[PS_WK_KEY_MAX]; /* ps_working_keys_mak_len(scheme) bytes used */
    uint8_t tdk[PS_WK_KEY_MAX]; /* meaningful when has_tdk */
    bool has_tdk;
};

/* Clears k and sets its scheme. */
void ps_working_keys_init(struct ps_working_keys *k, enum ps_wk_scheme scheme);

/* Wipes every key in k (OPENSSL_cleanse). */
void ps_working_keys_cleanup(struct ps_working_keys *k);

/* The MAK length of scheme: 8 for PS_WK_TDES, 16 for PS_WK_SM4, 0 when undefined. */
size_t ps_working_keys_mak_len(enum ps_wk_scheme scheme);

/* Fills k (OUT) with fresh random keys from RAND_bytes (3DES-scheme keys with odd
 * parity, as FIPS 46-3 defines the low bit of each DES key byte), with a TDK when
 * with_tdk. Returns 0, PS_EINVAL (undefined scheme) or PS_ECRYPTO (no randomness). */
int ps_working_keys_generate(struct ps_working_keys *k, enum ps_wk_scheme scheme, bool with_tdk,
                             struct ps_reason *why);

/* Builds field 62 from the clear keys k under tmk[0..tmk_len) into out (OUT, cap bytes);
 * *out_len (OUT) is 40, or 60 with the TDK.
 * Returns 0, PS_EINVAL (undefined scheme, TMK length), PS_ESPACE, PS_ENOMEM or
 * PS_ECRYPTO. */
int ps_working_keys_wrap(const struct ps_working_keys *k, const uint8_t *tmk, size_t tmk_len,
                         uint8_t *out, size_t cap, size_t *out_len, struct ps_reason *why);

/* Decrypts field 62, field62[0..len), under tmk and verifies every check value, filling
 * out (OUT; wiped and re-initialised on error).
 * Returns 0, PS_EINVAL (undefined scheme, TMK length), PS_EFORMAT (a length other than
 * 40 or 60, or non-zero padding after the 3DES scheme's MAK), PS_ECHECK ("field 62: MAK
 * check value mismatch"), PS_ENOMEM or PS_ECRYPTO. */
int ps_working_keys_unwrap(enum ps_wk_scheme scheme, const uint8_t *tmk, size_t tmk_len,
                           const uint8_t *field62, size_t len, struct ps_working_keys *out,
                           struct ps_reason *why);

#endif

/* mac.h — the message authentication codes POS messages carry in field 64.
 *
 *   alg               key                         MAC
 *   PS_MAC_CUP_ECB    8 (DES) or 16 (3DES) bytes  8 ASCII hex chars (UnionPay "ECB" MAC)
 *   PS_MAC_X919       16 bytes, K1|K2             8 bytes (ANSI X9.19 retail MAC)
 *   PS_MAC_ALG1_TDES  8, 16 or 24 bytes           8 bytes (ISO/IEC 9797-1 algorithm 1)
 *   PS_MAC_ALG1_SM4   16 bytes                    16 bytes (ISO/IEC 9797-1 algorithm 1)
 *
 * Every algorithm pads with zero bytes (ISO/IEC 9797-1 padding method 1); the MAC
 * algorithms 1 and 3 pad empty data to one zero block, as the 2011 edition says.
 *
 * ps_mac() is the one-shot form for tools. The host computes a MAC per message, so the
 * ps_mac_cup() / ps_mac_x919() / ps_mac_alg1() forms take handles prepared once per key
 * (core/crypto/cipher.h) and allocate nothing. A MAC is checked with ps_mac_verify(),
 * in constant time, never with memcmp.
 */
#ifndef POSSUM_CORE_CRYPTO_MAC_H
#define POSSUM_CORE_CRYPTO_MAC_H

#include <stddef.h>
#include <stdint.h>

#include "core/crypto/cipher.h"
#include "core/error.h"

enum ps_mac_alg { PS_MAC_CUP_ECB = 1, PS_MAC_X919 = 2, PS_MAC_ALG1_TDES = 3, PS_MAC_ALG1_SM4 = 4 };

#define PS_MAC_CUP_LEN 8  /* field 64 of the CUP POS dialect */
#define PS_MAC_MAX     16 /* the longest MAC: algorithm 1 with SM4 */

/* The MAC length of alg in bytes, or 0 when alg is not defined. */
size_t ps_mac_len(enum ps_mac_alg alg);

/* One-shot: the MAC of data[0..len) under key[0..key_len), written to out (OUT, cap
 * bytes) with its length in *out_len (OUT).
 * Returns 0, PS_EINVAL (undefined alg, or a key length alg does not take, named in
 * why), PS_ESPACE (cap below ps_mac_len(alg)), PS_ENOMEM or PS_ECRYPTO. */
int ps_mac(enum ps_mac_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
           uint8_t *out, size_t cap, size_t *out_len, struct ps_reason *why);

/* The UnionPay POS "ECB" MAC of data[0..len) under mak, a DES-family handle made with
 * an 8-byte (DES) or 16-byte (3DES) key. out (OUT) receives the 8 uppercase hex ASCII
 * characters that go into field 64. Returns 0, PS_EINVAL (another kind of key) or
 * PS_ECRYPTO. */
int ps_mac_cup(struct ps_cipher *mak, const uint8_t *data, size_t len, uint8_t out[PS_MAC_CUP_LEN],
               struct ps_reason *why);

/* ANSI X9.19 retail MAC (ISO/IEC 9797-1 MAC algorithm 3 with DES) of data[0..len).
 * k1 and k2 are single-DES handles (8-byte keys) of the two halves of the 16-byte
 * key. out (OUT) receives 8 bytes. Returns 0, PS_EINVAL (a handle that is not single
 * DES) or PS_ECRYPTO. */
int ps_mac_x919(struct ps_cipher *k1, struct ps_cipher *k2, const uint8_t *data, size_t len,
                uint8_t out[PS_TDES_BLOCK], struct ps_reason *why);

/* ISO/IEC 9797-1 MAC algorithm 1 (CBC-MAC, zero initial value, no output
 * transformation) of data[0..len) under key (any handle). out (OUT, cap bytes) receives
 * one block: 8 bytes for the DES family, 16 for SM4; *out_len (OUT) says which.
 * Returns 0, PS_ESPACE or PS_ECRYPTO. */
int ps_mac_alg1(struct ps_cipher *key, const uint8_t *data, size_t len, uint8_t *out, size_t cap,
                size_t *out_len, struct ps_reason *why);

/* Compares the MAC received with the MAC computed, want[0..len) and got[0..len), in
 * constant time. Returns 0 when they are equal, PS_ECHECK ("MAC mismatch") otherwise. */
int ps_mac_verify(const uint8_t *want, const uint8_t *got, size_t len, struct ps_reason *why);

#endif

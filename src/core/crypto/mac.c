#include "core/crypto/mac.h"

#include <string.h>

#include <openssl/crypto.h>

#include "core/hex.h"

size_t ps_mac_len(enum ps_mac_alg alg)
{
    switch (alg) {
    case PS_MAC_CUP_ECB:
    case PS_MAC_X919:
    case PS_MAC_ALG1_TDES:
        return PS_TDES_BLOCK;
    case PS_MAC_ALG1_SM4:
        return PS_SM4_BLOCK;
    }
    return 0;
}

static int is_single_des(const struct ps_cipher *c)
{
    return ps_cipher_alg(c) == PS_CIPHER_TDES && ps_cipher_key_len(c) == 8;
}

/* ISO/IEC 9797-1 MAC algorithm 1 up to H_q: H_0 = 0, H_i = E(H_i-1 xor D_i), the data
 * zero-padded to a positive number of blocks (padding method 1). Padding bytes are
 * zero, so they are simply not XORed in. h receives one block. */
static int cbc_mac(struct ps_cipher *c, const uint8_t *data, size_t len, uint8_t *h,
                   struct ps_reason *why)
{
    size_t bs = ps_cipher_block_size(c);
    size_t blocks = len / bs + (len % bs != 0);

    if (blocks == 0)
        blocks = 1; /* empty data is one zero block */
    memset(h, 0, bs);
    for (size_t b = 0; b < blocks; b++) {
        size_t off = b * bs;
        size_t n = len - off < bs ? len - off : bs;
        for (size_t i = 0; i < n; i++)
            h[i] ^= data[off + i];
        int rc = ps_cipher_ecb_encrypt(c, h, bs, h, why);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int ps_mac_alg1(struct ps_cipher *key, const uint8_t *data, size_t len, uint8_t *out, size_t cap,
                size_t *out_len, struct ps_reason *why)
{
    size_t bs = ps_cipher_block_size(key);
    uint8_t h[PS_CIPHER_BLOCK_MAX];
    int rc;

    *out_len = 0;
    if (cap < bs)
        return ps_fail(why, PS_ESPACE, "MAC: %zu bytes of room, %zu needed", cap, bs);
    rc = cbc_mac(key, data, len, h, why);
    if (rc != 0)
        return rc;
    memcpy(out, h, bs);
    *out_len = bs;
    return 0;
}

/* ISO/IEC 9797-1 MAC algorithm 3 = ANSI X9.19: algorithm 1 under K1, then output
 * transformation 3, G = E_K1(D_K2(H_q)). */
int ps_mac_x919(struct ps_cipher *k1, struct ps_cipher *k2, const uint8_t *data, size_t len,
                uint8_t out[PS_TDES_BLOCK], struct ps_reason *why)
{
    uint8_t h[PS_TDES_BLOCK];
    int rc;

    if (!is_single_des(k1) || !is_single_des(k2))
        return ps_fail(why, PS_EINVAL, "X9.19 MAC: K1 and K2 must be single-DES keys");
    rc = cbc_mac(k1, data, len, h, why);
    if (rc == 0)
        rc = ps_cipher_ecb_decrypt(k2, h, sizeof(h), h, why);
    if (rc == 0)
        rc = ps_cipher_ecb_encrypt(k1, h, sizeof(h), h, why);
    if (rc == 0)
        memcpy(out, h, sizeof(h));
    return rc;
}

/* China UnionPay POS terminal specification, "ECB" MAC algorithm:
 *   a-b) XOR the MAC element block, zero-padded, 8 bytes at a time into R;
 *   c)   write R as 16 uppercase hex characters;
 *   d)   encrypt the first 8 characters with the MAK;
 *   e)   XOR the result with the last 8 characters;
 *   f)   encrypt again with the MAK;
 *   g-h) write the result as 16 uppercase hex characters; the MAC is the first 8. */
int ps_mac_cup(struct ps_cipher *mak, const uint8_t *data, size_t len, uint8_t out[PS_MAC_CUP_LEN],
               struct ps_reason *why)
{
    uint8_t r[PS_TDES_BLOCK] = {0};
    uint8_t block[PS_TDES_BLOCK];
    char hex[2 * PS_TDES_BLOCK + 1];
    int rc;

    if (ps_cipher_alg(mak) != PS_CIPHER_TDES || ps_cipher_key_len(mak) == 24)
        return ps_fail(why, PS_EINVAL,
                       "cup MAC: the MAK must be an 8-byte DES or 16-byte 3DES key");
    for (size_t i = 0; i < len; i++)
        r[i % PS_TDES_BLOCK] ^= data[i];
    ps_hex_encode(r, sizeof(r), hex);
    rc = ps_cipher_ecb_encrypt(mak, (const uint8_t *)hex, PS_TDES_BLOCK, block, why);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < PS_TDES_BLOCK; i++)
        block[i] ^= (uint8_t)hex[PS_TDES_BLOCK + i];
    rc = ps_cipher_ecb_encrypt(mak, block, sizeof(block), block, why);
    if (rc != 0)
        return rc;
    ps_hex_encode(block, sizeof(block), hex);
    memcpy(out, hex, PS_MAC_CUP_LEN);
    return 0;
}

static int check_key_len(enum ps_mac_alg alg, size_t key_len, struct ps_reason *why)
{
    switch (alg) {
    case PS_MAC_CUP_ECB:
        if (key_len == 8 || key_len == 16)
            return 0;
        return ps_fail(why, PS_EINVAL, "cup MAC key: %zu bytes; 8 (DES) or 16 (3DES) expected",
                       key_len);
    case PS_MAC_X919:
        if (key_len == 16)
            return 0;
        return ps_fail(why, PS_EINVAL, "X9.19 MAC key: %zu bytes; 16 (K1|K2) expected", key_len);
    case PS_MAC_ALG1_TDES:
    case PS_MAC_ALG1_SM4:
        return 0; /* ps_cipher_new() names a bad length */
    }
    return ps_fail(why, PS_EINVAL, "MAC algorithm %d is not defined", (int)alg);
}

static int mac_x919_oneshot(const uint8_t *key, const uint8_t *data, size_t len, uint8_t *out,
                            struct ps_reason *why)
{
    struct ps_cipher *k1 = NULL;
    struct ps_cipher *k2 = NULL;
    int rc;

    rc = ps_cipher_new(&k1, PS_CIPHER_TDES, key, 8, why);
    if (rc == 0)
        rc = ps_cipher_new(&k2, PS_CIPHER_TDES, key + 8, 8, why);
    if (rc == 0)
        rc = ps_mac_x919(k1, k2, data, len, out, why);
    ps_cipher_free(k1);
    ps_cipher_free(k2);
    return rc;
}

int ps_mac(enum ps_mac_alg alg, const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
           uint8_t *out, size_t cap, size_t *out_len, struct ps_reason *why)
{
    struct ps_cipher *c = NULL;
    size_t want = ps_mac_len(alg);
    int rc;

    *out_len = 0;
    rc = check_key_len(alg, key_len, why);
    if (rc != 0)
        return rc;
    if (cap < want)
        return ps_fail(why, PS_ESPACE, "MAC: %zu bytes of room, %zu needed", cap, want);
    if (alg == PS_MAC_X919) {
        rc = mac_x919_oneshot(key, data, len, out, why);
    } else {
        rc = ps_cipher_new(&c, alg == PS_MAC_ALG1_SM4 ? PS_CIPHER_SM4 : PS_CIPHER_TDES, key,
                           key_len, why);
        if (rc == 0 && alg == PS_MAC_CUP_ECB)
            rc = ps_mac_cup(c, data, len, out, why);
        else if (rc == 0)
            rc = ps_mac_alg1(c, data, len, out, cap, out_len, why);
        ps_cipher_free(c);
    }
    if (rc == 0)
        *out_len = want;
    return rc;
}

int ps_mac_verify(const uint8_t *want, const uint8_t *got, size_t len, struct ps_reason *why)
{
    if (CRYPTO_memcmp(want, got, len) == 0)
        return 0;
    return ps_fail(why, PS_ECHECK, "MAC mismatch");
}

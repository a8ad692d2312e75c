#include "core/crypto/working_keys.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/crypto/cipher.h"

/* Field 62 is three slots of 20 bytes: 16 bytes of encrypted key (an 8-byte MAK is
 * followed by 8 zero bytes) and a 4-byte check value. */
#define SLOT_KEY 16
#define SLOT_LEN (SLOT_KEY + PS_WK_CHECK_LEN)

enum slot { SLOT_PIK, SLOT_MAK, SLOT_TDK };

static const char *const slot_names[] = {"PIK", "MAK", "TDK"};

static size_t slot_count(bool has_tdk)
{
    return has_tdk ? 3 : 2;
}

static size_t slot_key_len(enum ps_wk_scheme scheme, size_t s)
{
    return s == SLOT_MAK ? ps_working_keys_mak_len(scheme) : PS_WK_KEY_MAX;
}

static enum ps_cipher_alg scheme_alg(enum ps_wk_scheme scheme)
{
    return scheme == PS_WK_SM4 ? PS_CIPHER_SM4 : PS_CIPHER_TDES;
}

void ps_working_keys_init(struct ps_working_keys *k, enum ps_wk_scheme scheme)
{
    memset(k, 0, sizeof(*k));
    k->scheme = scheme;
}

void ps_working_keys_cleanup(struct ps_working_keys *k)
{
    OPENSSL_cleanse(k, sizeof(*k));
}

size_t ps_working_keys_mak_len(enum ps_wk_scheme scheme)
{
    switch (scheme) {
    case PS_WK_TDES:
        return 8;
    case PS_WK_SM4:
        return 16;
    }
    return 0;
}

static int check_scheme(enum ps_wk_scheme scheme, struct ps_reason *why)
{
    if (ps_working_keys_mak_len(scheme) != 0)
        return 0;
    return ps_fail(why, PS_EINVAL, "working keys: scheme %d is not defined", (int)scheme);
}

/* The TMK handle; both schemes use a 16-byte TMK (double-length 3DES, or SM4). */
static int open_tmk(struct ps_cipher **tmk, enum ps_wk_scheme scheme, const uint8_t *key,
                    size_t key_len, struct ps_reason *why)
{
    int rc = check_scheme(scheme, why);

    *tmk = NULL;
    if (rc != 0)
        return rc;
    if (key_len != PS_WK_TMK_LEN)
        return ps_fail(why, PS_EINVAL, "TMK: %zu bytes; %d expected", key_len, PS_WK_TMK_LEN);
    return ps_cipher_new(tmk, scheme_alg(scheme), key, key_len, why);
}

/* FIPS 46-3: the low bit of each DES key byte makes the byte's count of ones odd. */
static void set_odd_parity(uint8_t *key, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned ones = 0;
        for (unsigned b = key[i] >> 1; b != 0; b >>= 1)
            ones += b & 1u;
        key[i] = (uint8_t)((key[i] & 0xfeu) | (ones % 2 == 0));
    }
}

int ps_working_keys_generate(struct ps_working_keys *k, enum ps_wk_scheme scheme, bool with_tdk,
                             struct ps_reason *why)
{
    int rc = check_scheme(scheme, why);

    if (rc != 0)
        return rc;
    ps_working_keys_init(k, scheme);
    k->has_tdk = with_tdk;
    uint8_t *keys[] = {k->pik, k->mak, k->tdk};
    for (size_t s = 0; s < slot_count(with_tdk); s++) {
        size_t len = slot_key_len(scheme, s);
        if (RAND_bytes(keys[s], (int)len) != 1) {
            ps_working_keys_cleanup(k);
            ps_working_keys_init(k, scheme);
            return ps_fail(why, PS_ECRYPTO, "working keys: no random bytes");
        }
        if (scheme == PS_WK_TDES)
            set_odd_parity(keys[s], len);
    }
    return 0;
}

/* One slot: key encrypted under the TMK, zero-filled to 16 bytes, then its check value. */
static int wrap_slot(struct ps_cipher *tmk, enum ps_wk_scheme scheme, const uint8_t *key,
                     size_t key_len, uint8_t out[SLOT_LEN], struct ps_reason *why)
{
    int rc;

    memset(out, 0, SLOT_LEN);
    rc = ps_cipher_ecb_encrypt(tmk, key, key_len, out, why);
    if (rc == 0)
        rc = ps_kcv(scheme_alg(scheme), key, key_len, out + SLOT_KEY, PS_WK_CHECK_LEN, why);
    return rc;
}

int ps_working_keys_wrap(const struct ps_working_keys *k, const uint8_t *tmk, size_t tmk_len,
                         uint8_t *out, size_t cap, size_t *out_len, struct ps_reason *why)
{
    const uint8_t *keys[] = {k->pik, k->mak, k->tdk};
    size_t need = k->has_tdk ? PS_WK_FIELD62_LONG : PS_WK_FIELD62_SHORT;
    struct ps_cipher *c = NULL;
    int rc;

    *out_len = 0;
    rc = open_tmk(&c, k->scheme, tmk, tmk_len, why);
    if (rc != 0)
        return rc;
    if (cap < need)
        rc = ps_fail(why, PS_ESPACE, "field 62: %zu bytes of room, %zu needed", cap, need);
    for (size_t s = 0; s < slot_count(k->has_tdk) && rc == 0; s++)
        rc = wrap_slot(c, k->scheme, keys[s], slot_key_len(k->scheme, s), out + s * SLOT_LEN, why);
    if (rc == 0)
        *out_len = need;
    ps_cipher_free(c);
    return rc;
}

/* One slot back: the padding after a short key must be zero, and the decrypted key
 * must reproduce the check value (compared in constant time, as secrets are). */
static int unwrap_slot(struct ps_cipher *tmk, enum ps_wk_scheme scheme, size_t s,
                       const uint8_t in[SLOT_LEN], uint8_t *key, struct ps_reason *why)
{
    static const uint8_t zero[SLOT_KEY];
    size_t key_len = slot_key_len(scheme, s);
    uint8_t check[PS_WK_CHECK_LEN];
    int rc;

    if (key_len < SLOT_KEY && CRYPTO_memcmp(in + key_len, zero, SLOT_KEY - key_len) != 0)
        return ps_fail(why, PS_EFORMAT,
                       "field 62: %s bytes %zu to %d are not zero (the %s is single-length)",
                       slot_names[s], key_len + 1, SLOT_KEY, slot_names[s]);
    rc = ps_cipher_ecb_decrypt(tmk, in, key_len, key, why);
    if (rc == 0)
        rc = ps_kcv(scheme_alg(scheme), key, key_len, check, sizeof(check), why);
    if (rc == 0 && CRYPTO_memcmp(check, in + SLOT_KEY, sizeof(check)) != 0)
        rc = ps_fail(why, PS_ECHECK, "field 62: %s check value mismatch", slot_names[s]);
    return rc;
}

int ps_working_keys_unwrap(enum ps_wk_scheme scheme, const uint8_t *tmk, size_t tmk_len,
                           const uint8_t *field62, size_t len, struct ps_working_keys *out,
                           struct ps_reason *why)
{
    struct ps_cipher *c = NULL;
    int rc;

    ps_working_keys_init(out, scheme);
    if (len != PS_WK_FIELD62_SHORT && len != PS_WK_FIELD62_LONG)
        return ps_fail(why, PS_EFORMAT,
                       "field 62: %zu bytes; %d (PIK, MAK) or %d (PIK, MAK, TDK) expected", len,
                       PS_WK_FIELD62_SHORT, PS_WK_FIELD62_LONG);
    rc = open_tmk(&c, scheme, tmk, tmk_len, why);
    if (rc != 0)
        return rc;
    out->has_tdk = len == PS_WK_FIELD62_LONG;
    uint8_t *keys[] = {out->pik, out->mak, out->tdk};
    for (size_t s = 0; s < slot_count(out->has_tdk) && rc == 0; s++)
        rc = unwrap_slot(c, scheme, s, field62 + s * SLOT_LEN, keys[s], why);
    if (rc != 0) {
        ps_working_keys_cleanup(out);
        ps_working_keys_init(out, scheme);
    }
    ps_cipher_free(c);
    return rc;
}

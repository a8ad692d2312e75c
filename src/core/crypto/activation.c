/* The activation code and the TMK wrapped under it (activation.h has the format). */
#include "core/crypto/activation.h"

#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/crypto/cipher.h"

#define KEY_LEN   32 /* AES-256 */
#define SALT_MAX  (PS_ACTIVATION_SALT_LEN + PS_ACTIVATION_SERIAL_MAX)
#define AAD_LABEL "possum-activation"
#define AAD_MAX                                                                                    \
    (sizeof(AAD_LABEL) + 1 + PS_ACTIVATION_SALT_LEN + PS_ACTIVATION_KCV_LEN + 1 +                  \
     PS_ACTIVATION_SERIAL_MAX + 1 + PS_ACTIVATION_TID_LEN)
#define CODE_SPACE 100000000u  /* 10^8 codes */
#define DRAW_LIMIT 4200000000u /* 42 * 10^8: the largest multiple of 10^8 below 2^32 */

/* Where each part sits in the blob. */
enum {
    OFF_VERSION = 0,
    OFF_SALT = OFF_VERSION + 1,
    OFF_NONCE = OFF_SALT + PS_ACTIVATION_SALT_LEN,
    OFF_CT = OFF_NONCE + PS_ACTIVATION_NONCE_LEN,
    OFF_TAG = OFF_CT + PS_ACTIVATION_TMK_LEN,
    OFF_KCV = OFF_TAG + PS_ACTIVATION_TAG_LEN
};

static const char wrong_code[] = "wrong activation code, or the blob was altered";

int ps_random_fill(const struct ps_random *r, uint8_t *out, size_t len, struct ps_reason *why)
{
    if (r != NULL && r->fill != NULL)
        return r->fill(r->ctx, out, len);
    if (len > 0 && RAND_bytes(out, (int)len) != 1)
        return ps_fail(why, PS_ECRYPTO, "no randomness: RAND_bytes failed");
    return PS_OK;
}

int ps_activation_code_generate(const struct ps_random *r, char out[PS_ACTIVATION_CODE_DIGITS + 1],
                                struct ps_reason *why)
{
    uint8_t b[4];
    uint32_t v;
    int rc;

    do {
        if ((rc = ps_random_fill(r, b, sizeof(b), why)) != 0) {
            out[0] = '\0';
            return rc;
        }
        v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
    } while (v >= DRAW_LIMIT);
    snprintf(out, PS_ACTIVATION_CODE_DIGITS + 1, "%08u", (unsigned)(v % CODE_SPACE));
    OPENSSL_cleanse(b, sizeof(b));
    return PS_OK;
}

int ps_activation_code_check(const char *code, struct ps_reason *why)
{
    size_t i;

    if (code == NULL)
        return ps_fail(why, PS_EINVAL, "activation code: missing");
    for (i = 0; code[i] != '\0' && i <= PS_ACTIVATION_CODE_DIGITS; i++)
        if (code[i] < '0' || code[i] > '9')
            return ps_fail(why, PS_EFORMAT, "activation code: character %zu is not a digit", i + 1);
    if (i != PS_ACTIVATION_CODE_DIGITS)
        return ps_fail(why, PS_EFORMAT, "activation code: %s than %d digits",
                       i < PS_ACTIVATION_CODE_DIGITS ? "fewer" : "more", PS_ACTIVATION_CODE_DIGITS);
    return PS_OK;
}

/* printable ASCII without space: what the AAD and the salt may hold */
static int printable_text(const char *what, const char *s, size_t min, size_t max,
                          size_t *len /* OUT */, struct ps_reason *why)
{
    size_t n;

    if (s == NULL)
        return ps_fail(why, PS_EFORMAT, "%s: missing", what);
    for (n = 0; s[n] != '\0' && n <= max; n++)
        if (s[n] <= ' ' || s[n] > '~')
            return ps_fail(why, PS_EFORMAT, "%s: character %zu is not printable ASCII", what,
                           n + 1);
    if (n < min || n > max)
        return ps_fail(why, PS_EFORMAT, "%s: %s characters, %zu to %zu allowed", what,
                       n > max ? "too many" : "too few", min, max);
    *len = n;
    return PS_OK;
}

/* Checks the three texts both directions share. */
static int check_inputs(const char *code, const char *serial, const char *tid,
                        size_t *serial_len /* OUT */, struct ps_reason *why)
{
    size_t tid_len;
    int rc;

    if ((rc = ps_activation_code_check(code, why)) != 0)
        return rc == PS_EINVAL ? ps_fail(why, PS_EFORMAT, "activation code: missing") : rc;
    if ((rc = printable_text("serial number", serial, 1, PS_ACTIVATION_SERIAL_MAX, serial_len,
                             why)) != 0)
        return rc;
    return printable_text("TID", tid, PS_ACTIVATION_TID_LEN, PS_ACTIVATION_TID_LEN, &tid_len, why);
}

/* scrypt(code, salt || serial) -> key (OUT, 32 bytes) */
static int derive_key(const char *code, const uint8_t *salt, const char *serial, size_t serial_len,
                      uint8_t key[KEY_LEN], struct ps_reason *why)
{
    uint8_t full_salt[SALT_MAX];
    int ok;

    memcpy(full_salt, salt, PS_ACTIVATION_SALT_LEN);
    memcpy(full_salt + PS_ACTIVATION_SALT_LEN, serial, serial_len);
    ok = EVP_PBE_scrypt(code, PS_ACTIVATION_CODE_DIGITS, full_salt,
                        PS_ACTIVATION_SALT_LEN + serial_len, PS_ACTIVATION_SCRYPT_N,
                        PS_ACTIVATION_SCRYPT_R, PS_ACTIVATION_SCRYPT_P, PS_ACTIVATION_SCRYPT_MAXMEM,
                        key, KEY_LEN);
    if (ok != 1) {
        OPENSSL_cleanse(key, KEY_LEN);
        return ps_fail(why, PS_ECRYPTO, "activation: scrypt failed");
    }
    return PS_OK;
}

/* The associated data of activation.h into aad (OUT); returns its length. */
static size_t build_aad(const uint8_t *blob, const char *serial, size_t serial_len, const char *tid,
                        uint8_t aad[AAD_MAX])
{
    size_t n = 0;

    memcpy(aad, AAD_LABEL, sizeof(AAD_LABEL) - 1);
    n += sizeof(AAD_LABEL) - 1;
    aad[n++] = blob[OFF_VERSION];
    memcpy(aad + n, blob + OFF_SALT, PS_ACTIVATION_SALT_LEN);
    n += PS_ACTIVATION_SALT_LEN;
    memcpy(aad + n, blob + OFF_KCV, PS_ACTIVATION_KCV_LEN);
    n += PS_ACTIVATION_KCV_LEN;
    aad[n++] = (uint8_t)serial_len;
    memcpy(aad + n, serial, serial_len);
    n += serial_len;
    aad[n++] = PS_ACTIVATION_TID_LEN;
    memcpy(aad + n, tid, PS_ACTIVATION_TID_LEN);
    return n + PS_ACTIVATION_TID_LEN;
}

/* AES-256-GCM over the TMK; fills the blob's ciphertext and tag. */
static int gcm_seal(const uint8_t key[KEY_LEN], const uint8_t *aad, size_t aad_len,
                    const uint8_t *tmk, uint8_t *blob, struct ps_reason *why)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    int n = 0, rc = PS_OK;

    if (ctx == NULL)
        return ps_fail(why, PS_ENOMEM, "activation: no memory for a cipher context");
    if (EVP_EncryptInit_ex2(ctx, EVP_aes_256_gcm(), key, blob + OFF_NONCE, NULL) != 1 ||
        EVP_EncryptUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1 ||
        EVP_EncryptUpdate(ctx, blob + OFF_CT, &n, tmk, PS_ACTIVATION_TMK_LEN) != 1 ||
        EVP_EncryptFinal_ex(ctx, blob + OFF_CT + n, &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, PS_ACTIVATION_TAG_LEN, blob + OFF_TAG) != 1)
        rc = ps_fail(why, PS_ECRYPTO, "activation: AES-256-GCM failed");
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

/* Reverses gcm_seal into tmk (OUT); a tag that does not match is wrong_code. */
static int gcm_open(const uint8_t key[KEY_LEN], const uint8_t *aad, size_t aad_len,
                    const uint8_t *blob, uint8_t *tmk, struct ps_reason *why)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    uint8_t tag[PS_ACTIVATION_TAG_LEN];
    int n = 0, rc = PS_OK;

    if (ctx == NULL)
        return ps_fail(why, PS_ENOMEM, "activation: no memory for a cipher context");
    memcpy(tag, blob + OFF_TAG, sizeof(tag));
    if (EVP_DecryptInit_ex2(ctx, EVP_aes_256_gcm(), key, blob + OFF_NONCE, NULL) != 1 ||
        EVP_DecryptUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1 ||
        EVP_DecryptUpdate(ctx, tmk, &n, blob + OFF_CT, PS_ACTIVATION_TMK_LEN) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, PS_ACTIVATION_TAG_LEN, tag) != 1)
        rc = ps_fail(why, PS_ECRYPTO, "activation: AES-256-GCM failed");
    else if (EVP_DecryptFinal_ex(ctx, tmk + n, &n) != 1)
        rc = ps_fail(why, PS_ECRYPTO, "%s", wrong_code);
    EVP_CIPHER_CTX_free(ctx);
    return rc;
}

int ps_activation_wrap(const uint8_t tmk[PS_ACTIVATION_TMK_LEN], const char *code,
                       const char *serial, const char *tid, const struct ps_random *r,
                       uint8_t out[PS_ACTIVATION_BLOB_LEN], struct ps_reason *why)
{
    uint8_t key[KEY_LEN], aad[AAD_MAX];
    size_t serial_len = 0, aad_len;
    int rc;

    memset(out, 0, PS_ACTIVATION_BLOB_LEN);
    if ((rc = check_inputs(code, serial, tid, &serial_len, why)) != 0)
        return rc;
    out[OFF_VERSION] = PS_ACTIVATION_VERSION;
    if ((rc = ps_random_fill(r, out + OFF_SALT, PS_ACTIVATION_SALT_LEN, why)) != 0 ||
        (rc = ps_random_fill(r, out + OFF_NONCE, PS_ACTIVATION_NONCE_LEN, why)) != 0 ||
        (rc = ps_kcv(PS_CIPHER_TDES, tmk, PS_ACTIVATION_TMK_LEN, out + OFF_KCV,
                     PS_ACTIVATION_KCV_LEN, why)) != 0 ||
        (rc = derive_key(code, out + OFF_SALT, serial, serial_len, key, why)) != 0)
        goto out;
    aad_len = build_aad(out, serial, serial_len, tid, aad);
    rc = gcm_seal(key, aad, aad_len, tmk, out, why);
out:
    OPENSSL_cleanse(key, sizeof(key));
    if (rc != 0)
        memset(out, 0, PS_ACTIVATION_BLOB_LEN);
    return rc;
}

/* What can be said about a blob before any secret is involved. */
static int check_shape(const uint8_t *blob, size_t len, struct ps_reason *why)
{
    if (blob == NULL || len < PS_ACTIVATION_BLOB_LEN)
        return ps_fail(why, PS_ETRUNCATED, "activation blob: %zu bytes, %d needed",
                       blob == NULL ? 0 : len, PS_ACTIVATION_BLOB_LEN);
    if (len > PS_ACTIVATION_BLOB_LEN)
        return ps_fail(why, PS_ETOOLONG, "activation blob: %zu bytes, %d expected", len,
                       PS_ACTIVATION_BLOB_LEN);
    if (blob[OFF_VERSION] != PS_ACTIVATION_VERSION)
        return ps_fail(why, PS_EUNDEFINED, "activation blob: version %u is not supported (%u is)",
                       blob[OFF_VERSION], PS_ACTIVATION_VERSION);
    return PS_OK;
}

/* The KCV of the unwrapped key against the blob's, in constant time. */
static int check_kcv(const uint8_t *tmk, const uint8_t *blob, struct ps_reason *why)
{
    uint8_t kcv[PS_ACTIVATION_KCV_LEN];
    int rc;

    if ((rc = ps_kcv(PS_CIPHER_TDES, tmk, PS_ACTIVATION_TMK_LEN, kcv, sizeof(kcv), why)) != 0)
        return rc;
    if (CRYPTO_memcmp(kcv, blob + OFF_KCV, sizeof(kcv)) != 0)
        return ps_fail(why, PS_ECRYPTO, "%s", wrong_code);
    return PS_OK;
}

int ps_activation_unwrap(const uint8_t *blob, size_t len, const char *code, const char *serial,
                         const char *tid, uint8_t tmk[PS_ACTIVATION_TMK_LEN], struct ps_reason *why)
{
    uint8_t key[KEY_LEN], aad[AAD_MAX];
    size_t serial_len = 0, aad_len;
    int rc;

    memset(tmk, 0, PS_ACTIVATION_TMK_LEN);
    if ((rc = check_shape(blob, len, why)) != 0 ||
        (rc = check_inputs(code, serial, tid, &serial_len, why)) != 0)
        return rc;
    if ((rc = derive_key(code, blob + OFF_SALT, serial, serial_len, key, why)) != 0)
        goto out;
    aad_len = build_aad(blob, serial, serial_len, tid, aad);
    if ((rc = gcm_open(key, aad, aad_len, blob, tmk, why)) != 0)
        goto out;
    rc = check_kcv(tmk, blob, why);
out:
    OPENSSL_cleanse(key, sizeof(key));
    if (rc != 0)
        OPENSSL_cleanse(tmk, PS_ACTIVATION_TMK_LEN);
    return rc;
}

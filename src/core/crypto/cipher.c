#include "core/crypto/cipher.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

struct ps_cipher {
    enum ps_cipher_alg alg;
    size_t block;
    size_t key_len;
    EVP_CIPHER_CTX *enc; /* ECB, key set, padding off */
    EVP_CIPHER_CTX *dec;
};

/* EVP counts bytes in an int; longer inputs go through in chunks of this size, a
 * multiple of every block size. */
#define CHUNK_MAX ((size_t)1 << 30)

static const char *alg_name(enum ps_cipher_alg alg)
{
    return alg == PS_CIPHER_SM4 ? "SM4" : "3DES";
}

static size_t alg_block(enum ps_cipher_alg alg)
{
    return alg == PS_CIPHER_SM4 ? PS_SM4_BLOCK : PS_TDES_BLOCK;
}

static int check_key_len(enum ps_cipher_alg alg, size_t key_len, struct ps_reason *why)
{
    switch (alg) {
    case PS_CIPHER_TDES:
        if (key_len == 8 || key_len == 16 || key_len == 24)
            return 0;
        return ps_fail(why, PS_EINVAL, "3DES key: %zu bytes; 8, 16 or 24 expected", key_len);
    case PS_CIPHER_SM4:
        if (key_len == 16)
            return 0;
        return ps_fail(why, PS_EINVAL, "SM4 key: %zu bytes; 16 expected", key_len);
    }
    return ps_fail(why, PS_EINVAL, "cipher algorithm %d is not defined", (int)alg);
}

/* The 24-byte key OpenSSL's DES-EDE3 is given. NIST SP 800-67 keying option 2 (a
 * double-length key) is K1|K2|K1; with K1 = K2 = K3 (option 3) encrypt-decrypt-encrypt
 * is one DES encryption, which is how single DES runs in the default provider. */
static void expand_key(enum ps_cipher_alg alg, const uint8_t *key, size_t key_len,
                       uint8_t full[PS_CIPHER_KEY_MAX])
{
    if (alg == PS_CIPHER_SM4 || key_len == 24) {
        memcpy(full, key, key_len);
    } else if (key_len == 16) {
        memcpy(full, key, 16);
        memcpy(full + 16, key, 8);
    } else {
        for (size_t i = 0; i < 3; i++)
            memcpy(full + 8 * i, key, 8);
    }
}

/* Names the OpenSSL failure in why and empties OpenSSL's error queue, so a later,
 * unrelated failure does not report this one. */
static int crypto_fail(struct ps_reason *why, const char *what)
{
    unsigned long err = ERR_peek_last_error();
    const char *detail = err != 0 ? ERR_reason_error_string(err) : NULL;
    ERR_clear_error();
    return ps_fail(why, PS_ECRYPTO, "%s: %s", what, detail != NULL ? detail : "OpenSSL failed");
}

static int new_ctx(EVP_CIPHER_CTX **out, const EVP_CIPHER *cipher, const uint8_t *key, int enc)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();

    *out = NULL;
    if (ctx == NULL)
        return PS_ENOMEM;
    if (EVP_CipherInit_ex2(ctx, cipher, key, NULL, enc, NULL) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx, 0) != 1) {
        EVP_CIPHER_CTX_free(ctx);
        return PS_ECRYPTO;
    }
    *out = ctx;
    return 0;
}

int ps_cipher_new(struct ps_cipher **out, enum ps_cipher_alg alg, const uint8_t *key,
                  size_t key_len, struct ps_reason *why)
{
    uint8_t full[PS_CIPHER_KEY_MAX];
    EVP_CIPHER *cipher = NULL;
    struct ps_cipher *c = NULL;
    int rc;

    *out = NULL;
    rc = check_key_len(alg, key_len, why);
    if (rc != 0)
        return rc;
    expand_key(alg, key, key_len, full);
    c = calloc(1, sizeof(*c));
    if (c == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "%s: out of memory", alg_name(alg));
        goto out;
    }
    c->alg = alg;
    c->block = alg_block(alg);
    c->key_len = key_len;
    cipher = EVP_CIPHER_fetch(NULL, alg == PS_CIPHER_SM4 ? "SM4-ECB" : "DES-EDE3-ECB", NULL);
    if (cipher == NULL) {
        rc = crypto_fail(why, alg_name(alg));
        goto out;
    }
    rc = new_ctx(&c->enc, cipher, full, 1);
    if (rc == 0)
        rc = new_ctx(&c->dec, cipher, full, 0);
    if (rc != 0) {
        rc = rc == PS_ENOMEM ? ps_fail(why, rc, "%s: out of memory", alg_name(alg))
                             : crypto_fail(why, alg_name(alg));
        goto out;
    }
    *out = c;
    c = NULL;
out:
    OPENSSL_cleanse(full, sizeof(full));
    EVP_CIPHER_free(cipher); /* each context holds its own reference */
    ps_cipher_free(c);
    return rc;
}

void ps_cipher_free(struct ps_cipher *c)
{
    if (c == NULL)
        return;
    /* The providers wipe their key schedules when a context is freed. */
    EVP_CIPHER_CTX_free(c->enc);
    EVP_CIPHER_CTX_free(c->dec);
    OPENSSL_cleanse(c, sizeof(*c));
    free(c);
}

enum ps_cipher_alg ps_cipher_alg(const struct ps_cipher *c)
{
    return c->alg;
}

size_t ps_cipher_block_size(const struct ps_cipher *c)
{
    return c->block;
}

size_t ps_cipher_key_len(const struct ps_cipher *c)
{
    return c->key_len;
}

static int check_len(const struct ps_cipher *c, size_t len, struct ps_reason *why)
{
    if (len % c->block == 0)
        return 0;
    return ps_fail(why, PS_EINVAL, "%s: %zu bytes is not a multiple of the %zu-byte block",
                   alg_name(c->alg), len, c->block);
}

static int run(const struct ps_cipher *c, EVP_CIPHER_CTX *ctx, const uint8_t *in, size_t len,
               uint8_t *out, struct ps_reason *why)
{
    while (len > 0) {
        size_t n = len < CHUNK_MAX ? len : CHUNK_MAX;
        int got = 0;
        if (EVP_CipherUpdate(ctx, out, &got, in, (int)n) != 1 || (size_t)got != n)
            return crypto_fail(why, alg_name(c->alg));
        in += n;
        out += n;
        len -= n;
    }
    return 0;
}

int ps_cipher_ecb_encrypt(struct ps_cipher *c, const uint8_t *in, size_t len, uint8_t *out,
                          struct ps_reason *why)
{
    int rc = check_len(c, len, why);
    return rc != 0 ? rc : run(c, c->enc, in, len, out, why);
}

int ps_cipher_ecb_decrypt(struct ps_cipher *c, const uint8_t *in, size_t len, uint8_t *out,
                          struct ps_reason *why)
{
    int rc = check_len(c, len, why);
    return rc != 0 ? rc : run(c, c->dec, in, len, out, why);
}

/* CBC (NIST SP 800-38A §6.2) is chained here over the ECB contexts, so one handle serves
 * both modes without two more OpenSSL contexts per key: C_i = E(P_i xor C_i-1). */
int ps_cipher_cbc_encrypt(struct ps_cipher *c, const uint8_t *iv, const uint8_t *in, size_t len,
                          uint8_t *out, struct ps_reason *why)
{
    uint8_t chain[PS_CIPHER_BLOCK_MAX];
    int rc = check_len(c, len, why);

    if (rc != 0)
        return rc;
    memcpy(chain, iv, c->block);
    for (size_t off = 0; off < len; off += c->block) {
        for (size_t i = 0; i < c->block; i++)
            chain[i] ^= in[off + i];
        rc = run(c, c->enc, chain, c->block, chain, why);
        if (rc != 0)
            return rc;
        memcpy(out + off, chain, c->block);
    }
    return 0;
}

/* P_i = D(C_i) xor C_i-1; C_i is saved first because out may be in. */
int ps_cipher_cbc_decrypt(struct ps_cipher *c, const uint8_t *iv, const uint8_t *in, size_t len,
                          uint8_t *out, struct ps_reason *why)
{
    uint8_t chain[PS_CIPHER_BLOCK_MAX];
    uint8_t saved[PS_CIPHER_BLOCK_MAX];
    int rc = check_len(c, len, why);

    if (rc != 0)
        return rc;
    memcpy(chain, iv, c->block);
    for (size_t off = 0; off < len; off += c->block) {
        memcpy(saved, in + off, c->block);
        rc = run(c, c->dec, saved, c->block, out + off, why);
        if (rc != 0)
            break;
        for (size_t i = 0; i < c->block; i++)
            out[off + i] ^= chain[i];
        memcpy(chain, saved, c->block);
    }
    OPENSSL_cleanse(saved, sizeof(saved));
    return rc;
}

static int run_mode(struct ps_cipher *c, enum ps_cipher_mode mode, enum ps_cipher_dir dir,
                    const uint8_t *iv, const uint8_t *in, size_t len, uint8_t *out,
                    struct ps_reason *why)
{
    int enc = dir == PS_CIPHER_ENCRYPT;

    if (mode == PS_CIPHER_ECB) {
        if (iv != NULL)
            return ps_fail(why, PS_EINVAL, "%s: ECB takes no initial value", alg_name(c->alg));
        return enc ? ps_cipher_ecb_encrypt(c, in, len, out, why)
                   : ps_cipher_ecb_decrypt(c, in, len, out, why);
    }
    if (mode == PS_CIPHER_CBC) {
        if (iv == NULL)
            return ps_fail(why, PS_EINVAL, "%s: CBC needs an initial value", alg_name(c->alg));
        return enc ? ps_cipher_cbc_encrypt(c, iv, in, len, out, why)
                   : ps_cipher_cbc_decrypt(c, iv, in, len, out, why);
    }
    return ps_fail(why, PS_EINVAL, "cipher mode %d is not defined", (int)mode);
}

int ps_cipher_oneshot(enum ps_cipher_alg alg, enum ps_cipher_mode mode, enum ps_cipher_dir dir,
                      const uint8_t *key, size_t key_len, const uint8_t *iv, const uint8_t *in,
                      size_t len, uint8_t *out, struct ps_reason *why)
{
    struct ps_cipher *c = NULL;
    int rc;

    if (dir != PS_CIPHER_ENCRYPT && dir != PS_CIPHER_DECRYPT)
        return ps_fail(why, PS_EINVAL, "cipher direction %d is not defined", (int)dir);
    rc = ps_cipher_new(&c, alg, key, key_len, why);
    if (rc != 0)
        return rc;
    rc = run_mode(c, mode, dir, iv, in, len, out, why);
    ps_cipher_free(c);
    return rc;
}

int ps_kcv(enum ps_cipher_alg alg, const uint8_t *key, size_t key_len, uint8_t *out, size_t out_len,
           struct ps_reason *why)
{
    static const uint8_t zero[PS_CIPHER_BLOCK_MAX];
    uint8_t block[PS_CIPHER_BLOCK_MAX];
    struct ps_cipher *c = NULL;
    int rc;

    rc = check_key_len(alg, key_len, why);
    if (rc != 0)
        return rc;
    if (out_len < 1 || out_len > alg_block(alg))
        return ps_fail(why, PS_EINVAL, "check value: %zu bytes; 1 to %zu expected", out_len,
                       alg_block(alg));
    rc = ps_cipher_new(&c, alg, key, key_len, why);
    if (rc != 0)
        return rc;
    rc = ps_cipher_ecb_encrypt(c, zero, c->block, block, why);
    if (rc == 0)
        memcpy(out, block, out_len);
    ps_cipher_free(c);
    return rc;
}

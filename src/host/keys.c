/* The master key file, AES-256-GCM wrapping of stored keys, and the derived keys for
 * PAN tokens and PIN proofs. */
#include "host/keys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "core/hex.h"

#define MASTER_LEN 32
#define NONCE_LEN 12
#define TAG_LEN 16
#define WRAP_KEY_MAX 32

struct host_keys {
    uint8_t master[MASTER_LEN];
    uint8_t wrap_key[32];   /* AES-256-GCM key for stored keys */
    uint8_t token_key[32];  /* HMAC key of PAN tokens */
    uint8_t pin_pepper[32]; /* HMAC key of PIN proofs */
};

/* Each purpose gets its own key: HMAC-SHA256(master, label), so a leak of one (a
 * token key in a log, say) says nothing about the others. */
static void derive(const uint8_t master[MASTER_LEN], const char *label, uint8_t out[32])
{
    unsigned int len = 32;
    HMAC(EVP_sha256(), master, MASTER_LEN, (const unsigned char *)label, strlen(label), out, &len);
}

static int create_key_file(const char *path, struct ps_reason *why)
{
    uint8_t key[MASTER_LEN];
    char hex[2 * MASTER_LEN + 2];
    int fd = -1, rc = PS_OK;

    if (RAND_bytes(key, sizeof(key)) != 1)
        return ps_fail(why, PS_ECRYPTO, "master key: no random bytes");
    ps_hex_encode(key, sizeof(key), hex);
    strcat(hex, "\n");
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        rc = ps_fail(why, PS_EINVAL, "master key %s: %s", path, strerror(errno));
    else if (write(fd, hex, strlen(hex)) != (ssize_t)strlen(hex) || fsync(fd) != 0)
        rc = ps_fail(why, PS_EINVAL, "master key %s: cannot write: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    OPENSSL_cleanse(key, sizeof(key));
    OPENSSL_cleanse(hex, sizeof(hex));
    return rc;
}

static int read_key_file(const char *path, uint8_t master[MASTER_LEN], struct ps_reason *why)
{
    struct stat st;
    char text[2 * MASTER_LEN + 8];
    size_t len = 0, got = 0;
    int rc;

    FILE *f = fopen(path, "r");
    if (f == NULL)
        return ps_fail(why, PS_EINVAL, "master key %s: %s", path, strerror(errno));
    if (fstat(fileno(f), &st) != 0 || (st.st_mode & 077) != 0) {
        fclose(f);
        return ps_fail(why, PS_EINVAL,
                       "master key %s: readable by group or others; chmod 600 it first", path);
    }
    len = fread(text, 1, sizeof(text) - 1, f);
    fclose(f);
    text[len] = '\0';
    rc = ps_hex_decode(text, len, master, MASTER_LEN, &got, NULL);
    OPENSSL_cleanse(text, sizeof(text));
    if (rc != 0 || got != MASTER_LEN)
        return ps_fail(why, PS_EFORMAT, "master key %s: not 64 hex digits", path);
    return PS_OK;
}

int host_keys_load(struct host_keys **out, const char *path, int create, struct ps_reason *why)
{
    struct host_keys *k = NULL;
    int rc;

    *out = NULL;
    if (create && access(path, F_OK) != 0) {
        rc = create_key_file(path, why);
        if (rc != 0)
            return rc;
    }
    k = OPENSSL_secure_zalloc(sizeof(*k));
    if (k == NULL)
        k = calloc(1, sizeof(*k));
    if (k == NULL)
        return ps_fail(why, PS_ENOMEM, "master key: out of memory");
    rc = read_key_file(path, k->master, why);
    if (rc != 0) {
        host_keys_free(k);
        return rc;
    }
    derive(k->master, "possum wrap v1", k->wrap_key);
    derive(k->master, "possum pan token v1", k->token_key);
    derive(k->master, "possum pin proof v1", k->pin_pepper);
    *out = k;
    return PS_OK;
}

void host_keys_free(struct host_keys *k)
{
    if (k == NULL)
        return;
    OPENSSL_cleanse(k, sizeof(*k));
    if (CRYPTO_secure_allocated(k))
        OPENSSL_secure_free(k);
    else
        free(k);
}

/* AES-256-GCM over key[0..len) with a random nonce; out = hex(nonce | ct | tag). */
int host_keys_wrap(const struct host_keys *k, const uint8_t *key, size_t len, char *out,
                   struct ps_reason *why)
{
    uint8_t buf[NONCE_LEN + WRAP_KEY_MAX + TAG_LEN];
    EVP_CIPHER_CTX *ctx = NULL;
    int n = 0, rc = PS_ECRYPTO;

    if (len == 0 || len > WRAP_KEY_MAX)
        return ps_fail(why, PS_EINVAL, "wrap: %zu-byte key; 1 to 32 bytes expected", len);
    if (RAND_bytes(buf, NONCE_LEN) != 1 || (ctx = EVP_CIPHER_CTX_new()) == NULL)
        goto out;
    if (EVP_EncryptInit_ex2(ctx, EVP_aes_256_gcm(), k->wrap_key, buf, NULL) != 1 ||
        EVP_EncryptUpdate(ctx, buf + NONCE_LEN, &n, key, (int)len) != 1 ||
        EVP_EncryptFinal_ex(ctx, buf + NONCE_LEN + n, &n) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_LEN, buf + NONCE_LEN + len) != 1)
        goto out;
    ps_hex_encode(buf, NONCE_LEN + len + TAG_LEN, out);
    rc = PS_OK;
out:
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(buf, sizeof(buf));
    return rc == PS_OK ? rc : ps_fail(why, rc, "wrap: the crypto library failed");
}

int host_keys_unwrap(const struct host_keys *k, const char *hex, uint8_t *out, size_t cap,
                     size_t *len, struct ps_reason *why)
{
    uint8_t buf[NONCE_LEN + WRAP_KEY_MAX + TAG_LEN];
    EVP_CIPHER_CTX *ctx = NULL;
    size_t got = 0;
    int n = 0, rc;

    *len = 0;
    if (ps_hex_decode(hex, strlen(hex), buf, sizeof(buf), &got, NULL) != 0 ||
        got <= NONCE_LEN + TAG_LEN)
        return ps_fail(why, PS_EFORMAT, "unwrap: not a wrapped key");
    size_t key_len = got - NONCE_LEN - TAG_LEN;
    if (key_len > cap)
        return ps_fail(why, PS_ESPACE, "unwrap: %zu-byte key, room for %zu", key_len, cap);
    rc = PS_ECRYPTO;
    if ((ctx = EVP_CIPHER_CTX_new()) == NULL ||
        EVP_DecryptInit_ex2(ctx, EVP_aes_256_gcm(), k->wrap_key, buf, NULL) != 1 ||
        EVP_DecryptUpdate(ctx, out, &n, buf + NONCE_LEN, (int)key_len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, TAG_LEN, buf + NONCE_LEN + key_len) != 1)
        goto out;
    if (EVP_DecryptFinal_ex(ctx, out + n, &n) != 1) {
        OPENSSL_cleanse(out, key_len);
        rc = ps_fail(why, PS_ECHECK, "unwrap: the key was not wrapped under this master key");
        goto out;
    }
    *len = key_len;
    rc = PS_OK;
out:
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(buf, sizeof(buf));
    return rc == PS_ECRYPTO ? ps_fail(why, rc, "unwrap: the crypto library failed") : rc;
}

void host_keys_pan_token(const struct host_keys *k, const char *pan, char out[KEYS_TOKEN_HEX + 1])
{
    uint8_t mac[32];
    unsigned int len = sizeof(mac);
    HMAC(EVP_sha256(), k->token_key, sizeof(k->token_key), (const unsigned char *)pan,
         strlen(pan), mac, &len);
    ps_hex_encode(mac, sizeof(mac), out);
}

void host_keys_mask_pan(const char *pan, char out[20])
{
    size_t len = strnlen(pan, 19);
    if (len < 11) { /* too short to show anything safely */
        memset(out, '*', len);
        out[len] = '\0';
        return;
    }
    memcpy(out, pan, len);
    memset(out + 6, '*', len - 10);
    out[len] = '\0';
}

void host_keys_mask_paycode(const char *code, char out[20])
{
    size_t len = strnlen(code, 24);
    if (len < 12) { /* too short to show anything safely */
        size_t n = len < 19 ? len : 19;
        memset(out, '*', n);
        out[n] = '\0';
        return;
    }
    size_t stars = len - 8 > 11 ? 11 : len - 8;
    memcpy(out, code, 4);
    memset(out + 4, '*', stars);
    memcpy(out + 4 + stars, code + len - 4, 4);
    out[8 + stars] = '\0';
}

const uint8_t *host_keys_pin_pepper(const struct host_keys *k)
{
    return k->pin_pepper;
}

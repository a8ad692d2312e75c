#include "bench/bench_crypto.h"

#include <stdio.h>

#include "bench/bench_timer.h"
#include "core/crypto/cipher.h"
#include "core/crypto/mac.h"
#include "core/crypto/pinblock.h"

/* Demo-grade keys: figures do not depend on key values. */
static const uint8_t double_key[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                       0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};

struct crypto_case {
    struct ps_cipher *tdes, *sm4, *k1, *k2;
    const uint8_t *data;
    size_t len;
};

static uint64_t run_block(void *arg, uint64_t iterations)
{
    struct crypto_case *c = arg;
    uint8_t block[8] = {0};
    for (uint64_t i = 0; i < iterations; i++)
        ps_cipher_ecb_encrypt(c->tdes, block, 8, block, NULL);
    return block[0];
}

static uint64_t run_mac_cup(void *arg, uint64_t iterations)
{
    struct crypto_case *c = arg;
    uint8_t mac[PS_MAC_CUP_LEN];
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_mac_cup(c->tdes, c->data, c->len, mac, NULL);
        acc += mac[0];
    }
    return acc;
}

static uint64_t run_mac_x919(void *arg, uint64_t iterations)
{
    struct crypto_case *c = arg;
    uint8_t mac[8];
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_mac_x919(c->k1, c->k2, c->data, c->len, mac, NULL);
        acc += mac[0];
    }
    return acc;
}

static uint64_t run_mac_alg1_sm4(void *arg, uint64_t iterations)
{
    struct crypto_case *c = arg;
    uint8_t mac[PS_MAC_MAX];
    size_t mac_len;
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_mac_alg1(c->sm4, c->data, c->len, mac, sizeof(mac), &mac_len, NULL);
        acc += mac[0];
    }
    return acc;
}

/* What a terminal does: build a format 0 block and encrypt it under the PIN key. */
static uint64_t run_pin_build(void *arg, uint64_t iterations)
{
    struct crypto_case *c = arg;
    uint8_t block[PS_PINBLOCK_LEN];
    uint64_t acc = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        ps_pinblock_build(PS_PINBLOCK_FORMAT0, "123456", "6222020000000000018", NULL, block,
                          NULL);
        ps_pinblock_encrypt(c->tdes, block, block, NULL);
        acc += block[0];
    }
    return acc;
}

/* What the host does: decrypt under the PIN key and parse back the PIN. */
static uint64_t run_pin_verify(void *arg, uint64_t iterations)
{
    struct crypto_case *c = arg;
    uint8_t block[PS_PINBLOCK_LEN], clear[PS_PINBLOCK_LEN];
    char pin[PS_PIN_MAX + 1];
    uint64_t acc = 0;
    ps_pinblock_build(PS_PINBLOCK_FORMAT0, "123456", "6222020000000000018", NULL, block, NULL);
    ps_pinblock_encrypt(c->tdes, block, block, NULL);
    for (uint64_t i = 0; i < iterations; i++) {
        ps_pinblock_decrypt(c->tdes, block, clear, NULL);
        ps_pinblock_parse(PS_PINBLOCK_FORMAT0, clear, "6222020000000000018", pin, NULL);
        acc += (uint8_t)pin[0];
    }
    return acc;
}

static void report(const char *name, double ns, double baseline_ns)
{
    printf("  %-44s %9.0f ops/s  %7.1f ns  (%4.1f blocks)\n", name, 1e9 / ns, ns,
           ns / baseline_ns);
}

int bench_crypto(const uint8_t *mac_data, size_t len, volatile uint64_t *sink)
{
    struct crypto_case c = {.data = mac_data, .len = len};
    int status = 1;
    if (ps_cipher_new(&c.tdes, PS_CIPHER_TDES, double_key, 16, NULL) != 0 ||
        ps_cipher_new(&c.sm4, PS_CIPHER_SM4, double_key, 16, NULL) != 0 ||
        ps_cipher_new(&c.k1, PS_CIPHER_TDES, double_key, 8, NULL) != 0 ||
        ps_cipher_new(&c.k2, PS_CIPHER_TDES, double_key + 8, 8, NULL) != 0) {
        fprintf(stderr, "bench: cannot create cipher handles\n");
        goto out;
    }
    const uint64_t n = 200000;
    double block = bench_ns_per_op(run_block, &c, n, sink);
    printf("Crypto, prepared key handles (baseline: one 3DES block, %.1f ns):\n", block);
    char name[64];
    snprintf(name, sizeof(name), "MAC, UnionPay ECB, 3DES MAK, %zu bytes", len);
    report(name, bench_ns_per_op(run_mac_cup, &c, n, sink), block);
    snprintf(name, sizeof(name), "MAC, ANSI X9.19, %zu bytes", len);
    report(name, bench_ns_per_op(run_mac_x919, &c, n, sink), block);
    snprintf(name, sizeof(name), "MAC, ISO 9797-1 alg 1 SM4, %zu bytes", len);
    report(name, bench_ns_per_op(run_mac_alg1_sm4, &c, n, sink), block);
    report("PIN block format 0: build + 3DES encrypt", bench_ns_per_op(run_pin_build, &c, n, sink),
           block);
    report("PIN block format 0: 3DES decrypt + parse", bench_ns_per_op(run_pin_verify, &c, n, sink),
           block);
    status = 0;
out:
    ps_cipher_free(c.tdes);
    ps_cipher_free(c.sm4);
    ps_cipher_free(c.k1);
    ps_cipher_free(c.k2);
    return status;
}

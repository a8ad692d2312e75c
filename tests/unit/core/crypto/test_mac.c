#include "testing.h"

#include <stdio.h>

#include "core/crypto/mac.h"

/* ps_mac() of data[0..len) under key_hex, as hex. */
static void check_mac(enum ps_mac_alg alg, const char *key_hex, const uint8_t *data, size_t len,
                      const char *want)
{
    uint8_t key[PS_CIPHER_KEY_MAX], out[PS_MAC_MAX];
    size_t key_len = unhex(key_hex, key, sizeof(key));
    size_t out_len = 0;

    assert_int_equal(ps_mac(alg, key, key_len, data, len, out, sizeof(out), &out_len, NULL), 0);
    assert_int_equal(out_len, ps_mac_len(alg));
    assert_hex_equal(out, out_len, want);
}

static void check_mac_text(enum ps_mac_alg alg, const char *key_hex, const char *text,
                           const char *want)
{
    check_mac(alg, key_hex, (const uint8_t *)text, strlen(text), want);
}

/* ISO/IEC 9797-1:2011 Annex B.4: MAC algorithm 3, padding method 1, with
 * K = 0123456789ABCDEF and K' = FEDCBA9876543210. The standard prints the 32-bit
 * MACs A1C72E74 and 2E2B1428; the full 8 bytes below begin with them (and were
 * cross-checked step by step with `openssl enc -des-ede3`). */
static void x919_iso9797_annex_b4(void **state)
{
    (void)state;
    check_mac_text(PS_MAC_X919, "0123456789ABCDEFFEDCBA9876543210", "Now is the time for all ",
                   "A1C72E74EA3FA9B6");
    check_mac_text(PS_MAC_X919, "0123456789ABCDEFFEDCBA9876543210", "Now is the time for it",
                   "2E2B1428CC78254F");
}

/* Bouncy Castle's ISO9797Alg3MacTest vector. */
static void x919_bouncy_castle_vector(void **state)
{
    (void)state;
    check_mac_text(PS_MAC_X919, "7CA110454A1A6E570131D9619DC1376E", "Hello World !!!!",
                   "F09B856213BAB83B");
}

/* Derived from the definition with the cipher primitive only: CBC under K1 with a zero
 * initial value over the zero-padded data, then decrypt with K2, encrypt with K1. */
static void x919_matches_its_definition(void **state)
{
    (void)state;
    uint8_t key[16], data[40], padded[48], cbc[48], h[8], mac[8];
    size_t mac_len;

    unhex("0123456789ABCDEFFEDCBA9876543210", key, sizeof(key));
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i * 37 + 11);
    for (size_t len = 0; len <= sizeof(data); len++) {
        size_t padded_len = len == 0 ? 8 : (len + 7) / 8 * 8;
        static const uint8_t zero_iv[8];
        memset(padded, 0, sizeof(padded));
        memcpy(padded, data, len);
        assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_CBC, PS_CIPHER_ENCRYPT, key, 8,
                                           zero_iv, padded, padded_len, cbc, NULL),
                         0);
        assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_DECRYPT,
                                           key + 8, 8, NULL, cbc + padded_len - 8, 8, h, NULL),
                         0);
        assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, key, 8,
                                           NULL, h, 8, h, NULL),
                         0);
        assert_int_equal(ps_mac(PS_MAC_X919, key, 16, data, len, mac, 8, &mac_len, NULL), 0);
        assert_memory_equal(mac, h, 8);
    }
}

/* FIPS PUB 81, CBC example (key 0123456789ABCDEF, IV 1234567890ABCDEF, "Now is the time
 * for all "): its last ciphertext block is the algorithm 1 MAC, with a zero initial
 * value, of the same data whose first block has the IV XORed in. Single DES (8-byte
 * key) is the DES family's shortest member. */
static void alg1_des_fips81(void **state)
{
    (void)state;
    uint8_t data[24];
    const uint8_t iv[8] = {0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef};

    memcpy(data, "Now is the time for all ", 24);
    for (size_t i = 0; i < 8; i++)
        data[i] ^= iv[i];
    check_mac(PS_MAC_ALG1_TDES, "0123456789ABCDEF", data, sizeof(data), "683788499A7C05F6");
}

/* NIST SP 800-67 Rev. 1 Appendix B (3-key): for one block, algorithm 1 is one ECB
 * encryption, so the MAC is the example's first ciphertext block. */
static void alg1_tdes_sp800_67_one_block(void **state)
{
    (void)state;
    check_mac_text(PS_MAC_ALG1_TDES, "0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123", "The qufc",
                   "A826FD8CE53B855F");
}

/* Padding method 1 (2011 edition): empty data is one zero block, so its MAC is the
 * key's full check value; a partial block is completed with zero bytes. Derived. */
static void alg1_padding_method_1(void **state)
{
    (void)state;
    uint8_t key[16], kcv[8], a[8], b[8];
    const uint8_t partial[5] = {1, 2, 3, 4, 5};
    const uint8_t padded[8] = {1, 2, 3, 4, 5, 0, 0, 0};
    size_t n;

    unhex("0123456789ABCDEFFEDCBA9876543210", key, sizeof(key));
    assert_int_equal(ps_kcv(PS_CIPHER_TDES, key, 16, kcv, 8, NULL), 0);
    assert_int_equal(ps_mac(PS_MAC_ALG1_TDES, key, 16, NULL, 0, a, 8, &n, NULL), 0);
    assert_memory_equal(a, kcv, 8);
    assert_int_equal(ps_mac(PS_MAC_ALG1_TDES, key, 16, partial, 5, a, 8, &n, NULL), 0);
    assert_int_equal(ps_mac(PS_MAC_ALG1_TDES, key, 16, padded, 8, b, 8, &n, NULL), 0);
    assert_memory_equal(a, b, 8);
}

/* SM4: GB/T 32907-2016 Appendix A example 1 as a one-block MAC, and the draft-ribose
 * CBC example 1 with its IV folded into the first block (as for DES above). */
static void alg1_sm4_vectors(void **state)
{
    (void)state;
    uint8_t data[32];

    unhex("0123456789ABCDEFFEDCBA9876543210", data, 16);
    check_mac(PS_MAC_ALG1_SM4, "0123456789ABCDEFFEDCBA9876543210", data, 16,
              "681EDF34D206965E86B3E94F536E4246");
    unhex("AAAAAAAABBBBBBBBCCCCCCCCDDDDDDDD EEEEEEEEFFFFFFFFAAAAAAAABBBBBBBB", data, sizeof(data));
    for (size_t i = 0; i < 16; i++)
        data[i] ^= (uint8_t)i; /* IV 000102...0F */
    check_mac(PS_MAC_ALG1_SM4, "0123456789ABCDEFFEDCBA9876543210", data, sizeof(data),
              "4CB7016951909226979B0D15DC6A8F6D");
}

/* The CUP "ECB" MAC, straight from the steps of the CUP POS specification, using only
 * the cipher primitive and snprintf: the independent derivation the tests compare to. */
static void cup_by_definition(const uint8_t *key, size_t key_len, const uint8_t *data, size_t len,
                              char out[9])
{
    uint8_t r[8] = {0}, block[8];
    char hex[17];

    for (size_t off = 0; off < len; off += 8) {
        for (size_t i = 0; i < 8 && off + i < len; i++)
            r[i] ^= data[off + i];
    }
    for (size_t i = 0; i < 8; i++)
        snprintf(hex + 2 * i, 3, "%02X", r[i]);
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, key,
                                       key_len, NULL, (const uint8_t *)hex, 8, block, NULL),
                     0);
    for (size_t i = 0; i < 8; i++)
        block[i] ^= (uint8_t)hex[8 + i];
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, key,
                                       key_len, NULL, block, 8, block, NULL),
                     0);
    for (size_t i = 0; i < 4; i++)
        snprintf(out + 2 * i, 3, "%02X", block[i]);
}

/* Expected MACs computed independently (a Python script driving `openssl enc -des-ede3`
 * through the specification's steps), then also checked against cup_by_definition(). */
static void check_cup(const char *key_hex, const uint8_t *data, size_t len, const char *want)
{
    uint8_t key[16], out[PS_MAC_MAX];
    size_t key_len = unhex(key_hex, key, sizeof(key));
    size_t out_len;
    char derived[9];

    assert_int_equal(
        ps_mac(PS_MAC_CUP_ECB, key, key_len, data, len, out, sizeof(out), &out_len, NULL), 0);
    assert_int_equal(out_len, PS_MAC_CUP_LEN);
    assert_memory_equal(out, want, 8); /* field 64 holds the ASCII characters */
    cup_by_definition(key, key_len, data, len, derived);
    assert_string_equal(derived, want);
}

static void cup_ecb_mac_vectors(void **state)
{
    (void)state;
    const char *text = "Now is the time for it";
    uint8_t mab[31];

    unhex("0200702406C020C09811166222021234567890000000000000000100000001", mab, sizeof(mab));
    check_cup("0123456789ABCDEF", (const uint8_t *)text, strlen(text), "68BAFD1F");
    check_cup("0123456789ABCDEFFEDCBA9876543210", (const uint8_t *)text, strlen(text), "0A874F34");
    check_cup("0123456789ABCDEF", mab, sizeof(mab), "98D2D694");
    check_cup("0123456789ABCDEFFEDCBA9876543210", mab, sizeof(mab), "3DE37915");
    check_cup("0123456789ABCDEF", NULL, 0, "DFB656BD");
    check_cup("0123456789ABCDEFFEDCBA9876543210", NULL, 0, "423EADC4");
}

/* The hot-path forms give the one-shot results, call after call, on one handle. */
static void prepared_handles_match_one_shot(void **state)
{
    (void)state;
    uint8_t key[16], data[64], a[16], b[16];
    struct ps_cipher *mak = NULL, *k1 = NULL, *k2 = NULL, *sm4 = NULL;
    size_t n;

    unhex("0123456789ABCDEFFEDCBA9876543210", key, sizeof(key));
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(255 - i);
    assert_int_equal(ps_cipher_new(&mak, PS_CIPHER_TDES, key, 16, NULL), 0);
    assert_int_equal(ps_cipher_new(&k1, PS_CIPHER_TDES, key, 8, NULL), 0);
    assert_int_equal(ps_cipher_new(&k2, PS_CIPHER_TDES, key + 8, 8, NULL), 0);
    assert_int_equal(ps_cipher_new(&sm4, PS_CIPHER_SM4, key, 16, NULL), 0);
    for (int round = 0; round < 3; round++) {
        assert_int_equal(ps_mac_cup(mak, data, sizeof(data), a, NULL), 0);
        assert_int_equal(ps_mac(PS_MAC_CUP_ECB, key, 16, data, sizeof(data), b, 16, &n, NULL), 0);
        assert_memory_equal(a, b, 8);
        assert_int_equal(ps_mac_x919(k1, k2, data, sizeof(data), a, NULL), 0);
        assert_int_equal(ps_mac(PS_MAC_X919, key, 16, data, sizeof(data), b, 16, &n, NULL), 0);
        assert_memory_equal(a, b, 8);
        assert_int_equal(ps_mac_alg1(sm4, data, sizeof(data), a, sizeof(a), &n, NULL), 0);
        assert_int_equal(n, 16);
        assert_int_equal(ps_mac(PS_MAC_ALG1_SM4, key, 16, data, sizeof(data), b, 16, &n, NULL), 0);
        assert_memory_equal(a, b, 16);
    }
    ps_cipher_free(mak);
    ps_cipher_free(k1);
    ps_cipher_free(k2);
    ps_cipher_free(sm4);
}

static void expect_mac_fails(enum ps_mac_alg alg, size_t key_len, size_t cap, int code,
                             const char *reason)
{
    uint8_t key[32] = {0}, out[16];
    size_t n = 99;
    struct ps_reason why;

    assert_int_equal(ps_mac(alg, key, key_len, key, 8, out, cap, &n, &why), code);
    assert_int_equal(n, 0);
    assert_string_equal(why.text, reason);
}

static void rejects_bad_keys_and_room(void **state)
{
    (void)state;
    expect_mac_fails(PS_MAC_CUP_ECB, 24, 16, PS_EINVAL,
                     "cup MAC key: 24 bytes; 8 (DES) or 16 (3DES) expected");
    expect_mac_fails(PS_MAC_X919, 8, 16, PS_EINVAL, "X9.19 MAC key: 8 bytes; 16 (K1|K2) expected");
    expect_mac_fails(PS_MAC_ALG1_TDES, 12, 16, PS_EINVAL,
                     "3DES key: 12 bytes; 8, 16 or 24 expected");
    expect_mac_fails(PS_MAC_ALG1_SM4, 8, 16, PS_EINVAL, "SM4 key: 8 bytes; 16 expected");
    expect_mac_fails((enum ps_mac_alg)9, 16, 16, PS_EINVAL, "MAC algorithm 9 is not defined");
    expect_mac_fails(PS_MAC_ALG1_SM4, 16, 8, PS_ESPACE, "MAC: 8 bytes of room, 16 needed");
    assert_int_equal(ps_mac_len((enum ps_mac_alg)9), 0);
}

static void prepared_forms_reject_the_wrong_key_kind(void **state)
{
    (void)state;
    uint8_t key[24] = {0}, out[16];
    struct ps_cipher *sm4 = NULL, *tdes3 = NULL, *tdes2 = NULL;
    struct ps_reason why;
    size_t n;

    assert_int_equal(ps_cipher_new(&sm4, PS_CIPHER_SM4, key, 16, NULL), 0);
    assert_int_equal(ps_cipher_new(&tdes3, PS_CIPHER_TDES, key, 24, NULL), 0);
    assert_int_equal(ps_cipher_new(&tdes2, PS_CIPHER_TDES, key, 16, NULL), 0);
    assert_int_equal(ps_mac_cup(sm4, key, 8, out, &why), PS_EINVAL);
    assert_string_equal(why.text, "cup MAC: the MAK must be an 8-byte DES or 16-byte 3DES key");
    assert_int_equal(ps_mac_cup(tdes3, key, 8, out, &why), PS_EINVAL);
    assert_int_equal(ps_mac_x919(tdes2, tdes2, key, 8, out, &why), PS_EINVAL);
    assert_string_equal(why.text, "X9.19 MAC: K1 and K2 must be single-DES keys");
    assert_int_equal(ps_mac_alg1(sm4, key, 8, out, 8, &n, &why), PS_ESPACE);
    assert_string_equal(why.text, "MAC: 8 bytes of room, 16 needed");
    ps_cipher_free(sm4);
    ps_cipher_free(tdes3);
    ps_cipher_free(tdes2);
}

static void verify_is_exact(void **state)
{
    (void)state;
    const uint8_t a[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    uint8_t b[8];
    struct ps_reason why;

    memcpy(b, a, sizeof(b));
    assert_int_equal(ps_mac_verify(a, b, sizeof(a), &why), 0);
    b[7] ^= 0x01;
    assert_int_equal(ps_mac_verify(a, b, sizeof(a), &why), PS_ECHECK);
    assert_string_equal(why.text, "MAC mismatch");
    b[7] ^= 0x01;
    b[0] ^= 0x80;
    assert_int_equal(ps_mac_verify(a, b, sizeof(a), NULL), PS_ECHECK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(x919_iso9797_annex_b4),
        cmocka_unit_test(x919_bouncy_castle_vector),
        cmocka_unit_test(x919_matches_its_definition),
        cmocka_unit_test(alg1_des_fips81),
        cmocka_unit_test(alg1_tdes_sp800_67_one_block),
        cmocka_unit_test(alg1_padding_method_1),
        cmocka_unit_test(alg1_sm4_vectors),
        cmocka_unit_test(cup_ecb_mac_vectors),
        cmocka_unit_test(prepared_handles_match_one_shot),
        cmocka_unit_test(rejects_bad_keys_and_room),
        cmocka_unit_test(prepared_forms_reject_the_wrong_key_kind),
        cmocka_unit_test(verify_is_exact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "testing.h"

#include "core/crypto/cipher.h"

/* Runs one ECB encryption through a fresh handle and checks it, then decrypts back. */
static void check_ecb(enum ps_cipher_alg alg, const char *key_hex, const char *plain_hex,
                      const char *want)
{
    uint8_t key[PS_CIPHER_KEY_MAX], plain[64], enc[64], dec[64];
    size_t key_len = unhex(key_hex, key, sizeof(key));
    size_t len = unhex(plain_hex, plain, sizeof(plain));
    struct ps_cipher *c = NULL;

    assert_int_equal(ps_cipher_new(&c, alg, key, key_len, NULL), 0);
    assert_int_equal(ps_cipher_ecb_encrypt(c, plain, len, enc, NULL), 0);
    assert_hex_equal(enc, len, want);
    assert_int_equal(ps_cipher_ecb_decrypt(c, enc, len, dec, NULL), 0);
    assert_memory_equal(dec, plain, len);
    ps_cipher_free(c);
}

/* J. Orlin Grabbe, "The DES Algorithm Illustrated": the worked example. An 8-byte key is
 * single DES, computed as 3DES with K|K|K. */
static void des_worked_example(void **state)
{
    (void)state;
    check_ecb(PS_CIPHER_TDES, "133457799BBCDFF1", "0123456789ABCDEF", "85E813540F0AB405");
}

/* NIST SP 800-20, variable plaintext known answer test, first entry (key 01...01). */
static void des_sp800_20_variable_plaintext(void **state)
{
    (void)state;
    check_ecb(PS_CIPHER_TDES, "0101010101010101", "8000000000000000", "95F8A5E5DD31D900");
}

/* FIPS PUB 81 (DES modes of operation), the ECB and CBC examples: key 0123456789ABCDEF,
 * "Now is the time for all ", CBC initial value 1234567890ABCDEF. */
static const char fips81_key[] = "0123456789ABCDEF";
static const char fips81_plain[] = "4E6F772069732074 68652074696D6520 666F7220616C6C20";

static void des_fips81_ecb(void **state)
{
    (void)state;
    check_ecb(PS_CIPHER_TDES, fips81_key, fips81_plain,
              "3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53");
}

static void des_fips81_cbc_and_in_place(void **state)
{
    (void)state;
    uint8_t key[8], iv[8], plain[24], buf[24];
    struct ps_cipher *c = NULL;

    unhex(fips81_key, key, sizeof(key));
    unhex("1234567890ABCDEF", iv, sizeof(iv));
    unhex(fips81_plain, plain, sizeof(plain));
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_TDES, key, sizeof(key), NULL), 0);
    assert_int_equal(ps_cipher_cbc_encrypt(c, iv, plain, sizeof(plain), buf, NULL), 0);
    assert_hex_equal(buf, sizeof(buf), "E5C7CDDE872BF27C43E934008C389C0F683788499A7C05F6");
    assert_int_equal(ps_cipher_cbc_decrypt(c, iv, buf, sizeof(buf), buf, NULL), 0);
    assert_memory_equal(buf, plain, sizeof(plain));
    memcpy(buf, plain, sizeof(buf));
    assert_int_equal(ps_cipher_ecb_encrypt(c, buf, sizeof(buf), buf, NULL), 0);
    assert_hex_equal(buf, sizeof(buf), "3FA40E8A984D48156A271787AB8883F9893D51EC4B563B53");
    ps_cipher_free(c);
}

/* NIST SP 800-67 Rev. 1, Appendix B: the 3-key TDEA example ("The qufck brown fox jump"). */
static void tdes3_sp800_67_example(void **state)
{
    (void)state;
    check_ecb(PS_CIPHER_TDES, "0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123",
              "5468652071756663 6B2062726F776E20 666F78206A756D70",
              "A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900");
}

/* SP 800-67 keying option 2: a double-length key K1|K2 is the 3-key K1|K2|K1. Derived:
 * both forms must agree, block for block. */
static void tdes2_is_k1_k2_k1(void **state)
{
    (void)state;
    uint8_t k2[16], k3[24], plain[16], a[16], b[16];

    unhex("0123456789ABCDEFFEDCBA9876543210", k2, sizeof(k2));
    unhex("0123456789ABCDEFFEDCBA98765432100123456789ABCDEF", k3, sizeof(k3));
    unhex("0000000000000000 4E6F772069732074", plain, sizeof(plain));
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, k2, 16,
                                       NULL, plain, 16, a, NULL),
                     0);
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, k3, 24,
                                       NULL, plain, 16, b, NULL),
                     0);
    assert_memory_equal(a, b, 16);
    /* 08D7B4FB629D0885: the check value commonly quoted for this test key (cross-checked
     * with `openssl enc -des-ede3`). */
    assert_hex_equal(a, 8, "08D7B4FB629D0885");
}

/* GB/T 32907-2016 Appendix A, example 1: key = plaintext. */
static void sm4_gbt32907_example1(void **state)
{
    (void)state;
    check_ecb(PS_CIPHER_SM4, "0123456789ABCDEFFEDCBA9876543210", "0123456789ABCDEFFEDCBA9876543210",
              "681EDF34D206965E86B3E94F536E4246");
}

/* GB/T 32907-2016 Appendix A, example 2: the same plaintext encrypted 1,000,000 times
 * under the same key (a second or two under ASan; it also proves the handle does no
 * per-block allocation that the leak checker would notice). */
static void sm4_gbt32907_example2(void **state)
{
    (void)state;
    uint8_t key[16], block[16];
    struct ps_cipher *c = NULL;

    unhex("0123456789ABCDEFFEDCBA9876543210", key, sizeof(key));
    memcpy(block, key, sizeof(block));
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_SM4, key, sizeof(key), NULL), 0);
    for (int i = 0; i < 1000000; i++)
        assert_int_equal(ps_cipher_ecb_encrypt(c, block, sizeof(block), block, NULL), 0);
    assert_hex_equal(block, sizeof(block), "595298C7C6FD271F0402F804C33D3F66");
    ps_cipher_free(c);
}

/* draft-ribose-cfrg-sm4 (The SM4 Blockcipher Algorithm And Its Modes Of Operations),
 * Appendix A, CBC example 1. */
static void sm4_cbc_ribose_example(void **state)
{
    (void)state;
    uint8_t key[16], iv[16], plain[32], enc[32], dec[32];

    unhex("0123456789ABCDEFFEDCBA9876543210", key, sizeof(key));
    unhex("000102030405060708090A0B0C0D0E0F", iv, sizeof(iv));
    unhex("AAAAAAAABBBBBBBBCCCCCCCCDDDDDDDD EEEEEEEEFFFFFFFFAAAAAAAABBBBBBBB", plain,
          sizeof(plain));
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_SM4, PS_CIPHER_CBC, PS_CIPHER_ENCRYPT, key, 16, iv,
                                       plain, 32, enc, NULL),
                     0);
    assert_hex_equal(enc, 32, "78EBB11CC40B0A48312AAEB2040244CB4CB7016951909226979B0D15DC6A8F6D");
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_SM4, PS_CIPHER_CBC, PS_CIPHER_DECRYPT, key, 16, iv,
                                       enc, 32, dec, NULL),
                     0);
    assert_memory_equal(dec, plain, 32);
}

static void kcv_of(enum ps_cipher_alg alg, const char *key_hex, size_t len, const char *want)
{
    uint8_t key[PS_CIPHER_KEY_MAX], out[PS_CIPHER_BLOCK_MAX];
    size_t key_len = unhex(key_hex, key, sizeof(key));

    assert_int_equal(ps_kcv(alg, key, key_len, out, len, NULL), 0);
    assert_hex_equal(out, len, want);
}

static void kcv_vectors(void **state)
{
    (void)state;
    /* NIST SP 800-20, variable key known answer test (plaintext zero), first entry. */
    kcv_of(PS_CIPHER_TDES, "8001010101010101", 8, "95A8D72813DAA94D");
    kcv_of(PS_CIPHER_TDES, "8001010101010101", 3, "95A8D7");
    /* The common 3-byte check value of the double-length test key (see above). */
    kcv_of(PS_CIPHER_TDES, "0123456789ABCDEFFEDCBA9876543210", 3, "08D7B4");
    /* SM4 of a zero block; no published value, cross-checked with `openssl enc -sm4-ecb`. */
    kcv_of(PS_CIPHER_SM4, "0123456789ABCDEFFEDCBA9876543210", 16,
           "2677F46B09C122CC975533105BD4A22A");
}

static void expect_new_fails(enum ps_cipher_alg alg, size_t key_len, const char *reason)
{
    uint8_t key[32] = {0};
    struct ps_cipher *c = (struct ps_cipher *)key; /* must be reset to NULL */
    struct ps_reason why;

    assert_int_equal(ps_cipher_new(&c, alg, key, key_len, &why), PS_EINVAL);
    assert_null(c);
    assert_string_equal(why.text, reason);
}

static void rejects_bad_key_lengths(void **state)
{
    (void)state;
    expect_new_fails(PS_CIPHER_TDES, 0, "3DES key: 0 bytes; 8, 16 or 24 expected");
    expect_new_fails(PS_CIPHER_TDES, 7, "3DES key: 7 bytes; 8, 16 or 24 expected");
    expect_new_fails(PS_CIPHER_TDES, 32, "3DES key: 32 bytes; 8, 16 or 24 expected");
    expect_new_fails(PS_CIPHER_SM4, 8, "SM4 key: 8 bytes; 16 expected");
    expect_new_fails(PS_CIPHER_SM4, 24, "SM4 key: 24 bytes; 16 expected");
    expect_new_fails((enum ps_cipher_alg)99, 16, "cipher algorithm 99 is not defined");
}

static void rejects_partial_blocks(void **state)
{
    (void)state;
    uint8_t key[16] = {1}, iv[16] = {0}, buf[32] = {0};
    struct ps_cipher *des = NULL, *sm4 = NULL;
    struct ps_reason why;

    assert_int_equal(ps_cipher_new(&des, PS_CIPHER_TDES, key, 16, NULL), 0);
    assert_int_equal(ps_cipher_new(&sm4, PS_CIPHER_SM4, key, 16, NULL), 0);
    assert_int_equal(ps_cipher_ecb_encrypt(des, buf, 7, buf, &why), PS_EINVAL);
    assert_string_equal(why.text, "3DES: 7 bytes is not a multiple of the 8-byte block");
    assert_int_equal(ps_cipher_ecb_decrypt(des, buf, 12, buf, &why), PS_EINVAL);
    assert_int_equal(ps_cipher_cbc_encrypt(des, iv, buf, 9, buf, &why), PS_EINVAL);
    assert_int_equal(ps_cipher_cbc_decrypt(des, iv, buf, 1, buf, &why), PS_EINVAL);
    assert_int_equal(ps_cipher_ecb_encrypt(sm4, buf, 24, buf, &why), PS_EINVAL);
    assert_string_equal(why.text, "SM4: 24 bytes is not a multiple of the 16-byte block");
    /* Zero bytes is a multiple of every block. */
    assert_int_equal(ps_cipher_ecb_encrypt(sm4, buf, 0, buf, &why), 0);
    ps_cipher_free(des);
    ps_cipher_free(sm4);
}

static void oneshot_rejects_mode_and_iv_mismatch(void **state)
{
    (void)state;
    uint8_t key[8] = {0}, iv[8] = {0}, buf[8] = {0};
    struct ps_reason why;

    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, key, 8, iv,
                                       buf, 8, buf, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "3DES: ECB takes no initial value");
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_CBC, PS_CIPHER_ENCRYPT, key, 8,
                                       NULL, buf, 8, buf, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "3DES: CBC needs an initial value");
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, PS_CIPHER_ECB, (enum ps_cipher_dir)0, key, 8,
                                       NULL, buf, 8, buf, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "cipher direction 0 is not defined");
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_TDES, (enum ps_cipher_mode)7, PS_CIPHER_ENCRYPT,
                                       key, 8, NULL, buf, 8, buf, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "cipher mode 7 is not defined");
    assert_int_equal(ps_cipher_oneshot(PS_CIPHER_SM4, PS_CIPHER_ECB, PS_CIPHER_ENCRYPT, key, 8,
                                       NULL, buf, 8, buf, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "SM4 key: 8 bytes; 16 expected");
}

static void kcv_rejects_bad_lengths(void **state)
{
    (void)state;
    uint8_t key[16] = {0}, out[16];
    struct ps_reason why;

    assert_int_equal(ps_kcv(PS_CIPHER_TDES, key, 16, out, 0, &why), PS_EINVAL);
    assert_string_equal(why.text, "check value: 0 bytes; 1 to 8 expected");
    assert_int_equal(ps_kcv(PS_CIPHER_TDES, key, 16, out, 9, &why), PS_EINVAL);
    assert_int_equal(ps_kcv(PS_CIPHER_SM4, key, 16, out, 17, &why), PS_EINVAL);
    assert_string_equal(why.text, "check value: 17 bytes; 1 to 16 expected");
    assert_int_equal(ps_kcv(PS_CIPHER_SM4, key, 15, out, 3, &why), PS_EINVAL);
    assert_string_equal(why.text, "SM4 key: 15 bytes; 16 expected");
}

static void handle_reports_its_shape(void **state)
{
    (void)state;
    uint8_t key[24] = {0};
    struct ps_cipher *c = NULL;

    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_TDES, key, 24, NULL), 0);
    assert_int_equal(ps_cipher_alg(c), PS_CIPHER_TDES);
    assert_int_equal(ps_cipher_block_size(c), 8);
    assert_int_equal(ps_cipher_key_len(c), 24);
    ps_cipher_free(c);
    assert_int_equal(ps_cipher_new(&c, PS_CIPHER_SM4, key, 16, NULL), 0);
    assert_int_equal(ps_cipher_block_size(c), 16);
    ps_cipher_free(c);
    ps_cipher_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(des_worked_example),
        cmocka_unit_test(des_sp800_20_variable_plaintext),
        cmocka_unit_test(des_fips81_ecb),
        cmocka_unit_test(des_fips81_cbc_and_in_place),
        cmocka_unit_test(tdes3_sp800_67_example),
        cmocka_unit_test(tdes2_is_k1_k2_k1),
        cmocka_unit_test(sm4_gbt32907_example1),
        cmocka_unit_test(sm4_gbt32907_example2),
        cmocka_unit_test(sm4_cbc_ribose_example),
        cmocka_unit_test(kcv_vectors),
        cmocka_unit_test(rejects_bad_key_lengths),
        cmocka_unit_test(rejects_partial_blocks),
        cmocka_unit_test(oneshot_rejects_mode_and_iv_mismatch),
        cmocka_unit_test(kcv_rejects_bad_lengths),
        cmocka_unit_test(handle_reports_its_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

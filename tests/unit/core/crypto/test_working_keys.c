#include "testing.h"

#include "core/crypto/cipher.h"
#include "core/crypto/working_keys.h"

static const char tmk_hex[] = "0123456789ABCDEFFEDCBA9876543210";

/* 3DES scheme with TDK (60.3 = 004). Expected field 62 computed independently: a Python
 * script calling `openssl enc -des-ede3` for each ciphertext and check value. */
static const char tdes_pik[] = "11223344556677888877665544332211";
static const char tdes_mak[] = "2233445566778899";
static const char tdes_tdk[] = "A1A2A3A4A5A6A7A8B1B2B3B4B5B6B7B8";
static const char tdes_field62[] = "3EB3B72576BBBE832532DF5DD75880D3"
                                   "491510CA"
                                   "9D9B0A7255115A740000000000000000"
                                   "2189C8A5"
                                   "720D29FF7CEE3BD9BD6DCBEEC616646C"
                                   "7B217FA3";

/* SM4 scheme with TDK, computed the same way with `openssl enc -sm4-ecb`. */
static const char sm4_pik[] = "00112233445566778899AABBCCDDEEFF";
static const char sm4_mak[] = "FFEEDDCCBBAA99887766554433221100";
static const char sm4_tdk[] = "0F1E2D3C4B5A69788796A5B4C3D2E1F0";
static const char sm4_field62[] = "09325C4853832DCB9337A5984F671B9A"
                                  "72EBA303"
                                  "87051D101C3334802734FCBF48FD5B4D"
                                  "CB1A2948"
                                  "13DB3699CCA829A260BDB1A4A629506C"
                                  "660D19F4";

static void load_keys(struct ps_working_keys *k, enum ps_wk_scheme scheme, const char *pik,
                      const char *mak, const char *tdk)
{
    ps_working_keys_init(k, scheme);
    unhex(pik, k->pik, sizeof(k->pik));
    assert_int_equal(unhex(mak, k->mak, sizeof(k->mak)), ps_working_keys_mak_len(scheme));
    k->has_tdk = tdk != NULL;
    if (tdk != NULL)
        unhex(tdk, k->tdk, sizeof(k->tdk));
}

static void check_wrap_unwrap(enum ps_wk_scheme scheme, const char *pik, const char *mak,
                              const char *tdk, const char *want)
{
    struct ps_working_keys keys, back;
    uint8_t tmk[16], field[PS_WK_FIELD62_LONG];
    size_t n = 0;

    unhex(tmk_hex, tmk, sizeof(tmk));
    load_keys(&keys, scheme, pik, mak, tdk);
    assert_int_equal(ps_working_keys_wrap(&keys, tmk, 16, field, sizeof(field), &n, NULL), 0);
    assert_int_equal(n, strlen(want) / 2);
    assert_hex_equal(field, n, want);
    assert_int_equal(ps_working_keys_unwrap(scheme, tmk, 16, field, n, &back, NULL), 0);
    assert_int_equal(back.scheme, scheme);
    assert_int_equal(back.has_tdk, tdk != NULL);
    assert_memory_equal(back.pik, keys.pik, 16);
    assert_memory_equal(back.mak, keys.mak, ps_working_keys_mak_len(scheme));
    if (tdk != NULL)
        assert_memory_equal(back.tdk, keys.tdk, 16);
    ps_working_keys_cleanup(&keys);
    ps_working_keys_cleanup(&back);
}

static void tdes_with_tdk_vector(void **state)
{
    (void)state;
    check_wrap_unwrap(PS_WK_TDES, tdes_pik, tdes_mak, tdes_tdk, tdes_field62);
}

/* Without the TDK (60.3 = 003) field 62 is the first 40 bytes of the same layout. */
static void tdes_without_tdk_is_the_first_40_bytes(void **state)
{
    (void)state;
    char want[2 * 40 + 1];

    memcpy(want, tdes_field62, 80);
    want[80] = '\0';
    check_wrap_unwrap(PS_WK_TDES, tdes_pik, tdes_mak, NULL, want);
}

static void sm4_vectors(void **state)
{
    (void)state;
    char want[2 * 40 + 1];

    check_wrap_unwrap(PS_WK_SM4, sm4_pik, sm4_mak, sm4_tdk, sm4_field62);
    memcpy(want, sm4_field62, 80);
    want[80] = '\0';
    check_wrap_unwrap(PS_WK_SM4, sm4_pik, sm4_mak, NULL, want);
}

/* Check values are the first 4 bytes of each clear key's KCV (MAK: single DES). */
static void check_values_are_kcvs(void **state)
{
    (void)state;
    uint8_t field[60], key[16], kcv[4];

    unhex(tdes_field62, field, sizeof(field));
    unhex(tdes_pik, key, sizeof(key));
    assert_int_equal(ps_kcv(PS_CIPHER_TDES, key, 16, kcv, 4, NULL), 0);
    assert_memory_equal(field + 16, kcv, 4);
    unhex(tdes_mak, key, 8);
    assert_int_equal(ps_kcv(PS_CIPHER_TDES, key, 8, kcv, 4, NULL), 0);
    assert_memory_equal(field + 36, kcv, 4);
}

static void expect_unwrap_fails(enum ps_wk_scheme scheme, const uint8_t *tmk, size_t tmk_len,
                                const uint8_t *field, size_t len, int code, const char *reason)
{
    struct ps_working_keys out;
    static const uint8_t zero[PS_WK_KEY_MAX];
    struct ps_reason why;

    memset(&out, 0xA5, sizeof(out));
    assert_int_equal(ps_working_keys_unwrap(scheme, tmk, tmk_len, field, len, &out, &why), code);
    assert_string_equal(why.text, reason);
    /* nothing half-decrypted is left behind */
    assert_memory_equal(out.pik, zero, sizeof(zero));
    assert_memory_equal(out.mak, zero, sizeof(zero));
    assert_memory_equal(out.tdk, zero, sizeof(zero));
    assert_false(out.has_tdk);
}

static void unwrap_names_the_broken_key(void **state)
{
    (void)state;
    uint8_t tmk[16], field[60];

    unhex(tmk_hex, tmk, sizeof(tmk));
    unhex(tdes_field62, field, sizeof(field));
    field[16] ^= 0x01; /* PIK check value */
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 60, PS_ECHECK,
                        "field 62: PIK check value mismatch");
    field[16] ^= 0x01;
    field[39] ^= 0x10; /* MAK check value */
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 60, PS_ECHECK,
                        "field 62: MAK check value mismatch");
    field[39] ^= 0x10;
    field[20] ^= 0x01; /* MAK ciphertext */
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 60, PS_ECHECK,
                        "field 62: MAK check value mismatch");
    field[20] ^= 0x01;
    field[45] ^= 0xFF; /* TDK ciphertext */
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 60, PS_ECHECK,
                        "field 62: TDK check value mismatch");
    field[45] ^= 0xFF;
    field[30] = 0x01; /* padding after the single-length MAK */
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 60, PS_EFORMAT,
                        "field 62: MAK bytes 9 to 16 are not zero (the MAK is single-length)");
    field[30] = 0x00;
    tmk[0] ^= 0x02; /* another terminal's master key */
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 60, PS_ECHECK,
                        "field 62: PIK check value mismatch");
}

static void unwrap_rejects_lengths_and_schemes(void **state)
{
    (void)state;
    uint8_t tmk[24] = {0}, field[61] = {0};

    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 39, PS_EFORMAT,
                        "field 62: 39 bytes; 40 (PIK, MAK) or 60 (PIK, MAK, TDK) expected");
    expect_unwrap_fails(PS_WK_TDES, tmk, 16, field, 61, PS_EFORMAT,
                        "field 62: 61 bytes; 40 (PIK, MAK) or 60 (PIK, MAK, TDK) expected");
    expect_unwrap_fails(PS_WK_SM4, tmk, 16, field, 0, PS_EFORMAT,
                        "field 62: 0 bytes; 40 (PIK, MAK) or 60 (PIK, MAK, TDK) expected");
    expect_unwrap_fails(PS_WK_TDES, tmk, 24, field, 40, PS_EINVAL, "TMK: 24 bytes; 16 expected");
    expect_unwrap_fails(PS_WK_SM4, tmk, 8, field, 40, PS_EINVAL, "TMK: 8 bytes; 16 expected");
    expect_unwrap_fails((enum ps_wk_scheme)7, tmk, 16, field, 40, PS_EINVAL,
                        "working keys: scheme 7 is not defined");
    /* SM4 keys are all 16 bytes: the MAK slot has no padding to check, only a value. */
    expect_unwrap_fails(PS_WK_SM4, tmk, 16, field, 40, PS_ECHECK,
                        "field 62: PIK check value mismatch");
}

static void wrap_rejects_small_room_and_bad_tmk(void **state)
{
    (void)state;
    struct ps_working_keys keys;
    uint8_t tmk[16] = {0}, field[60];
    size_t n = 99;
    struct ps_reason why;

    load_keys(&keys, PS_WK_TDES, tdes_pik, tdes_mak, tdes_tdk);
    assert_int_equal(ps_working_keys_wrap(&keys, tmk, 16, field, 59, &n, &why), PS_ESPACE);
    assert_string_equal(why.text, "field 62: 59 bytes of room, 60 needed");
    assert_int_equal(n, 0);
    assert_int_equal(ps_working_keys_wrap(&keys, tmk, 8, field, 60, &n, &why), PS_EINVAL);
    assert_string_equal(why.text, "TMK: 8 bytes; 16 expected");
    keys.scheme = (enum ps_wk_scheme)0;
    assert_int_equal(ps_working_keys_wrap(&keys, tmk, 16, field, 60, &n, &why), PS_EINVAL);
    ps_working_keys_cleanup(&keys);
}

static int odd_parity(const uint8_t *key, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int ones = 0;
        for (int b = 0; b < 8; b++)
            ones += key[i] >> b & 1;
        if (ones % 2 == 0)
            return 0;
    }
    return 1;
}

/* Fresh keys wrap and unwrap; 3DES-scheme keys carry odd parity; two draws differ. */
static void generated_keys_round_trip(void **state)
{
    (void)state;
    struct ps_working_keys a, b, back;
    uint8_t tmk[16], field[60];
    size_t n;
    static const uint8_t zero[8];
    struct ps_reason why;

    unhex(tmk_hex, tmk, sizeof(tmk));
    assert_int_equal(ps_working_keys_generate(&a, PS_WK_TDES, true, NULL), 0);
    assert_int_equal(ps_working_keys_generate(&b, PS_WK_TDES, true, NULL), 0);
    assert_true(a.has_tdk);
    assert_true(odd_parity(a.pik, 16) && odd_parity(a.mak, 8) && odd_parity(a.tdk, 16));
    assert_memory_equal(a.mak + 8, zero, 8); /* single-length MAK */
    assert_memory_not_equal(a.pik, b.pik, 16);
    assert_int_equal(ps_working_keys_wrap(&a, tmk, 16, field, sizeof(field), &n, NULL), 0);
    assert_int_equal(n, 60);
    assert_int_equal(ps_working_keys_unwrap(PS_WK_TDES, tmk, 16, field, n, &back, NULL), 0);
    assert_memory_equal(back.mak, a.mak, 8);

    assert_int_equal(ps_working_keys_generate(&a, PS_WK_SM4, false, NULL), 0);
    assert_false(a.has_tdk);
    assert_int_equal(ps_working_keys_wrap(&a, tmk, 16, field, sizeof(field), &n, NULL), 0);
    assert_int_equal(n, 40);
    assert_int_equal(ps_working_keys_unwrap(PS_WK_SM4, tmk, 16, field, n, &back, NULL), 0);
    assert_memory_equal(back.mak, a.mak, 16);
    assert_int_equal(ps_working_keys_generate(&a, (enum ps_wk_scheme)3, false, &why), PS_EINVAL);
    assert_string_equal(why.text, "working keys: scheme 3 is not defined");
    ps_working_keys_cleanup(&a);
    ps_working_keys_cleanup(&b);
    ps_working_keys_cleanup(&back);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tdes_with_tdk_vector),
        cmocka_unit_test(tdes_without_tdk_is_the_first_40_bytes),
        cmocka_unit_test(sm4_vectors),
        cmocka_unit_test(check_values_are_kcvs),
        cmocka_unit_test(unwrap_names_the_broken_key),
        cmocka_unit_test(unwrap_rejects_lengths_and_schemes),
        cmocka_unit_test(wrap_rejects_small_room_and_bad_tmk),
        cmocka_unit_test(generated_keys_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

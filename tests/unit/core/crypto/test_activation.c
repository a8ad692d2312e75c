#include "testing.h"

#include "core/crypto/activation.h"

/* A replayable random source: hands out the bytes of a fixed script in order. */
struct script {
    const uint8_t *bytes;
    size_t len, at;
};

static int script_fill(void *ctx, uint8_t *out, size_t len)
{
    struct script *s = ctx;

    if (s->len - s->at < len)
        return PS_ECRYPTO;
    memcpy(out, s->bytes + s->at, len);
    s->at += len;
    return 0;
}

static const char tmk_hex[] = "0123456789ABCDEFFEDCBA9876543210";
static const char code[] = "12345678";
static const char serial[] = "PAX-A920-0001";
static const char tid[] = "10000001";

/* Known answer, computed independently with Python: hashlib.scrypt(b"12345678",
 * salt=00..0F || b"PAX-A920-0001", n=2**15, r=8, p=1, dklen=32), then
 * cryptography's AESGCM(key).encrypt(nonce=10..1B, tmk, aad) with the associated data
 * of activation.h, and the KCV from 3DES-ECB of a zero block. */
static const char kat_blob[] = "01"
                               "000102030405060708090A0B0C0D0E0F"
                               "101112131415161718191A1B"
                               "2A5CFF60C78DCE6839F84FB203F5DC85"
                               "AC1E1A71FB2D5D8CF28F0556D96D3D59"
                               "08D7B4";

static void wrap_known(uint8_t blob[PS_ACTIVATION_BLOB_LEN])
{
    uint8_t tmk[16], salt_nonce[28];
    struct script s = {salt_nonce, sizeof(salt_nonce), 0};
    struct ps_random r = {script_fill, &s};
    struct ps_reason why;

    for (size_t i = 0; i < sizeof(salt_nonce); i++)
        salt_nonce[i] = (uint8_t)i;
    unhex(tmk_hex, tmk, sizeof(tmk));
    assert_int_equal(ps_activation_wrap(tmk, code, serial, tid, &r, blob, &why), 0);
}

static void expect_refused(const uint8_t *blob, size_t len, const char *c, const char *sn,
                           const char *t, int want_rc, const char *want_text)
{
    uint8_t tmk[16];
    struct ps_reason why;

    memset(tmk, 0xAA, sizeof(tmk));
    assert_int_equal(ps_activation_unwrap(blob, len, c, sn, t, tmk, &why), want_rc);
    assert_string_equal(why.text, want_text);
    for (size_t i = 0; i < sizeof(tmk); i++)
        assert_int_equal(tmk[i], 0); /* nothing of a key leaks out of a refusal */
}

static const char wrong[] = "wrong activation code, or the blob was altered";

static void wrap_matches_known_answer(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];

    (void)state;
    assert_int_equal(PS_ACTIVATION_BLOB_LEN, 64);
    wrap_known(blob);
    assert_hex_equal(blob, sizeof(blob), kat_blob);
}

static void round_trip_with_real_randomness(void **state)
{
    uint8_t tmk[16], back[16], a[PS_ACTIVATION_BLOB_LEN], b[PS_ACTIVATION_BLOB_LEN];
    struct ps_reason why;

    (void)state;
    unhex(tmk_hex, tmk, sizeof(tmk));
    assert_int_equal(ps_activation_wrap(tmk, code, serial, tid, NULL, a, &why), 0);
    assert_int_equal(ps_activation_wrap(tmk, code, serial, tid, NULL, b, &why), 0);
    assert_memory_not_equal(a, b, sizeof(a)); /* fresh salt and nonce each time */
    assert_int_equal(ps_activation_unwrap(a, sizeof(a), code, serial, tid, back, &why), 0);
    assert_memory_equal(back, tmk, 16);
    assert_int_equal(ps_activation_unwrap(b, sizeof(b), code, serial, tid, back, &why), 0);
    assert_memory_equal(back, tmk, 16);
}

static void unwraps_known_answer(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN], tmk[16];

    (void)state;
    unhex(kat_blob, blob, sizeof(blob));
    assert_int_equal(ps_activation_unwrap(blob, sizeof(blob), code, serial, tid, tmk, NULL), 0);
    assert_hex_equal(tmk, 16, tmk_hex);
}

static void wrong_code_refused(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];

    (void)state;
    unhex(kat_blob, blob, sizeof(blob));
    expect_refused(blob, sizeof(blob), "12345679", serial, tid, PS_ECRYPTO, wrong);
}

static void wrong_serial_or_tid_refused(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];

    (void)state;
    unhex(kat_blob, blob, sizeof(blob));
    expect_refused(blob, sizeof(blob), code, "PAX-A920-0002", tid, PS_ECRYPTO, wrong);
    expect_refused(blob, sizeof(blob), code, "pax-a920-0001", tid, PS_ECRYPTO, wrong);
    expect_refused(blob, sizeof(blob), code, serial, "10000002", PS_ECRYPTO, wrong);
}

/* Every bit of the blob but the version byte's is covered by the tag or the KCV check;
 * a sample of positions in each part (all 504 would cost a minute of scrypt). */
static void flipped_bits_refused(void **state)
{
    static const size_t bits[] = {8,   9,   100, 135, 136, 200, 231, 232,
                                  300, 359, 360, 400, 487, 488, 500, 511};
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];

    (void)state;
    for (size_t i = 0; i < PS_ARRAY_LEN(bits); i++) {
        unhex(kat_blob, blob, sizeof(blob));
        blob[bits[i] / 8] ^= (uint8_t)(1u << (bits[i] % 8));
        expect_refused(blob, sizeof(blob), code, serial, tid, PS_ECRYPTO, wrong);
    }
}

static void version_refused(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN];

    (void)state;
    unhex(kat_blob, blob, sizeof(blob));
    blob[0] = 0x02;
    expect_refused(blob, sizeof(blob), code, serial, tid, PS_EUNDEFINED,
                   "activation blob: version 2 is not supported (1 is)");
}

static void truncated_and_long_blobs_refused(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN + 1];

    (void)state;
    unhex(kat_blob, blob, sizeof(blob));
    blob[64] = 0;
    expect_refused(blob, 63, code, serial, tid, PS_ETRUNCATED,
                   "activation blob: 63 bytes, 64 needed");
    expect_refused(blob, 0, code, serial, tid, PS_ETRUNCATED,
                   "activation blob: 0 bytes, 64 needed");
    expect_refused(NULL, 64, code, serial, tid, PS_ETRUNCATED,
                   "activation blob: 0 bytes, 64 needed");
    expect_refused(blob, 65, code, serial, tid, PS_ETOOLONG,
                   "activation blob: 65 bytes, 64 expected");
}

static void malformed_inputs_refused(void **state)
{
    uint8_t blob[PS_ACTIVATION_BLOB_LEN], tmk[16];
    struct ps_reason why;
    char long_serial[PS_ACTIVATION_SERIAL_MAX + 2];

    (void)state;
    unhex(kat_blob, blob, sizeof(blob));
    expect_refused(blob, 64, "1234567", serial, tid, PS_EFORMAT,
                   "activation code: fewer than 8 digits");
    expect_refused(blob, 64, "123456789", serial, tid, PS_EFORMAT,
                   "activation code: more than 8 digits");
    expect_refused(blob, 64, "1234a678", serial, tid, PS_EFORMAT,
                   "activation code: character 5 is not a digit");
    expect_refused(blob, 64, NULL, serial, tid, PS_EFORMAT, "activation code: missing");
    expect_refused(blob, 64, code, "", tid, PS_EFORMAT,
                   "serial number: too few characters, 1 to 64 allowed");
    expect_refused(blob, 64, code, "PAX A920", tid, PS_EFORMAT,
                   "serial number: character 4 is not printable ASCII");
    expect_refused(blob, 64, code, NULL, tid, PS_EFORMAT, "serial number: missing");
    memset(long_serial, 'A', sizeof(long_serial) - 1);
    long_serial[sizeof(long_serial) - 1] = '\0';
    expect_refused(blob, 64, code, long_serial, tid, PS_EFORMAT,
                   "serial number: too many characters, 1 to 64 allowed");
    expect_refused(blob, 64, code, serial, "1000001", PS_EFORMAT,
                   "TID: too few characters, 8 to 8 allowed");
    expect_refused(blob, 64, code, serial, "100000011", PS_EFORMAT,
                   "TID: too many characters, 8 to 8 allowed");
    unhex(tmk_hex, tmk, sizeof(tmk));
    assert_int_equal(ps_activation_wrap(tmk, "1234", serial, tid, NULL, blob, &why), PS_EFORMAT);
    assert_string_equal(why.text, "activation code: fewer than 8 digits");
    for (size_t i = 0; i < sizeof(blob); i++)
        assert_int_equal(blob[i], 0);
}

static void wrap_reports_a_failing_random_source(void **state)
{
    uint8_t tmk[16], blob[PS_ACTIVATION_BLOB_LEN], few[20] = {0};
    struct script s = {few, sizeof(few), 0}; /* salt, then not enough for the nonce */
    struct ps_random r = {script_fill, &s};

    (void)state;
    unhex(tmk_hex, tmk, sizeof(tmk));
    assert_int_equal(ps_activation_wrap(tmk, code, serial, tid, &r, blob, NULL), PS_ECRYPTO);
}

/* The draws 0xFA56EA00 (= 4,200,000,000, the first value rejected) and 0xFFFFFFFF are
 * thrown away; 0xFA56E9FF (4,199,999,999) is the last accepted: code 99999999. */
static void code_generation_rejects_biased_draws(void **state)
{
    static const uint8_t draws[] = {0xFA, 0x56, 0xEA, 0x00, 0xFF, 0xFF, 0xFF, 0xFF,
                                    0xFA, 0x56, 0xE9, 0xFF, 0x00, 0x00, 0x00, 0x2A};
    struct script s = {draws, sizeof(draws), 0};
    struct ps_random r = {script_fill, &s};
    char out[PS_ACTIVATION_CODE_DIGITS + 1];

    (void)state;
    assert_int_equal(ps_activation_code_generate(&r, out, NULL), 0);
    assert_string_equal(out, "99999999");
    assert_int_equal(s.at, 12);
    assert_int_equal(ps_activation_code_generate(&r, out, NULL), 0);
    assert_string_equal(out, "00000042");
    /* a source that runs dry is an error, and the output is empty */
    assert_int_equal(ps_activation_code_generate(&r, out, NULL), PS_ECRYPTO);
    assert_string_equal(out, "");
}

static void generated_codes_are_eight_digits(void **state)
{
    char out[PS_ACTIVATION_CODE_DIGITS + 1];
    int counts[10] = {0};

    (void)state;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(ps_activation_code_generate(NULL, out, NULL), 0);
        assert_int_equal(ps_activation_code_check(out, NULL), 0);
        for (int j = 0; j < 8; j++)
            counts[out[j] - '0']++;
    }
    for (int d = 0; d < 10; d++) /* 800 expected per digit; 5 sigma is about 140 */
        assert_in_range(counts[d], 600, 1000);
}

static void code_check_names_the_problem(void **state)
{
    struct ps_reason why;

    (void)state;
    assert_int_equal(ps_activation_code_check("00000000", &why), 0);
    assert_int_equal(ps_activation_code_check(NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "activation code: missing");
    assert_int_equal(ps_activation_code_check("", &why), PS_EFORMAT);
    assert_string_equal(why.text, "activation code: fewer than 8 digits");
    assert_int_equal(ps_activation_code_check("1234 5678", &why), PS_EFORMAT);
    assert_string_equal(why.text, "activation code: character 5 is not a digit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wrap_matches_known_answer),
        cmocka_unit_test(round_trip_with_real_randomness),
        cmocka_unit_test(unwraps_known_answer),
        cmocka_unit_test(wrong_code_refused),
        cmocka_unit_test(wrong_serial_or_tid_refused),
        cmocka_unit_test(flipped_bits_refused),
        cmocka_unit_test(version_refused),
        cmocka_unit_test(truncated_and_long_blobs_refused),
        cmocka_unit_test(malformed_inputs_refused),
        cmocka_unit_test(wrap_reports_a_failing_random_source),
        cmocka_unit_test(code_generation_rejects_biased_draws),
        cmocka_unit_test(generated_codes_are_eight_digits),
        cmocka_unit_test(code_check_names_the_problem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "testing.h"

#include "core/crypto/pinblock.h"

#define F0 PS_PINBLOCK_FORMAT0
#define F1 PS_PINBLOCK_FORMAT1
#define F3 PS_PINBLOCK_FORMAT3

/* The published ISO 9564 format 0 example (e.g. Wikipedia, "ISO 9564"): PIN 1234, PAN
 * 43219876543210987; PIN field 041234FFFFFFFFFF, PAN field 0000987654321098. */
static const char example_pan[] = "43219876543210987";

static void check_build_and_parse(enum ps_pinblock_format format, const char *pin, const char *pan,
                                  const char *fill, const char *want)
{
    uint8_t block[PS_PINBLOCK_LEN];
    char got[PS_PIN_MAX + 1];

    assert_int_equal(ps_pinblock_build(format, pin, pan, fill, block, NULL), 0);
    assert_hex_equal(block, sizeof(block), want);
    assert_int_equal(ps_pinblock_parse(format, block, pan, got, NULL), 0);
    assert_string_equal(got, pin);
}

static void format0_published_example(void **state)
{
    (void)state;
    check_build_and_parse(F0, "1234", example_pan, NULL, "0412AC89ABCDEF67");
}

/* Derived by hand from the format 0 definition: PIN field 0C123456789012FF; the
 * 19-digit PAN 6222021234567890123 loses its check digit 3, leaving ...123456789012
 * as the 12 digits, so the PAN field is 0000123456789012. */
static void format0_twelve_digit_pin_19_digit_pan(void **state)
{
    (void)state;
    check_build_and_parse(F0, "123456789012", "6222021234567890123", NULL, "0C1226622EE882ED");
}

/* Format 1 by definition: 1, length 4, PIN, the caller's transaction-unique fill. */
static void format1_with_given_fill(void **state)
{
    (void)state;
    check_build_and_parse(F1, "1234", NULL, "ABCDEF0123", "141234ABCDEF0123");
    check_build_and_parse(F1, "98765", NULL, "000000000", "1598765000000000");
}

/* Format 3 by hand: PIN field 341234ABCDEFABCD XOR PAN field 0000987654321098. */
static void format3_with_given_fill(void **state)
{
    (void)state;
    check_build_and_parse(F3, "1234", example_pan, "ABCDEFABCD", "3412ACDD99DDBB55");
}

/* Without a fill, RAND_bytes supplies it: every block must parse, format 3 fill must
 * stay within A-F (parse checks that), and twenty draws are not all the same. */
static void random_fill_parses(void **state)
{
    (void)state;
    uint8_t first[PS_PINBLOCK_LEN], block[PS_PINBLOCK_LEN];
    char pin[PS_PIN_MAX + 1];
    int differs = 0;

    assert_int_equal(ps_pinblock_build(F3, "4321", example_pan, NULL, first, NULL), 0);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(ps_pinblock_build(F3, "4321", example_pan, NULL, block, NULL), 0);
        assert_int_equal(ps_pinblock_parse(F3, block, example_pan, pin, NULL), 0);
        assert_string_equal(pin, "4321");
        differs |= memcmp(block, first, sizeof(block)) != 0;
        assert_int_equal(ps_pinblock_build(F1, "123456", NULL, NULL, block, NULL), 0);
        assert_int_equal(ps_pinblock_parse(F1, block, NULL, pin, NULL), 0);
        assert_string_equal(pin, "123456");
    }
    assert_true(differs);
}

static void expect_build_fails(enum ps_pinblock_format format, const char *pin, const char *pan,
                               const char *fill, int code, const char *reason)
{
    uint8_t block[PS_PINBLOCK_LEN];
    struct ps_reason why;

    assert_int_equal(ps_pinblock_build(format, pin, pan, fill, block, &why), code);
    assert_string_equal(why.text, reason);
}

static void build_rejects_bad_input(void **state)
{
    (void)state;
    expect_build_fails((enum ps_pinblock_format)2, "1234", example_pan, NULL, PS_EINVAL,
                       "PIN block: format 2 is not defined (0, 1 or 3)");
    expect_build_fails(F0, "123", example_pan, NULL, PS_EFORMAT, "PIN: 3 digits; 4 to 12 expected");
    expect_build_fails(F0, "1234567890123", example_pan, NULL, PS_EFORMAT,
                       "PIN: more than 12 digits; 4 to 12 expected");
    expect_build_fails(F0, "12a4", example_pan, NULL, PS_EFORMAT,
                       "PIN: character at offset 2 is not a digit");
    expect_build_fails(F0, "1234", NULL, NULL, PS_EINVAL, "PAN: missing; format 0 needs one");
    expect_build_fails(F3, "1234", NULL, NULL, PS_EINVAL, "PAN: missing; format 3 needs one");
    expect_build_fails(F1, "1234", example_pan, NULL, PS_EINVAL, "PAN: format 1 does not use one");
    expect_build_fails(F0, "1234", "622202123456", NULL, PS_EFORMAT,
                       "PAN: 12 digits; at least 13 expected (12 before the check digit)");
    expect_build_fails(F0, "1234", "62220212345678901234", NULL, PS_EFORMAT,
                       "PAN: more than 19 digits");
    expect_build_fails(F0, "1234", "6222 0212 3456 7890", NULL, PS_EFORMAT,
                       "PAN: character at offset 4 is not a digit");
    expect_build_fails(F0, "1234", example_pan, "FFFFFFFFFF", PS_EINVAL,
                       "fill: format 0 takes none (its fill is always F)");
    expect_build_fails(F1, "1234", NULL, "ABCDEF012", PS_EFORMAT,
                       "fill: 9 hex digits; 10 expected for this PIN length");
    expect_build_fails(F1, "1234", NULL, "ABCDEF0123456", PS_EFORMAT,
                       "fill: more than 10 hex digits; 10 expected for this PIN length");
    expect_build_fails(F1, "1234", NULL, "ABCDEFG123", PS_EFORMAT,
                       "fill: character at offset 6 is not a hex digit");
    expect_build_fails(F3, "1234", example_pan, "ABCDEF0123", PS_EFORMAT,
                       "fill: '0' at offset 6; format 3 fill is A-F");
}

/* Parses a hand-made clear block (given as its PIN field; PAN folded in here). */
static void expect_parse_fails(enum ps_pinblock_format format, const char *field_hex,
                               const char *pan, int code, const char *reason)
{
    uint8_t block[PS_PINBLOCK_LEN], pan_field[PS_PINBLOCK_LEN] = {0};
    char pin[PS_PIN_MAX + 1] = "junk";
    struct ps_reason why;

    unhex(field_hex, block, sizeof(block));
    if (pan != NULL && strlen(pan) == strlen(example_pan))
        unhex("0000987654321098", pan_field, sizeof(pan_field));
    for (size_t i = 0; i < sizeof(block); i++)
        block[i] ^= pan_field[i];
    assert_int_equal(ps_pinblock_parse(format, block, pan, pin, &why), code);
    assert_string_equal(why.text, reason);
    assert_string_equal(pin, "");
}

static void parse_rejects_bad_blocks(void **state)
{
    (void)state;
    expect_parse_fails(F0, "141234FFFFFFFFFF", example_pan, PS_EFORMAT,
                       "PIN block: control nibble 1; format 0 expected");
    expect_parse_fails(F3, "041234FFFFFFFFFF", example_pan, PS_EFORMAT,
                       "PIN block: control nibble 0; format 3 expected");
    expect_parse_fails(F0, "03123FFFFFFFFFFF", example_pan, PS_EFORMAT,
                       "PIN block: PIN length 3 is outside 4..12");
    expect_parse_fails(F0, "0D1234567890123F", example_pan, PS_EFORMAT,
                       "PIN block: PIN length 13 is outside 4..12");
    expect_parse_fails(F0, "0412A4FFFFFFFFFF", example_pan, PS_EFORMAT,
                       "PIN block: PIN digit 3 is not a decimal digit");
    expect_parse_fails(F0, "041234FFFFFFFF0F", example_pan, PS_EFORMAT,
                       "PIN block: fill nibble at offset 14 is 0; format 0 fill is F");
    expect_parse_fails(F3, "341234ABCDEF9BCD", example_pan, PS_EFORMAT,
                       "PIN block: fill nibble at offset 12 is 9; format 3 fill is A-F");
    expect_parse_fails(F0, "041234FFFFFFFFFF", NULL, PS_EINVAL, "PAN: missing; format 0 needs one");
    expect_parse_fails(F0, "041234FFFFFFFFFF", "1234", PS_EFORMAT,
                       "PAN: 4 digits; at least 13 expected (12 before the check digit)");
    expect_parse_fails(F1, "141234FFFFFFFFFF", example_pan, PS_EINVAL,
                       "PAN: format 1 does not use one");
    expect_parse_fails((enum ps_pinblock_format)4, "441234FFFFFFFFFF", NULL, PS_EINVAL,
                       "PIN block: format 4 is not defined (0, 1 or 3)");
}

/* A block built against one PAN and parsed against another fails a check: the PAN
 * field covers PIN digits and fill (here the third PIN digit turns into a letter). */
static void wrong_pan_is_caught(void **state)
{
    (void)state;
    uint8_t block[PS_PINBLOCK_LEN];
    char pin[PS_PIN_MAX + 1];
    struct ps_reason why;

    assert_int_equal(ps_pinblock_build(F0, "1234", example_pan, NULL, block, NULL), 0);
    assert_int_equal(ps_pinblock_parse(F0, block, "6222021234567890123", pin, &why), PS_EFORMAT);
    assert_string_equal(why.text, "PIN block: PIN digit 3 is not a decimal digit");
}

/* Encrypted under a double-length PIK: the expected ciphertext is ECB 3DES of the
 * published format 0 block (cross-checked with `openssl enc -des-ede3`), and decrypting
 * gives the clear block back. */
static void encrypt_and_decrypt_under_pik(void **state)
{
    (void)state;
    uint8_t key[16], clear[8], enc[8], back[8];
    struct ps_cipher *pik = NULL, *sm4 = NULL;
    struct ps_reason why;

    unhex("0123456789ABCDEFFEDCBA9876543210", key, sizeof(key));
    assert_int_equal(ps_cipher_new(&pik, PS_CIPHER_TDES, key, 16, NULL), 0);
    assert_int_equal(ps_pinblock_build(F0, "1234", example_pan, NULL, clear, NULL), 0);
    assert_int_equal(ps_pinblock_encrypt(pik, clear, enc, NULL), 0);
    assert_hex_equal(enc, 8, "C967C8198151A458");
    assert_int_equal(ps_pinblock_decrypt(pik, enc, back, NULL), 0);
    assert_memory_equal(back, clear, 8);
    assert_int_equal(ps_cipher_new(&sm4, PS_CIPHER_SM4, key, 16, NULL), 0);
    assert_int_equal(ps_pinblock_encrypt(sm4, clear, enc, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "PIN key: ISO 9564 formats 0, 1 and 3 need a DES or 3DES key, not SM4");
    assert_int_equal(ps_pinblock_decrypt(sm4, clear, enc, &why), PS_EINVAL);
    ps_cipher_free(pik);
    ps_cipher_free(sm4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format0_published_example),
        cmocka_unit_test(format0_twelve_digit_pin_19_digit_pan),
        cmocka_unit_test(format1_with_given_fill),
        cmocka_unit_test(format3_with_given_fill),
        cmocka_unit_test(random_fill_parses),
        cmocka_unit_test(build_rejects_bad_input),
        cmocka_unit_test(parse_rejects_bad_blocks),
        cmocka_unit_test(wrong_pan_is_caught),
        cmocka_unit_test(encrypt_and_decrypt_under_pik),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

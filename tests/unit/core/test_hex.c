#include "testing.h"

#include "core/hex.h"

static void decodes_with_spaces_and_lower_case(void **state)
{
    (void)state;
    uint8_t out[8];
    size_t n = 0;
    assert_int_equal(ps_hex_decode("60 00 03\n00 0a", 14, out, sizeof(out), &n, NULL), 0);
    assert_int_equal(n, 5);
    assert_hex_equal(out, n, "600003000A");
}

static void rejects_odd_digit_count(void **state)
{
    (void)state;
    uint8_t out[8];
    size_t n = 99;
    struct ps_reason why;
    assert_int_equal(ps_hex_decode("ABC", 3, out, sizeof(out), &n, &why), PS_EFORMAT);
    assert_string_equal(why.text, "hex: odd number of digits");
    assert_int_equal(n, 0);
}

static void names_the_bad_character_and_offset(void **state)
{
    (void)state;
    uint8_t out[8];
    size_t n;
    struct ps_reason why;
    assert_int_equal(ps_hex_decode("12G4", 4, out, sizeof(out), &n, &why), PS_EFORMAT);
    assert_string_equal(why.text, "hex: 'G' at offset 2 is not a hex digit");
}

static void stops_at_capacity(void **state)
{
    (void)state;
    uint8_t out[2];
    size_t n;
    struct ps_reason why;
    assert_int_equal(ps_hex_decode("010203", 6, out, sizeof(out), &n, &why), PS_ESPACE);
    assert_string_equal(why.text, "hex: more than 2 bytes");
}

static void encodes_upper_case(void **state)
{
    (void)state;
    const uint8_t in[] = {0x00, 0xab, 0xff};
    char out[7];
    ps_hex_encode(in, sizeof(in), out);
    assert_string_equal(out, "00ABFF");
}

static void strerror_names_every_code(void **state)
{
    (void)state;
    for (int code = PS_OK; code >= PS_ETIMEDOUT; code--)
        assert_string_not_equal(ps_strerror(code), "unknown error");
    assert_string_equal(ps_strerror(-999), "unknown error");
    assert_string_equal(ps_strerror(PS_ETRUNCATED), "input truncated");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_with_spaces_and_lower_case),
        cmocka_unit_test(rejects_odd_digit_count),
        cmocka_unit_test(names_the_bad_character_and_offset),
        cmocka_unit_test(stops_at_capacity),
        cmocka_unit_test(encodes_upper_case),
        cmocka_unit_test(strerror_names_every_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checks/mcc.h"

/* Validates a heap copy of exactly strlen(text) bytes with no terminator, so that
 * ASan catches any read past len. */
static int validate(const char *text, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_mcc_validate(copy, n, why);
    free(copy);
    return rc;
}

static void accepts_four_digits(void **state)
{
    (void)state;
    struct ps_reason why;
    /* ISO 18245 codes in everyday use: 5411 grocery stores and supermarkets, 5812
     * eating places and restaurants, 0742 veterinary services. */
    assert_int_equal(validate("5411", &why), 0);
    assert_string_equal(why.text, "");
    assert_int_equal(validate("5812", NULL), 0);
    assert_int_equal(validate("0742", NULL), 0);
    assert_int_equal(validate("0001", NULL), 0);
    assert_int_equal(validate("9999", NULL), 0);
}

static void accepts_every_code_but_0000(void **state)
{
    (void)state;
    char code[5];
    for (unsigned v = 1; v <= 9999; v++) {
        snprintf(code, sizeof(code), "%04u", v);
        assert_int_equal(ps_mcc_validate(code, 4, NULL), 0);
    }
}

static void rejects_0000(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("0000", &why), PS_EFORMAT);
    assert_string_equal(why.text, "0000 is not a merchant category code");
}

static void rejects_other_lengths(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("541", &why), PS_EFORMAT);
    assert_string_equal(why.text, "a merchant category code has 4 digits, not 3");
    assert_int_equal(validate("54110", &why), PS_EFORMAT);
    assert_string_equal(why.text, "a merchant category code has 4 digits, not 5");
    assert_int_equal(validate("", &why), PS_EFORMAT);
    assert_string_equal(why.text, "a merchant category code has 4 digits, not 0");
}

static void rejects_what_is_not_a_digit(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("54A1", &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'A' at position 3 is not a digit");
    assert_int_equal(validate(" 541", &why), PS_EFORMAT);
    assert_string_equal(why.text, "character ' ' at position 1 is not a digit");
    assert_int_equal(validate("541\x7f", &why), PS_EFORMAT);
    assert_string_equal(why.text, "byte 0x7F at position 4 is not a digit");
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    assert_int_equal(ps_mcc_validate("54119", 4, NULL), 0);
    assert_int_equal(ps_mcc_validate("0000", 3, NULL), PS_EFORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_four_digits),
        cmocka_unit_test(accepts_every_code_but_0000),
        cmocka_unit_test(rejects_0000),
        cmocka_unit_test(rejects_other_lengths),
        cmocka_unit_test(rejects_what_is_not_a_digit),
        cmocka_unit_test(reads_only_len_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

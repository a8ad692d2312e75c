#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checks/luhn.h"

/* Validates a heap copy of exactly strlen(text) bytes with no terminator, so that
 * ASan catches any read past len. */
static int validate(const char *text, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_luhn_validate(copy, n, why);
    free(copy);
    return rc;
}

static void accepts_published_numbers(void **state)
{
    (void)state;
    struct ps_reason why;
    /* The worked example of the Wikipedia article "Luhn algorithm". */
    assert_int_equal(validate("79927398713", &why), 0);
    assert_string_equal(why.text, "");
    /* A real-format UnionPay debit number (BIN 622202), 19 digits. */
    assert_int_equal(validate("6222020000000000018", &why), 0);
    /* Test card numbers published by payment gateways (Visa, Mastercard). */
    assert_int_equal(validate("4111111111111111", &why), 0);
    assert_int_equal(validate("5555555555554444", &why), 0);
    assert_int_equal(validate("00", NULL), 0);
}

static void names_the_expected_check_digit(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("79927398710", &why), PS_ECHECK);
    assert_string_equal(why.text, "check digit should be 3, not 0");
    assert_int_equal(validate("6222020000000000019", &why), PS_ECHECK);
    assert_string_equal(why.text, "check digit should be 8, not 9");
    assert_int_equal(validate("6222020000000000018", NULL), 0);
    assert_int_equal(validate("6222020000000000081", NULL), PS_ECHECK);
}

static void rejects_what_is_not_a_digit(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("4111 1111 1111 1111", &why), PS_EFORMAT);
    assert_string_equal(why.text, "character ' ' at position 5 is not a digit");
    assert_int_equal(validate("411111111111111\r", &why), PS_EFORMAT);
    assert_string_equal(why.text, "byte 0x0D at position 16 is not a digit");
    /* A full-width digit 1 (U+FF11) pasted from a document. */
    assert_int_equal(validate("4\xef\xbc\x91", &why), PS_EFORMAT);
    assert_string_equal(why.text, "byte 0xEF at position 2 is not a digit");
}

static void rejects_fewer_than_two_digits(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("", &why), PS_EFORMAT);
    assert_string_equal(why.text, "a Luhn number needs at least 2 digits (a body and a check "
                                  "digit), this one has 0");
    assert_int_equal(validate("0", &why), PS_EFORMAT);
    assert_string_equal(why.text, "a Luhn number needs at least 2 digits (a body and a check "
                                  "digit), this one has 1");
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    /* What follows len would make the number invalid if it were read. */
    assert_int_equal(ps_luhn_validate("79927398713X", 11, NULL), 0);
    assert_int_equal(ps_luhn_validate("799273987139", 11, NULL), 0);
}

static void computes_check_digits(void **state)
{
    (void)state;
    struct ps_reason why;
    char check = '?';
    assert_int_equal(ps_luhn_compute("7992739871", 10, &check, &why), 0);
    assert_int_equal(check, '3');
    assert_int_equal(ps_luhn_compute("622202000000000001", 18, &check, &why), 0);
    assert_int_equal(check, '8');
    assert_int_equal(ps_luhn_compute("0", 1, &check, &why), 0);
    assert_int_equal(check, '0');

    check = '?';
    assert_int_equal(ps_luhn_compute("", 0, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "the body to compute a Luhn check digit for is empty");
    assert_int_equal(ps_luhn_compute("12a4", 4, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'a' at position 3 is not a digit");
    assert_int_equal(check, '?');
}

static uint64_t rng = 0x9e3779b97f4a7c15u; /* fixed: these runs are the same every time */

/* For many random bodies: the computed check digit validates, each of the nine other
 * check digits fails naming the right one, and so does every single-digit change in
 * the body (Luhn catches all single substitutions). */
static void property_computed_digit_validates_and_no_other_does(void **state)
{
    (void)state;
    char num[40], want_text[64];
    struct ps_reason why;

    for (int round = 0; round < 2000; round++) {
        size_t body = 1 + random_below(&rng, 30);
        for (size_t i = 0; i < body; i++)
            num[i] = (char)('0' + random_below(&rng, 10));
        char check;
        assert_int_equal(ps_luhn_compute(num, body, &check, NULL), 0);
        num[body] = check;
        assert_int_equal(ps_luhn_validate(num, body + 1, &why), 0);

        for (char other = '0'; other <= '9'; other++) {
            if (other == check)
                continue;
            num[body] = other;
            assert_int_equal(ps_luhn_validate(num, body + 1, &why), PS_ECHECK);
            snprintf(want_text, sizeof(want_text), "check digit should be %c, not %c", check,
                     other);
            assert_string_equal(why.text, want_text);
        }
        num[body] = check;

        size_t pos = random_below(&rng, (unsigned)body);
        char was = num[pos];
        for (char other = '0'; other <= '9'; other++) {
            num[pos] = other;
            assert_int_equal(ps_luhn_validate(num, body + 1, NULL), other == was ? 0 : PS_ECHECK);
        }
        num[pos] = was;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_published_numbers),
        cmocka_unit_test(names_the_expected_check_digit),
        cmocka_unit_test(rejects_what_is_not_a_digit),
        cmocka_unit_test(rejects_fewer_than_two_digits),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(computes_check_digits),
        cmocka_unit_test(property_computed_digit_validates_and_no_other_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checks/ean.h"

/* Validates a heap copy of exactly strlen(text) bytes with no terminator, so that
 * ASan catches any read past len. */
static int validate(const char *text, enum ps_ean_kind *kind, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_ean_validate(copy, n, kind, why);
    free(copy);
    return rc;
}

static void computes_the_gs1_example(void **state)
{
    (void)state;
    /* GS1 General Specifications §7.9.1, the worked example: the GTIN-13 body
     * 629104150021 gets check digit 3. */
    char check = '?';
    enum ps_ean_kind kind = 0;
    assert_int_equal(ps_ean_compute("629104150021", 12, &check, &kind, NULL), 0);
    assert_int_equal(check, '3');
    assert_int_equal(kind, PS_EAN_13);
    assert_int_equal(validate("6291041500213", &kind, NULL), 0);
}

static void tells_the_kind_by_length(void **state)
{
    (void)state;
    struct ps_reason why;
    enum ps_ean_kind kind = 0;
    /* The examples of the Wikipedia articles "International Article Number",
     * "EAN-8" and "Universal Product Code". */
    assert_int_equal(validate("4006381333931", &kind, &why), 0);
    assert_int_equal(kind, PS_EAN_13);
    assert_string_equal(why.text, "");
    assert_int_equal(validate("96385074", &kind, &why), 0);
    assert_int_equal(kind, PS_EAN_8);
    assert_int_equal(validate("036000291452", &kind, &why), 0);
    assert_int_equal(kind, PS_UPC_A);
    /* The same UPC-A carried as an EAN-13 with a leading 0 keeps its check digit. */
    assert_int_equal(validate("0036000291452", &kind, &why), 0);
    assert_int_equal(kind, PS_EAN_13);
    assert_int_equal(validate("96385074", NULL, NULL), 0);
}

static void names_kinds(void **state)
{
    (void)state;
    assert_string_equal(ps_ean_kind_name(PS_EAN_13), "EAN-13");
    assert_string_equal(ps_ean_kind_name(PS_EAN_8), "EAN-8");
    assert_string_equal(ps_ean_kind_name(PS_UPC_A), "UPC-A");
    assert_string_equal(ps_ean_kind_name((enum ps_ean_kind)14), "unknown");
}

static void names_the_expected_check_digit(void **state)
{
    (void)state;
    struct ps_reason why;
    enum ps_ean_kind kind = 0;
    assert_int_equal(validate("6291041500214", &kind, &why), PS_ECHECK);
    assert_string_equal(why.text, "check digit should be 3, not 4");
    assert_int_equal(kind, 0);
    assert_int_equal(validate("96385070", &kind, &why), PS_ECHECK);
    assert_string_equal(why.text, "check digit should be 4, not 0");
    assert_int_equal(validate("036000291450", &kind, &why), PS_ECHECK);
    assert_string_equal(why.text, "check digit should be 2, not 0");
}

static void rejects_other_lengths_and_characters(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("9780306406", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) digits, not 10");
    assert_int_equal(validate("", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) digits, not 0");
    assert_int_equal(validate("40063813339310", NULL, &why), PS_EFORMAT);
    assert_int_equal(validate("400638133393O", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'O' at position 13 is not a digit");
    assert_int_equal(validate("9638507\n", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "byte 0x0A at position 8 is not a digit");
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    assert_int_equal(ps_ean_validate("96385074X", 8, NULL, NULL), 0);
    assert_int_equal(ps_ean_validate("6291041500213999", 13, NULL, NULL), 0);
}

static void compute_rejects_other_bodies(void **state)
{
    (void)state;
    struct ps_reason why;
    char check = '?';
    assert_int_equal(ps_ean_compute("629104150021", 13, &check, NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "a product code body (without its check digit) has 12 "
                                  "(EAN-13), 11 (UPC-A) or 7 (EAN-8) digits, not 13");
    assert_int_equal(ps_ean_compute("963-507", 7, &check, NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character '-' at position 4 is not a digit");
    assert_int_equal(check, '?');
    assert_int_equal(ps_ean_compute("9638507", 7, &check, NULL, &why), 0);
    assert_int_equal(check, '4');
}

static uint64_t rng = 0x2545f4914f6cdd1du; /* fixed: these runs are the same every time */

/* For many random bodies of each kind: the computed check digit validates, the nine
 * others fail naming it, and so does every single-digit change in the body (weights
 * 1 and 3 are prime to 10, so GS1 catches all single substitutions). */
static void property_computed_digit_validates_and_no_other_does(void **state)
{
    (void)state;
    static const size_t bodies[] = {7, 11, 12};
    char code[16], want_text[64];
    struct ps_reason why;

    for (int round = 0; round < 3000; round++) {
        size_t body = bodies[round % 3];
        for (size_t i = 0; i < body; i++)
            code[i] = (char)('0' + random_below(&rng, 10));
        char check;
        enum ps_ean_kind computed_kind, kind;
        assert_int_equal(ps_ean_compute(code, body, &check, &computed_kind, NULL), 0);
        code[body] = check;
        assert_int_equal(ps_ean_validate(code, body + 1, &kind, NULL), 0);
        assert_int_equal(kind, computed_kind);
        assert_int_equal((size_t)kind, body + 1);

        for (char other = '0'; other <= '9'; other++) {
            if (other == check)
                continue;
            code[body] = other;
            assert_int_equal(ps_ean_validate(code, body + 1, NULL, &why), PS_ECHECK);
            snprintf(want_text, sizeof(want_text), "check digit should be %c, not %c", check,
                     other);
            assert_string_equal(why.text, want_text);
        }
        code[body] = check;

        size_t pos = random_below(&rng, (unsigned)body);
        char was = code[pos];
        for (char other = '0'; other <= '9'; other++) {
            code[pos] = other;
            assert_int_equal(ps_ean_validate(code, body + 1, NULL, NULL),
                             other == was ? 0 : PS_ECHECK);
        }
        code[pos] = was;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(computes_the_gs1_example),
        cmocka_unit_test(tells_the_kind_by_length),
        cmocka_unit_test(names_kinds),
        cmocka_unit_test(names_the_expected_check_digit),
        cmocka_unit_test(rejects_other_lengths_and_characters),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(compute_rejects_other_bodies),
        cmocka_unit_test(property_computed_digit_validates_and_no_other_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checks/uscc.h"

/* The 31 characters of GB 32100-2015, in value order. */
static const char code_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Every registration authority / organisation category pair GB 32100 defines
 * (with A and N from its amendments). */
static const char *const defined_pairs[] = {
    "11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39",
    "41", "49", "51", "52", "53", "59", "61", "62", "69", "71", "72", "79",
    "81", "89", "91", "92", "93", "A1", "A9", "N1", "N2", "N3", "N9", "Y1",
};

/* Validates a heap copy of exactly strlen(text) bytes with no terminator, so that
 * ASan catches any read past len. */
static int validate(const char *text, struct ps_uscc *out, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_uscc_validate(copy, n, out, why);
    free(copy);
    return rc;
}

/* Writes pair (2) + division (6) + org body (8), then both computed check characters,
 * into out[19]. */
static const char *make_code(char out[19], const char *pair, const char *division,
                             const char *org_body)
{
    snprintf(out, 19, "%s%s%s", pair, division, org_body);
    assert_int_equal(strlen(out), 16);
    assert_int_equal(ps_uscc_org_code_check_char(out + 8, 8, &out[16], NULL), 0);
    assert_int_equal(ps_uscc_check_char(out, 17, &out[17], NULL), 0);
    out[18] = '\0';
    return out;
}

static void accepts_the_standard_example(void **state)
{
    (void)state;
    struct ps_uscc code;
    struct ps_reason why;
    /* The worked example of GB 32100-2015: an enterprise registered in Fuzhou. */
    assert_int_equal(validate("91350100M000100Y43", &code, &why), 0);
    assert_string_equal(why.text, "");
    assert_int_equal(code.authority, '9');
    assert_int_equal(code.category, '1');
    assert_string_equal(code.division, "350100");
    assert_string_equal(code.org_code, "M000100Y4");
    assert_string_equal(ps_uscc_authority_name(code.authority), "industry and commerce");
    assert_string_equal(ps_uscc_category_name(code.authority, code.category), "enterprise");

    char check = '?';
    assert_int_equal(ps_uscc_check_char("91350100M000100Y4", 17, &check, &why), 0);
    assert_int_equal(check, '3');
}

static void computes_organisation_code_checks(void **state)
{
    (void)state;
    char check = '?';
    /* GB 11714-1997's example: D2143569-X (a remainder of 1 gives 10, written X). */
    assert_int_equal(ps_uscc_org_code_check_char("D2143569", 8, &check, NULL), 0);
    assert_int_equal(check, 'X');
    /* Hand-computed: 12345678 sums to 201 (201 mod 11 = 3, 11 - 3 = 8); 87654321 sums
     * to 231 (mod 11 = 0, and 11 is written 0). */
    assert_int_equal(ps_uscc_org_code_check_char("12345678", 8, &check, NULL), 0);
    assert_int_equal(check, '8');
    assert_int_equal(ps_uscc_org_code_check_char("87654321", 8, &check, NULL), 0);
    assert_int_equal(check, '0');
    /* Letters count A=10 ... Z=35 as in GB 11714, not by their GB 32100 values (L and Y
     * differ): MA1FL0LY sums to 552, check 9; GB 32100 values would give 7. */
    assert_int_equal(ps_uscc_org_code_check_char("MA1FL0LY", 8, &check, NULL), 0);
    assert_int_equal(check, '9');
}

static void names_a_wrong_organisation_code_check(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("91350100M000100Y53", NULL, &why), PS_ECHECK);
    assert_string_equal(why.text, "organisation code M000100Y-5 (positions 9-17): check "
                                  "character should be 4, not 5");
}

static void names_a_wrong_overall_check(void **state)
{
    (void)state;
    struct ps_reason why;
    struct ps_uscc code = {.authority = '?'};
    assert_int_equal(validate("91350100M000100Y44", &code, &why), PS_ECHECK);
    assert_string_equal(why.text, "check character should be 3, not 4");
    assert_int_equal(code.authority, '?'); /* untouched on failure */
    assert_int_equal(validate("91350200M000100Y43", NULL, &why), PS_ECHECK);
    assert_string_equal(why.text, "check character should be 8, not 3");
}

static void rejects_other_lengths(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("91350100M000100Y4", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "a credit code has 18 characters, not 17");
    assert_int_equal(validate("91350100M000100Y433", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "a credit code has 18 characters, not 19");
    assert_int_equal(validate("", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "a credit code has 18 characters, not 0");
}

static void rejects_characters_outside_the_set(void **state)
{
    (void)state;
    static const char never_used[] = "IOSVZ";
    char code[19], want[96];
    struct ps_reason why;

    for (size_t i = 0; i < 5; i++) {
        memcpy(code, "91350100M000100Y43", 19);
        code[10] = never_used[i];
        assert_int_equal(validate(code, NULL, &why), PS_EFORMAT);
        snprintf(want, sizeof(want),
                 "character '%c' at position 11 is not allowed in a credit code (I, O, S, V "
                 "and Z are never used)",
                 never_used[i]);
        assert_string_equal(why.text, want);
    }
    assert_int_equal(validate("91350100m000100Y43", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'm' at position 9 is not allowed in a credit code "
                                  "(letters are upper case)");
    assert_int_equal(validate("91350100M000100-43", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character '-' at position 16 is not allowed in a credit code");
    assert_int_equal(validate("9135\xe4"
                              "100M000100Y43",
                              NULL, &why),
                     PS_EFORMAT);
    assert_string_equal(why.text, "byte 0xE4 at position 5 is not allowed in a credit code");
}

static void checks_authority_and_category(void **state)
{
    (void)state;
    static const char *const undefined[] = {"10", "14", "22", "36", "42", "54", "63", "73",
                                            "82", "94", "99", "A2", "N4", "Y2", "Y9"};
    char code[19], want[160];
    struct ps_reason why;

    for (size_t i = 0; i < PS_ARRAY_LEN(defined_pairs); i++) {
        const char *pair = defined_pairs[i];
        assert_int_equal(validate(make_code(code, pair, "110000", "MA01B2C3"), NULL, &why), 0);
        assert_non_null(ps_uscc_authority_name(pair[0]));
        assert_non_null(ps_uscc_category_name(pair[0], pair[1]));
    }
    for (size_t i = 0; i < PS_ARRAY_LEN(undefined); i++) {
        const char *pair = undefined[i];
        assert_int_equal(validate(make_code(code, pair, "110000", "MA01B2C3"), NULL, &why),
                         PS_EFORMAT);
        assert_null(ps_uscc_category_name(pair[0], pair[1]));
        snprintf(want, sizeof(want),
                 "registration authority %c (%s) has no organisation "
                 "category %c (position 2); GB 32100 defines ",
                 pair[0], ps_uscc_authority_name(pair[0]), pair[1]);
        assert_memory_equal(why.text, want, strlen(want));
    }
    assert_int_equal(validate(make_code(code, "94", "350100", "M000100Y"), NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "registration authority 9 (industry and commerce) has no "
                                  "organisation category 4 (position 2); GB 32100 defines 1, 2, 3");
    assert_int_equal(validate(make_code(code, "3A", "350100", "M000100Y"), NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "registration authority 3 (justice administration) has no "
                                  "organisation category A (position 2); GB 32100 defines 1, "
                                  "2, 3, 4, 5, 9");
    assert_int_equal(validate(make_code(code, "B1", "350100", "M000100Y"), NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "registration authority code B (position 1) is not defined by GB 32100");
    assert_null(ps_uscc_authority_name('B'));
    assert_null(ps_uscc_authority_name('\0'));
    assert_null(ps_uscc_category_name('1', '\0'));
    assert_string_equal(ps_uscc_category_name('Y', '1'), "other");
}

static void checks_the_division_code(void **state)
{
    (void)state;
    char code[19];
    struct ps_reason why;
    assert_int_equal(validate(make_code(code, "91", "3501A0", "M000100Y"), NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'A' at position 7 is not a digit; positions 3-8 "
                                  "are the administrative division code");
    /* National registration offices use 100000; only the 6 digits are checked. */
    assert_int_equal(validate(make_code(code, "11", "100000", "00001234"), NULL, &why), 0);
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    assert_int_equal(ps_uscc_validate("91350100M000100Y43X", 18, NULL, NULL), 0);
    assert_int_equal(ps_uscc_validate("91350100M000100Y4", 17, NULL, NULL), PS_EFORMAT);
}

static void compute_functions_check_their_input(void **state)
{
    (void)state;
    struct ps_reason why;
    char check = '?';
    assert_int_equal(ps_uscc_check_char("91350100M000100Y43", 18, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "a credit code body (without its check character) has 17 "
                                  "characters, not 18");
    assert_int_equal(ps_uscc_check_char("91350100M000100I4", 17, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'I' at position 16 is not allowed in a credit "
                                  "code (I, O, S, V and Z are never used)");
    assert_int_equal(ps_uscc_org_code_check_char("D2143569X", 9, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "an organisation code body (without its check character) "
                                  "has 8 characters, not 9");
    assert_int_equal(ps_uscc_org_code_check_char("d2143569", 8, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'd' at position 1 is not allowed in an "
                                  "organisation code");
    assert_int_equal(check, '?');
}

static uint64_t rng = 0x853c49e6748fea9bu; /* fixed: these runs are the same every time */

static void random_code(char code[19])
{
    char division[7], org[9];
    for (size_t i = 0; i < 6; i++)
        division[i] = (char)('0' + random_below(&rng, 10));
    for (size_t i = 0; i < 8; i++)
        org[i] = code_set[random_below(&rng, 31)];
    division[6] = org[8] = '\0';
    make_code(code, defined_pairs[random_below(&rng, PS_ARRAY_LEN(defined_pairs))], division, org);
}

/* For many random valid codes: the computed check character validates and each of
 * the 30 others fails naming it; every other organisation code check character fails
 * naming the organisation code; and any single change in positions 3-16 is caught
 * by one check or the other (31 is prime, so the overall check alone catches every
 * single substitution). */
static void property_computed_chars_validate_and_no_others_do(void **state)
{
    (void)state;
    char code[19], want[128];
    struct ps_reason why;

    for (int round = 0; round < 2000; round++) {
        random_code(code);
        assert_int_equal(ps_uscc_validate(code, 18, NULL, &why), 0);
        const char check = code[17], org_check = code[16];

        for (size_t k = 0; k < 31; k++) {
            if (code_set[k] == check)
                continue;
            code[17] = code_set[k];
            assert_int_equal(ps_uscc_validate(code, 18, NULL, &why), PS_ECHECK);
            snprintf(want, sizeof(want), "check character should be %c, not %c", check,
                     code_set[k]);
            assert_string_equal(why.text, want);
        }
        code[17] = check;

        for (size_t k = 0; k < 31; k++) {
            if (code_set[k] == org_check)
                continue;
            code[16] = code_set[k];
            assert_int_equal(ps_uscc_validate(code, 18, NULL, &why), PS_ECHECK);
            snprintf(want, sizeof(want),
                     "organisation code %.8s-%c (positions 9-17): check character should be "
                     "%c, not %c",
                     code + 8, code_set[k], org_check, code_set[k]);
            assert_string_equal(why.text, want);
        }
        code[16] = org_check;

        size_t pos = 2 + random_below(&rng, 14);
        char was = code[pos];
        for (size_t k = 0; k < (pos < 8 ? 10u : 31u); k++) {
            code[pos] = code_set[k];
            assert_int_equal(ps_uscc_validate(code, 18, NULL, NULL),
                             code_set[k] == was ? 0 : PS_ECHECK);
        }
        code[pos] = was;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_the_standard_example),
        cmocka_unit_test(computes_organisation_code_checks),
        cmocka_unit_test(names_a_wrong_organisation_code_check),
        cmocka_unit_test(names_a_wrong_overall_check),
        cmocka_unit_test(rejects_other_lengths),
        cmocka_unit_test(rejects_characters_outside_the_set),
        cmocka_unit_test(checks_authority_and_category),
        cmocka_unit_test(checks_the_division_code),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(compute_functions_check_their_input),
        cmocka_unit_test(property_computed_chars_validate_and_no_others_do),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

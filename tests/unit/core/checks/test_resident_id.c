#include "testing.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/checks/resident_id.h"

/* Validates a heap copy of exactly strlen(text) bytes with no terminator, so that
 * ASan catches any read past len. */
static int validate(const char *text, struct ps_resident_id *id, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_resident_id_validate(copy, n, id, why);
    free(copy);
    return rc;
}

/* Writes address (6 digits) + date (8) + sequence (3) and the computed check
 * character into out[19], so that a test can vary one part and keep the rest valid. */
static const char *make_id(char out[19], const char *address, const char *date, const char *seq)
{
    snprintf(out, 19, "%s%s%s", address, date, seq);
    assert_int_equal(strlen(out), 17);
    assert_int_equal(ps_resident_id_check_char(out, 17, &out[17], NULL), 0);
    out[18] = '\0';
    return out;
}

static void accepts_the_standard_example(void **state)
{
    (void)state;
    struct ps_resident_id id;
    struct ps_reason why;
    /* GB 11643-1999 Annex A: a woman born 1949-12-31 in Chaoyang district, Beijing. */
    assert_int_equal(validate("11010519491231002X", &id, &why), 0);
    assert_string_equal(why.text, "");
    assert_string_equal(id.address_code, "110105");
    assert_int_equal(id.birth_year, 1949);
    assert_int_equal(id.birth_month, 12);
    assert_int_equal(id.birth_day, 31);
    assert_int_equal(id.sequence, 2);
    assert_int_equal(id.sex, PS_SEX_FEMALE);
    assert_string_equal(ps_sex_name(id.sex), "female");
    /* The check character X is often keyed in lower case. */
    assert_int_equal(validate("11010519491231002x", NULL, NULL), 0);
}

static void reads_the_sex_from_the_sequence(void **state)
{
    (void)state;
    char num[19];
    struct ps_resident_id id;
    assert_int_equal(validate(make_id(num, "440305", "20000229", "019"), &id, NULL), 0);
    assert_int_equal(id.sequence, 19);
    assert_int_equal(id.sex, PS_SEX_MALE);
    assert_string_equal(ps_sex_name(PS_SEX_MALE), "male");
    assert_string_equal(ps_sex_name((enum ps_sex)0), "unknown");
    /* ISO/IEC 5218 and GB/T 2261.1 codes: 1 male, 2 female. */
    assert_int_equal(PS_SEX_MALE, 1);
    assert_int_equal(PS_SEX_FEMALE, 2);
}

static void rejects_the_1880_example_by_the_1900_rule(void **state)
{
    (void)state;
    struct ps_reason why;
    /* GB 11643-1999 Annex A's second example, a man born 1880-01-01: its check
     * character is right, but possum accepts birth years from 1900 only. */
    char check;
    assert_int_equal(ps_resident_id_check_char("44052418800101001", 17, &check, NULL), 0);
    assert_int_equal(check, '4');
    assert_int_equal(validate("440524188001010014", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "birth year 1880 is before 1900");
}

static void names_the_expected_check_character(void **state)
{
    (void)state;
    struct ps_reason why;
    struct ps_resident_id id = {.sequence = 777};
    assert_int_equal(validate("110105194912310021", &id, &why), PS_ECHECK);
    assert_string_equal(why.text, "check character should be X, not 1");
    assert_int_equal(id.sequence, 777); /* untouched on failure */
    assert_int_equal(validate("11010519491231001x", NULL, &why), PS_ECHECK);
    assert_string_equal(why.text, "check character should be 1, not x");
}

static void rejects_other_lengths(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("110105491231002", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "an identity number has 18 characters, not 15 (15-digit "
                                  "first-generation numbers are not accepted)");
    assert_int_equal(validate("11010519491231002", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "an identity number has 18 characters, not 17");
    assert_int_equal(validate("11010519491231002X ", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "an identity number has 18 characters, not 19");
    assert_int_equal(validate("", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "an identity number has 18 characters, not 0");
}

static void rejects_characters(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(validate("110105I9491231002X", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'I' at position 7 is not a digit");
    assert_int_equal(validate("1101051949123100X2", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'X' at position 17 is not a digit");
    assert_int_equal(validate("11010519491231002Y", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character 'Y' at position 18 is not a digit or X");
    assert_int_equal(validate("11010519491231002\t", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "byte 0x09 at position 18 is not a digit or X");
}

static void checks_the_province(void **state)
{
    (void)state;
    static const char *const provinces[] = {"11", "15", "21", "23", "31", "37", "41", "46",
                                            "50", "54", "61", "65", "71", "81", "82"};
    static const char *const not_provinces[] = {"00", "10", "16", "20", "24", "30", "38",
                                                "40", "47", "49", "55", "60", "66", "70",
                                                "72", "80", "83", "91", "99"};
    char num[19], address[7];
    struct ps_reason why, want;

    for (size_t i = 0; i < PS_ARRAY_LEN(provinces); i++) {
        snprintf(address, sizeof(address), "%s0101", provinces[i]);
        assert_int_equal(validate(make_id(num, address, "19800101", "001"), NULL, &why), 0);
    }
    for (size_t i = 0; i < PS_ARRAY_LEN(not_provinces); i++) {
        snprintf(address, sizeof(address), "%s0101", not_provinces[i]);
        assert_int_equal(validate(make_id(num, address, "19800101", "001"), NULL, &why),
                         PS_EFORMAT);
        ps_fail(&want, 0, "address code %s starts with %s, which is not a province-level code",
                address, not_provinces[i]);
        assert_string_equal(why.text, want.text);
    }
}

static void checks_the_birth_date(void **state)
{
    (void)state;
    static const char *const real[] = {"19000101", "19491231", "20000229", "20040229",
                                       "19960229", "20230430", "20231231", "99991231"};
    static const char *const unreal[] = {"19490231", "19000229", "21000229", "20230229", "20230431",
                                         "20231301", "20230001", "20230100", "20230132"};
    char num[19];
    struct ps_reason why, want;

    for (size_t i = 0; i < PS_ARRAY_LEN(real); i++)
        assert_int_equal(validate(make_id(num, "110105", real[i], "002"), NULL, &why), 0);
    for (size_t i = 0; i < PS_ARRAY_LEN(unreal); i++) {
        assert_int_equal(validate(make_id(num, "110105", unreal[i], "002"), NULL, &why),
                         PS_EFORMAT);
        ps_fail(&want, 0, "birth date %s is not a real date", unreal[i]);
        assert_string_equal(why.text, want.text);
    }
    assert_int_equal(validate(make_id(num, "110105", "18991231", "002"), NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "birth year 1899 is before 1900");
    assert_int_equal(validate(make_id(num, "110105", "00000000", "002"), NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "birth year 0 is before 1900");
}

static void rejects_a_future_birth_date_given_today(void **state)
{
    (void)state;
    char num[19];
    struct ps_reason why;
    struct ps_resident_id id;

    make_id(num, "310104", "20240615", "123");
    assert_int_equal(ps_resident_id_validate_as_of(num, 18, 20240615, &id, &why), 0);
    assert_int_equal(id.birth_day, 15);
    assert_int_equal(ps_resident_id_validate_as_of(num, 18, 20240614, NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "birth date 20240615 is in the future (today is 20240614)");
    assert_int_equal(ps_resident_id_validate_as_of("11010519491231002X", 18, 20240614, NULL, &why),
                     0);
    /* Other faults are reported as by ps_resident_id_validate(). */
    assert_int_equal(ps_resident_id_validate_as_of("110105194912310021", 18, 20240614, NULL, &why),
                     PS_ECHECK);
    assert_string_equal(why.text, "check character should be X, not 1");
}

static void rejects_a_reference_date_that_is_not_one(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(ps_resident_id_validate_as_of("11010519491231002X", 18, 20240230, NULL, &why),
                     PS_EINVAL);
    assert_string_equal(why.text,
                        "reference date 20240230 is not a real date from 19000101 to 99991231");
    assert_int_equal(ps_resident_id_validate_as_of("11010519491231002X", 18, 0, NULL, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "reference date 0 is not a real date from 19000101 to 99991231");
    assert_int_equal(ps_resident_id_validate_as_of("11010519491231002X", 18, 100001231, NULL, &why),
                     PS_EINVAL);
    assert_int_equal(ps_resident_id_validate_as_of("11010519491231002X", 18, 99991231, NULL, &why),
                     0);
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    assert_int_equal(ps_resident_id_validate("11010519491231002X1", 18, NULL, NULL), 0);
    assert_int_equal(ps_resident_id_validate("11010519491231002", 17, NULL, NULL), PS_EFORMAT);
}

static void check_char_takes_17_digits(void **state)
{
    (void)state;
    struct ps_reason why;
    char check = '?';
    assert_int_equal(ps_resident_id_check_char("1101051949123100", 16, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "an identity number body (without its check character) has "
                                  "17 digits, not 16");
    assert_int_equal(ps_resident_id_check_char("1101051949123100-", 17, &check, &why), PS_EFORMAT);
    assert_string_equal(why.text, "character '-' at position 17 is not a digit");
    assert_int_equal(check, '?');
    assert_int_equal(ps_resident_id_check_char("11010519491231002", 17, &check, &why), 0);
    assert_int_equal(check, 'X');
}

static uint64_t rng = 0xd1b54a32d192ed03u; /* fixed: these runs are the same every time */

/* Writes a random valid body into body[0..17): a real province, a real date from
 * 1900-2099, any sequence. */
static void random_body(char body[17])
{
    static const unsigned provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                         35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                         53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
    static const unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned year = 1900 + random_below(&rng, 200), month = 1 + random_below(&rng, 12);
    unsigned day = 1 + random_below(&rng, days[month - 1]);
    char text[64];
    int n = snprintf(text, sizeof(text), "%02u%04u%04u%02u%02u%03u",
                     provinces[random_below(&rng, PS_ARRAY_LEN(provinces))], random_below(&rng, 10000), year,
                     month, day, random_below(&rng, 1000));
    assert_int_equal(n, 17);
    memcpy(body, text, 17);
}

/* For many random valid bodies: the computed check character validates, each of the
 * ten others fails naming it, and changing any one digit of the body is caught
 * (MOD 11-2 catches all single substitutions; a change may instead break the
 * province or the date, which is PS_EFORMAT). */
static void property_computed_char_validates_and_no_other_does(void **state)
{
    (void)state;
    static const char checks[] = "0123456789X";
    char num[19], want_text[64];
    struct ps_reason why;

    for (int round = 0; round < 3000; round++) {
        random_body(num);
        char check;
        assert_int_equal(ps_resident_id_check_char(num, 17, &check, NULL), 0);
        num[17] = check;
        assert_int_equal(ps_resident_id_validate(num, 18, NULL, &why), 0);

        for (size_t k = 0; k < 11; k++) {
            if (checks[k] == check)
                continue;
            num[17] = checks[k];
            assert_int_equal(ps_resident_id_validate(num, 18, NULL, &why), PS_ECHECK);
            snprintf(want_text, sizeof(want_text), "check character should be %c, not %c", check,
                     checks[k]);
            assert_string_equal(why.text, want_text);
        }
        num[17] = check;

        size_t pos = random_below(&rng, 17);
        char was = num[pos];
        for (char other = '0'; other <= '9'; other++) {
            num[pos] = other;
            int rc = ps_resident_id_validate(num, 18, NULL, NULL);
            if (other == was)
                assert_int_equal(rc, 0);
            else if (pos >= 14) /* the sequence code: only the check can catch it */
                assert_int_equal(rc, PS_ECHECK);
            else
                assert_true(rc == PS_ECHECK || rc == PS_EFORMAT);
        }
        num[pos] = was;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_the_standard_example),
        cmocka_unit_test(reads_the_sex_from_the_sequence),
        cmocka_unit_test(rejects_the_1880_example_by_the_1900_rule),
        cmocka_unit_test(names_the_expected_check_character),
        cmocka_unit_test(rejects_other_lengths),
        cmocka_unit_test(rejects_characters),
        cmocka_unit_test(checks_the_province),
        cmocka_unit_test(checks_the_birth_date),
        cmocka_unit_test(rejects_a_future_birth_date_given_today),
        cmocka_unit_test(rejects_a_reference_date_that_is_not_one),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(check_char_takes_17_digits),
        cmocka_unit_test(property_computed_char_validates_and_no_other_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

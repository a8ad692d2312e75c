#include "testing.h"

#include "host/office/onboarding/phone.h"

/* Checks a heap copy of exactly strlen(text) bytes, so ASan catches a read past len. */
static int check(const char *text, enum office_phone_kind *kind, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = office_phone_check(copy, n, kind, why);
    free(copy);
    return rc;
}

static void accepts_mobile_numbers(void **state)
{
    (void)state;
    static const char *const good[] = {"13800138000", "15912345678", "18600000000",
                                       "19912345678", "17012345678", "14712345678"};
    for (size_t i = 0; i < PS_ARRAY_LEN(good); i++) {
        enum office_phone_kind kind = 0;
        struct ps_reason why;
        assert_int_equal(check(good[i], &kind, &why), 0);
        assert_int_equal(kind, OFFICE_PHONE_MOBILE);
        assert_string_equal(why.text, "");
    }
}

static void accepts_landlines_with_area_code_and_extension(void **state)
{
    (void)state;
    static const char *const good[] = {"010-12345678",   "021-62345678",        "029-8765432",
                                       "0755-1234567",   "0755-86001234",       "0571-88888888-801",
                                       "010-23456789-1", "0898-66123456-123456"};
    for (size_t i = 0; i < PS_ARRAY_LEN(good); i++) {
        enum office_phone_kind kind = 0;
        assert_int_equal(check(good[i], &kind, NULL), 0);
        assert_int_equal(kind, OFFICE_PHONE_LANDLINE);
    }
}

static void names_each_fault(void **state)
{
    (void)state;
    struct ps_reason why;
    static const struct {
        const char *phone, *reason;
    } cases[] = {
        {"", "a phone number cannot be empty"},
        {"1380013800", "a mobile number has 11 digits, not 10"},
        {"138001380001", "a mobile number has 11 digits, not 12"},
        {"12345678901", "a mobile number starts 13 to 19, not 12"},
        {"10086123456", "a mobile number starts 13 to 19, not 10"},
        {"1380013800O", "character 'O' at position 11 is not a digit"},
        {"138 0013 8000", "character ' ' at position 4 is not a digit"},
        {"+8613800138000", "a phone number is a mobile number (11 digits, starting with 1) or a "
                           "landline starting with its area code (010-12345678)"},
        {"62345678", "a phone number is a mobile number (11 digits, starting with 1) or a "
                     "landline starting with its area code (010-12345678)"},
        {"01012345678", "write a landline as area code, '-', number: 010-12345678"},
        {"011-12345678", "area code 011 is not a mainland area code"},
        {"0210-1234567", "area code 0210 is not a mainland area code"},
        {"07-12345678", "area code 07 is not a mainland area code"},
        {"07555-1234567", "area code 07555 is not a mainland area code"},
        {"(010)-12345678", "a phone number is a mobile number (11 digits, starting with 1) or a "
                           "landline starting with its area code (010-12345678)"},
        {"0a0-12345678", "character 'a' at position 2 is not a digit"},
        {"010-123456", "a local number has 7 or 8 digits, not 6"},
        {"010-123456789", "a local number has 7 or 8 digits, not 9"},
        {"010-02345678", "a local number does not start with 0"},
        {"010-12345678x", "character 'x' at position 13 is not a digit"},
        {"010-", "a local number has 7 or 8 digits, not 0"},
        {"010-62345678-", "an extension has 1 to 6 digits, not 0"},
        {"010-62345678-1234567", "an extension has 1 to 6 digits, not 7"},
        {"010-62345678-12-3", "character '-' at position 16 is not a digit"},
        {"0755-86001234-12345678", "a phone number has at most 20 characters, not 22"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        enum office_phone_kind kind = 0;
        assert_int_equal(check(cases[i].phone, &kind, &why), PS_EFORMAT);
        assert_string_equal(why.text, cases[i].reason);
        assert_int_equal(kind, 0);
    }
    assert_int_equal(office_phone_check("13800138000", 11, NULL, NULL), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_mobile_numbers),
        cmocka_unit_test(accepts_landlines_with_area_code_and_extension),
        cmocka_unit_test(names_each_fault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

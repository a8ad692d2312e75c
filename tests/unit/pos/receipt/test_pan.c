/* Masking card numbers for receipts (pos/receipt/pan.h). */
#include "testing.h"

#include "pos/receipt/pan.h"

static void masks_all_but_first_six_and_last_four(void **state)
{
    (void)state;
    static const struct {
        const char *pan;
        const char *want;
    } cases[] = {
        {"6222021234567890123", "622202*********0123"}, /* 19 digits */
        {"6222020000001234", "622202******1234"},       /* 16 */
        {"4367420000019", "436742***0019"},             /* 13 */
        {"622202******1234", "622202******1234"},       /* already masked */
        {"622202**34567*1234", "622202********1234"},   /* partly masked: masked fully */
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        char out[RCPT_PAN_TEXT_MAX];
        struct ps_reason why = {""};
        assert_int_equal(rcpt_pan_mask(cases[i].pan, out, &why), 0);
        assert_string_equal(out, cases[i].want);
    }
}

static void refuses_what_is_not_a_card_number(void **state)
{
    (void)state;
    static const struct {
        const char *pan;
        const char *reason;
    } cases[] = {
        {NULL, "card number is missing"},
        {"", "card number is missing"},
        {"622202123456", "card number has 12 characters; 13 to 19 expected"},
        {"62220212345678901234", "card number has more than 19 characters; 13 to 19 expected"},
        {"6222 0212345678901", "card number: position 5 is neither a digit nor '*' (byte 0x20)"},
        {"62220*1234567890123",
         "card number: position 6 is masked; the first 6 and last 4 digits are needed"},
        {"622202123456789*123",
         "card number: position 16 is masked; the first 6 and last 4 digits are needed"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        char out[RCPT_PAN_TEXT_MAX] = "junk";
        struct ps_reason why = {""};
        assert_int_equal(rcpt_pan_mask(cases[i].pan, out, &why), PS_EFORMAT);
        assert_string_equal(why.text, cases[i].reason);
        assert_string_equal(out, "");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(masks_all_but_first_six_and_last_four),
        cmocka_unit_test(refuses_what_is_not_a_card_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

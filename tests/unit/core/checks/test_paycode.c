#include "testing.h"

#include <stdlib.h>

#include "core/checks/paycode.h"

/* Identifies a heap copy of exactly strlen(text) bytes with no terminator, so that
 * ASan catches any read past len. */
static int identify(const char *text, enum ps_paycode_scheme *scheme, struct ps_reason *why)
{
    size_t n = strlen(text);
    char *copy = malloc(n + (n == 0));
    assert_non_null(copy);
    memcpy(copy, text, n);
    int rc = ps_paycode_identify(copy, n, scheme, why);
    free(copy);
    return rc;
}

static void identifies_each_scheme(void **state)
{
    (void)state;
    enum ps_paycode_scheme scheme = 0;
    struct ps_reason why;
    /* The auth_code example value of WeChat Pay's micropay (付款码支付) API reference. */
    assert_int_equal(identify("120061098828009406", &scheme, &why), 0);
    assert_int_equal(scheme, PS_PAYCODE_WECHAT);
    assert_string_equal(why.text, "");
    /* The auth_code example value of Alipay's alipay.trade.pay API reference. */
    assert_int_equal(identify("28763443825664394", &scheme, &why), 0);
    assert_int_equal(scheme, PS_PAYCODE_ALIPAY);
    /* A constructed UnionPay QR payment code: 62 and 19 digits. */
    assert_int_equal(identify("6288000000000000001", &scheme, &why), 0);
    assert_int_equal(scheme, PS_PAYCODE_UNIONPAY);
    assert_int_equal(identify("6288000000000000001", NULL, NULL), 0);
}

static void accepts_every_prefix_and_length_edge(void **state)
{
    (void)state;
    enum ps_paycode_scheme scheme;
    assert_int_equal(identify("100000000000000000", &scheme, NULL), 0);
    assert_int_equal(scheme, PS_PAYCODE_WECHAT);
    assert_int_equal(identify("159999999999999999", &scheme, NULL), 0);
    assert_int_equal(scheme, PS_PAYCODE_WECHAT);
    assert_int_equal(identify("2500000000000000", &scheme, NULL), 0);
    assert_int_equal(scheme, PS_PAYCODE_ALIPAY);
    assert_int_equal(identify("309999999999999999999999", &scheme, NULL), 0);
    assert_int_equal(scheme, PS_PAYCODE_ALIPAY);
    /* An Alipay code may be 18 digits, like a WeChat Pay code; the prefix decides. */
    assert_int_equal(identify("280000000000000000", &scheme, NULL), 0);
    assert_int_equal(scheme, PS_PAYCODE_ALIPAY);
}

static void names_the_scheme_and_its_length(void **state)
{
    (void)state;
    struct ps_reason why;
    enum ps_paycode_scheme scheme = 0;
    assert_int_equal(identify("13456789012345678", &scheme, &why), PS_EFORMAT);
    assert_string_equal(why.text, "WeChat Pay codes have 18 digits, not 17");
    assert_int_equal(scheme, 0);
    assert_int_equal(identify("1345678901234567890", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "WeChat Pay codes have 18 digits, not 19");
    assert_int_equal(identify("287634438256643", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "Alipay codes have 16 to 24 digits, not 15");
    assert_int_equal(identify("2876344382566439412345678", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "Alipay codes have 16 to 24 digits, not 25");
    assert_int_equal(identify("628800000000000000", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "UnionPay QR codes have 19 digits, not 18");
}

static void rejects_unknown_prefixes(void **state)
{
    (void)state;
    static const char *const codes[] = {
        "090000000000000000", "160000000000000000", "240000000000000000", "310000000000000000",
        "610000000000000000", "630000000000000000", "990000000000000000"};
    struct ps_reason why, want;
    for (size_t i = 0; i < PS_ARRAY_LEN(codes); i++) {
        assert_int_equal(identify(codes[i], NULL, &why), PS_EFORMAT);
        ps_fail(&want, 0,
                "a payment code starting %.2s is not WeChat Pay (10-15), Alipay (25-30) or "
                "UnionPay QR (62)",
                codes[i]);
        assert_string_equal(why.text, want.text);
    }
}

static void rejects_what_is_not_a_digit(void **state)
{
    (void)state;
    struct ps_reason why;
    /* Scanners in keyboard mode often end the code with a carriage return. */
    assert_int_equal(identify("120061098828009406\r", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "byte 0x0D at position 19 is not a digit; payment codes are all digits");
    assert_int_equal(identify("weixin://wxpay/1", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "character 'w' at position 1 is not a digit; payment codes are all digits");
}

static void rejects_codes_too_short_to_tell(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(identify("", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "the payment code is empty");
    assert_int_equal(identify("1", NULL, &why), PS_EFORMAT);
    assert_string_equal(why.text, "a payment code has at least 16 digits, not 1");
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    assert_int_equal(ps_paycode_identify("120061098828009406X", 18, NULL, NULL), 0);
    assert_int_equal(ps_paycode_identify("62", 1, NULL, NULL), PS_EFORMAT);
}

static void names_schemes(void **state)
{
    (void)state;
    assert_string_equal(ps_paycode_scheme_name(PS_PAYCODE_WECHAT), "WeChat Pay");
    assert_string_equal(ps_paycode_scheme_name(PS_PAYCODE_ALIPAY), "Alipay");
    assert_string_equal(ps_paycode_scheme_name(PS_PAYCODE_UNIONPAY), "UnionPay QR");
    assert_string_equal(ps_paycode_scheme_name((enum ps_paycode_scheme)0), "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identifies_each_scheme),
        cmocka_unit_test(accepts_every_prefix_and_length_edge),
        cmocka_unit_test(names_the_scheme_and_its_length),
        cmocka_unit_test(rejects_unknown_prefixes),
        cmocka_unit_test(rejects_what_is_not_a_digit),
        cmocka_unit_test(rejects_codes_too_short_to_tell),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(names_schemes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

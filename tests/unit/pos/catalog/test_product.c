/* What a product may hold, field by field, and the numeric CSV columns as text. */
#include "testing.h"

#include "pos/catalog/columns.h"
#include "pos/catalog/product.h"

static int code(const char *s, struct ps_reason *why)
{
    return pos_product_check_code(s, strlen(s), why);
}

static void accepts_ean13_ean8_and_upca(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(code("6901234567892", &why), 0); /* EAN-13 */
    assert_int_equal(code("40063812", &why), 0);      /* EAN-8 */
    assert_int_equal(code("036000291452", &why), 0);  /* UPC-A */
    assert_string_equal(why.text, "");
}

static void says_what_the_check_digit_should_be(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(code("6901234567891", &why), PS_ECHECK);
    assert_string_equal(why.text, "code 6901234567891: check digit should be 2, not 1");
    assert_int_equal(code("40063813", &why), PS_ECHECK);
    assert_string_equal(why.text, "code 40063813: check digit should be 2, not 3");
    assert_int_equal(code("036000291453", &why), PS_ECHECK);
    assert_string_equal(why.text, "code 036000291453: check digit should be 2, not 3");
}

static void names_bad_lengths_and_characters(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(code("", &why), PS_EFORMAT);
    assert_string_equal(why.text, "code: a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) "
                                  "digits, not 0");
    /* a spreadsheet dropped the leading zero of 012345678905 */
    assert_int_equal(code("12345678905", &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "code 12345678905: "));
    assert_non_null(strstr(why.text, "not 11 (did a spreadsheet drop a leading zero?)"));
    assert_int_equal(code("69012345678X2", &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "code 69012345678X2: character 'X' at position 12"));
    /* a code that does not print is not quoted */
    assert_int_equal(pos_product_check_code("6901234\n67892", 13, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "code: byte 0x0A at position 8"));
    /* only len bytes are read */
    assert_int_equal(pos_product_check_code("6901234567892999", 13, &why), 0);
}

static int name(const char *s, struct ps_reason *why)
{
    return pos_product_check_name(s, strlen(s), why);
}

static void checks_names(void **state)
{
    (void)state;
    struct ps_reason why;
    char long_name[POS_PRODUCT_NAME_MAX + 2];

    assert_int_equal(name("绿茶 Green tea 250g", &why), 0);
    assert_int_equal(name("Two\nlines\r\n", &why), 0); /* a CSV may quote line breaks */
    assert_int_equal(name("😀 emoji", &why), 0);
    assert_int_equal(name("", &why), PS_EFORMAT);
    assert_string_equal(why.text, "name: empty");
    assert_int_equal(name("tab\there", &why), PS_EFORMAT);
    assert_string_equal(why.text, "name: control byte 0x09 at offset 3");
    assert_int_equal(pos_product_check_name("nul\0x", 5, &why), PS_EFORMAT);
    assert_int_equal(name("del\x7f", &why), PS_EFORMAT);

    /* GBK, as a spreadsheet on a Chinese PC saves it: 绿茶 is C2 CC B2 E8 */
    assert_int_equal(name("\xC2\xCC\xB2\xE8", &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "name: not UTF-8 (byte 0xC2 at offset 0); save the file as UTF-8");
    assert_int_equal(name("a\xC0\x80", &why), PS_EFORMAT);        /* overlong NUL */
    assert_int_equal(name("\xE0\x80\xAF", &why), PS_EFORMAT);     /* overlong '/' */
    assert_int_equal(name("\xED\xA0\x80", &why), PS_EFORMAT);     /* a surrogate */
    assert_int_equal(name("\xF4\x90\x80\x80", &why), PS_EFORMAT); /* above U+10FFFF */
    assert_int_equal(name("\xF5\x80\x80\x80", &why), PS_EFORMAT);
    assert_int_equal(name("cut \xE7\xBB", &why), PS_EFORMAT); /* ends inside a character */
    assert_string_equal(why.text,
                        "name: not UTF-8 (byte 0xE7 at offset 4); save the file as UTF-8");
    assert_int_equal(name("\x80", &why), PS_EFORMAT);

    memset(long_name, 'n', sizeof(long_name) - 1);
    long_name[POS_PRODUCT_NAME_MAX] = '\0';
    assert_int_equal(name(long_name, &why), 0);
    long_name[POS_PRODUCT_NAME_MAX] = 'n';
    long_name[POS_PRODUCT_NAME_MAX + 1] = '\0';
    assert_int_equal(name(long_name, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "name: 161 bytes, at most 160");
}

static void checks_price_tax_and_whole_products(void **state)
{
    (void)state;
    struct ps_reason why;
    struct pos_product p;
    memset(&p, 0, sizeof(p));

    assert_int_equal(pos_product_check_price(0, &why), 0);
    assert_int_equal(pos_product_check_price(-1, &why), PS_EINVAL);
    assert_string_equal(why.text, "price: -1 fen is negative");
    assert_int_equal(pos_product_check_tax(0, &why), 0);
    assert_int_equal(pos_product_check_tax(10000, &why), 0);
    assert_int_equal(pos_product_check_tax(10001, &why), PS_EINVAL);
    assert_int_equal(pos_product_check_tax(-1, &why), PS_EINVAL);

    assert_int_equal(pos_product_set_code(&p, "6901234567892", 13, &why), 0);
    assert_int_equal(pos_product_set_name(&p, "Tea", 3, &why), 0);
    p.price = 1250;
    p.tax_bp = 1300;
    p.stock = -4; /* any stock is valid */
    assert_int_equal(pos_product_check(&p, &why), 0);
    assert_int_equal(pos_product_set_code(&p, "6901234567891", 13, &why), PS_ECHECK);
    assert_string_equal(p.code, "6901234567892"); /* unchanged */
    p.tax_bp = 20000;
    assert_int_equal(pos_product_check(&p, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "tax_rate: 20000 basis points"));
    memset(p.name, 'x', sizeof(p.name)); /* no NUL */
    assert_int_equal(pos_product_check(&p, &why), PS_EFORMAT);
    assert_string_equal(why.text, "name: not NUL-terminated");
}

static int tax(const char *s, int32_t *bp, struct ps_reason *why)
{
    return pos_tax_parse(s, strlen(s), bp, why);
}

static void parses_tax_rates_as_percents(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int32_t bp;
    } good[] = {
        {"13", 1300},  {"9.5", 950}, {"6.25", 625}, {"0", 0},          {"100", 10000},
        {"13%", 1300}, {"0.01", 1},  {"09", 900},   {"100.00", 10000}, {"3.0", 300},
    };
    static const struct {
        const char *text;
        int rc;
        const char *reason;
    } bad[] = {
        {"", PS_EFORMAT, "tax_rate: empty"},
        {"%", PS_EFORMAT, "tax_rate: empty"},
        {"13.125", PS_EFORMAT, "tax_rate: more than two decimal places"},
        {"100.01", PS_EINVAL, "tax_rate: 100.01% is above 100%"},
        {"1000000000000", PS_EINVAL, "tax_rate: 1000000000000% is above 100%"},
        {"-1", PS_EINVAL, "tax_rate: -1% is negative"},
        {".5", PS_EFORMAT, "tax_rate: no digits before the decimal point"},
        {"5.", PS_EFORMAT, "tax_rate: no digits after the decimal point"},
        {"13 ", PS_EFORMAT, "tax_rate: a blank at offset 2 (numbers carry no blanks)"},
        {"0.13x", PS_EFORMAT, "tax_rate: 'x' at offset 4 is not a digit"},
        {"abc", PS_EFORMAT, "tax_rate: 'a' at offset 0 is not a digit"},
        {"1\t", PS_EFORMAT, "tax_rate: byte 0x09 at offset 1 is not a digit"},
    };
    struct ps_reason why;
    int32_t bp;
    for (size_t i = 0; i < PS_ARRAY_LEN(good); i++) {
        assert_int_equal(tax(good[i].text, &bp, &why), 0);
        assert_int_equal(bp, good[i].bp);
    }
    for (size_t i = 0; i < PS_ARRAY_LEN(bad); i++) {
        assert_int_equal(tax(bad[i].text, &bp, &why), bad[i].rc);
        assert_string_equal(why.text, bad[i].reason);
    }
}

static void formats_every_tax_rate_so_it_parses_back(void **state)
{
    (void)state;
    char buf[POS_TAX_TEXT_MAX];
    struct ps_reason why;
    assert_int_equal(pos_tax_format(1300, buf), 2);
    assert_string_equal(buf, "13");
    pos_tax_format(950, buf);
    assert_string_equal(buf, "9.5");
    pos_tax_format(625, buf);
    assert_string_equal(buf, "6.25");
    pos_tax_format(1, buf);
    assert_string_equal(buf, "0.01");
    assert_int_equal(pos_tax_format(10000, buf), 3);
    assert_int_equal(pos_tax_format(10001, buf), PS_EINVAL);
    assert_int_equal(pos_tax_format(-1, buf), PS_EINVAL);
    for (int32_t bp = 0; bp <= 10000; bp++) {
        int32_t back = -1;
        int n = pos_tax_format(bp, buf);
        assert_true(n > 0);
        assert_int_equal(pos_tax_parse(buf, (size_t)n, &back, &why), 0);
        assert_int_equal(back, bp);
    }
}

static void parses_stock_and_prices(void **state)
{
    (void)state;
    struct ps_reason why;
    int64_t v;
    assert_int_equal(pos_stock_parse("40", 2, &v, &why), 0);
    assert_int_equal(v, 40);
    assert_int_equal(pos_stock_parse("-3", 2, &v, &why), 0);
    assert_int_equal(v, -3);
    assert_int_equal(pos_stock_parse("9223372036854775807", 19, &v, &why), 0);
    assert_int_equal(v, INT64_MAX);
    assert_int_equal(pos_stock_parse("-9223372036854775808", 20, &v, &why), 0);
    assert_true(v == INT64_MIN);
    assert_int_equal(pos_stock_parse("9223372036854775808", 19, &v, &why), PS_EOVERFLOW);
    assert_string_equal(why.text, "stock: 9223372036854775808 does not fit 64 bits");
    assert_int_equal(pos_stock_parse("", 0, &v, &why), PS_EFORMAT);
    assert_string_equal(why.text, "stock: empty");
    assert_int_equal(pos_stock_parse("-", 1, &v, &why), PS_EFORMAT);
    assert_int_equal(pos_stock_parse("1.5", 3, &v, &why), PS_EFORMAT);
    assert_string_equal(why.text, "stock: '.' at offset 1 is not a digit");

    assert_int_equal(pos_price_parse("12.50", 5, &v, &why), 0);
    assert_int_equal(v, 1250);
    assert_int_equal(pos_price_parse("0", 1, &v, &why), 0);
    assert_int_equal(pos_price_parse("12.345", 6, &v, &why), PS_EFORMAT);
    assert_string_equal(why.text, "price: more than two decimal places");
    assert_int_equal(pos_price_parse("-1.00", 5, &v, &why), PS_EINVAL);
    assert_string_equal(why.text, "price: -1.00 is negative");
    assert_int_equal(pos_price_parse("¥5", strlen("¥5"), &v, &why), PS_EFORMAT);
    assert_non_null(strstr(why.text, "price: non-ASCII byte 0xC2 at offset 0"));
    assert_int_equal(pos_price_parse("99999999999999999999", 20, &v, &why), PS_EOVERFLOW);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_ean13_ean8_and_upca),
        cmocka_unit_test(says_what_the_check_digit_should_be),
        cmocka_unit_test(names_bad_lengths_and_characters),
        cmocka_unit_test(checks_names),
        cmocka_unit_test(checks_price_tax_and_whole_products),
        cmocka_unit_test(parses_tax_rates_as_percents),
        cmocka_unit_test(formats_every_tax_rate_so_it_parses_back),
        cmocka_unit_test(parses_stock_and_prices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* UTF-8 to GB18030 for the printer (pos/receipt/gb18030.h). */
#include "testing.h"

#include "pos/receipt/gb18030.h"

/* Converts text and asserts the bytes, as hex. */
static void assert_gb(const char *text, unsigned flags, const char *want_hex)
{
    struct rcpt_buf out;
    struct ps_reason why = {""};
    rcpt_buf_init(&out);
    int rc = rcpt_gb18030_append(&out, text, strlen(text), flags, &why);
    if (rc != 0)
        fail_msg("%s: %s", text, why.text);
    assert_hex_equal(out.data, out.len, want_hex);
    rcpt_buf_cleanup(&out);
}

static int refuse(const char *text, size_t len, unsigned flags, struct ps_reason *why)
{
    struct rcpt_buf out;
    rcpt_buf_init(&out);
    int rc = rcpt_gb18030_append(&out, text, len, flags, why);
    rcpt_buf_cleanup(&out);
    return rc;
}

static void converts_known_characters(void **state)
{
    (void)state;
    assert_gb("中", 0, "D6D0");
    assert_gb("中文", 0, "D6D0CEC4");
    assert_gb("商户存根", 0, "C9CCBBA7B4E6B8F9");
    assert_gb("，", 0, "A3AC");       /* fullwidth comma */
    assert_gb("。", 0, "A1A3");       /* CJK full stop */
    assert_gb("１", 0, "A3B1");       /* fullwidth digit one */
    assert_gb("€", 0, "A2E3");        /* GB18030's euro, not GBK's 0x80 */
    assert_gb("é", 0, "A8A6");        /* pinyin letters are in GB2312 */
    assert_gb("A1 x", 0, "41312078"); /* ASCII as it is */
    assert_gb("苹果12.80", 0, "C6BBB9FB31322E3830");
}

static void four_byte_characters_need_a_font_that_has_them(void **state)
{
    (void)state;
    struct ps_reason why;
    const char *apple = "苹果🍎";
    assert_int_equal(refuse(apple, strlen(apple), 0, &why), PS_EUNDEFINED);
    assert_string_equal(why.text, "U+1F34E (🍎) at offset 6 is a four-byte GB18030 character, "
                                  "which the printer's font does not hold");
    assert_gb(apple, RCPT_GB_FOUR_BYTE, "C6BBB9FB9439B736");
    assert_gb("\xE3\x90\x80", RCPT_GB_FOUR_BYTE, "8139EE39"); /* U+3400, CJK Extension A */
}

static void refuses_bad_utf8_and_control_characters(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(refuse("ab\xE4\xB8\xAD", 4, 0, &why), PS_EFORMAT); /* cut short by len */
    assert_string_equal(why.text, "byte 0xE4 at offset 2 is not valid UTF-8");
    assert_int_equal(refuse("\xC0\xAF", 2, 0, &why), PS_EFORMAT);
    assert_int_equal(refuse("ab\x1d"
                            "V",
                            4, 0, &why),
                     PS_EFORMAT);
    assert_string_equal(
        why.text, "control character U+001D at offset 2 would reach the printer as a command");
    assert_int_equal(refuse("\xC2\x9B", 2, 0, &why), PS_EFORMAT); /* C1 CSI */
}

static void appends_after_what_is_there(void **state)
{
    (void)state;
    struct rcpt_buf out;
    rcpt_buf_init(&out);
    assert_int_equal(rcpt_buf_append(&out, "\x1b@", 2, NULL), 0);
    assert_int_equal(rcpt_gb18030_append(&out, "中", 3, 0, NULL), 0);
    assert_hex_equal(out.data, out.len, "1B40D6D0");
    assert_int_equal(out.data[out.len], 0);
    rcpt_buf_cleanup(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(converts_known_characters),
        cmocka_unit_test(four_byte_characters_need_a_font_that_has_them),
        cmocka_unit_test(refuses_bad_utf8_and_control_characters),
        cmocka_unit_test(appends_after_what_is_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Display width, checks and wrapping of UTF-8 text (pos/receipt/utf8.h). */
#include "testing.h"

#include <stdio.h>

#include "pos/receipt/utf8.h"

static size_t width_of(const char *s)
{
    return rcpt_display_width(s, strlen(s));
}

static void decodes_well_formed_and_refuses_the_rest(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        size_t want_len;
        uint32_t want_cp;
    } cases[] = {
        {"A", 1, 1, 0x41},
        {"\xC3\xA9", 2, 2, 0xE9},            /* é */
        {"\xE4\xB8\xAD", 3, 3, 0x4E2D},      /* 中 */
        {"\xF0\x9F\x8D\x8E", 4, 4, 0x1F34E}, /* 🍎 */
        {"\xE4\xB8", 2, 0, 0},               /* cut short */
        {"\x80", 1, 0, 0},                   /* stray continuation */
        {"\xC0\xAF", 2, 0, 0},               /* overlong '/' */
        {"\xE0\x80\xAF", 3, 0, 0},           /* overlong */
        {"\xED\xA0\x80", 3, 0, 0},           /* surrogate U+D800 */
        {"\xF4\x90\x80\x80", 4, 0, 0},       /* above U+10FFFF */
        {"\xFF", 1, 0, 0},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        uint32_t cp = 99;
        assert_int_equal(rcpt_utf8_decode(cases[i].bytes, cases[i].len, &cp), cases[i].want_len);
        assert_int_equal(cp, cases[i].want_cp);
    }
}

static void measures_columns(void **state)
{
    (void)state;
    assert_int_equal(width_of(""), 0);
    assert_int_equal(width_of("TOTAL 12.00"), 11);
    assert_int_equal(width_of("中"), 2); /* CJK Unified Ideographs */
    assert_int_equal(width_of("星河便利店"), 10);
    assert_int_equal(width_of("，。、"), 6);       /* fullwidth comma, CJK punctuation */
    assert_int_equal(width_of("\xE3\x80\x80"), 2); /* ideographic space U+3000 */
    assert_int_equal(width_of("ＡＢ１"), 6);       /* fullwidth forms */
    assert_int_equal(width_of("农夫山泉550ml"), 13);
    assert_int_equal(width_of("\xE3\x90\x80"), 2); /* CJK Extension A U+3400 */
    assert_int_equal(width_of("é"), 2);     /* double-byte in GB18030: the printer's wide font */
    assert_int_equal(width_of("\x80x"), 2); /* a stray byte counts one column */
}

static void checks_text_for_printing(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(rcpt_text_check("name", "苹果 apple", 64, 0, &why), 0);
    assert_int_equal(rcpt_text_check("name", "", 64, 0, &why), 0);

    assert_int_equal(rcpt_text_check("item 2 name", "ab\x1b@", 64, 0, &why), PS_EFORMAT);
    assert_string_equal(why.text,
                        "item 2 name: control character U+001B at offset 2 cannot be printed");
    assert_int_equal(rcpt_text_check("footer", "a\nb", 64, 0, &why), PS_EFORMAT);
    assert_int_equal(rcpt_text_check("footer", "a\nb", 64, RCPT_TEXT_MULTILINE, &why), 0);
    assert_int_equal(rcpt_text_check("footer", "a\rb", 64, RCPT_TEXT_MULTILINE, &why), PS_EFORMAT);
    assert_int_equal(rcpt_text_check("name", "\xC2\x85", 64, 0, &why), PS_EFORMAT); /* C1 NEL */
    assert_int_equal(rcpt_text_check("name", "a\x7f", 64, 0, &why), PS_EFORMAT);

    assert_int_equal(rcpt_text_check("name", "ab\xE4\xB8", 64, 0, &why), PS_EFORMAT);
    assert_string_equal(why.text, "name: byte 0xE4 at offset 2 is not valid UTF-8");
    assert_int_equal(rcpt_text_check("name", "abcde", 4, 0, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "name: longer than 4 bytes");
}

/* Splits s into lines of cols columns, joined with '|'. */
static void wrap_all(const char *s, size_t cols, char *out, size_t cap)
{
    size_t len = strlen(s), used = 0;
    out[0] = 0;
    for (size_t at = 0; at < len;) {
        size_t next;
        size_t n = rcpt_wrap(s + at, len - at, cols, &next);
        assert_true(next > 0); /* always moves on */
        assert_true(rcpt_display_width(s + at, n) <= cols);
        if (n > 0)
            used +=
                (size_t)snprintf(out + used, cap - used, "%s%.*s", used ? "|" : "", (int)n, s + at);
        at += next;
    }
}

static void wraps_cjk_anywhere_and_ascii_at_spaces(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t cols;
        const char *want;
    } cases[] = {
        /* a long CJK name: 16 columns take 8 ideographs; the ASCII '(' is one column */
        {"特级红富士苹果(山东烟台产地直供精选大果)", 32,
         "特级红富士苹果(山东烟台产地直供|精选大果)"},
        {"特级红富士苹果(山东烟台产地直供精选大果)", 16,
         "特级红富士苹果(|山东烟台产地直供|精选大果)"},
        /* an ideograph never straddles the edge: 15 columns hold 7 of them */
        {"一二三四五六七八九十", 15, "一二三四五六七|八九十"},
        {"Coca-Cola Zero Sugar Sparkling Drink 330ml", 32,
         "Coca-Cola Zero Sugar Sparkling|Drink 330ml"},
        {"Galaxy Mart (Science Park)", 16, "Galaxy Mart|(Science Park)"},
        /* a word longer than the line is split */
        {"4200002245202405011234567890123456", 32, "42000022452024050112345678901234|56"},
        /* mixed: ASCII after CJK breaks at the space */
        {"可口可乐 Coca-Cola Zero", 16, "可口可乐|Coca-Cola Zero"},
        {"fits exactly here", 17, "fits exactly here"},
        {"   ", 2, ""},
        {"a  b", 2, "a|b"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        char got[256];
        wrap_all(cases[i].text, cases[i].cols, got, sizeof(got));
        assert_string_equal(got, cases[i].want);
    }
}

/* Any text, any width: lines fit, nothing is lost but the spaces at breaks. */
static void wrapping_keeps_every_character(void **state)
{
    (void)state;
    static const char *const pieces[] = {"中", "a", " ", "，", "é", "🍎", "x", "文字", "  "};
    uint64_t seed = test_seed(), rnd = seed;
    for (int round = 0; round < 2000; round++) {
        char text[512] = "", got[1024], kept[512], want[512];
        size_t nk = 0, nw = 0;
        size_t n = random_below(&rnd, 40);
        for (size_t i = 0; i < n; i++)
            strcat(text, pieces[random_below(&rnd, PS_ARRAY_LEN(pieces))]);
        size_t cols = 2 + random_below(&rnd, 30);
        wrap_all(text, cols, got, sizeof(got));
        for (const char *p = got; *p; p++)
            if (*p != '|' && *p != ' ')
                kept[nk++] = *p;
        for (const char *p = text; *p; p++)
            if (*p != ' ')
                want[nw++] = *p;
        kept[nk] = 0;
        want[nw] = 0;
        assert_seeded(strcmp(kept, want) == 0, seed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_well_formed_and_refuses_the_rest),
        cmocka_unit_test(measures_columns),
        cmocka_unit_test(checks_text_for_printing),
        cmocka_unit_test(wraps_cjk_anywhere_and_ascii_at_spaces),
        cmocka_unit_test(wrapping_keeps_every_character),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* UTF-8 decoding and checking (core/utf8.h), against RFC 3629 §4 and its table of
 * well-formed byte sequences. */
#include "testing.h"

#include "core/utf8.h"

struct decode_case {
    const char *bytes;
    size_t len;
    size_t want_len; /* 0: not well-formed */
    uint32_t want_cp;
};

static void expect_decodes(const struct decode_case *cases, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        uint32_t cp = 99;
        size_t n = ps_utf8_decode(cases[i].bytes, cases[i].len, &cp);
        if (n != cases[i].want_len || cp != cases[i].want_cp)
            print_error("case %zu: length %zu, U+%04X\n", i, n, (unsigned)cp);
        assert_int_equal(n, cases[i].want_len);
        assert_int_equal(cp, cases[i].want_cp);
    }
}

static void decodes_one_to_four_bytes(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {"A", 1, 1, 0x41},
        {"\0", 1, 1, 0x00},                  /* NUL is a character; callers decide */
        {"\xC3\xA9", 2, 2, 0xE9},            /* é */
        {"\xE4\xB8\xAD", 3, 3, 0x4E2D},      /* 中 */
        {"\xF0\x9F\x8D\x8E", 4, 4, 0x1F34E}, /* 🍎 */
        {"AB", 2, 1, 0x41},                  /* one character at a time */
        {"\xE4\xB8\xAD\xE6\x96\x87", 6, 3, 0x4E2D},
    };
    expect_decodes(cases, PS_ARRAY_LEN(cases));
}

static void decodes_the_boundaries_of_each_length(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {"\x7F", 1, 1, 0x7F},                 /* last of 1 byte */
        {"\xC2\x80", 2, 2, 0x80},             /* first of 2 */
        {"\xDF\xBF", 2, 2, 0x7FF},            /* last of 2 */
        {"\xE0\xA0\x80", 3, 3, 0x800},        /* first of 3 */
        {"\xED\x9F\xBF", 3, 3, 0xD7FF},       /* just below the surrogates */
        {"\xEE\x80\x80", 3, 3, 0xE000},       /* just above them */
        {"\xEF\xBF\xBF", 3, 3, 0xFFFF},       /* last of 3 */
        {"\xF0\x90\x80\x80", 4, 4, 0x10000},  /* first of 4 */
        {"\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF}, /* the last code point */
    };
    expect_decodes(cases, PS_ARRAY_LEN(cases));
}

static void refuses_overlong_forms(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {"\xC0\x80", 2, 0, 0},         /* U+0000 in 2 bytes */
        {"\xC0\xAF", 2, 0, 0},         /* '/' in 2 bytes */
        {"\xC1\xBF", 2, 0, 0},         /* U+007F in 2 bytes */
        {"\xE0\x80\x80", 3, 0, 0},     /* U+0000 in 3 bytes */
        {"\xE0\x9F\xBF", 3, 0, 0},     /* U+07FF in 3 bytes */
        {"\xF0\x80\x80\x80", 4, 0, 0}, /* U+0000 in 4 bytes */
        {"\xF0\x8F\xBF\xBF", 4, 0, 0}, /* U+FFFF in 4 bytes */
    };
    expect_decodes(cases, PS_ARRAY_LEN(cases));
}

static void refuses_surrogates_and_values_above_10FFFF(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {"\xED\xA0\x80", 3, 0, 0},     /* U+D800 */
        {"\xED\xBF\xBF", 3, 0, 0},     /* U+DFFF */
        {"\xF4\x90\x80\x80", 4, 0, 0}, /* U+110000 */
        {"\xF5\x80\x80\x80", 4, 0, 0}, /* F5..FF never start a sequence */
        {"\xF7\xBF\xBF\xBF", 4, 0, 0}, {"\xFF", 1, 0, 0}, {"\xFE", 1, 0, 0},
    };
    expect_decodes(cases, PS_ARRAY_LEN(cases));
}

static void refuses_truncated_and_stray_bytes(void **state)
{
    (void)state;
    static const struct decode_case cases[] = {
        {"", 0, 0, 0},
        {"\xC3", 1, 0, 0},         /* 2-byte lead at the end */
        {"\xE4\xB8", 2, 0, 0},     /* 3 bytes cut to 2 */
        {"\xE4\xB8\xAD", 2, 0, 0}, /* len says where the buffer ends, not the bytes */
        {"\xF0\x9F\x8D", 3, 0, 0}, /* 4 bytes cut to 3 */
        {"\x80", 1, 0, 0},         /* stray continuation */
        {"\xBF\x41", 2, 0, 0},
        {"\xC3\x41", 2, 0, 0},         /* lead followed by ASCII */
        {"\xE4\xB8\x41", 3, 0, 0},     /* continuation missing in the middle */
        {"\xF0\x9F\x8D\xC3", 4, 0, 0}, /* a new lead where a continuation belongs */
    };
    expect_decodes(cases, PS_ARRAY_LEN(cases));
}

/* Every code point, encoded by the RFC 3629 §3 table, decodes to itself; every
 * surrogate, so encoded, is refused. */
static void round_trips_every_code_point(void **state)
{
    (void)state;
    for (uint32_t v = 0; v <= 0x10FFFF; v++) {
        char b[4];
        size_t n;
        if (v < 0x80) {
            b[0] = (char)v, n = 1;
        } else if (v < 0x800) {
            b[0] = (char)(0xC0 | v >> 6), b[1] = (char)(0x80 | (v & 0x3F)), n = 2;
        } else if (v < 0x10000) {
            b[0] = (char)(0xE0 | v >> 12), b[1] = (char)(0x80 | (v >> 6 & 0x3F));
            b[2] = (char)(0x80 | (v & 0x3F)), n = 3;
        } else {
            b[0] = (char)(0xF0 | v >> 18), b[1] = (char)(0x80 | (v >> 12 & 0x3F));
            b[2] = (char)(0x80 | (v >> 6 & 0x3F)), b[3] = (char)(0x80 | (v & 0x3F)), n = 4;
        }
        uint32_t cp = 99;
        size_t got = ps_utf8_decode(b, n, &cp);
        int surrogate = v >= 0xD800 && v <= 0xDFFF;
        if (got != (surrogate ? 0 : n) || cp != (surrogate ? 0 : v))
            fail_msg("U+%04X: length %zu, U+%04X", (unsigned)v, got, (unsigned)cp);
    }
}

static void check_accepts_well_formed_text(void **state)
{
    (void)state;
    const char *text = "星河便利店 TOTAL 12.00 \xF0\x9F\x8D\x8E";
    size_t bad = 99;
    struct ps_reason why = {"untouched"};
    assert_int_equal(ps_utf8_check(text, strlen(text), &bad, &why), 0);
    assert_int_equal(bad, strlen(text));
    assert_string_equal(why.text, "");
    assert_int_equal(ps_utf8_check("", 0, &bad, NULL), 0);
    assert_int_equal(bad, 0);
    assert_int_equal(ps_utf8_check(text, strlen(text), NULL, NULL), 0);
}

static void check_names_the_first_bad_offset(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        size_t want_bad;
        const char *want_why;
    } cases[] = {
        {"\x80", 1, 0, "offset 0: not UTF-8"},
        {"abc\xC0\x80xyz", 8, 3, "offset 3: not UTF-8"},
        {"\xE4\xB8\xAD\xED\xA0\x80", 6, 3, "offset 3: not UTF-8"},     /* 中, then a surrogate */
        {"\xE4\xB8\xAD\xE4\xB8", 5, 3, "offset 3: not UTF-8"},         /* cut at the end */
        {"A\xC3\xA9\xF4\x90\x80\x80", 7, 3, "offset 3: not UTF-8"},    /* above U+10FFFF */
        {"ok\xF0\x9F\x8D\x8E\x8E", 7, 6, "offset 6: not UTF-8"},       /* stray continuation */
        {"\xC3\xA9\xC3\xA9\xC3\xA9\xFF", 7, 6, "offset 6: not UTF-8"}, /* first bad only */
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        size_t bad = 99;
        struct ps_reason why;
        assert_int_equal(ps_utf8_check(cases[i].bytes, cases[i].len, &bad, &why), PS_EFORMAT);
        assert_int_equal(bad, cases[i].want_bad);
        assert_string_equal(why.text, cases[i].want_why);
    }
    /* bad_at and why are both optional */
    assert_int_equal(ps_utf8_check("\xFF", 1, NULL, NULL), PS_EFORMAT);
}

/* The length bounds the read: a check of a prefix never looks at the byte after it,
 * so a sequence whose tail lies beyond len is refused rather than read. */
static void check_reads_only_len_bytes(void **state)
{
    (void)state;
    char *heap = malloc(2); /* ASan catches any read past it */
    assert_non_null(heap);
    memcpy(heap, "a\xE4", 2);
    size_t bad = 99;
    assert_int_equal(ps_utf8_check(heap, 2, &bad, NULL), PS_EFORMAT);
    assert_int_equal(bad, 1);
    assert_int_equal(ps_utf8_check(heap, 1, &bad, NULL), 0);
    assert_int_equal(bad, 1);
    free(heap);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_one_to_four_bytes),
        cmocka_unit_test(decodes_the_boundaries_of_each_length),
        cmocka_unit_test(refuses_overlong_forms),
        cmocka_unit_test(refuses_surrogates_and_values_above_10FFFF),
        cmocka_unit_test(refuses_truncated_and_stray_bytes),
        cmocka_unit_test(round_trips_every_code_point),
        cmocka_unit_test(check_accepts_well_formed_text),
        cmocka_unit_test(check_names_the_first_bad_offset),
        cmocka_unit_test(check_reads_only_len_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

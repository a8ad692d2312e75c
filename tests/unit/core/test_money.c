#include "testing.h"

#include <stdio.h>

#include "core/money.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* Parses text from a heap copy of exactly strlen(text) bytes with no NUL, so that
 * AddressSanitizer catches any read past len. */
static int parse_exact(const char *text, size_t len, int64_t *fen, struct ps_reason *why)
{
    char *copy = malloc(len > 0 ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    ps_reason_clear(why);
    int rc = ps_money_parse(copy, len, fen, why);
    free(copy);
    return rc;
}

static int parse(const char *text, int64_t *fen, struct ps_reason *why)
{
    return parse_exact(text, strlen(text), fen, why);
}

/* ---- parse ------------------------------------------------------------------------ */

static void parses_accepted_forms(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t fen;
    } cases[] = {
        {"12.34", 1234},
        {"0.01", 1},
        {"12", 1200},
        {"12.3", 1230},
        {"-5.00", -500},
        {"007.10", 710},
        {"0", 0},
        {"-0", 0},
        {"-0.00", 0},
        {"-0.05", -5},
        {"1.5", 150},
        {"000000000000000000000000000000000001.00", 100},
        {"92233720368547758.07", INT64_MAX},
        {"-92233720368547758.08", INT64_MIN},
        {"92233720368547758", 9223372036854775800},
        {"92233720368547758.0", 9223372036854775800},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        int64_t fen = 42;
        struct ps_reason why;
        assert_int_equal(parse(cases[i].text, &fen, &why), PS_OK);
        assert_int_equal(fen, cases[i].fen);
        assert_string_equal(why.text, "");
    }
}

static void rejects_malformed_text_with_reasons(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *reason;
    } cases[] = {
        {"", "money: empty amount"},
        {"-", "money: no digits after '-'"},
        {"+1", "money: '+' at offset 0 (only '-' may sign an amount)"},
        {" 1", "money: blank at offset 0 (amounts carry no blanks)"},
        {"1 ", "money: blank at offset 1 (amounts carry no blanks)"},
        {"1.", "money: no digits after the decimal point"},
        {"1.x", "money: no digits after the decimal point"},
        {".5", "money: no digits before the decimal point"},
        {"-.5", "money: no digits before the decimal point"},
        {"1.234", "money: more than two decimal places"},
        {"0.001", "money: more than two decimal places"},
        {"1e3", "money: 'e' at offset 1 is not a digit"},
        {"1,000", "money: ',' at offset 1 is not a digit"},
        {"--1", "money: '-' at offset 1 is not a digit"},
        {"1-", "money: '-' at offset 1 is not a digit"},
        {"1.2.3", "money: '.' at offset 3 is not a digit"},
        {"1.23 ", "money: blank at offset 4 (amounts carry no blanks)"},
        {"\t1", "money: control byte 0x09 at offset 0"},
        {"\xef\xbc\x91\xef\xbc\x92", /* "１２", full-width digits in UTF-8 */
         "money: non-ASCII byte 0xEF at offset 0 (digits must be ASCII)"},
        {"1\xef\xbc\x92", "money: non-ASCII byte 0xEF at offset 1 (digits must be ASCII)"},
        {"x", "money: 'x' at offset 0 is not a digit"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        int64_t fen = 42;
        struct ps_reason why;
        assert_int_equal(parse(cases[i].text, &fen, &why), PS_EFORMAT);
        assert_string_equal(why.text, cases[i].reason);
        assert_int_equal(fen, 0);
    }
}

static void names_an_embedded_nul(void **state)
{
    (void)state;
    int64_t fen;
    struct ps_reason why;
    assert_int_equal(parse_exact("1\0", 2, &fen, &why), PS_EFORMAT);
    assert_string_equal(why.text, "money: control byte 0x00 at offset 1");
}

static void reads_only_len_bytes(void **state)
{
    (void)state;
    int64_t fen;
    /* What follows len is not part of the amount, whatever it is. */
    assert_int_equal(ps_money_parse("12.34xyz", 5, &fen, NULL), PS_OK);
    assert_int_equal(fen, 1234);
    assert_int_equal(ps_money_parse("12.345", 4, &fen, NULL), PS_OK);
    assert_int_equal(fen, 1230);
    assert_int_equal(ps_money_parse(NULL, 0, &fen, NULL), PS_EFORMAT);
}

static void rejects_amounts_outside_int64_fen(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "92233720368547758.08",  "-92233720368547758.09", "92233720368547758.1",
        "92233720368547759",     "-92233720368547759",    "99999999999999999999999999",
        "184467440737095516.16", /* 2^64 fen: must not wrap around to 0 */
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        int64_t fen = 42;
        struct ps_reason why;
        assert_int_equal(parse(cases[i], &fen, &why), PS_EOVERFLOW);
        assert_string_equal(why.text, "money: amount does not fit in 64-bit fen "
                                      "(-92233720368547758.08 to 92233720368547758.07)");
        assert_int_equal(fen, 0);
    }
}

static void reports_format_before_range(void **state)
{
    (void)state;
    int64_t fen;
    struct ps_reason why;
    assert_int_equal(parse("99999999999999999999x", &fen, &why), PS_EFORMAT);
    assert_string_equal(why.text, "money: 'x' at offset 20 is not a digit");
}

/* ---- format ----------------------------------------------------------------------- */

static void formats_two_decimals(void **state)
{
    (void)state;
    static const struct {
        int64_t fen;
        const char *text;
    } cases[] = {
        {1234, "12.34"},
        {-5, "-0.05"},
        {0, "0.00"},
        {5, "0.05"},
        {10, "0.10"},
        {100, "1.00"},
        {-100, "-1.00"},
        {INT64_MAX, "92233720368547758.07"},
        {INT64_MIN, "-92233720368547758.08"},
        {INT64_MIN + 1, "-92233720368547758.07"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        char buf[PS_MONEY_TEXT_MAX];
        int n = ps_money_format(cases[i].fen, buf, sizeof(buf));
        assert_int_equal(n, (int)strlen(cases[i].text));
        assert_string_equal(buf, cases[i].text);
    }
}

static void format_respects_capacity(void **state)
{
    (void)state;
    char buf[PS_MONEY_TEXT_MAX];
    memset(buf, 'z', sizeof(buf));
    assert_int_equal(ps_money_format(1234, buf, 5), PS_ESPACE);
    assert_string_equal(buf, "");
    assert_int_equal(buf[1], 'z');
    assert_int_equal(ps_money_format(1234, buf, 6), 5);
    assert_string_equal(buf, "12.34");
    assert_int_equal(ps_money_format(1234, NULL, 0), PS_ESPACE);
    assert_int_equal(ps_money_format(INT64_MIN, buf, PS_MONEY_TEXT_MAX - 1), PS_ESPACE);
    assert_int_equal(ps_money_format(INT64_MIN, buf, PS_MONEY_TEXT_MAX), PS_MONEY_TEXT_MAX - 1);
}

/* A random int64 whose magnitude is spread over every order, not clustered near 2^63. */
static int64_t random_fen(uint64_t *rng)
{
    uint64_t bits = next_random(rng) >> (next_random(rng) % 64);
    return (next_random(rng) & 1) ? (int64_t)(0 - bits) : (int64_t)bits;
}

static void format_then_parse_round_trips(void **state)
{
    (void)state;
    uint64_t seed = test_seed();
    uint64_t rng = seed;
    for (int i = 0; i < 200000; i++) {
        int64_t fen = random_fen(&rng);
        char buf[PS_MONEY_TEXT_MAX];
        int n = ps_money_format(fen, buf, sizeof(buf));
        assert_seeded(n > 0 && (size_t)n == strlen(buf), seed);
        int64_t back = 0;
        assert_seeded(parse_exact(buf, (size_t)n, &back, NULL) == PS_OK, seed);
        assert_seeded(back == fen, seed);
    }
}

/* Random short strings over the characters that matter: nothing may crash, and what is
 * accepted must format back to text that parses to the same value. */
static void survives_random_text(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789.-+ e,\xef\x00";
    uint64_t seed = test_seed();
    uint64_t rng = seed;
    for (int i = 0; i < 200000; i++) {
        char text[24];
        size_t len = next_random(&rng) % sizeof(text);
        for (size_t k = 0; k < len; k++)
            text[k] = alphabet[next_random(&rng) % (sizeof(alphabet) - 1)];
        int64_t fen;
        struct ps_reason why;
        int rc = parse_exact(text, len, &fen, &why);
        assert_seeded(rc == PS_OK || rc == PS_EFORMAT || rc == PS_EOVERFLOW, seed);
        assert_seeded((rc == PS_OK) == (why.text[0] == '\0'), seed);
        if (rc != PS_OK)
            continue;
        char buf[PS_MONEY_TEXT_MAX];
        int64_t back = 0;
        int n = ps_money_format(fen, buf, sizeof(buf));
        assert_seeded(n > 0 && parse_exact(buf, (size_t)n, &back, NULL) == PS_OK, seed);
        assert_seeded(back == fen, seed);
    }
}

/* ---- rounding --------------------------------------------------------------------- */

static const enum ps_rounding modes[] = {PS_ROUND_HALF_UP, PS_ROUND_HALF_EVEN, PS_ROUND_DOWN,
                                         PS_ROUND_UP};

/* Expected results in the order of modes[]. Every mode is symmetric about zero, so
 * each row is also checked with fen negated and every expectation negated. */
struct rounding_row {
    int64_t fen;
    int64_t rate;
    int64_t want[4];
};

static void check_rounding_table(const struct rounding_row *rows, size_t n, int64_t den)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t m = 0; m < PS_ARRAY_LEN(modes); m++) {
            for (int sign = 1; sign >= -1; sign -= 2) {
                int64_t out = 42;
                assert_int_equal(
                    ps_money_mul_ratio(sign * rows[i].fen, rows[i].rate, den, modes[m], &out),
                    PS_OK);
                if (out != sign * rows[i].want[m])
                    print_error("row %zu, mode %zu, sign %d: got %" PRId64 "\n", i, m, sign, out);
                assert_int_equal(out, sign * rows[i].want[m]);
            }
        }
    }
}

static void rounds_basis_points_by_each_mode(void **state)
{
    (void)state;
    static const struct rounding_row rows[] = {
        /*  fen    bp    half-up half-even down up */
        {100, 38, {0, 0, 0, 1}},       /* 0.38% of 1.00 yuan = 0.38 fen */
        {13158, 38, {50, 50, 50, 51}}, /* 0.38% of 131.58 yuan = 50.0004 fen */
        {50, 100, {1, 0, 0, 1}},       /* exactly 0.5 fen */
        {150, 100, {2, 2, 1, 2}},      /* exactly 1.5 fen: even is 2 */
        {250, 100, {3, 2, 2, 3}},      /* exactly 2.5 fen: even is 2 */
        {2500, 38, {10, 10, 9, 10}},   /* 0.38% of 25.00 yuan = 9.5 fen */
        {7500, 38, {29, 28, 28, 29}},  /* 0.38% of 75.00 yuan = 28.5 fen */
        {60, 100, {1, 1, 0, 1}},       /* 0.6 fen */
        {40, 100, {0, 0, 0, 1}},       /* 0.4 fen */
        {10000, 38, {38, 38, 38, 38}}, /* exact: no rounding at all */
        {0, 38, {0, 0, 0, 0}},         /* nothing is still nothing */
        {12345, 0, {0, 0, 0, 0}},      /* a zero rate */
        {1, 10000, {1, 1, 1, 1}},      /* 100% */
        {1, 5000, {1, 0, 0, 1}},       /* half of one fen */
        {3, 5000, {2, 2, 1, 2}},       /* half of three fen */
        {9999, 1, {1, 1, 0, 1}},       /* 0.9999 fen */
        {5001, 1, {1, 1, 0, 1}},       /* 0.5001 fen: above the half */
        {4999, 1, {0, 0, 0, 1}},       /* 0.4999 fen: below the half */
    };
    check_rounding_table(rows, PS_ARRAY_LEN(rows), 10000);

    int64_t out;
    assert_int_equal(ps_money_mul_bp(13158, 38, PS_ROUND_UP, &out), PS_OK);
    assert_int_equal(out, 51);
    assert_int_equal(ps_money_mul_bp(50, -100, PS_ROUND_HALF_UP, &out), PS_OK);
    assert_int_equal(out, -1); /* a negative rate rounds like a negative amount */
}

static void rounds_millionths_by_each_mode(void **state)
{
    (void)state;
    static const struct rounding_row rows[] = {
        /*  fen     ppm     half-up half-even down up */
        {10000, 3850, {39, 38, 38, 39}},     /* 0.385% of 100.00 yuan = 38.5 fen */
        {30000, 3850, {116, 116, 115, 116}}, /* 0.385% of 300.00 yuan = 115.5 fen */
        {13158, 3850, {51, 51, 50, 51}},     /* 50.6583 fen */
        {100, 6000, {1, 1, 0, 1}},           /* 0.6% of 1.00 yuan = 0.6 fen */
    };
    check_rounding_table(rows, PS_ARRAY_LEN(rows), 1000000);

    int64_t out;
    assert_int_equal(ps_money_mul_ppm(10000, 3850, PS_ROUND_HALF_EVEN, &out), PS_OK);
    assert_int_equal(out, 38);
}

static void multiplies_exactly_near_the_limits(void **state)
{
    (void)state;
    int64_t out;
    /* The product needs 126 bits; only a 128-bit intermediate gets these right. */
    assert_int_equal(ps_money_mul_ratio(INT64_MAX, INT64_MAX, INT64_MAX, PS_ROUND_DOWN, &out),
                     PS_OK);
    assert_int_equal(out, INT64_MAX);
    assert_int_equal(ps_money_mul_ratio(INT64_MIN, INT64_MAX, INT64_MAX, PS_ROUND_UP, &out), PS_OK);
    assert_int_equal(out, INT64_MIN);
    assert_int_equal(ps_money_mul_ratio(INT64_MIN, INT64_MIN, INT64_MAX, PS_ROUND_DOWN, &out),
                     PS_EOVERFLOW);
    assert_int_equal(ps_money_mul_ratio(INT64_MIN, 1, 1, PS_ROUND_HALF_UP, &out), PS_OK);
    assert_int_equal(out, INT64_MIN);
    assert_int_equal(ps_money_mul_ratio(INT64_MIN, -1, 2, PS_ROUND_DOWN, &out), PS_OK);
    assert_int_equal(out, (int64_t)1 << 62);
}

static void reports_overflow_on_multiply(void **state)
{
    (void)state;
    int64_t out = 42;
    assert_int_equal(ps_money_mul_ratio(INT64_MAX, 2, 1, PS_ROUND_DOWN, &out), PS_EOVERFLOW);
    assert_int_equal(out, 0);
    assert_int_equal(ps_money_mul_ratio(INT64_MIN, -1, 1, PS_ROUND_DOWN, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_mul_bp(INT64_MAX, 10001, PS_ROUND_DOWN, &out), PS_EOVERFLOW);

    /* (2^64 - 1) / 3 * 3 / 2 = INT64_MAX + 0.5: only the rounding step leaves int64. */
    const int64_t third = 6148914691236517205;
    assert_int_equal(ps_money_mul_ratio(third, 3, 2, PS_ROUND_DOWN, &out), PS_OK);
    assert_int_equal(out, INT64_MAX);
    assert_int_equal(ps_money_mul_ratio(third, 3, 2, PS_ROUND_HALF_UP, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_mul_ratio(third, 3, 2, PS_ROUND_HALF_EVEN, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_mul_ratio(third, 3, 2, PS_ROUND_UP, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_mul_ratio(-third, 3, 2, PS_ROUND_UP, &out), PS_OK);
    assert_int_equal(out, INT64_MIN);
}

static void rejects_bad_denominators_and_modes(void **state)
{
    (void)state;
    int64_t out = 42;
    assert_int_equal(ps_money_mul_ratio(100, 1, 0, PS_ROUND_DOWN, &out), PS_EINVAL);
    assert_int_equal(out, 0);
    assert_int_equal(ps_money_mul_ratio(100, 1, -3, PS_ROUND_DOWN, &out), PS_EINVAL);
    assert_int_equal(ps_money_mul_ratio(100, 1, 1, (enum ps_rounding)99, &out), PS_EINVAL);
}

/* ---- add and subtract -------------------------------------------------------------- */

static void adds_and_subtracts_with_overflow_checks(void **state)
{
    (void)state;
    int64_t out = 42;
    assert_int_equal(ps_money_add(1234, -5, &out), PS_OK);
    assert_int_equal(out, 1229);
    assert_int_equal(ps_money_add(INT64_MAX, 0, &out), PS_OK);
    assert_int_equal(out, INT64_MAX);
    assert_int_equal(ps_money_add(INT64_MAX, 1, &out), PS_EOVERFLOW);
    assert_int_equal(out, 0);
    assert_int_equal(ps_money_add(INT64_MIN, -1, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_add(INT64_MIN, INT64_MAX, &out), PS_OK);
    assert_int_equal(out, -1);

    assert_int_equal(ps_money_sub(500, 1234, &out), PS_OK);
    assert_int_equal(out, -734);
    assert_int_equal(ps_money_sub(0, INT64_MIN, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_sub(INT64_MIN, 1, &out), PS_EOVERFLOW);
    assert_int_equal(ps_money_sub(-1, INT64_MAX, &out), PS_OK);
    assert_int_equal(out, INT64_MIN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_accepted_forms),
        cmocka_unit_test(rejects_malformed_text_with_reasons),
        cmocka_unit_test(names_an_embedded_nul),
        cmocka_unit_test(reads_only_len_bytes),
        cmocka_unit_test(rejects_amounts_outside_int64_fen),
        cmocka_unit_test(reports_format_before_range),
        cmocka_unit_test(formats_two_decimals),
        cmocka_unit_test(format_respects_capacity),
        cmocka_unit_test(format_then_parse_round_trips),
        cmocka_unit_test(survives_random_text),
        cmocka_unit_test(rounds_basis_points_by_each_mode),
        cmocka_unit_test(rounds_millionths_by_each_mode),
        cmocka_unit_test(multiplies_exactly_near_the_limits),
        cmocka_unit_test(reports_overflow_on_multiply),
        cmocka_unit_test(rejects_bad_denominators_and_modes),
        cmocka_unit_test(adds_and_subtracts_with_overflow_checks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "core/money.h"

#include <string.h>

/* The largest magnitude, in fen, of each sign: INT64_MAX and -INT64_MIN. */
#define FEN_LIMIT_POSITIVE ((uint64_t)INT64_MAX)
#define FEN_LIMIT_NEGATIVE ((uint64_t)INT64_MAX + 1u)

/* Where the parts of an amount sit in its text, once the syntax is known to be good. */
struct amount_text {
    int negative;
    size_t int_start, int_end;   /* one or more integer digits */
    size_t frac_start, frac_end; /* zero, one or two fraction digits */
};

static int is_ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Explains why the character at text[at] cannot appear where it does. Printable ASCII
 * is quoted; anything else is named as a byte, so the reason stays one clean line. */
static int reject_char(const char *text, size_t at, struct ps_reason *why)
{
    unsigned char c = (unsigned char)text[at];

    if (c == ' ')
        return ps_fail(why, PS_EFORMAT, "money: blank at offset %zu (amounts carry no blanks)", at);
    if (c >= 0x80)
        return ps_fail(why, PS_EFORMAT,
                       "money: non-ASCII byte 0x%02X at offset %zu (digits must be ASCII)", c, at);
    if (c < 0x20 || c == 0x7f)
        return ps_fail(why, PS_EFORMAT, "money: control byte 0x%02X at offset %zu", c, at);
    return ps_fail(why, PS_EFORMAT, "money: '%c' at offset %zu is not a digit", c, at);
}

/* Checks the syntax -?[0-9]+(\.[0-9]{1,2})? and records where each part is. */
static int scan_amount(const char *text, size_t len, struct amount_text *a, struct ps_reason *why)
{
    size_t i;

    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "money: empty amount");
    if (text[0] == '+')
        return ps_fail(why, PS_EFORMAT, "money: '+' at offset 0 (only '-' may sign an amount)");
    a->negative = text[0] == '-';
    i = a->negative ? 1 : 0;

    a->int_start = i;
    while (i < len && is_ascii_digit(text[i]))
        i++;
    a->int_end = i;
    if (a->int_end == a->int_start) {
        if (i == len)
            return ps_fail(why, PS_EFORMAT, "money: no digits after '-'");
        if (text[i] == '.')
            return ps_fail(why, PS_EFORMAT, "money: no digits before the decimal point");
        return reject_char(text, i, why);
    }

    a->frac_start = a->frac_end = i;
    if (i == len)
        return PS_OK;
    if (text[i] != '.')
        return reject_char(text, i, why);
    a->frac_start = ++i;
    while (i < len && is_ascii_digit(text[i]))
        i++;
    a->frac_end = i;
    if (a->frac_end == a->frac_start)
        return ps_fail(why, PS_EFORMAT, "money: no digits after the decimal point");
    if (a->frac_end - a->frac_start > 2)
        return ps_fail(why, PS_EFORMAT, "money: more than two decimal places");
    if (i < len)
        return reject_char(text, i, why);
    return PS_OK;
}

/* *mag = *mag * 10 + digit, unless that would pass limit (returns -1, *mag unchanged).
 * mag * 10 + digit <= limit  <=>  mag <= (limit - digit) / 10, with no overflow. */
static int push_digit(uint64_t *mag, unsigned digit, uint64_t limit)
{
    if (*mag > (limit - digit) / 10)
        return -1;
    *mag = *mag * 10 + digit;
    return 0;
}

/* The amount in fen: the integer digits followed by exactly two fraction digits
 * ("12.3" is 1230 fen), refused as soon as it passes the limit of its sign. */
static int amount_value(const char *text, const struct amount_text *a, int64_t *out_fen,
                        struct ps_reason *why)
{
    uint64_t limit = a->negative ? FEN_LIMIT_NEGATIVE : FEN_LIMIT_POSITIVE;
    size_t places = a->frac_end - a->frac_start;
    uint64_t mag = 0;
    int bad = 0;

    for (size_t i = a->int_start; i < a->int_end && !bad; i++)
        bad = push_digit(&mag, (unsigned)(text[i] - '0'), limit);
    for (size_t k = 0; k < 2 && !bad; k++) {
        unsigned digit = k < places ? (unsigned)(text[a->frac_start + k] - '0') : 0;
        bad = push_digit(&mag, digit, limit);
    }
    if (bad)
        return ps_fail(why, PS_EOVERFLOW,
                       "money: amount does not fit in 64-bit fen "
                       "(-92233720368547758.08 to 92233720368547758.07)");

    if (!a->negative)
        *out_fen = (int64_t)mag;
    else if (mag == FEN_LIMIT_NEGATIVE)
        *out_fen = INT64_MIN;
    else
        *out_fen = -(int64_t)mag;
    return PS_OK;
}

int ps_money_parse(const char *text, size_t len, int64_t *out_fen, struct ps_reason *why)
{
    struct amount_text a = {0};
    int rc;

    *out_fen = 0;
    rc = scan_amount(text, len, &a, why);
    if (rc != PS_OK)
        return rc;
    return amount_value(text, &a, out_fen, why);
}

int ps_money_format(int64_t fen, char *buf, size_t cap)
{
    char tmp[PS_MONEY_TEXT_MAX];
    size_t at = sizeof(tmp);
    /* 0 - (uint64_t)fen is the magnitude even for INT64_MIN, where -fen overflows. */
    uint64_t mag = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;

    /* Written right to left: at least three digits, so 5 fen reads "0.05". */
    tmp[--at] = '\0';
    for (int digits = 0; mag > 0 || digits < 3; digits++) {
        if (digits == 2)
            tmp[--at] = '.';
        tmp[--at] = (char)('0' + mag % 10);
        mag /= 10;
    }
    if (fen < 0)
        tmp[--at] = '-';

    size_t text_len = sizeof(tmp) - 1 - at;
    if (cap < text_len + 1) {
        if (cap > 0)
            buf[0] = '\0';
        return PS_ESPACE;
    }
    memcpy(buf, tmp + at, text_len + 1);
    return (int)text_len;
}

static int rounding_is_known(enum ps_rounding mode)
{
    switch (mode) {
    case PS_ROUND_HALF_UP:
    case PS_ROUND_HALF_EVEN:
    case PS_ROUND_DOWN:
    case PS_ROUND_UP:
        return 1;
    }
    return 0;
}

/* Whether a truncated quotient q, with non-zero remainder r of a division by den > 0,
 * moves one fen away from zero under mode. Comparing 2|r| with den tells below, at or
 * above the half without ever leaving integers. */
static int rounds_away(__int128 q, __int128 r, int64_t den, enum ps_rounding mode)
{
    __int128 twice_r = 2 * (r < 0 ? -r : r);

    switch (mode) {
    case PS_ROUND_HALF_UP:
        return twice_r >= den;
    case PS_ROUND_HALF_EVEN:
        return twice_r > den || (twice_r == den && q % 2 != 0);
    case PS_ROUND_DOWN:
        return 0;
    case PS_ROUND_UP:
        return 1;
    }
    return 0;
}

int ps_money_mul_ratio(int64_t fen, int64_t num, int64_t den, enum ps_rounding mode, int64_t *out)
{
    *out = 0;
    if (den <= 0 || !rounding_is_known(mode))
        return PS_EINVAL;

    /* |fen * num| <= 2^126 fits a signed 128-bit integer, so the product is exact.
     * C division truncates toward zero; r carries the sign of the product. */
    __int128 product = (__int128)fen * num;
    __int128 q = product / den;
    __int128 r = product % den;

    if (r != 0 && rounds_away(q, r, den, mode))
        q += product < 0 ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return PS_EOVERFLOW;
    *out = (int64_t)q;
    return PS_OK;
}

int ps_money_mul_bp(int64_t fen, int64_t bp, enum ps_rounding mode, int64_t *out)
{
    return ps_money_mul_ratio(fen, bp, 10000, mode, out);
}

int ps_money_mul_ppm(int64_t fen, int64_t ppm, enum ps_rounding mode, int64_t *out)
{
    return ps_money_mul_ratio(fen, ppm, 1000000, mode, out);
}

int ps_money_add(int64_t a, int64_t b, int64_t *out)
{
    if (__builtin_add_overflow(a, b, out)) {
        *out = 0;
        return PS_EOVERFLOW;
    }
    return PS_OK;
}

int ps_money_sub(int64_t a, int64_t b, int64_t *out)
{
    if (__builtin_sub_overflow(a, b, out)) {
        *out = 0;
        return PS_EOVERFLOW;
    }
    return PS_OK;
}

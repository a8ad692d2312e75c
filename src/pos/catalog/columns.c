#include "pos/catalog/columns.h"

#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "pos/catalog/product.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Names the character at s[at] the way a merchant can find it in the file. */
static int not_a_digit(const char *column, const char *s, size_t at, struct ps_reason *why)
{
    unsigned char c = (unsigned char)s[at];
    if (c == ' ')
        return ps_fail(why, PS_EFORMAT, "%s: a blank at offset %zu (numbers carry no blanks)",
                       column, at);
    if (c > ' ' && c < 0x7F)
        return ps_fail(why, PS_EFORMAT, "%s: '%c' at offset %zu is not a digit", column, c, at);
    return ps_fail(why, PS_EFORMAT, "%s: byte 0x%02X at offset %zu is not a digit", column, c, at);
}

int pos_price_parse(const char *s, size_t len, int64_t *fen, struct ps_reason *why)
{
    struct ps_reason cause;
    int rc = ps_money_parse(s, len, fen, &cause);
    if (rc != 0) {
        /* core's reasons start "money: "; the column's name says it better here */
        const char *text = cause.text;
        if (strncmp(text, "money: ", 7) == 0)
            text += 7;
        return ps_fail(why, rc, "price: %s", text);
    }
    if (*fen < 0) {
        *fen = 0;
        return ps_fail(why, PS_EINVAL, "price: %.*s is negative", (int)len, s);
    }
    ps_reason_clear(why);
    return 0;
}

/* Reads the digits of s[*at..len) into *value, stopping at the first non-digit or once
 * *value passes cap (so it cannot overflow). Returns how many digits it read. */
static size_t read_digits(const char *s, size_t len, size_t *at, uint32_t cap, uint32_t *value)
{
    size_t start = *at;
    *value = 0;
    for (; *at < len && is_digit(s[*at]); (*at)++) {
        if (*value <= cap)
            *value = *value * 10 + (uint32_t)(s[*at] - '0');
    }
    return *at - start;
}

int pos_tax_parse(const char *s, size_t len, int32_t *bp, struct ps_reason *why)
{
    uint32_t whole = 0, frac = 0;
    size_t at = 0, places = 0;

    *bp = 0;
    if (len > 0 && s[len - 1] == '%')
        len--;
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "tax_rate: empty");
    if (s[0] == '-')
        return ps_fail(why, PS_EINVAL, "tax_rate: %.*s%% is negative", (int)len, s);
    if (read_digits(s, len, &at, 1000, &whole) == 0)
        return at < len && s[at] == '.'
                   ? ps_fail(why, PS_EFORMAT, "tax_rate: no digits before the decimal point")
                   : not_a_digit("tax_rate", s, at, why);
    if (at < len && s[at] == '.') {
        at++;
        places = read_digits(s, len, &at, 1000, &frac);
        if (places == 0)
            return ps_fail(why, PS_EFORMAT, "tax_rate: no digits after the decimal point");
        if (places > 2)
            return ps_fail(why, PS_EFORMAT, "tax_rate: more than two decimal places");
    }
    if (at < len)
        return not_a_digit("tax_rate", s, at, why);
    uint32_t total = whole * 100 + (places == 1 ? frac * 10 : frac);
    if (whole > 100 || total > POS_TAX_BP_MAX)
        return ps_fail(why, PS_EINVAL, "tax_rate: %.*s%% is above 100%%", (int)len, s);
    *bp = (int32_t)total;
    ps_reason_clear(why);
    return 0;
}

int pos_tax_format(int32_t bp, char buf[POS_TAX_TEXT_MAX])
{
    if (bp < 0 || bp > POS_TAX_BP_MAX)
        return PS_EINVAL;
    int whole = bp / 100, frac = bp % 100;
    if (frac == 0)
        return snprintf(buf, POS_TAX_TEXT_MAX, "%d", whole);
    if (frac % 10 == 0)
        return snprintf(buf, POS_TAX_TEXT_MAX, "%d.%d", whole, frac / 10);
    return snprintf(buf, POS_TAX_TEXT_MAX, "%d.%02d", whole, frac);
}

int pos_stock_parse(const char *s, size_t len, int64_t *stock, struct ps_reason *why)
{
    size_t at = len > 0 && s[0] == '-' ? 1 : 0;
    int negative = at == 1;
    /* the magnitude may reach 2^63 for a negative count: INT64_MIN */
    uint64_t limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, mag = 0;

    *stock = 0;
    if (at == len)
        return ps_fail(why, PS_EFORMAT, len == 0 ? "stock: empty" : "stock: no digits after '-'");
    for (; at < len; at++) {
        if (!is_digit(s[at]))
            return not_a_digit("stock", s, at, why);
        unsigned d = (unsigned)(s[at] - '0');
        if (mag > (limit - d) / 10)
            return ps_fail(why, PS_EOVERFLOW, "stock: %.*s does not fit 64 bits", (int)len, s);
        mag = mag * 10 + d;
    }
    if (!negative)
        *stock = (int64_t)mag;
    else
        *stock = mag == limit ? INT64_MIN : -(int64_t)mag;
    ps_reason_clear(why);
    return 0;
}

#include "core/hex.h"

int ps_hex_digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int ps_hex_decode(const char *text, size_t text_len, uint8_t *out, size_t cap,
                  size_t *out_len, struct ps_reason *why)
{
    size_t n = 0;
    int high = -1;

    *out_len = 0;
    for (size_t i = 0; i < text_len; i++) {
        if (is_blank(text[i]))
            continue;
        int v = ps_hex_digit_value((unsigned char)text[i]);
        if (v < 0)
            return ps_fail(why, PS_EFORMAT, "hex: '%c' at offset %zu is not a hex digit",
                           (text[i] >= 0x20 && text[i] < 0x7f) ? text[i] : '?', i);
        if (high < 0) {
            high = v;
            continue;
        }
        if (n == cap)
            return ps_fail(why, PS_ESPACE, "hex: more than %zu bytes", cap);
        out[n++] = (uint8_t)(high << 4 | v);
        high = -1;
    }
    if (high >= 0)
        return ps_fail(why, PS_EFORMAT, "hex: odd number of digits");
    *out_len = n;
    return PS_OK;
}

void ps_hex_encode(const uint8_t *in, size_t len, char *out)
{
    static const char digits[] = "0123456789ABCDEF";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 0x0f];
    }
    out[2 * len] = '\0';
}

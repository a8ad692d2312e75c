#include "core/utf8.h"

/* RFC 3629 §4 lists the well-formed sequences by their bytes; decoding the value and
 * refusing what is below the smallest value of its length (overlong), a surrogate or
 * above U+10FFFF admits exactly those sequences. */
size_t ps_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n;
    uint32_t v, min;

    *cp = 0;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2, v = u[0] & 0x1Fu, min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3, v = u[0] & 0x0Fu, min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4, v = u[0] & 0x07u, min = 0x10000;
    } else {
        return 0; /* a continuation byte, or C0, C1, F5..FF, which never start one */
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0u) != 0x80u)
            return 0;
        v = (v << 6) | (u[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

int ps_utf8_check(const char *s, size_t len, size_t *bad_at, struct ps_reason *why)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = ps_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            if (bad_at != NULL)
                *bad_at = i;
            return ps_fail(why, PS_EFORMAT, "offset %zu: not UTF-8", i);
        }
        i += n;
    }
    if (bad_at != NULL)
        *bad_at = len;
    ps_reason_clear(why);
    return 0;
}

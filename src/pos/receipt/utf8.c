#include "pos/receipt/utf8.h"

#include <string.h>

/* RFC 3629 §4: the well-formed byte sequences, which also rules out overlong forms,
 * surrogates (U+D800..U+DFFF) and anything above U+10FFFF. */
size_t rcpt_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    *cp = 0;
    if (len == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) {
        n = 2, v = u[0] & 0x1Fu, min = 0x80;
    } else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        n = 3, v = u[0] & 0x0Fu, min = 0x800;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        n = 4, v = u[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
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

size_t rcpt_char_width(uint32_t cp)
{
    return cp < 0x80 ? 1 : 2;
}

size_t rcpt_display_width(const char *s, size_t len)
{
    size_t cols = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = rcpt_utf8_decode(s + i, len - i, &cp);
        cols += n != 0 ? rcpt_char_width(cp) : 1;
        i += n != 0 ? n : 1;
    }
    return cols;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
}

int rcpt_text_check(const char *what, const char *s, size_t max_bytes, unsigned flags,
                    struct ps_reason *why)
{
    size_t len = strnlen(s, max_bytes + 1);
    if (len > max_bytes)
        return ps_fail(why, PS_ETOOLONG, "%s: longer than %zu bytes", what, max_bytes);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = rcpt_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return ps_fail(why, PS_EFORMAT, "%s: byte 0x%02X at offset %zu is not valid UTF-8",
                           what, (unsigned char)s[i], i);
        if (is_control(cp) && !(cp == '\n' && (flags & RCPT_TEXT_MULTILINE)))
            return ps_fail(why, PS_EFORMAT,
                           "%s: control character U+%04X at offset %zu cannot be printed", what,
                           (unsigned)cp, i);
        i += n;
    }
    return PS_OK;
}

/* A character that belongs to an ASCII word, which a line must not split while a
 * space before it offers a break. CJK text has no spaces and breaks anywhere. */
static int in_word(uint32_t cp)
{
    return cp > 0x20 && cp < 0x7F;
}

size_t rcpt_wrap(const char *s, size_t len, size_t cols, size_t *next)
{
    size_t i = 0, w = 0, space = 0;
    uint32_t prev = 0, cp = 0;
    while (i < len) {
        size_t n = rcpt_utf8_decode(s + i, len - i, &cp);
        size_t cw = n != 0 ? rcpt_char_width(cp) : 1;
        if (w + cw > cols)
            break;
        if (cp == ' ')
            space = i;
        w += cw;
        prev = cp;
        i += n != 0 ? n : 1;
    }
    size_t end = i;
    if (i < len && in_word(prev) && in_word(cp) && space > 0)
        end = space; /* carry the partial word over */
    if (end == 0 && i == 0 && len > 0 && s[0] != ' ') {
        size_t n = rcpt_utf8_decode(s, len, &cp); /* wider than cols: never split it */
        end = n != 0 ? n : 1;
    }
    size_t after = end;
    while (end > 0 && s[end - 1] == ' ')
        end--;
    while (after < len && s[after] == ' ')
        after++;
    *next = after;
    return end;
}

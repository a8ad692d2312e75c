#include "pos/receipt/utf8.h"

#include <string.h>

#include "core/utf8.h"

size_t rcpt_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    return ps_utf8_decode(s, len, cp);
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

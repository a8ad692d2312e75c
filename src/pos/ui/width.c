/* Display columns of UTF-8 text, as the terminal will draw it: wcwidth after the
 * locale was set (run.c), so a CJK character takes two columns and a line never runs
 * past its place. The receipt room measures for paper (every non-ASCII character two
 * columns); a screen needs what the terminal does. */
#include <string.h>
#include <wchar.h>

#include "pos/ui/internal.h"

/* The next character of s[0..len): its length in bytes (1 for a byte that starts no
 * character, so a loop always moves on) and its width into *cols. */
static size_t next_char(const char *s, size_t len, size_t *cols)
{
    mbstate_t st;
    wchar_t wc;
    size_t n;
    int w;

    memset(&st, 0, sizeof(st));
    n = mbrtowc(&wc, s, len, &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *cols = 1;
        return 1;
    }
    w = wcwidth(wc);
    *cols = w < 0 ? 1 : (size_t)w;
    return n;
}

size_t ui__clip(const char *s, size_t cols, size_t *used)
{
    size_t len = strlen(s), at = 0, width = 0, w;

    while (at < len) {
        size_t n = next_char(s + at, len - at, &w);
        if (width + w > cols)
            break;
        width += w;
        at += n;
    }
    if (used != NULL)
        *used = width;
    return at;
}

size_t ui__width(const char *s)
{
    size_t used;
    ui__clip(s, (size_t)-1, &used);
    return used;
}

/* A one-line input field. Characters are appended and taken off the end only: a
 * scanner types a code and Enter, a cashier types an amount; there is nothing to
 * navigate inside a field, and a keypad has no arrows for it anyway. */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "pos/ui/internal.h"

void ui__field_init(struct ui_field *f, const char *accept, size_t max, int masked)
{
    memset(f, 0, sizeof(*f));
    f->accept = accept;
    f->max = max > 0 && max < UI_FIELD_MAX ? max : UI_FIELD_MAX;
    f->masked = masked;
}

void ui__field_set(struct ui_field *f, const char *utf8)
{
    mbstate_t st;
    const char *s = utf8;
    size_t n;

    memset(&st, 0, sizeof(st));
    n = mbsrtowcs(f->buf, &s, f->max, &st);
    f->len = n == (size_t)-1 ? 0 : n;
    f->buf[f->len] = L'\0';
    f->fresh = f->len > 0;
}

static int takes(const struct ui_field *f, wchar_t c)
{
    if (f->accept == NULL)
        return iswprint((wint_t)c);
    return c < 128 && c != 0 && strchr(f->accept, (int)c) != NULL;
}

int ui__field_key(struct ui_field *f, const struct ui_key *k)
{
    int fresh = f->fresh;

    f->fresh = 0;
    if (fresh && (k->code == KEY_BACKSPACE || (k->code == 0 && takes(f, k->ch))))
        ui__field_wipe(f); /* a proposed value goes as a whole */
    if (k->code == KEY_BACKSPACE) {
        if (f->len > 0)
            f->buf[--f->len] = L'\0';
        return 1;
    }
    if (k->code == UI_KEY_CLEAR) {
        ui__field_wipe(f);
        return 1;
    }
    if (k->code != 0 || !takes(f, k->ch))
        return 0;
    if (f->len < f->max) {
        f->buf[f->len++] = k->ch;
        f->buf[f->len] = L'\0';
    } else {
        beep();
    }
    return 1;
}

void ui__field_text(const struct ui_field *f, char *out, size_t cap)
{
    mbstate_t st;
    const wchar_t *src = f->buf;
    size_t n;

    memset(&st, 0, sizeof(st));
    n = wcsrtombs(out, &src, cap - 1, &st);
    out[n == (size_t)-1 ? 0 : n] = '\0';
}

/* Bytes of the character at s (1 for a byte that starts none). */
static size_t char_bytes(const char *s)
{
    mbstate_t st;
    size_t n;

    memset(&st, 0, sizeof(st));
    n = mbrlen(s, strlen(s), &st);
    return n == (size_t)-1 || n == (size_t)-2 || n == 0 ? 1 : n;
}

void ui__field_paint(const struct ui_field *f, int y, int x, int width, int focus)
{
    char text[UI_FIELD_MAX * 4 + 1];
    const char *show = text;
    size_t w;

    if (f->masked) {
        memset(text, '*', f->len);
        text[f->len] = '\0';
    } else {
        ui__field_text(f, text, sizeof(text));
    }
    mvhline(y, x, '_', width); /* the field's room, visible on any terminal */
    /* the end is what is being typed: when the text is wider, its start scrolls off */
    while ((w = ui__width(show)) >= (size_t)width && *show != '\0')
        show += char_bytes(show);
    ui__put(y, x, width, show);
    if (focus)
        move(y, x + (int)w);
    if (f->masked)
        memset(text, 0, sizeof(text));
}

void ui__field_wipe(struct ui_field *f)
{
    volatile wchar_t *p = f->buf;
    for (size_t i = 0; i <= UI_FIELD_MAX; i++)
        p[i] = 0;
    f->len = 0;
}

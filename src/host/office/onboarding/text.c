#include "host/office/onboarding/text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

#define QUOTE_CHARS 24

const char *office__quote(const char *s, size_t len, char buf[OFFICE__QUOTE_MAX])
{
    size_t at = 0, chars = 0, i = 0;
    buf[at++] = '"';
    while (i < len && chars < QUOTE_CHARS) {
        uint32_t cp;
        size_t n = ps_utf8_decode(s + i, len - i, &cp);
        /* each step writes at most 4 bytes; 24 of them, the quotes and "..." fit */
        if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == '"' ||
            cp == '\\') {
            snprintf(buf + at, OFFICE__QUOTE_MAX - at, "\\x%02X", (unsigned char)s[i]);
            at += 4;
            i += 1;
        } else {
            memcpy(buf + at, s + i, n);
            at += n;
            i += n;
        }
        chars++;
    }
    if (i < len) {
        memcpy(buf + at, "...", 3);
        at += 3;
    }
    buf[at++] = '"';
    buf[at] = '\0';
    return buf;
}

size_t office__bounded_len(const char *s, size_t cap)
{
    const char *nul = memchr(s, '\0', cap);
    return nul != NULL ? (size_t)(nul - s) : cap;
}

int office__check_digits(const char *s, size_t len, size_t first, struct ps_reason *why)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9')
            continue;
        if (c >= 0x20 && c < 0x7f && c != '\'')
            return ps_fail(why, PS_EFORMAT, "character '%c' at position %zu is not a digit", c,
                           first + i + 1);
        return ps_fail(why, PS_EFORMAT, "byte 0x%02X at position %zu is not a digit", c,
                       first + i + 1);
    }
    return 0;
}

static int is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

static int is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000;
}

int office__text_check(const char *s, size_t len, const struct office__text_rules *rules,
                       struct ps_reason *why)
{
    size_t chars = 0;
    uint32_t cp = 0;
    ps_reason_clear(why);
    if (rules->max_bytes > 0 && len > rules->max_bytes)
        return ps_fail(why, PS_ETOOLONG, "has %zu bytes; at most %zu", len, rules->max_bytes);
    for (size_t i = 0; i < len; chars++) {
        size_t n = ps_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return ps_fail(why, PS_EFORMAT, "is not UTF-8 at byte %zu", i + 1);
        if (is_control(cp) && !(rules->multiline && (cp == '\n' || cp == '\r' || cp == '\t')))
            return ps_fail(why, PS_EFORMAT, "has the control character U+%04X at byte %zu",
                           (unsigned)cp, i + 1);
        if (i == 0 && is_blank(cp))
            return ps_fail(why, PS_EFORMAT, "starts with a blank");
        i += n;
    }
    if (len > 0 && is_blank(cp))
        return ps_fail(why, PS_EFORMAT, "ends with a blank");
    if (rules->max_chars > 0 && chars > rules->max_chars)
        return ps_fail(why, PS_ETOOLONG, "has %zu characters; at most %zu", chars,
                       rules->max_chars);
    return 0;
}

const char *office__name_of(const struct office__names *table, int value)
{
    if (value < 0 || (size_t)value >= table->count)
        return NULL;
    return table->names[value];
}

int office__value_of(const struct office__names *table, const char *s, size_t len, int *value,
                     struct ps_reason *why)
{
    char quoted[OFFICE__QUOTE_MAX];
    for (size_t i = 0; i < table->count; i++) {
        const char *name = table->names[i];
        if (name != NULL && strlen(name) == len && memcmp(name, s, len) == 0) {
            *value = (int)i;
            return 0;
        }
    }
    if (len == 0)
        return ps_fail(why, PS_EUNDEFINED, "an empty name is not %s", table->what);
    return ps_fail(why, PS_EUNDEFINED, "%s is not %s", office__quote(s, len, quoted), table->what);
}

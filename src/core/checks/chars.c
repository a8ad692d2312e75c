#include "core/checks/chars.h"

#include <stdio.h>

const char *ps__check_char_name(char c, char buf[PS__CHAR_NAME_MAX])
{
    unsigned char u = (unsigned char)c;
    if (u >= 0x20 && u < 0x7f)
        snprintf(buf, PS__CHAR_NAME_MAX, "character '%c'", c);
    else
        snprintf(buf, PS__CHAR_NAME_MAX, "byte 0x%02X", u);
    return buf;
}

int ps__check_digits(const char *s, size_t len, const char *hint, struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return ps_fail(why, PS_EFORMAT, "%s at position %zu is not a digit%s",
                           ps__check_char_name(s[i], name), i + 1, hint);
    }
    return PS_OK;
}

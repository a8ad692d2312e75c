/* What the terminal and after-sales files share (tms_internal.h). */
#include "host/office/tms/tms_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/utf8.h"
#include "host/office/calendar.h"

int tms__text_check(const char *what, const char *s, size_t min, size_t max, struct ps_reason *why)
{
    size_t len, at = 0, i;

    if (s == NULL)
        return min > 0 ? ps_fail(why, PS_EINVAL, "%s: missing", what) : PS_OK;
    len = strnlen(s, max + 1);
    if (len < min || len > max)
        return ps_fail(why, PS_EFORMAT, "%s: %s, %zu to %zu bytes allowed", what,
                       len > max ? "too long" : "too short", min, max);
    if (ps_utf8_check(s, len, &at, NULL) != 0)
        return ps_fail(why, PS_EFORMAT, "%s: byte %zu is not UTF-8", what, at + 1);
    for (i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return ps_fail(why, PS_EFORMAT, "%s: byte %zu is a control character", what, i + 1);
    for (i = 0; i < len && s[i] == ' '; i++)
        ;
    if (min > 0 && i == len)
        return ps_fail(why, PS_EFORMAT, "%s: blank", what);
    return PS_OK;
}

void tms__copy(char *out, size_t cap, const char *s)
{
    snprintf(out, cap, "%s", s != NULL ? s : "");
}

int tms__digits_check(const char *what, const char *s, size_t len, struct ps_reason *why)
{
    size_t n;

    if (s == NULL)
        return ps_fail(why, PS_EFORMAT, "%s: missing", what);
    for (n = 0; s[n] != '\0' && n <= len; n++)
        if (s[n] < '0' || s[n] > '9')
            return ps_fail(why, PS_EFORMAT, "%s: character %zu is not a digit", what, n + 1);
    if (n != len)
        return ps_fail(why, PS_EFORMAT, "%s: %s characters, %zu digits needed", what,
                       n > len ? "too many" : "too few", len);
    return PS_OK;
}

void tms__time_format(int64_t t_us, char out[21])
{
    int64_t secs = t_us / 1000000 - (t_us % 1000000 < 0); /* toward the past */
    int64_t days = secs / 86400 - (secs % 86400 < 0);
    int64_t rem = secs - days * 86400;
    uint32_t date = 0;

    if (days < INT32_MIN || days > INT32_MAX ||
        office_date_from_days((int32_t)days, &date, NULL) != 0) {
        snprintf(out, 21, "out of range");
        return;
    }
    unsigned y = date / 10000, m = date / 100 % 100, d = date % 100;
    /* every value reduced to its field's width, so the compiler sees the 20 bytes */
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", y % 10000u, m % 100u, d % 100u,
             (unsigned)(rem / 3600) % 100u, (unsigned)(rem / 60 % 60) % 100u,
             (unsigned)(rem % 60) % 100u);
}

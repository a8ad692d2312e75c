/* What the terminal and after-sales files share (tms_internal.h). */
#include "host/office/tms/tms_internal.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

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

int64_t tms__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

void tms__civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    unsigned doe = (unsigned)(days - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

void tms__time_format(int64_t t_us, char out[21])
{
    int64_t secs = t_us / 1000000 - (t_us % 1000000 < 0); /* toward the past */
    int64_t days = secs / 86400 - (secs % 86400 < 0);
    int64_t rem = secs - days * 86400, y;
    unsigned m, d;

    tms__civil_from_days(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        snprintf(out, 21, "out of range");
        return;
    }
    /* every value reduced to its field's width, so the compiler sees the 20 bytes */
    snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, m % 100u, d % 100u,
             (unsigned)(rem / 3600) % 100u, (unsigned)(rem / 60 % 60) % 100u,
             (unsigned)(rem % 60) % 100u);
}

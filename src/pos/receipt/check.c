/* Checks every validator shares (internal.h). Reasons name the field as a cashier or
 * a developer would look for it: "header: MID ...", "item 2: quantity ...". */
#include "pos/receipt/internal.h"

#include <string.h>

#include "pos/receipt/utf8.h"

int rcpt__given(const char *s)
{
    return s != NULL && s[0] != 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alnum(char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

int rcpt__check_code(const char *what, const char *s, size_t min, size_t max, int alnum,
                     struct ps_reason *why)
{
    const char *kind = alnum ? "letters or digits" : "digits";
    if (!rcpt__given(s))
        return ps_fail(why, PS_EFORMAT, "%s is missing", what);
    size_t len = strnlen(s, max + 1);
    if (len < min || len > max) {
        if (min == max)
            return ps_fail(why, PS_EFORMAT, "%s must be %zu %s, not %s%zu characters", what, min,
                           kind, len > max ? "over " : "", len > max ? max : len);
        return ps_fail(why, PS_EFORMAT, "%s must be %zu to %zu %s, not %s%zu characters", what, min,
                       max, kind, len > max ? "over " : "", len > max ? max : len);
    }
    for (size_t i = 0; i < len; i++) {
        if (alnum ? !is_alnum(s[i]) : !is_digit(s[i]))
            return ps_fail(why, PS_EFORMAT, "%s: character %zu is not one of the %s allowed", what,
                           i + 1, kind);
    }
    return PS_OK;
}

int rcpt__check_money(const char *what, int64_t fen, struct ps_reason *why)
{
    if (fen >= 0)
        return PS_OK;
    char text[RCPT__NUM_MAX];
    return ps_fail(why, PS_EINVAL, "%s %s is negative (the kind of receipt gives the sign)", what,
                   rcpt__money(fen, 0, text));
}

int rcpt__check_lang(enum rcpt_lang lang, struct ps_reason *why)
{
    if (lang == RCPT_LANG_ZH || lang == RCPT_LANG_EN)
        return PS_OK;
    return ps_fail(why, PS_EUNDEFINED, "language %d is neither Chinese (0) nor English (1)",
                   (int)lang);
}

int rcpt__check_copy(const char *what, enum rcpt_copy copy, struct ps_reason *why)
{
    if (copy == RCPT_COPY_MERCHANT || copy == RCPT_COPY_CUSTOMER)
        return PS_OK;
    return ps_fail(why, PS_EUNDEFINED, "%s: copy %d is not merchant or customer", what, (int)copy);
}

int rcpt__check_width(size_t width, struct ps_reason *why)
{
    if (width >= RCPT_WIDTH_MIN && width <= RCPT_WIDTH_MAX)
        return PS_OK;
    return ps_fail(why, PS_EINVAL, "width: %zu columns is outside %d..%d", width, RCPT_WIDTH_MIN,
                   RCPT_WIDTH_MAX);
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

int rcpt__check_datetime(const char *what, const struct rcpt_datetime *dt, struct ps_reason *why)
{
    if (dt->year < 2000 || dt->year > 2099)
        return ps_fail(why, PS_EINVAL, "%s: year %d is outside 2000..2099", what, dt->year);
    if (dt->month < 1 || dt->month > 12)
        return ps_fail(why, PS_EINVAL, "%s: month %d is outside 1..12", what, dt->month);
    if (dt->day < 1 || dt->day > days_in_month(dt->year, dt->month))
        return ps_fail(why, PS_EINVAL, "%s: %04d-%02d has no day %d", what, dt->year, dt->month,
                       dt->day);
    if (dt->hour < 0 || dt->hour > 23 || dt->minute < 0 || dt->minute > 59 || dt->second < 0 ||
        dt->second > 59)
        return ps_fail(why, PS_EINVAL, "%s: %02d:%02d:%02d is not a time of day", what, dt->hour,
                       dt->minute, dt->second);
    return PS_OK;
}

int rcpt__datetime_cmp(const struct rcpt_datetime *a, const struct rcpt_datetime *b)
{
    const int x[6] = {a->year, a->month, a->day, a->hour, a->minute, a->second};
    const int y[6] = {b->year, b->month, b->day, b->hour, b->minute, b->second};
    for (int i = 0; i < 6; i++) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

int rcpt__check_header(const struct rcpt_header *h, int with_trace, struct ps_reason *why)
{
    if (!rcpt__given(h->merchant_name))
        return ps_fail(why, PS_EFORMAT, "header: merchant name is missing");
    int rc = rcpt_text_check("header: merchant name", h->merchant_name, RCPT__NAME_MAX, 0, why);
    if (rc == PS_OK)
        rc = rcpt__check_code("header: MID", h->mid, 15, 15, 1, why);
    if (rc == PS_OK)
        rc = rcpt__check_code("header: TID", h->tid, 8, 8, 1, why);
    if (rc == PS_OK)
        rc = rcpt__check_code("header: operator number", h->operator_no, 1, 8, 0, why);
    if (rc < 0)
        return rc;
    if (h->batch > 999999)
        return ps_fail(why, PS_EINVAL, "header: batch number %u has more than 6 digits",
                       (unsigned)h->batch);
    if (with_trace && (h->trace < 1 || h->trace > 999999))
        return ps_fail(why, PS_EINVAL, "header: trace number %u is outside 1..999999",
                       (unsigned)h->trace);
    return rcpt__check_datetime("header: date and time", &h->when, why);
}

int rcpt__check_count(const char *what, const struct rcpt_count *c, struct ps_reason *why)
{
    int rc = rcpt__check_money(what, c->amount, why);
    if (rc == PS_OK && c->count == 0 && c->amount != 0)
        return ps_fail(why, PS_EINVAL, "%s: an amount without a transaction", what);
    return rc;
}

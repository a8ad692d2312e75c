#include "host/office/calendar.h"

#include <string.h>

#include "host/office/onboarding/text.h"

#define US_PER_MINUTE      INT64_C(60000000)
#define MINUTES_PER_DAY    1440
#define OFFSET_MAX_MINUTES (14 * 60) /* UTC+14 (Kiribati) and UTC-12 bound every zone */

/* 0001-01-01 was a Monday (proleptic Gregorian); counting weeks from it keeps every
 * count of working days non-negative. */
#define FIRST_MONDAY_DAYS (-719162)
#define LAST_DAYS         2932896 /* 9999-12-31 */

static int is_leap_year(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(unsigned y, unsigned m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return days[m - 1] + (m == 2 && is_leap_year(y) ? 1u : 0u);
}

static int is_real(uint32_t date)
{
    unsigned y = date / 10000, m = date / 100 % 100, d = date % 100;
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days_in_month(y, m);
}

int office_date_check(uint32_t date, struct ps_reason *why)
{
    unsigned y = date / 10000, m = date / 100 % 100, d = date % 100;
    if (is_real(date))
        return 0;
    if (y < 1 || y > 9999)
        return ps_fail(why, PS_EINVAL, "%u is not a date from 00010101 to 99991231",
                       (unsigned)date);
    if (m == 2 && d == 29)
        return ps_fail(why, PS_EINVAL, "%08u is not a real date: %u is not a leap year",
                       (unsigned)date, y);
    return ps_fail(why, PS_EINVAL, "%08u is not a real date", (unsigned)date);
}

/* Days since 1970-01-01 of a real date, after H. Hinnant's days_from_civil: a year
 * that starts in March puts the leap day last, so the day of the year is a linear
 * formula of the month. */
static int32_t days_of(uint32_t date)
{
    int32_t y = (int32_t)(date / 10000);
    unsigned m = date / 100 % 100, d = date % 100;
    if (m <= 2)
        y -= 1;
    int32_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

/* The inverse of days_of, for a day number in range. */
static uint32_t date_of(int32_t days)
{
    int32_t z = days + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int32_t y = (int32_t)yoe + era * 400 + (m <= 2 ? 1 : 0);
    return (uint32_t)y * 10000 + m * 100 + d;
}

/* ISO weekday of a day number: 1970-01-01 was a Thursday. */
static enum office_weekday weekday_of(int32_t days)
{
    int32_t r = (days % 7 + 7 + 3) % 7; /* 0 = Monday */
    return (enum office_weekday)(r + 1);
}

static int is_weekend(int32_t days)
{
    return weekday_of(days) >= OFFICE_SATURDAY;
}

int office_date_to_days(uint32_t date, int32_t *days, struct ps_reason *why)
{
    int rc = office_date_check(date, why);
    if (rc != 0)
        return rc;
    *days = days_of(date);
    return 0;
}

int office_date_from_days(int32_t days, uint32_t *date, struct ps_reason *why)
{
    if (days < FIRST_MONDAY_DAYS || days > LAST_DAYS)
        return ps_fail(why, PS_EOVERFLOW, "day %ld is outside the years 1 to 9999", (long)days);
    *date = date_of(days);
    return 0;
}

int office_date_add_days(uint32_t date, int32_t n, uint32_t *out, struct ps_reason *why)
{
    int rc = office_date_check(date, why);
    if (rc != 0)
        return rc;
    /* both terms are within +-2^31 / 2, so the sum in 64 bits cannot overflow */
    int64_t sum = (int64_t)days_of(date) + n;
    if (sum < FIRST_MONDAY_DAYS || sum > LAST_DAYS)
        return ps_fail(why, PS_EOVERFLOW, "%08u %+ld days is outside the years 1 to 9999",
                       (unsigned)date, (long)n);
    *out = date_of((int32_t)sum);
    return 0;
}

int office_date_days_between(uint32_t from, uint32_t to, int32_t *n, struct ps_reason *why)
{
    int rc;
    if ((rc = office_date_check(from, why)) != 0 || (rc = office_date_check(to, why)) != 0)
        return rc;
    *n = days_of(to) - days_of(from);
    return 0;
}

int office_date_weekday(uint32_t date, enum office_weekday *weekday, struct ps_reason *why)
{
    int rc = office_date_check(date, why);
    if (rc != 0)
        return rc;
    *weekday = weekday_of(days_of(date));
    return 0;
}

const char *office_weekday_name(enum office_weekday weekday)
{
    static const char *const names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
    if (weekday < OFFICE_MONDAY || weekday > OFFICE_SUNDAY)
        return "unknown";
    return names[weekday - 1];
}

/* The value of n ASCII digits at s, or -1 when one is not a digit. */
static long digits_value(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int office_date_parse(const char *s, size_t len, uint32_t *date, struct ps_reason *why)
{
    char quoted[OFFICE__QUOTE_MAX];
    long y = -1, m = -1, d = -1;
    if (len == 8) {
        y = digits_value(s, 4), m = digits_value(s + 4, 2), d = digits_value(s + 6, 2);
    } else if (len == 10 && s[4] == '-' && s[7] == '-') {
        y = digits_value(s, 4), m = digits_value(s + 5, 2), d = digits_value(s + 8, 2);
    }
    if (y < 0 || m < 0 || d < 0)
        return ps_fail(why, PS_EFORMAT, "%s is not a date: write YYYYMMDD or YYYY-MM-DD",
                       office__quote(s, len, quoted));
    uint32_t v = (uint32_t)(y * 10000 + m * 100 + d);
    if (!is_real(v))
        return ps_fail(why, PS_EFORMAT, "%s is not a real date", office__quote(s, len, quoted));
    *date = v;
    return 0;
}

int office_date_format(uint32_t date, char out[11], struct ps_reason *why)
{
    int rc = office_date_check(date, why);
    if (rc != 0)
        return rc;
    unsigned y = date / 10000, m = date / 100 % 100, d = date % 100;
    /* written digit by digit: a year below 1000 keeps its leading zeros */
    const unsigned parts[3] = {y, m, d};
    const unsigned widths[3] = {4, 2, 2};
    size_t at = 0;
    for (size_t p = 0; p < 3; p++) {
        if (p > 0)
            out[at++] = '-';
        unsigned v = parts[p];
        for (unsigned i = widths[p]; i > 0; i--) {
            out[at + i - 1] = (char)('0' + v % 10);
            v /= 10;
        }
        at += widths[p];
    }
    out[at] = '\0';
    return 0;
}

/* Floor division, so that instants before the epoch fall on the day before. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int check_offset(int offset_minutes, struct ps_reason *why)
{
    if (offset_minutes < -OFFSET_MAX_MINUTES || offset_minutes > OFFSET_MAX_MINUTES)
        return ps_fail(why, PS_EINVAL, "UTC offset %d minutes is beyond +-14 hours",
                       offset_minutes);
    return 0;
}

int office_local_date(int64_t utc_us, int offset_minutes, uint32_t *date, struct ps_reason *why)
{
    int rc = check_offset(offset_minutes, why);
    if (rc != 0)
        return rc;
    /* to minutes first: adding the offset to microseconds could overflow near the ends */
    int64_t minutes = floor_div(utc_us, US_PER_MINUTE) + offset_minutes;
    int64_t days = floor_div(minutes, MINUTES_PER_DAY);
    if (days < FIRST_MONDAY_DAYS || days > LAST_DAYS)
        return ps_fail(why, PS_EOVERFLOW, "time %lld us is outside the years 1 to 9999",
                       (long long)utc_us);
    *date = date_of((int32_t)days);
    return 0;
}

int office_local_midnight_us(uint32_t date, int offset_minutes, int64_t *utc_us,
                             struct ps_reason *why)
{
    int rc;
    if ((rc = check_offset(offset_minutes, why)) != 0 || (rc = office_date_check(date, why)) != 0)
        return rc;
    /* at most 2.9e6 days * 8.64e10 us: about 2.5e17, well inside int64 */
    int64_t minutes = (int64_t)days_of(date) * MINUTES_PER_DAY - offset_minutes;
    *utc_us = minutes * US_PER_MINUTE;
    return 0;
}

/* ---- lists ---------------------------------------------------------------------- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Parses the entry s[0..len) (blanks around it already dropped) as entry number n. */
static int parse_entry(const char *s, size_t len, size_t n, uint32_t *date, struct ps_reason *why)
{
    struct ps_reason inner;
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "entry %zu is empty", n);
    if (office_date_parse(s, len, date, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "entry %zu: %s", n, inner.text);
    return 0;
}

int office_date_list_parse(const char *s, size_t len, struct office_date_list *out,
                           struct ps_reason *why)
{
    out->count = 0;
    ps_reason_clear(why);
    if (len > OFFICE_DATE_LIST_TEXT_MAX)
        return ps_fail(why, PS_ETOOLONG, "a date list has at most %d bytes, not %zu",
                       OFFICE_DATE_LIST_TEXT_MAX, len);
    size_t at = 0;
    while (at < len && is_blank(s[at]))
        at++;
    if (at == len)
        return 0; /* blank: no dates */
    for (size_t n = 1;; n++) {
        size_t end = at;
        while (end < len && s[end] != ',')
            end++;
        size_t a = at, b = end;
        while (a < b && is_blank(s[a]))
            a++;
        while (b > a && is_blank(s[b - 1]))
            b--;
        uint32_t date;
        int rc = parse_entry(s + a, b - a, n, &date, why);
        if (rc == 0 && out->count == OFFICE_DATE_LIST_MAX)
            rc = ps_fail(why, PS_ETOOLONG, "entry %zu: a list has at most %d dates", n,
                         OFFICE_DATE_LIST_MAX);
        if (rc == 0 && out->count > 0 && date <= out->dates[out->count - 1])
            rc = ps_fail(why, PS_EFORMAT,
                         "entry %zu %08u is not after entry %zu %08u: list the dates in "
                         "ascending order, each once",
                         n, (unsigned)date, n - 1, (unsigned)out->dates[out->count - 1]);
        if (rc != 0) {
            out->count = 0;
            return rc;
        }
        out->dates[out->count++] = date;
        if (end == len)
            return 0;
        at = end + 1;
    }
}

/* Index of the first date in list greater than date. */
static size_t upper_bound(const struct office_date_list *list, uint32_t date)
{
    size_t lo = 0, hi = list->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (list->dates[mid] <= date)
            lo = mid + 1;
        else
            hi = mid;
    }
    return hi;
}

static int list_has(const struct office_date_list *list, uint32_t date)
{
    size_t i = upper_bound(list, date);
    return i > 0 && list->dates[i - 1] == date;
}

/* Checks a list given as a struct: count in bounds, real dates, ascending. */
static int check_list(const struct office_date_list *list, const char *name, struct ps_reason *why)
{
    struct ps_reason inner;
    if (list->count > OFFICE_DATE_LIST_MAX)
        return ps_fail(why, PS_EINVAL, "%s: %zu dates; at most %d", name, list->count,
                       OFFICE_DATE_LIST_MAX);
    for (size_t i = 0; i < list->count; i++) {
        if (office_date_check(list->dates[i], &inner) != 0)
            return ps_fail(why, PS_EINVAL, "%s: entry %zu: %s", name, i + 1, inner.text);
        if (i > 0 && list->dates[i] <= list->dates[i - 1])
            return ps_fail(why, PS_EINVAL, "%s: entry %zu %08u is not after entry %zu %08u", name,
                           i + 1, (unsigned)list->dates[i], i, (unsigned)list->dates[i - 1]);
    }
    return 0;
}

/* Each make-up day is a weekend day that is not also a holiday. */
static int check_workdays(const struct office_calendar *cal, struct ps_reason *why)
{
    for (size_t i = 0; i < cal->workdays.count; i++) {
        uint32_t date = cal->workdays.dates[i];
        enum office_weekday wd = weekday_of(days_of(date));
        if (wd < OFFICE_SATURDAY)
            return ps_fail(why, PS_EFORMAT,
                           "make-up working day %08u is a %s; only a Saturday or Sunday can be "
                           "one",
                           (unsigned)date, office_weekday_name(wd));
        if (list_has(&cal->holidays, date))
            return ps_fail(why, PS_EFORMAT, "%08u is both a holiday and a make-up working day",
                           (unsigned)date);
    }
    return 0;
}

int office_calendar_init(struct office_calendar *cal, const struct office_date_list *holidays,
                         const struct office_date_list *workdays, struct ps_reason *why)
{
    int rc;
    cal->holidays.count = 0;
    cal->workdays.count = 0;
    ps_reason_clear(why);
    if ((holidays != NULL && (rc = check_list(holidays, "holidays", why)) != 0) ||
        (workdays != NULL && (rc = check_list(workdays, "make-up working days", why)) != 0))
        return rc;
    if (holidays != NULL)
        memcpy(&cal->holidays, holidays, sizeof(*holidays));
    if (workdays != NULL)
        memcpy(&cal->workdays, workdays, sizeof(*workdays));
    if ((rc = check_workdays(cal, why)) != 0) {
        cal->holidays.count = 0;
        cal->workdays.count = 0;
    }
    return rc;
}

/* Puts "<prefix>: " in front of why's sentence. */
static int prefix_reason(struct ps_reason *why, int rc, const char *prefix)
{
    if (why != NULL) {
        struct ps_reason inner = *why;
        ps_fail(why, rc, "%s: %s", prefix, inner.text);
    }
    return rc;
}

int office_calendar_parse(struct office_calendar *cal, const char *holidays, size_t holidays_len,
                          const char *workdays, size_t workdays_len, struct ps_reason *why)
{
    int rc;
    cal->holidays.count = 0;
    cal->workdays.count = 0;
    if ((rc = office_date_list_parse(holidays, holidays_len, &cal->holidays, why)) != 0)
        return prefix_reason(why, rc, "holidays");
    if ((rc = office_date_list_parse(workdays, workdays_len, &cal->workdays, why)) != 0) {
        cal->holidays.count = 0;
        return prefix_reason(why, rc, "make-up working days");
    }
    if ((rc = check_workdays(cal, why)) != 0) {
        cal->holidays.count = 0;
        cal->workdays.count = 0;
    }
    return rc;
}

/* ---- working days --------------------------------------------------------------- */

/* Weekday or weekend, then the list that overrides it: a weekday is worked unless it
 * is a holiday; a weekend day is off unless it is a make-up day. */
static int is_working(const struct office_calendar *cal, int32_t days, uint32_t date)
{
    if (is_weekend(days))
        return list_has(&cal->workdays, date);
    return !list_has(&cal->holidays, date);
}

int office_calendar_is_working_day(const struct office_calendar *cal, uint32_t date, int *working,
                                   struct ps_reason *why)
{
    int rc = office_date_check(date, why);
    if (rc != 0)
        return rc;
    *working = is_working(cal, days_of(date), date);
    return 0;
}

int office_calendar_add_working_days(const struct office_calendar *cal, uint32_t from, unsigned n,
                                     uint32_t *out, struct ps_reason *why)
{
    int rc = office_date_check(from, why);
    if (rc != 0)
        return rc;
    /* Day by day: n is a service level of days or weeks, and each step is a bisection
     * of two short lists. The lists are finite, so every step past the last listed
     * date finds 5 working days a week and the loop ends. */
    int32_t days = days_of(from);
    for (unsigned counted = 0; counted < n;) {
        if (days == LAST_DAYS)
            return ps_fail(why, PS_EOVERFLOW, "%u working days after %08u is past 99991231", n,
                           (unsigned)from);
        days++;
        if (is_working(cal, days, date_of(days)))
            counted++;
    }
    *out = date_of(days);
    return 0;
}

/* Monday to Friday among the days FIRST_MONDAY_DAYS..days (days >= FIRST_MONDAY_DAYS - 1):
 * 5 in each whole week, and up to 5 of what is left. */
static int64_t weekdays_through(int32_t days)
{
    int64_t t = (int64_t)days - FIRST_MONDAY_DAYS + 1;
    int64_t rest = t % 7;
    return t / 7 * 5 + (rest < 5 ? rest : 5);
}

/* Working days d with a < d <= b, for real dates a <= b. */
static int32_t working_in(const struct office_calendar *cal, uint32_t a, uint32_t b)
{
    int64_t n = weekdays_through(days_of(b)) - weekdays_through(days_of(a));
    /* a holiday on a weekday takes one away; a make-up weekend day adds one */
    for (size_t i = upper_bound(&cal->holidays, a);
         i < cal->holidays.count && cal->holidays.dates[i] <= b; i++) {
        if (!is_weekend(days_of(cal->holidays.dates[i])))
            n--;
    }
    for (size_t i = upper_bound(&cal->workdays, a);
         i < cal->workdays.count && cal->workdays.dates[i] <= b; i++) {
        if (is_weekend(days_of(cal->workdays.dates[i])))
            n++;
    }
    return (int32_t)n;
}

int office_calendar_working_days_between(const struct office_calendar *cal, uint32_t from,
                                         uint32_t to, int32_t *n, struct ps_reason *why)
{
    int rc;
    if ((rc = office_date_check(from, why)) != 0 || (rc = office_date_check(to, why)) != 0)
        return rc;
    *n = from <= to ? working_in(cal, from, to) : -working_in(cal, to, from);
    return 0;
}

/* calendar.h — dates and working days, for the back office's service levels ("review
 * due 5 working days after submission").
 *
 * A date is the number YYYYMMDD (20261001), a real day of the proleptic Gregorian
 * calendar from 00010101 to 99991231. The arithmetic is done here on day numbers
 * (days since 1970-01-01) and never through the C library's time zone (no localtime,
 * mktime or TZ): possum keeps times as int64 microseconds since the Unix epoch, UTC,
 * and a local date is that time shifted by the configured UTC offset (+480 minutes in
 * China, which has no daylight saving).
 *
 * Which days are worked is configuration, not code: Monday to Friday are working days
 * unless listed as public holidays; Saturday and Sunday are not, unless listed as
 * make-up working days (调休, the weekend days China's State Council moves into the
 * working week around a long holiday). The lists change every year, so the caller
 * loads them (office_calendar_parse from text such as "20261001,20261002,...") and
 * keeps them current; nothing here knows any year's holidays.
 *
 * Nothing allocates. A struct office_calendar is a few kilobytes of plain data: zeroed
 * it is the calendar of weekends only; copy it freely.
 */
#ifndef POSSUM_HOST_OFFICE_CALENDAR_H
#define POSSUM_HOST_OFFICE_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define OFFICE_DATE_MIN 10101u    /* 0001-01-01, a Monday */
#define OFFICE_DATE_MAX 99991231u /* 9999-12-31 */

/* The most dates one list holds: public holidays average about 30 days a year, so
 * this covers decades of configuration while keeping the struct fixed-size. */
#define OFFICE_DATE_LIST_MAX 1024

/* Text of a list parsed at most (20 years of holidays with separators fit easily). */
#define OFFICE_DATE_LIST_TEXT_MAX 16384

/* ISO 8601 weekday numbers. */
enum office_weekday {
    OFFICE_MONDAY = 1,
    OFFICE_TUESDAY,
    OFFICE_WEDNESDAY,
    OFFICE_THURSDAY,
    OFFICE_FRIDAY,
    OFFICE_SATURDAY,
    OFFICE_SUNDAY
};

/* Dates in strictly ascending order (so each appears once and lookups can bisect). */
struct office_date_list {
    size_t count;
    uint32_t dates[OFFICE_DATE_LIST_MAX];
};

/* Build one with office_calendar_init or office_calendar_parse, which check that
 * every make-up day falls on a weekend and that no date is in both lists. */
struct office_calendar {
    struct office_date_list holidays; /* days off; a weekend day listed here changes nothing */
    struct office_date_list workdays; /* make-up working days: Saturdays and Sundays only */
};

/* ---- dates ---------------------------------------------------------------------- */

/* 0 when date is a real date from OFFICE_DATE_MIN to OFFICE_DATE_MAX; otherwise
 * PS_EINVAL ("20260229 is not a real date: 2026 is not a leap year"). */
int office_date_check(uint32_t date, struct ps_reason *why);

/* Reads a date from s[0..len): "YYYYMMDD" (20261001) or ISO 8601 "YYYY-MM-DD"
 * (2026-10-01), the two forms configuration and the API use. Sets *date (OUT).
 * Returns 0 or PS_EFORMAT naming the fault ("\"2026-02-30\" is not a real date"). */
int office_date_parse(const char *s, size_t len, uint32_t *date /* OUT */, struct ps_reason *why);

/* Writes date as ISO 8601 "YYYY-MM-DD" into out (NUL-terminated). Returns 0 or
 * PS_EINVAL for a date that is not real. */
int office_date_format(uint32_t date, char out[11] /* OUT */, struct ps_reason *why);

/* The day number of date: days since 1970-01-01 (negative before). Returns 0 or
 * PS_EINVAL. */
int office_date_to_days(uint32_t date, int32_t *days /* OUT */, struct ps_reason *why);

/* The date of day number days. Returns 0 or PS_EOVERFLOW when the day falls outside
 * OFFICE_DATE_MIN..OFFICE_DATE_MAX. */
int office_date_from_days(int32_t days, uint32_t *date /* OUT */, struct ps_reason *why);

/* *out (OUT) = date + n calendar days (n may be negative). Returns 0, PS_EINVAL (date
 * not real) or PS_EOVERFLOW (the result is outside the supported years). */
int office_date_add_days(uint32_t date, int32_t n, uint32_t *out /* OUT */, struct ps_reason *why);

/* *n (OUT) = to - from in calendar days (negative when to is earlier). Returns 0 or
 * PS_EINVAL. */
int office_date_days_between(uint32_t from, uint32_t to, int32_t *n /* OUT */,
                             struct ps_reason *why);

/* The ISO weekday of date. Returns 0 or PS_EINVAL. */
int office_date_weekday(uint32_t date, enum office_weekday *weekday /* OUT */,
                        struct ps_reason *why);

/* A static English name ("Saturday"), or "unknown" for another value. */
const char *office_weekday_name(enum office_weekday weekday);

/* The local date of the instant utc_us (microseconds since 1970-01-01T00:00:00Z) at
 * a UTC offset of offset_minutes (+480 for China Standard Time), rounding toward the
 * past, so -1 us is still 1969-12-31 at offset 0. Returns 0, PS_EINVAL (an offset
 * beyond +-14 hours, where no time zone is) or PS_EOVERFLOW (a year outside 1..9999). */
int office_local_date(int64_t utc_us, int offset_minutes, uint32_t *date /* OUT */,
                      struct ps_reason *why);

/* The instant local midnight starts date at offset_minutes, in microseconds since the
 * epoch (UTC): what a store query compares times with. Returns 0 or PS_EINVAL. */
int office_local_midnight_us(uint32_t date, int offset_minutes, int64_t *utc_us /* OUT */,
                             struct ps_reason *why);

/* ---- lists and calendars -------------------------------------------------------- */

/* Parses s[0..len) (at most OFFICE_DATE_LIST_TEXT_MAX bytes): dates (either form of
 * office_date_parse) separated by commas, with blanks and line ends allowed around
 * each; empty or blank text is the empty list. The dates must be in ascending order,
 * each once, so a mistyped year stands out. Fills *out (OUT; left empty on failure).
 * Returns 0, PS_ETOOLONG (the text, or more than OFFICE_DATE_LIST_MAX dates) or
 * PS_EFORMAT naming the entry by its 1-based number and text
 * ("entry 3: \"20261032\" is not a real date"). */
int office_date_list_parse(const char *s, size_t len, struct office_date_list *out /* OUT */,
                           struct ps_reason *why);

/* Makes *cal (OUT) from copies of the two lists (either may be NULL, meaning none).
 * Each list must be ascending with real dates; every make-up working day must be a
 * Saturday or Sunday (a weekday is worked anyway, so listing one is a mistake), and
 * no date may be both a holiday and a make-up day. Returns 0, PS_EINVAL (a list not
 * ascending, or count above OFFICE_DATE_LIST_MAX) or PS_EFORMAT naming the date
 * ("make-up working day 20261012 is a Monday; only a Saturday or Sunday can be one").
 * On failure *cal is the calendar of weekends only. */
int office_calendar_init(struct office_calendar *cal /* OUT */,
                         const struct office_date_list *holidays,
                         const struct office_date_list *workdays, struct ps_reason *why);

/* Both lists from text, as configuration holds them: office_date_list_parse on each,
 * then office_calendar_init. Reasons start with the list they are about ("holidays:
 * entry 2 ...", "make-up working days: ..."). */
int office_calendar_parse(struct office_calendar *cal /* OUT */, const char *holidays,
                          size_t holidays_len, const char *workdays, size_t workdays_len,
                          struct ps_reason *why);

/* *working (OUT) = 1 when date is a working day of cal, else 0. Returns 0 or
 * PS_EINVAL for a date that is not real. */
int office_calendar_is_working_day(const struct office_calendar *cal, uint32_t date,
                                   int *working /* OUT */, struct ps_reason *why);

/* The date n working days after from: the n-th working day counted from the day after
 * from (from itself never counts, worked or not, as a submission on a Friday evening
 * or a holiday starts its clock on the next working day). n = 0 gives from itself.
 * Returns 0, PS_EINVAL (from not real) or PS_EOVERFLOW (past 99991231). */
int office_calendar_add_working_days(const struct office_calendar *cal, uint32_t from, unsigned n,
                                     uint32_t *out /* OUT */, struct ps_reason *why);

/* *n (OUT) = the number of working days d with from < d <= to; when to is earlier than
 * from, minus the number with to < d <= from. So adding the result to from with
 * office_calendar_add_working_days lands on to whenever to is a working day after
 * from. Counts by arithmetic on weeks, not day by day. Returns 0 or PS_EINVAL. */
int office_calendar_working_days_between(const struct office_calendar *cal, uint32_t from,
                                         uint32_t to, int32_t *n /* OUT */, struct ps_reason *why);

#endif

#include "testing.h"

#include <stdio.h>

#include "host/office/calendar.h"

#define US_PER_DAY  INT64_C(86400000000)
#define US_PER_HOUR INT64_C(3600000000)

/* An example calendar, not the truth: China's National Day holiday of 2026 as the State
 * Council announced it (1-7 October off; Sunday 20 September and Saturday 10 October
 * worked), and New Year's Day 2027. possum reads the real lists from configuration. */
static const char national_day_holidays[] =
    "20261001,20261002,20261003,20261004,20261005,20261006,20261007, 20270101";
static const char national_day_workdays[] = "20260920,20261010";

static struct office_calendar national_day(void)
{
    struct office_calendar cal;
    struct ps_reason why;
    int rc = office_calendar_parse(&cal, national_day_holidays, strlen(national_day_holidays),
                                   national_day_workdays, strlen(national_day_workdays), &why);
    assert_int_equal(rc, 0);
    return cal;
}

static int working(const struct office_calendar *cal, uint32_t date)
{
    int w = -1;
    assert_int_equal(office_calendar_is_working_day(cal, date, &w, NULL), 0);
    return w;
}

static uint32_t add_working(const struct office_calendar *cal, uint32_t from, unsigned n)
{
    uint32_t out = 0;
    assert_int_equal(office_calendar_add_working_days(cal, from, n, &out, NULL), 0);
    return out;
}

static int32_t between(const struct office_calendar *cal, uint32_t from, uint32_t to)
{
    int32_t n = 0;
    assert_int_equal(office_calendar_working_days_between(cal, from, to, &n, NULL), 0);
    return n;
}

static uint32_t plus(uint32_t date, int32_t n)
{
    uint32_t out = 0;
    assert_int_equal(office_date_add_days(date, n, &out, NULL), 0);
    return out;
}

/* ---- dates ---------------------------------------------------------------------- */

static void checks_real_dates_and_leap_years(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(office_date_check(20240229, &why), 0);
    assert_int_equal(office_date_check(20000229, NULL), 0); /* divisible by 400 */
    assert_int_equal(office_date_check(20260229, &why), PS_EINVAL);
    assert_string_equal(why.text, "20260229 is not a real date: 2026 is not a leap year");
    assert_int_equal(office_date_check(21000229, &why), PS_EINVAL); /* by 100, not 400 */
    assert_string_equal(why.text, "21000229 is not a real date: 2100 is not a leap year");
    assert_int_equal(office_date_check(20261131, &why), PS_EINVAL);
    assert_string_equal(why.text, "20261131 is not a real date");
    assert_int_equal(office_date_check(20261301, NULL), PS_EINVAL);
    assert_int_equal(office_date_check(20261000, NULL), PS_EINVAL);
    assert_int_equal(office_date_check(0, &why), PS_EINVAL);
    assert_string_equal(why.text, "0 is not a date from 00010101 to 99991231");
    assert_int_equal(office_date_check(OFFICE_DATE_MIN, NULL), 0);
    assert_int_equal(office_date_check(OFFICE_DATE_MAX, NULL), 0);
    assert_int_equal(office_date_check(100000101, NULL), PS_EINVAL);
}

static void converts_day_numbers(void **state)
{
    (void)state;
    int32_t days;
    uint32_t date;
    assert_int_equal(office_date_to_days(19700101, &days, NULL), 0);
    assert_int_equal(days, 0);
    assert_int_equal(office_date_to_days(19691231, &days, NULL), 0);
    assert_int_equal(days, -1);
    assert_int_equal(office_date_to_days(20000101, &days, NULL), 0);
    assert_int_equal(days, 10957);
    assert_int_equal(office_date_to_days(20261001, &days, NULL), 0);
    assert_int_equal(days, 20727);
    assert_int_equal(office_date_to_days(OFFICE_DATE_MIN, &days, NULL), 0);
    assert_int_equal(days, -719162);
    assert_int_equal(office_date_to_days(OFFICE_DATE_MAX, &days, NULL), 0);
    assert_int_equal(days, 2932896);
    assert_int_equal(office_date_from_days(20727, &date, NULL), 0);
    assert_int_equal(date, 20261001);
    assert_int_equal(office_date_from_days(-719163, &date, NULL), PS_EOVERFLOW);
    assert_int_equal(office_date_from_days(2932897, &date, NULL), PS_EOVERFLOW);
    assert_int_equal(office_date_to_days(20260230, &days, NULL), PS_EINVAL);
}

/* Every day of the years 1 to 9999: the conversion goes both ways, and the date of the
 * next day number is the next date by the calendar's own rules (a day more, or the 1st
 * of the next month, or 1 January of the next year). */
static void round_trips_every_day_of_ten_thousand_years(void **state)
{
    (void)state;
    static const unsigned char month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    uint32_t prev = 0;
    for (int32_t days = -719162; days <= 2932896; days++) {
        uint32_t date;
        int32_t back;
        assert_int_equal(office_date_from_days(days, &date, NULL), 0);
        assert_int_equal(office_date_to_days(date, &back, NULL), 0);
        if (back != days)
            fail_msg("day %d -> %u -> %d", days, date, back);
        if (prev != 0) {
            unsigned y = prev / 10000, m = prev / 100 % 100, d = prev % 100;
            unsigned last = month_days[m - 1];
            if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
                last = 29;
            uint32_t want = d < last ? prev + 1
                            : m < 12 ? y * 10000 + (m + 1) * 100 + 1
                                     : (y + 1) * 10000 + 101;
            if (date != want)
                fail_msg("after %u came %u, not %u", prev, date, want);
        }
        prev = date;
    }
    assert_int_equal(prev, OFFICE_DATE_MAX);
}

static void adds_days_across_month_and_year_ends(void **state)
{
    (void)state;
    struct ps_reason why;
    uint32_t out;
    assert_int_equal(plus(20261231, 1), 20270101);
    assert_int_equal(plus(20270101, -1), 20261231);
    assert_int_equal(plus(20240228, 1), 20240229);
    assert_int_equal(plus(20240229, 1), 20240301);
    assert_int_equal(plus(20230228, 1), 20230301);
    assert_int_equal(plus(21000228, 1), 21000301);
    assert_int_equal(plus(20000228, 1), 20000229);
    assert_int_equal(plus(20250301, -1), 20250228);
    assert_int_equal(plus(20261001, 0), 20261001);
    assert_int_equal(plus(20261001, 365), 20271001);
    assert_int_equal(plus(20240101, 366), 20250101);
    assert_int_equal(plus(19700101, -1), 19691231);
    assert_int_equal(office_date_add_days(OFFICE_DATE_MAX, 1, &out, &why), PS_EOVERFLOW);
    assert_string_equal(why.text, "99991231 +1 days is outside the years 1 to 9999");
    assert_int_equal(office_date_add_days(OFFICE_DATE_MIN, -1, &out, NULL), PS_EOVERFLOW);
    assert_int_equal(office_date_add_days(20261001, INT32_MAX, &out, NULL), PS_EOVERFLOW);
    assert_int_equal(office_date_add_days(20261001, INT32_MIN, &out, NULL), PS_EOVERFLOW);
    assert_int_equal(office_date_add_days(20261032, 1, &out, NULL), PS_EINVAL);

    int32_t n;
    assert_int_equal(office_date_days_between(20240101, 20250101, &n, NULL), 0);
    assert_int_equal(n, 366);
    assert_int_equal(office_date_days_between(20250101, 20240101, &n, NULL), 0);
    assert_int_equal(n, -366);
    assert_int_equal(office_date_days_between(20250101, 20250229, &n, NULL), PS_EINVAL);
}

static void names_weekdays(void **state)
{
    (void)state;
    enum office_weekday wd;
    assert_int_equal(office_date_weekday(20261001, &wd, NULL), 0);
    assert_int_equal(wd, OFFICE_THURSDAY);
    assert_int_equal(office_date_weekday(19700101, &wd, NULL), 0);
    assert_int_equal(wd, OFFICE_THURSDAY);
    assert_int_equal(office_date_weekday(20000101, &wd, NULL), 0);
    assert_int_equal(wd, OFFICE_SATURDAY);
    assert_int_equal(office_date_weekday(OFFICE_DATE_MIN, &wd, NULL), 0);
    assert_int_equal(wd, OFFICE_MONDAY);
    assert_int_equal(office_date_weekday(19691228, &wd, NULL), 0);
    assert_int_equal(wd, OFFICE_SUNDAY);
    assert_string_equal(office_weekday_name(OFFICE_SATURDAY), "Saturday");
    assert_string_equal(office_weekday_name((enum office_weekday)0), "unknown");
    assert_string_equal(office_weekday_name((enum office_weekday)8), "unknown");
    assert_int_equal(office_date_weekday(20260229, &wd, NULL), PS_EINVAL);
}

static void parses_and_formats_both_forms(void **state)
{
    (void)state;
    struct ps_reason why;
    uint32_t date;
    char text[11];
    assert_int_equal(office_date_parse("20261001", 8, &date, NULL), 0);
    assert_int_equal(date, 20261001);
    assert_int_equal(office_date_parse("2026-10-01", 10, &date, NULL), 0);
    assert_int_equal(date, 20261001);
    assert_int_equal(office_date_parse("2026/10/01", 10, &date, &why), PS_EFORMAT);
    assert_string_equal(why.text, "\"2026/10/01\" is not a date: write YYYYMMDD or YYYY-MM-DD");
    assert_int_equal(office_date_parse("2026-1-01", 9, &date, &why), PS_EFORMAT);
    assert_int_equal(office_date_parse("2026100A", 8, &date, &why), PS_EFORMAT);
    assert_string_equal(why.text, "\"2026100A\" is not a date: write YYYYMMDD or YYYY-MM-DD");
    assert_int_equal(office_date_parse("2026-02-30", 10, &date, &why), PS_EFORMAT);
    assert_string_equal(why.text, "\"2026-02-30\" is not a real date");
    assert_int_equal(office_date_parse("+2026101", 8, &date, NULL), PS_EFORMAT);
    assert_int_equal(office_date_parse("", 0, &date, &why), PS_EFORMAT);
    assert_string_equal(why.text, "\"\" is not a date: write YYYYMMDD or YYYY-MM-DD");
    /* only len bytes are read */
    assert_int_equal(office_date_parse("2026100199", 8, &date, NULL), 0);
    assert_int_equal(date, 20261001);

    assert_int_equal(office_date_format(20261001, text, NULL), 0);
    assert_string_equal(text, "2026-10-01");
    assert_int_equal(office_date_format(OFFICE_DATE_MIN, text, NULL), 0);
    assert_string_equal(text, "0001-01-01");
    assert_int_equal(office_date_format(20261301, text, &why), PS_EINVAL);
}

static void local_dates_use_the_offset_not_the_machine(void **state)
{
    (void)state;
    struct ps_reason why;
    uint32_t date;
    int64_t midnight;
    assert_int_equal(office_local_date(0, 0, &date, NULL), 0);
    assert_int_equal(date, 19700101);
    assert_int_equal(office_local_date(-1, 0, &date, NULL), 0);
    assert_int_equal(date, 19691231);
    /* China Standard Time: local midnight of 1 October is 16:00 UTC on 30 September */
    assert_int_equal(office_local_midnight_us(20261001, 480, &midnight, NULL), 0);
    assert_int_equal(midnight, 20726 * US_PER_DAY + 16 * US_PER_HOUR);
    assert_int_equal(office_local_date(midnight, 480, &date, NULL), 0);
    assert_int_equal(date, 20261001);
    assert_int_equal(office_local_date(midnight - 1, 480, &date, NULL), 0);
    assert_int_equal(date, 20260930);
    assert_int_equal(office_local_date(midnight, 0, &date, NULL), 0);
    assert_int_equal(date, 20260930);
    /* west of Greenwich, a UTC date's first hours are the day before */
    assert_int_equal(office_local_date(20727 * US_PER_DAY + 3 * US_PER_HOUR, -300, &date, NULL), 0);
    assert_int_equal(date, 20260930);
    assert_int_equal(office_local_date(0, 841, &date, &why), PS_EINVAL);
    assert_string_equal(why.text, "UTC offset 841 minutes is beyond +-14 hours");
    assert_int_equal(office_local_date(0, -841, &date, NULL), PS_EINVAL);
    assert_int_equal(office_local_date(INT64_MAX, 840, &date, NULL), PS_EOVERFLOW);
    assert_int_equal(office_local_date(INT64_MIN, -840, &date, NULL), PS_EOVERFLOW);
    assert_int_equal(office_local_midnight_us(20260230, 480, &midnight, NULL), PS_EINVAL);
    assert_int_equal(office_local_midnight_us(20261001, 900, &midnight, NULL), PS_EINVAL);
}

/* ---- lists and calendars -------------------------------------------------------- */

static void parses_a_list_with_blanks_and_line_ends(void **state)
{
    (void)state;
    struct office_date_list list;
    const char *text = " 20261001,20261002 ,\n\t2026-10-03\r\n, 20261004\n";
    assert_int_equal(office_date_list_parse(text, strlen(text), &list, NULL), 0);
    assert_int_equal(list.count, 4);
    assert_int_equal(list.dates[0], 20261001);
    assert_int_equal(list.dates[2], 20261003);
    assert_int_equal(list.dates[3], 20261004);
    assert_int_equal(office_date_list_parse("", 0, &list, NULL), 0);
    assert_int_equal(list.count, 0);
    assert_int_equal(office_date_list_parse(" \n ", 3, &list, NULL), 0);
    assert_int_equal(list.count, 0);
}

static void names_the_bad_entry(void **state)
{
    (void)state;
    struct office_date_list list;
    struct ps_reason why;
    static const struct {
        const char *text, *reason;
    } cases[] = {
        {"20261001,,20261003", "entry 2 is empty"},
        {"20261001,", "entry 2 is empty"},
        {",20261001", "entry 1 is empty"},
        {"20261001,2026100", "entry 2: \"2026100\" is not a date: write YYYYMMDD or YYYY-MM-DD"},
        {"20261001,20261032", "entry 2: \"20261032\" is not a real date"},
        {"20261001 20261002", "entry 1: \"20261001 20261002\" is not a date: write YYYYMMDD or "
                              "YYYY-MM-DD"},
        {"20261001;20261002", "entry 1: \"20261001;20261002\" is not a date: write YYYYMMDD or "
                              "YYYY-MM-DD"},
        {"20261001,20261003,20261002", "entry 3 20261002 is not after entry 2 20261003: list the "
                                       "dates in ascending order, each once"},
        {"20261001,2026-10-01", "entry 2 20261001 is not after entry 1 20261001: list the dates "
                                "in ascending order, each once"},
        {"20261001,\x01", "entry 2: \"\\x01\" is not a date: write YYYYMMDD or YYYY-MM-DD"},
    };
    for (size_t i = 0; i < PS_ARRAY_LEN(cases); i++) {
        list.count = 99;
        assert_int_equal(office_date_list_parse(cases[i].text, strlen(cases[i].text), &list, &why),
                         PS_EFORMAT);
        assert_string_equal(why.text, cases[i].reason);
        assert_int_equal(list.count, 0);
    }
}

static void bounds_the_list(void **state)
{
    (void)state;
    static char text[OFFICE_DATE_LIST_TEXT_MAX + 2];
    static struct office_date_list list;
    struct ps_reason why;
    memset(text, ' ', sizeof(text));
    assert_int_equal(office_date_list_parse(text, OFFICE_DATE_LIST_TEXT_MAX, &list, NULL), 0);
    assert_int_equal(office_date_list_parse(text, OFFICE_DATE_LIST_TEXT_MAX + 1, &list, &why),
                     PS_ETOOLONG);
    assert_string_equal(why.text, "a date list has at most 16384 bytes, not 16385");

    /* 1025 consecutive days from 2026-01-01 */
    size_t at = 0;
    uint32_t date = 20260101;
    for (int i = 0; i < OFFICE_DATE_LIST_MAX + 1; i++) {
        at += (size_t)snprintf(text + at, sizeof(text) - at, "%s%08u", i > 0 ? "," : "",
                               (unsigned)date);
        date = plus(date, 1);
    }
    assert_int_equal(office_date_list_parse(text, at, &list, &why), PS_ETOOLONG);
    assert_string_equal(why.text, "entry 1025: a list has at most 1024 dates");
    assert_int_equal(office_date_list_parse(text, at - 9, &list, NULL), 0);
    assert_int_equal(list.count, OFFICE_DATE_LIST_MAX);
}

static void checks_the_make_up_days(void **state)
{
    (void)state;
    struct office_calendar cal;
    struct ps_reason why;
    assert_int_equal(office_calendar_parse(&cal, "", 0, "20261012", 8, &why), PS_EFORMAT);
    assert_string_equal(why.text, "make-up working day 20261012 is a Monday; only a Saturday or "
                                  "Sunday can be one");
    assert_int_equal(cal.holidays.count + cal.workdays.count, 0);
    assert_int_equal(office_calendar_parse(&cal, "20261010", 8, "20261010", 8, &why), PS_EFORMAT);
    assert_string_equal(why.text, "20261010 is both a holiday and a make-up working day");
    assert_int_equal(office_calendar_parse(&cal, "2026101", 7, "", 0, &why), PS_EFORMAT);
    assert_string_equal(
        why.text, "holidays: entry 1: \"2026101\" is not a date: write YYYYMMDD or YYYY-MM-DD");
    assert_int_equal(office_calendar_parse(&cal, "", 0, "20261010,20260920", 17, &why), PS_EFORMAT);
    assert_string_equal(why.text, "make-up working days: entry 2 20260920 is not after entry 1 "
                                  "20261010: list the dates in ascending order, each once");
}

static void init_checks_lists_given_as_structs(void **state)
{
    (void)state;
    static struct office_date_list holidays, workdays;
    static struct office_calendar cal;
    struct ps_reason why;
    holidays.count = 2;
    holidays.dates[0] = 20261002;
    holidays.dates[1] = 20261001;
    assert_int_equal(office_calendar_init(&cal, &holidays, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "holidays: entry 2 20261001 is not after entry 1 20261002");
    holidays.dates[1] = 20261131;
    assert_int_equal(office_calendar_init(&cal, &holidays, NULL, &why), PS_EINVAL);
    assert_string_equal(why.text, "holidays: entry 2: 20261131 is not a real date");
    holidays.count = OFFICE_DATE_LIST_MAX + 1;
    assert_int_equal(office_calendar_init(&cal, &holidays, NULL, &why), PS_EINVAL);
    holidays.count = 1;
    workdays.count = 1;
    workdays.dates[0] = 20261008; /* a Thursday */
    assert_int_equal(office_calendar_init(&cal, &holidays, &workdays, &why), PS_EFORMAT);
    assert_int_equal(cal.holidays.count + cal.workdays.count, 0);
    workdays.dates[0] = 20261010;
    assert_int_equal(office_calendar_init(&cal, &holidays, &workdays, &why), 0);
    assert_int_equal(cal.holidays.count, 1);
    assert_int_equal(cal.workdays.count, 1);
    assert_int_equal(working(&cal, 20261002), 0);
    assert_int_equal(working(&cal, 20261010), 1);
    assert_int_equal(office_calendar_init(&cal, NULL, NULL, NULL), 0);
    assert_int_equal(working(&cal, 20261002), 1);
}

/* ---- working days --------------------------------------------------------------- */

static void weekends_only_when_nothing_is_configured(void **state)
{
    (void)state;
    static const struct office_calendar none;      /* zeroed: weekends only */
    assert_int_equal(working(&none, 20261002), 1); /* Friday */
    assert_int_equal(working(&none, 20261003), 0); /* Saturday */
    assert_int_equal(working(&none, 20261004), 0); /* Sunday */
    assert_int_equal(working(&none, 20261005), 1); /* Monday */
    assert_int_equal(add_working(&none, 20261002, 1), 20261005);
    assert_int_equal(add_working(&none, 20261003, 1), 20261005); /* from a Saturday */
    assert_int_equal(add_working(&none, 20261002, 5), 20261009);
    assert_int_equal(add_working(&none, 20261002, 0), 20261002);
    assert_int_equal(between(&none, 20261002, 20261009), 5);
    assert_int_equal(between(&none, 20261003, 20261004), 0);
    assert_int_equal(between(&none, 20261002, 20261002), 0);
    int w;
    assert_int_equal(office_calendar_is_working_day(&none, 20261032, &w, NULL), PS_EINVAL);
}

static void national_day_week_with_make_up_days(void **state)
{
    (void)state;
    struct office_calendar cal = national_day();
    assert_int_equal(working(&cal, 20260918), 1); /* Friday */
    assert_int_equal(working(&cal, 20260919), 0); /* Saturday */
    assert_int_equal(working(&cal, 20260920), 1); /* Sunday, worked */
    for (uint32_t d = 20261001; d <= 20261007; d++)
        assert_int_equal(working(&cal, d), 0); /* the holiday, weekend included */
    assert_int_equal(working(&cal, 20261008), 1);
    assert_int_equal(working(&cal, 20261009), 1);
    assert_int_equal(working(&cal, 20261010), 1); /* Saturday, worked */
    assert_int_equal(working(&cal, 20261011), 0); /* Sunday */
    assert_int_equal(working(&cal, 20261012), 1);

    /* Submitted on Wednesday 30 September: the 5 working days are 8, 9, 10, 12, 13
     * October, so the review is due on Tuesday the 13th. */
    assert_int_equal(add_working(&cal, 20260930, 5), 20261013);
    assert_int_equal(between(&cal, 20260930, 20261013), 5);
    assert_int_equal(between(&cal, 20261013, 20260930), -5);
    /* Submitted on Friday 18 September: the Sunday worked counts. */
    assert_int_equal(add_working(&cal, 20260918, 5), 20260924);
    assert_int_equal(add_working(&cal, 20260918, 1), 20260920);
    /* Submitted during the holiday: the clock starts on the 8th. */
    assert_int_equal(add_working(&cal, 20261003, 1), 20261008);
    assert_int_equal(add_working(&cal, 20261001, 5), 20261013);
    assert_int_equal(between(&cal, 20260930, 20261007), 0);
    assert_int_equal(between(&cal, 20260901, 20261031),
                     40); /* 43 weekdays, 5 of them off, 2 weekend days worked */
}

static void across_the_year_end_and_leap_day(void **state)
{
    (void)state;
    static const struct office_calendar none;
    struct office_calendar cal = national_day();
    /* Thursday 31 December 2026; 1 January 2027 (a Friday) is a holiday in cal */
    assert_int_equal(add_working(&none, 20261231, 1), 20270101);
    assert_int_equal(add_working(&cal, 20261231, 1), 20270104);
    assert_int_equal(add_working(&cal, 20261231, 2), 20270105);
    assert_int_equal(between(&cal, 20261230, 20270105), 3);
    /* Wednesday 28 February 2024: the 29th is a Thursday */
    assert_int_equal(add_working(&none, 20240228, 1), 20240229);
    assert_int_equal(add_working(&none, 20240228, 2), 20240301);
    assert_int_equal(add_working(&none, 20230228, 1), 20230301);
    assert_int_equal(between(&none, 20240101, 20241231), 261); /* 2024: 366 days */
    assert_int_equal(between(&none, 20250101, 20251231), 260);
}

static void refuses_what_is_not_a_date_and_the_end_of_time(void **state)
{
    (void)state;
    static const struct office_calendar none;
    struct ps_reason why;
    uint32_t out;
    int32_t n;
    assert_int_equal(office_calendar_add_working_days(&none, 20260230, 1, &out, &why), PS_EINVAL);
    assert_string_equal(why.text, "20260230 is not a real date");
    assert_int_equal(office_calendar_add_working_days(&none, 99991229, 5, &out, &why),
                     PS_EOVERFLOW);
    assert_string_equal(why.text, "5 working days after 99991229 is past 99991231");
    assert_int_equal(office_calendar_add_working_days(&none, 99991229, 2, &out, NULL), 0);
    assert_int_equal(out, 99991231); /* from a Wednesday: Thursday, Friday */
    assert_int_equal(office_calendar_working_days_between(&none, 20260101, 20261301, &n, NULL),
                     PS_EINVAL);
    assert_int_equal(
        office_calendar_working_days_between(&none, OFFICE_DATE_MIN, OFFICE_DATE_MAX, &n, NULL), 0);
    assert_true(n > 2600000);
}

/* Property: counting by weeks agrees with counting day by day, and adding what was
 * counted lands back on a working day; over random spans of 2025-2028 and the
 * example calendar. */
static void property_arithmetic_agrees_with_walking(void **state)
{
    (void)state;
    uint64_t seed = test_seed(), rng = seed;
    struct office_calendar cal = national_day();
    for (int i = 0; i < 2000; i++) {
        uint32_t from = plus(20250101, (int32_t)random_below(&rng, 1400));
        uint32_t to = plus(from, (int32_t)random_below(&rng, 120) - 40);
        int32_t walked = 0;
        uint32_t lo = from < to ? from : to, hi = from < to ? to : from;
        for (uint32_t d = plus(lo, 1); lo != hi && d <= hi; d = plus(d, 1))
            walked += working(&cal, d);
        if (to < from)
            walked = -walked;
        assert_seeded(between(&cal, from, to) == walked, seed);

        unsigned n = random_below(&rng, 30);
        uint32_t due = add_working(&cal, from, n);
        assert_seeded(between(&cal, from, due) == (int32_t)n, seed);
        assert_seeded(n == 0 || working(&cal, due) == 1, seed);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checks_real_dates_and_leap_years),
        cmocka_unit_test(converts_day_numbers),
        cmocka_unit_test(round_trips_every_day_of_ten_thousand_years),
        cmocka_unit_test(adds_days_across_month_and_year_ends),
        cmocka_unit_test(names_weekdays),
        cmocka_unit_test(parses_and_formats_both_forms),
        cmocka_unit_test(local_dates_use_the_offset_not_the_machine),
        cmocka_unit_test(parses_a_list_with_blanks_and_line_ends),
        cmocka_unit_test(names_the_bad_entry),
        cmocka_unit_test(bounds_the_list),
        cmocka_unit_test(checks_the_make_up_days),
        cmocka_unit_test(init_checks_lists_given_as_structs),
        cmocka_unit_test(weekends_only_when_nothing_is_configured),
        cmocka_unit_test(national_day_week_with_make_up_days),
        cmocka_unit_test(across_the_year_end_and_leap_day),
        cmocka_unit_test(refuses_what_is_not_a_date_and_the_end_of_time),
        cmocka_unit_test(property_arithmetic_agrees_with_walking),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

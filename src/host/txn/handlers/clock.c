/* The host's local date and time from the engine's clock and a fixed UTC offset.
 *
 * localtime() reads the process's time zone (global state, and a lock inside libc);
 * possumd's local time is a configured offset instead (China has no daylight saving),
 * so the calendar is computed here: days since 1970-01-01 to a proleptic Gregorian
 * date, by 400-year eras of 146097 days. */
#include "host/txn/handlers/handlers.h"

#include <stdio.h>

#define SECONDS_PER_DAY 86400
#define DAYS_PER_ERA    146097 /* 400 Gregorian years */

struct civil_date {
    int64_t year;
    unsigned month; /* 1-12 */
    unsigned day;   /* 1-31 */
};

/* Floor division: the day of an instant before 1970 is still the day it started on. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The calendar date of day number days (0 = 1970-01-01). The year is counted from
 * March so that the leap day falls at its end; an era is 400 years. */
static struct civil_date civil_from_days(int64_t days)
{
    int64_t from_0000_03_01 = days + 719468; /* days from 0000-03-01 to 1970-01-01 */
    int64_t era = floor_div(from_0000_03_01, DAYS_PER_ERA);
    int64_t day_of_era = from_0000_03_01 - era * DAYS_PER_ERA; /* 0..146096 */
    int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    int64_t month_from_march = (5 * day_of_year + 2) / 153; /* 0 = March .. 11 = February */
    struct civil_date out;
    out.day = (unsigned)(day_of_year - (153 * month_from_march + 2) / 5 + 1);
    out.month = (unsigned)(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
    out.year = year_of_era + era * 400 + (out.month <= 2 ? 1 : 0);
    return out;
}

void ledger__clock_at(int64_t now_us, int utc_offset_minutes, int cutoff_minutes,
                      struct ledger__clock *out)
{
    int64_t local = floor_div(now_us, 1000000) + (int64_t)utc_offset_minutes * 60;
    int64_t days = floor_div(local, SECONDS_PER_DAY);
    int64_t second_of_day = local - days * SECONDS_PER_DAY;
    struct civil_date today = civil_from_days(days);
    unsigned hh = (unsigned)(second_of_day / 3600), mm = (unsigned)(second_of_day / 60 % 60);
    unsigned ss = (unsigned)(second_of_day % 60);

    /* Years outside 0000-9999 cannot be written as YYYYMMDD; the clock never says so. */
    unsigned year = (unsigned)(today.year < 0 ? 0 : today.year > 9999 ? 9999 : today.year);
    snprintf(out->date, sizeof(out->date), "%04u%02u%02u", year, today.month, today.day);
    snprintf(out->time, sizeof(out->time), "%02u%02u%02u", hh, mm, ss);
    snprintf(out->mmdd, sizeof(out->mmdd), "%02u%02u", today.month, today.day);

    /* From the cut-off on, the day's business settles with tomorrow's. */
    struct civil_date settle = today;
    if (second_of_day / 60 >= cutoff_minutes)
        settle = civil_from_days(days + 1);
    snprintf(out->settle_date, sizeof(out->settle_date), "%02u%02u", settle.month, settle.day);
}

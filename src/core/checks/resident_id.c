#include "core/checks/resident_id.h"
#include "core/checks/chars.h"

#include <string.h>

#define BODY_LEN 17

/* GB/T 2260 province-level codes (the first two digits of every division code):
 * 11-15 North, 21-23 North-East, 31-37 East, 41-46 Central-South, 50-54 South-West,
 * 61-65 North-West, 71 Taiwan, 81 Hong Kong, 82 Macao. */
static const struct {
    unsigned char first, last;
} provinces[] = {
    {11, 15}, {21, 23}, {31, 37}, {41, 46}, {50, 54}, {61, 65}, {71, 71}, {81, 82},
};

/* ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 for positions i = 0..16 (GB 11643-1999
 * §5.5), and the check character for each value of the weighted sum mod 11. */
static const unsigned char weights[BODY_LEN] = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                3, 7, 9,  10, 5, 8, 4, 2};
static const char check_for_remainder[] = "10X98765432";

const char *ps_sex_name(enum ps_sex sex)
{
    switch (sex) {
    case PS_SEX_FEMALE:
        return "female";
    case PS_SEX_MALE:
        return "male";
    }
    return "unknown";
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The value of n digits at s (already checked to be digits). */
static unsigned digits_value(const char *s, size_t n)
{
    unsigned v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (unsigned)(s[i] - '0');
    return v;
}

/* GB 11643-1999 §5.5: the check character is (12 - sum mod 11) mod 11, 10 written X. */
static char mod11_2_check(const char *body)
{
    unsigned sum = 0;
    for (size_t i = 0; i < BODY_LEN; i++)
        sum += weights[i] * (unsigned)(body[i] - '0');
    return check_for_remainder[sum % 11];
}

static int is_leap_year(unsigned y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* A real Gregorian date of a year from 1900 to 9999. */
static int is_real_date(unsigned y, unsigned m, unsigned d)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= days[m - 1] + (m == 2 && is_leap_year(y) ? 1u : 0u);
}

/* GB 11643-1999 §5.2: the address code is a GB/T 2260 county-level division code; only
 * its province-level prefix is checked here (county codes change every year). */
static int check_province(const char *s, struct ps_reason *why)
{
    unsigned p = digits_value(s, 2);
    for (size_t i = 0; i < PS_ARRAY_LEN(provinces); i++) {
        if (p >= provinces[i].first && p <= provinces[i].last)
            return PS_OK;
    }
    return ps_fail(why, PS_EFORMAT,
                   "address code %.6s starts with %02u, which is not a province-level code", s, p);
}

/* GB 11643-1999 §5.3: positions 7-14 are the birth date YYYYMMDD (GB/T 7408). */
static int check_birth_date(const char *s, struct ps_resident_id *id, struct ps_reason *why)
{
    id->birth_year = digits_value(s + 6, 4);
    id->birth_month = digits_value(s + 10, 2);
    id->birth_day = digits_value(s + 12, 2);
    if (id->birth_year < 1900)
        return ps_fail(why, PS_EFORMAT, "birth year %u is before 1900", id->birth_year);
    if (!is_real_date(id->birth_year, id->birth_month, id->birth_day))
        return ps_fail(why, PS_EFORMAT, "birth date %.8s is not a real date", s + 6);
    return PS_OK;
}

/* Everything but the future check; fills *id as it goes. */
static int validate(const char *s, size_t len, struct ps_resident_id *id, struct ps_reason *why)
{
    char name[PS__CHAR_NAME_MAX];
    int rc;

    if (len != PS_RESIDENT_ID_LEN)
        return ps_fail(why, PS_EFORMAT, "an identity number has 18 characters, not %zu%s", len,
                       len == 15 ? " (15-digit first-generation numbers are not accepted)" : "");
    if ((rc = ps__check_digits(s, BODY_LEN, "", why)) != 0)
        return rc;
    if (!is_digit(s[17]) && s[17] != 'X' && s[17] != 'x')
        return ps_fail(why, PS_EFORMAT, "%s at position 18 is not a digit or X",
                       ps__check_char_name(s[17], name));
    if ((rc = check_province(s, why)) != 0 || (rc = check_birth_date(s, id, why)) != 0)
        return rc;
    char want = mod11_2_check(s);
    char got = s[17] == 'x' ? 'X' : s[17];
    if (got != want)
        return ps_fail(why, PS_ECHECK, "check character should be %c, not %c", want, s[17]);
    memcpy(id->address_code, s, 6);
    id->address_code[6] = '\0';
    /* GB 11643-1999 §5.4: odd sequence codes go to men, even ones to women. */
    id->sequence = digits_value(s + 14, 3);
    id->sex = id->sequence % 2 == 1 ? PS_SEX_MALE : PS_SEX_FEMALE;
    return PS_OK;
}

int ps_resident_id_validate(const char *s, size_t len, struct ps_resident_id *out,
                            struct ps_reason *why)
{
    struct ps_resident_id id;
    ps_reason_clear(why);
    int rc = validate(s, len, &id, why);
    if (rc == 0 && out != NULL)
        *out = id;
    return rc;
}

int ps_resident_id_validate_as_of(const char *s, size_t len, uint32_t today,
                                  struct ps_resident_id *out, struct ps_reason *why)
{
    struct ps_resident_id id;
    ps_reason_clear(why);
    if (!is_real_date(today / 10000, today / 100 % 100, today % 100))
        return ps_fail(why, PS_EINVAL,
                       "reference date %u is not a real date from 19000101 to 99991231",
                       (unsigned)today);
    int rc = validate(s, len, &id, why);
    if (rc != 0)
        return rc;
    uint32_t born = id.birth_year * 10000 + id.birth_month * 100 + id.birth_day;
    if (born > today)
        return ps_fail(why, PS_EFORMAT, "birth date %u is in the future (today is %u)",
                       (unsigned)born, (unsigned)today);
    if (out != NULL)
        *out = id;
    return PS_OK;
}

int ps_resident_id_check_char(const char *body, size_t len, char *check, struct ps_reason *why)
{
    ps_reason_clear(why);
    if (len != BODY_LEN)
        return ps_fail(why, PS_EFORMAT,
                       "an identity number body (without its check character) has 17 digits, "
                       "not %zu",
                       len);
    int rc = ps__check_digits(body, BODY_LEN, "", why);
    if (rc != 0)
        return rc;
    *check = mod11_2_check(body);
    return PS_OK;
}

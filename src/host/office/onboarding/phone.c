#include "host/office/onboarding/phone.h"

#include <string.h>

#include "host/office/onboarding/text.h"

#define MOBILE_LEN 11
#define LOCAL_MIN  7
#define LOCAL_MAX  8
#define EXT_MAX    6

/* 13x to 19x: the mobile ranges; 10x to 12x are service and reserved numbers. */
static int check_mobile(const char *s, size_t len, struct ps_reason *why)
{
    int rc = office__check_digits(s, len, 0, why);
    if (rc != 0)
        return rc;
    if (len != MOBILE_LEN)
        return ps_fail(why, PS_EFORMAT, "a mobile number has 11 digits, not %zu", len);
    if (s[1] < '3')
        return ps_fail(why, PS_EFORMAT, "a mobile number starts 13 to 19, not 1%c", s[1]);
    return 0;
}

/* Area codes of the national numbering plan (电信网编号计划): 010 (Beijing) and 020-029 are the
 * three-digit ones; every other is 0 followed by 3-9 and two digits. */
static int check_area(const char *s, size_t len, struct ps_reason *why)
{
    int rc = office__check_digits(s, len, 0, why);
    if (rc != 0)
        return rc;
    int ok =
        (len == 3 && (s[1] == '2' || (s[1] == '1' && s[2] == '0'))) || (len == 4 && s[1] >= '3');
    if (!ok)
        return ps_fail(why, PS_EFORMAT, "area code %.*s is not a mainland area code", (int)len, s);
    return 0;
}

/* The local number after the area code, s[0..len), at offset first of the whole. */
static int check_local(const char *s, size_t len, size_t first, struct ps_reason *why)
{
    int rc = office__check_digits(s, len, first, why);
    if (rc != 0)
        return rc;
    if (len < LOCAL_MIN || len > LOCAL_MAX)
        return ps_fail(why, PS_EFORMAT, "a local number has 7 or 8 digits, not %zu", len);
    /* 0 starts a trunk prefix: an area code typed twice. (1 starts no local number
     * either, but the forms staff are given print 010-12345678 as the example.) */
    if (s[0] == '0')
        return ps_fail(why, PS_EFORMAT, "a local number does not start with 0");
    return 0;
}

static int check_extension(const char *s, size_t len, size_t first, struct ps_reason *why)
{
    int rc = office__check_digits(s, len, first, why);
    if (rc != 0)
        return rc;
    if (len < 1 || len > EXT_MAX)
        return ps_fail(why, PS_EFORMAT, "an extension has 1 to 6 digits, not %zu", len);
    return 0;
}

static int check_landline(const char *s, size_t len, struct ps_reason *why)
{
    const char *dash = memchr(s, '-', len);
    int rc;
    if (dash == NULL) {
        if ((rc = office__check_digits(s, len, 0, why)) != 0)
            return rc;
        return ps_fail(why, PS_EFORMAT, "write a landline as area code, '-', number: 010-12345678");
    }
    size_t area_len = (size_t)(dash - s);
    if ((rc = check_area(s, area_len, why)) != 0)
        return rc;
    size_t at = area_len + 1;
    const char *ext = memchr(s + at, '-', len - at);
    size_t local_end = ext != NULL ? (size_t)(ext - s) : len;
    if ((rc = check_local(s + at, local_end - at, at, why)) != 0)
        return rc;
    if (ext == NULL)
        return 0;
    return check_extension(ext + 1, len - local_end - 1, local_end + 1, why);
}

int office_phone_check(const char *s, size_t len, enum office_phone_kind *kind,
                       struct ps_reason *why)
{
    int rc;
    ps_reason_clear(why);
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "a phone number cannot be empty");
    if (len > OFFICE_PHONE_MAX)
        return ps_fail(why, PS_EFORMAT, "a phone number has at most 20 characters, not %zu", len);
    if (s[0] == '1') {
        rc = check_mobile(s, len, why);
        if (rc == 0 && kind != NULL)
            *kind = OFFICE_PHONE_MOBILE;
        return rc;
    }
    if (s[0] == '0') {
        rc = check_landline(s, len, why);
        if (rc == 0 && kind != NULL)
            *kind = OFFICE_PHONE_LANDLINE;
        return rc;
    }
    return ps_fail(why, PS_EFORMAT,
                   "a phone number is a mobile number (11 digits, starting with 1) or a landline "
                   "starting with its area code (010-12345678)");
}

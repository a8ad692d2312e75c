#include "core/checks/luhn.h"
#include "core/checks/chars.h"


/* ISO/IEC 7812-1 Annex B: counting from the rightmost digit of the body, every
 * first, third, fifth ... digit is doubled and the digits of the product added
 * (the same as subtracting 9 from products above 9); the check digit brings the sum
 * of all digits to a multiple of 10. Works modulo 10 as it goes, so any length is
 * safe. The body must be digits. */
static char luhn_check_digit(const char *body, size_t len)
{
    static const unsigned char doubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
    unsigned sum = 0;

    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(body[len - 1 - i] - '0');
        sum = (sum + (i % 2 == 0 ? doubled[d] : d)) % 10;
    }
    return (char)('0' + (10 - sum) % 10);
}

int ps_luhn_validate(const char *s, size_t len, struct ps_reason *why)
{
    ps_reason_clear(why);
    if (len < 2)
        return ps_fail(why, PS_EFORMAT,
                       "a Luhn number needs at least 2 digits (a body and a check digit), "
                       "this one has %zu",
                       len);
    int rc = ps__check_digits(s, len, "", why);
    if (rc != 0)
        return rc;
    char want = luhn_check_digit(s, len - 1);
    if (s[len - 1] != want)
        return ps_fail(why, PS_ECHECK, "check digit should be %c, not %c", want, s[len - 1]);
    return PS_OK;
}

int ps_luhn_compute(const char *body, size_t len, char *check, struct ps_reason *why)
{
    ps_reason_clear(why);
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "the body to compute a Luhn check digit for is empty");
    int rc = ps__check_digits(body, len, "", why);
    if (rc != 0)
        return rc;
    *check = luhn_check_digit(body, len);
    return PS_OK;
}

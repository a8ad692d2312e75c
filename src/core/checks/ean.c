#include "core/checks/ean.h"
#include "core/checks/chars.h"


static const struct {
    enum ps_ean_kind kind;
    const char *name;
} kinds[] = {
    {PS_EAN_13, "EAN-13"},
    {PS_EAN_8, "EAN-8"},
    {PS_UPC_A, "UPC-A"},
};

const char *ps_ean_kind_name(enum ps_ean_kind kind)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++) {
        if (kinds[i].kind == kind)
            return kinds[i].name;
    }
    return "unknown";
}

/* The kind whose complete code has len digits, or 0. */
static enum ps_ean_kind kind_of_length(size_t len)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(kinds); i++) {
        if ((size_t)kinds[i].kind == len)
            return kinds[i].kind;
    }
    return 0;
}

/* GS1 General Specifications §7.9.1: from the digit next to the check digit leftwards
 * the weights are 3, 1, 3, 1 ...; the check digit brings the weighted sum up to a
 * multiple of 10. The body must be digits. */
static char gs1_check_digit(const char *body, size_t len)
{
    unsigned sum = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned d = (unsigned)(body[len - 1 - i] - '0');
        sum += i % 2 == 0 ? 3 * d : d;
    }
    return (char)('0' + (10 - sum % 10) % 10);
}

int ps_ean_validate(const char *s, size_t len, enum ps_ean_kind *kind, struct ps_reason *why)
{
    ps_reason_clear(why);
    enum ps_ean_kind found = kind_of_length(len);
    if (found == 0)
        return ps_fail(why, PS_EFORMAT,
                       "a product code has 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) digits, not %zu",
                       len);
    int rc = ps__check_digits(s, len, "", why);
    if (rc != 0)
        return rc;
    char want = gs1_check_digit(s, len - 1);
    if (s[len - 1] != want)
        return ps_fail(why, PS_ECHECK, "check digit should be %c, not %c", want, s[len - 1]);
    if (kind != NULL)
        *kind = found;
    return PS_OK;
}

int ps_ean_compute(const char *body, size_t len, char *check, enum ps_ean_kind *kind,
                   struct ps_reason *why)
{
    ps_reason_clear(why);
    enum ps_ean_kind found = kind_of_length(len + 1);
    if (found == 0)
        return ps_fail(why, PS_EFORMAT,
                       "a product code body (without its check digit) has 12 (EAN-13), "
                       "11 (UPC-A) or 7 (EAN-8) digits, not %zu",
                       len);
    int rc = ps__check_digits(body, len, "", why);
    if (rc != 0)
        return rc;
    *check = gs1_check_digit(body, len);
    if (kind != NULL)
        *kind = found;
    return PS_OK;
}

#include "core/checks/mcc.h"
#include "core/checks/chars.h"

#include <string.h>

#define MCC_LEN 4

int ps_mcc_validate(const char *s, size_t len, struct ps_reason *why)
{
    ps_reason_clear(why);
    if (len != MCC_LEN)
        return ps_fail(why, PS_EFORMAT, "a merchant category code has 4 digits, not %zu", len);
    int rc = ps__check_digits(s, MCC_LEN, "", why);
    if (rc != PS_OK)
        return rc;
    /* ISO 18245 assigns codes from 0001; 0000 is what an unset field reads as. */
    if (memcmp(s, "0000", MCC_LEN) == 0)
        return ps_fail(why, PS_EFORMAT, "0000 is not a merchant category code");
    return PS_OK;
}

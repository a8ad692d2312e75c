#include "host/office/onboarding/mid.h"

#include <string.h>

#include "core/checks/mcc.h"
#include "host/office/onboarding/text.h"

#define AREA_AT      OFFICE_MID_ACQUIRER_LEN
#define MCC_AT       (AREA_AT + OFFICE_MID_AREA_LEN)
#define SEQUENCE_AT  (MCC_AT + OFFICE_MID_MCC_LEN)
#define SEQUENCE_LEN 4

/* 0000 is what an unset area field reads as; UnionPay assigns none. */
static int check_area(const char *s, size_t first, struct ps_reason *why)
{
    int rc = office__check_digits(s, OFFICE_MID_AREA_LEN, first, why);
    if (rc != 0)
        return rc;
    if (memcmp(s, "0000", OFFICE_MID_AREA_LEN) == 0)
        return ps_fail(why, PS_EFORMAT, "area code 0000 names no area");
    return 0;
}

/* Checks a NUL-terminated part of a MID to compose: its exact length and digits. */
static int check_part(const char *text, size_t want, const char *what, struct ps_reason *why)
{
    char quoted[OFFICE__QUOTE_MAX];
    struct ps_reason inner;
    size_t len = strlen(text);
    if (len != want)
        return ps_fail(why, PS_EFORMAT, "%s %s: %zu digits needed, not %zu", what,
                       office__quote(text, len, quoted), want, len);
    if (office__check_digits(text, len, 0, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "%s %s: %s", what, office__quote(text, len, quoted),
                       inner.text);
    return 0;
}

int office_mid_compose(const char *acquirer, const char *area, const char *mcc, unsigned sequence,
                       char out[OFFICE_MID_LEN + 1], struct ps_reason *why)
{
    struct ps_reason inner;
    int rc;

    out[0] = '\0';
    ps_reason_clear(why);
    if ((rc = check_part(acquirer, OFFICE_MID_ACQUIRER_LEN, "acquirer code", why)) != 0 ||
        (rc = check_part(area, OFFICE_MID_AREA_LEN, "area code", why)) != 0)
        return rc;
    if (check_area(area, 0, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "%s", inner.text);
    if (ps_mcc_validate(mcc, strlen(mcc), &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "MCC: %s", inner.text);
    if (sequence == 0)
        return ps_fail(why, PS_EINVAL, "sequence 0: sequences start at 1");
    if (sequence > OFFICE_MID_SEQUENCE_MAX)
        return ps_fail(why, PS_EOVERFLOW,
                       "sequence %u does not fit 4 digits: area %s and MCC %s have no numbers left",
                       sequence, area, mcc);
    memcpy(out, acquirer, OFFICE_MID_ACQUIRER_LEN);
    memcpy(out + AREA_AT, area, OFFICE_MID_AREA_LEN);
    memcpy(out + MCC_AT, mcc, OFFICE_MID_MCC_LEN);
    for (size_t i = OFFICE_MID_LEN; i > SEQUENCE_AT; i--, sequence /= 10)
        out[i - 1] = (char)('0' + sequence % 10);
    out[OFFICE_MID_LEN] = '\0';
    return 0;
}

int office_mid_parse(const char *s, size_t len, struct office_mid *out, struct ps_reason *why)
{
    struct ps_reason inner;
    int rc;

    ps_reason_clear(why);
    if (len != OFFICE_MID_LEN)
        return ps_fail(why, PS_EFORMAT, "a MID has 15 digits, not %zu", len);
    if ((rc = office__check_digits(s, len, 0, why)) != 0)
        return rc;
    if (check_area(s + AREA_AT, AREA_AT, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "positions 4-7: %s", inner.text);
    if (ps_mcc_validate(s + MCC_AT, OFFICE_MID_MCC_LEN, &inner) != 0)
        return ps_fail(why, PS_EFORMAT, "positions 8-11, the MCC: %s", inner.text);
    unsigned sequence = 0;
    for (size_t i = SEQUENCE_AT; i < OFFICE_MID_LEN; i++)
        sequence = sequence * 10 + (unsigned)(s[i] - '0');
    if (sequence == 0)
        return ps_fail(why, PS_EFORMAT, "positions 12-15: sequence 0000; sequences start at 0001");
    if (out != NULL) {
        memcpy(out->acquirer, s, OFFICE_MID_ACQUIRER_LEN);
        out->acquirer[OFFICE_MID_ACQUIRER_LEN] = '\0';
        memcpy(out->area, s + AREA_AT, OFFICE_MID_AREA_LEN);
        out->area[OFFICE_MID_AREA_LEN] = '\0';
        memcpy(out->mcc, s + MCC_AT, OFFICE_MID_MCC_LEN);
        out->mcc[OFFICE_MID_MCC_LEN] = '\0';
        out->sequence = sequence;
    }
    return 0;
}

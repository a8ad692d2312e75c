/* mid.h — the 15-digit merchant identifier (MID, 商户号) an approved merchant gets,
 * as terminals carry it in ISO 8583 field 42 and the host keys merchants on:
 *
 *   positions 1-3    acquirer code of the provider ("898" in the demo)
 *   positions 4-7    area code of the merchant's region (UnionPay's 4-digit 地区码)
 *   positions 8-11   the merchant's MCC (ISO 18245), so a MID says what it sells
 *   positions 12-15  sequence within that acquirer, area and MCC, 0001 to 9999
 *
 * The parts are digits only. Which sequence number is free is the store's business
 * (a unique key on the MID); this file only composes, checks and splits. Nothing
 * allocates.
 */
#ifndef POSSUM_HOST_OFFICE_MID_H
#define POSSUM_HOST_OFFICE_MID_H

#include <stddef.h>

#include "core/error.h"

#define OFFICE_MID_LEN          15
#define OFFICE_MID_ACQUIRER_LEN 3
#define OFFICE_MID_AREA_LEN     4
#define OFFICE_MID_MCC_LEN      4
#define OFFICE_MID_SEQUENCE_MAX 9999u

/* A MID's parts, each NUL-terminated. */
struct office_mid {
    char acquirer[OFFICE_MID_ACQUIRER_LEN + 1];
    char area[OFFICE_MID_AREA_LEN + 1];
    char mcc[OFFICE_MID_MCC_LEN + 1];
    unsigned sequence; /* 1..9999 */
};

/* Writes acquirer (3 digits) + area (4 digits, not 0000) + mcc (a valid MCC) +
 * sequence (1..9999, zero-padded to 4) into out (OUT, NUL-terminated). The three texts
 * are NUL-terminated. Returns 0, PS_EFORMAT naming the part ("area code \"75A0\":
 * character 'A' at position 3 is not a digit"), PS_EINVAL (sequence 0) or PS_EOVERFLOW
 * (sequence above 9999: the area and MCC have no numbers left under this acquirer). */
int office_mid_compose(const char *acquirer, const char *area, const char *mcc, unsigned sequence,
                       char out[OFFICE_MID_LEN + 1] /* OUT */, struct ps_reason *why);

/* Checks s[0..len) as a MID and splits it into *out (OUT, may be NULL). Reads only
 * s[0..len). Returns 0 or PS_EFORMAT naming the positions at fault ("positions 8-11,
 * the MCC 0000: an MCC is not 0000"). */
int office_mid_parse(const char *s, size_t len, struct office_mid *out /* OUT */,
                     struct ps_reason *why);

#endif

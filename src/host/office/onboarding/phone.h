/* phone.h — the contact phone numbers of mainland China a merchant application gives:
 *
 *   mobile     11 digits, 1 then 3-9 (13x to 19x, the ranges MIIT has assigned):
 *              13800138000
 *   landline   area code (010, 02x, or 0 then 3-9 and two digits), '-', a local
 *              number of 7 or 8 digits not starting with 0 (that would be the area
 *              code typed twice), and optionally '-' and an extension of 1 to 6
 *              digits: 010-12345678, 0755-1234567, 021-62345678-801
 *
 * The hyphen after the area code is required: without it a landline and a mistyped
 * mobile number are too easily confused, and one written form is what staff search
 * for. No "+86", spaces or brackets: the API stores what it is given, so it takes one
 * form. Nothing allocates.
 */
#ifndef POSSUM_HOST_OFFICE_PHONE_H
#define POSSUM_HOST_OFFICE_PHONE_H

#include <stddef.h>

#include "core/error.h"

#define OFFICE_PHONE_MAX 20 /* 0755-12345678-123456 */

enum office_phone_kind { OFFICE_PHONE_MOBILE = 1, OFFICE_PHONE_LANDLINE = 2 };

/* Checks s[0..len) and sets *kind (OUT, may be NULL). Reads only s[0..len).
 * Returns 0 or PS_EFORMAT with why naming the fault ("a mobile number has 11 digits,
 * not 10", "area code 011 is not a mainland area code", "write a landline as area code,
 * '-', number: 010-12345678"). */
int office_phone_check(const char *s, size_t len, enum office_phone_kind *kind /* OUT */,
                       struct ps_reason *why);

#endif

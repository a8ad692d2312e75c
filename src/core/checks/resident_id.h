/* resident_id.h — the 18-character citizen identity number of GB 11643-1999
 * (公民身份号码), as printed on the resident identity card: a 6-digit address code,
 * an 8-digit birth date, a 3-digit sequence code whose parity gives the sex, and an
 * ISO 7064 MOD 11-2 check character (0-9 or X).
 *
 * The first-generation 15-digit numbers (GB 11643-1989) are not accepted. The core
 * library has no clock: to reject a birth date in the future, pass "today" to
 * ps_resident_id_validate_as_of(). */
#ifndef POSSUM_CORE_CHECKS_RESIDENT_ID_H
#define POSSUM_CORE_CHECKS_RESIDENT_ID_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define PS_RESIDENT_ID_LEN 18

/* The values of the sex codes of ISO/IEC 5218 and GB/T 2261.1 (1 male, 2 female), so
 * they can be stored as such; a zeroed struct names neither. */
enum ps_sex {
    PS_SEX_MALE = 1,
    PS_SEX_FEMALE = 2,
};

/* A static name: "female", "male", or "unknown" for any other value. */
const char *ps_sex_name(enum ps_sex sex);

/* What a valid number says. */
struct ps_resident_id {
    char address_code[7]; /* positions 1-6, GB/T 2260 division code, NUL-terminated */
    unsigned birth_year;  /* positions 7-10, 1900 or later */
    unsigned birth_month; /* positions 11-12, 1..12 */
    unsigned birth_day;   /* positions 13-14, a real day of that month */
    unsigned sequence;    /* positions 15-17, 0..999 */
    enum ps_sex sex;      /* odd sequence: male; even: female */
};

/* Validates s[0..len): exactly 18 characters; positions 1-17 digits, position 18 a
 * digit, X or x; the address code starting with a province-level code of GB/T 2260;
 * a real birth date no earlier than 1900-01-01; and the check character.
 * Reads only s[0..len). Fills *out (OUT, may be NULL) when 0 is returned.
 * Returns 0, PS_EFORMAT (length, a character, the province or the birth date, named
 * in why: "birth date 19490231 is not a real date") or PS_ECHECK ("check character
 * should be X, not 3"). */
int ps_resident_id_validate(const char *s, size_t len, struct ps_resident_id *out /* OUT */,
                            struct ps_reason *why);

/* As ps_resident_id_validate(), and also rejects (PS_EFORMAT) a birth date after
 * today, given as the number YYYYMMDD (20240615) in the caller's time zone.
 * Returns PS_EINVAL when today is not a real date from 19000101 to 99991231. */
int ps_resident_id_validate_as_of(const char *s, size_t len, uint32_t today,
                                  struct ps_resident_id *out /* OUT */, struct ps_reason *why);

/* Computes the check character of the 17-digit body[0..len) (len must be 17):
 * sets *check (OUT) to '0'..'9' or 'X'. Checks only that the body is 17 digits, so
 * it can make test numbers. Returns 0 or PS_EFORMAT. */
int ps_resident_id_check_char(const char *body, size_t len, char *check /* OUT */,
                              struct ps_reason *why);

#endif

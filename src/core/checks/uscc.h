/* uscc.h — the 18-character Unified Social Credit Code of GB 32100-2015
 * (统一社会信用代码), printed on every business licence and on the certificates of
 * public institutions, social organisations and other bodies:
 *
 *   position 1     registration authority code ('9': industry and commerce)
 *   position 2     organisation category code under that authority ('1': enterprise)
 *   positions 3-8  administrative division code of the registering office (GB/T 2260)
 *   positions 9-17 organisation code (GB 11714-1997), with its own check character
 *   position 18    check character of the whole code
 *
 * Characters are 0-9 and the upper-case letters other than I, O, S, V and Z. */
#ifndef POSSUM_CORE_CHECKS_USCC_H
#define POSSUM_CORE_CHECKS_USCC_H

#include <stddef.h>

#include "core/error.h"

#define PS_USCC_LEN 18

/* What a valid code says. */
struct ps_uscc {
    char authority;    /* position 1 */
    char category;     /* position 2 */
    char division[7];  /* positions 3-8, NUL-terminated */
    char org_code[10]; /* positions 9-17, NUL-terminated ("M000100Y4") */
};

/* Validates s[0..len): 18 characters of the GB 32100 set; a registration authority
 * and organisation category pair that GB 32100 defines; 6 digits of division code;
 * the organisation code's GB 11714 check character; the overall check character.
 * Lower-case letters are rejected (codes are printed in upper case).
 * Reads only s[0..len). Fills *out (OUT, may be NULL) when 0 is returned.
 * Returns 0, PS_EFORMAT (length, a character, an undefined authority or category,
 * the division code) or PS_ECHECK (either check character; why says which). */
int ps_uscc_validate(const char *s, size_t len, struct ps_uscc *out /* OUT */,
                     struct ps_reason *why);

/* Computes the overall check character (position 18) of the 17 characters
 * body[0..len) (len must be 17, all from the GB 32100 set; nothing else is checked,
 * so it can make test codes). Sets *check (OUT). Returns 0 or PS_EFORMAT. */
int ps_uscc_check_char(const char *body, size_t len, char *check /* OUT */, struct ps_reason *why);

/* Computes the GB 11714-1997 check character of an 8-character organisation code
 * body[0..len) (len must be 8; digits and upper-case letters A-Z). Sets *check
 * (OUT) to '0'..'9' or 'X'. Returns 0 or PS_EFORMAT. */
int ps_uscc_org_code_check_char(const char *body, size_t len, char *check /* OUT */,
                                struct ps_reason *why);

/* Static English names for display ("industry and commerce", "enterprise"), or NULL
 * when GB 32100 defines no such authority, or no such category under it. */
const char *ps_uscc_authority_name(char authority);
const char *ps_uscc_category_name(char authority, char category);

#endif

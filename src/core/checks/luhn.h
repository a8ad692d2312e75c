/* luhn.h — the Luhn check digit of ISO/IEC 7812-1 Annex B, the last digit of every
 * payment card number (PAN). A wrong check digit means a mistyped or misread card
 * number; catching it here saves a round trip to the issuer. */
#ifndef POSSUM_CORE_CHECKS_LUHN_H
#define POSSUM_CORE_CHECKS_LUHN_H

#include <stddef.h>

#include "core/error.h"

/* Validates s[0..len): ASCII digits only (no spaces or dashes), at least 2 of them,
 * the last being the Luhn check digit of the others. Any longer length is accepted;
 * a caller that needs a card number's 12..19 digits checks the length itself.
 * Reads only s[0..len); s need not be NUL-terminated.
 * Returns 0, PS_EFORMAT (fewer than 2 digits, or a non-digit, named with its
 * 1-based position) or PS_ECHECK ("check digit should be 7, not 3"). */
int ps_luhn_validate(const char *s, size_t len, struct ps_reason *why);

/* Computes the check digit that makes body[0..len) (ASCII digits, at least 1) a
 * Luhn-valid number when appended; used to make test card numbers.
 * Sets *check (OUT) to '0'..'9' on success. Returns 0 or PS_EFORMAT. */
int ps_luhn_compute(const char *body, size_t len, char *check /* OUT */, struct ps_reason *why);

#endif

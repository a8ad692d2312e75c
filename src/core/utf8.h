/* utf8.h — UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates
 * (U+D800..U+DFFF), nothing above U+10FFFF.
 *
 * The one decoder every room uses. It says only whether bytes are well-formed text;
 * what a room accepts beyond that (control characters, widths, lengths) stays in the
 * room. Nothing here allocates; every function reads only s[0..len). */
#ifndef POSSUM_CORE_UTF8_H
#define POSSUM_CORE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Decodes the character at the start of s[0..len) into *cp (OUT) and returns its
 * length in bytes (1 to 4), or 0 when s does not start with a well-formed character
 * (len is 0, a stray continuation byte, an overlong form, a surrogate, a value above
 * U+10FFFF, or a sequence cut short by len); *cp is then 0. A loop that walks text
 * advances by the length and stops (or skips a byte) at 0. */
size_t ps_utf8_decode(const char *s, size_t len, uint32_t *cp /* OUT */);

/* Checks that all of s[0..len) is well-formed UTF-8. Returns 0, or PS_EFORMAT with
 * *bad_at (OUT, may be NULL) the offset from 0 of the first byte that does not start a
 * well-formed character, named in why ("byte 7: not UTF-8"). On success *bad_at is
 * len. Callers with their own wording pass why = NULL and use *bad_at. */
int ps_utf8_check(const char *s, size_t len, size_t *bad_at /* OUT */, struct ps_reason *why);

#endif

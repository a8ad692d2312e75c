/* hex.h — hexadecimal text <-> bytes, the way engineers paste message dumps. */
#ifndef POSSUM_CORE_HEX_H
#define POSSUM_CORE_HEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Decodes text[0..text_len) into out[0..cap). Upper- and lower-case digits are
 * accepted; spaces, tabs and line breaks anywhere are skipped, so "60 00 03" and
 * "600003" decode alike. Sets *out_len (OUT) to the bytes written.
 * Returns 0, PS_EFORMAT (a non-hex character, named with its offset, or an odd
 * number of digits) or PS_ESPACE (more than cap bytes). */
int ps_hex_decode(const char *text, size_t text_len, uint8_t *out, size_t cap,
                  size_t *out_len, struct ps_reason *why);

/* Writes 2 * len uppercase hex digits and a terminating NUL into out, which must
 * hold 2 * len + 1 chars. */
void ps_hex_encode(const uint8_t *in, size_t len, char *out);

/* The value of one hex digit, or -1 when c is not one. */
int ps_hex_digit_value(int c);

#endif

/* chars.h — internal to checks/: how every check names the character it rejects. */
#ifndef POSSUM_CORE_CHECKS_CHARS_H
#define POSSUM_CORE_CHECKS_CHARS_H

#include <stddef.h>

#include "core/error.h"

#define PS__CHAR_NAME_MAX 16

/* Names c for a reason: "character 'a'", or "byte 0x0D" when it does not print.
 * Writes into buf and returns it. */
const char *ps__check_char_name(char c, char buf[PS__CHAR_NAME_MAX]);

/* 0 when s[0..len) is all ASCII digits; otherwise PS_EFORMAT with why saying
 * "character 'a' at position 3 is not a digit" followed by hint (may be ""). */
int ps__check_digits(const char *s, size_t len, const char *hint, struct ps_reason *why);

#endif

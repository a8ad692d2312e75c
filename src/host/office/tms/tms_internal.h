/* tms_internal.h — what the terminal and after-sales files share (not public). */
#ifndef POSSUM_HOST_OFFICE_TMS_INTERNAL_H
#define POSSUM_HOST_OFFICE_TMS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Checks that s is min..max bytes of UTF-8 with no control character (C0, DEL), as
 * every free-text field of the back office must be; what names the field in the
 * reason ("model: ..."). Returns 0 or PS_EFORMAT (PS_EINVAL when s is NULL and min > 0). */
int tms__text_check(const char *what, const char *s, size_t min, size_t max, struct ps_reason *why);

/* Copies s (checked by the caller to fit) into out of size cap, always terminated. */
void tms__copy(char *out, size_t cap, const char *s);

/* Checks that s is exactly len ASCII digits; what names the field. */
int tms__digits_check(const char *what, const char *s, size_t len, struct ps_reason *why);

/* Writes t_us (microseconds since the epoch, UTC) as "YYYY-MM-DDTHH:MM:SSZ" into out,
 * rounding toward the past; by arithmetic (no gmtime, no time zone). */
void tms__time_format(int64_t t_us, char out[21] /* OUT */);

#endif

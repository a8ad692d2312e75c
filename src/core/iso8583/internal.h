/* internal.h — shared by the files of the ISO 8583 codec (iso8583.c, values.c,
 * unpack.c, pack.c); not part of libpossum's interface. */
#ifndef POSSUM_CORE_ISO8583_INTERNAL_H
#define POSSUM_CORE_ISO8583_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/iso8583/iso8583.h"

/* The presence bitmap is kept exactly as on the wire, two big-endian 64-bit words:
 * field n is bit 63 - (n - 1) % 64 of word (n - 1) / 64, so iterating the fields in
 * order is counting leading zeros, and packing a bitmap is writing a word. */
static inline uint64_t ps__iso_field_bit(int n)
{
    return 1ULL << (63 - ((n - 1) & 63));
}

/* Wire bytes that `units` of field f occupy, without the length prefix. */
static inline size_t ps__iso_wire_size(const struct ps_iso_field *f, size_t units)
{
    switch (f->encoding) {
    case PS_ISO_ENC_BCD:
        return (units + 1) / 2;
    case PS_ISO_ENC_HEX:
        return units * 2;
    default:
        return units;
    }
}

/* Checks a value against field n's kind (values.c). from_caller: the value comes from
 * ps_iso_set(), where track data may spell its separator 'D'. Returns 0 or PS_EFORMAT
 * naming the first character refused and its position. */
int ps__iso_check_chars(const struct ps_iso_field *f, int n, const uint8_t *v, size_t len,
                        int from_caller, struct ps_reason *why);

/* "digits", "bytes" or "characters": what field f's length counts. */
const char *ps__iso_unit_name(const struct ps_iso_field *f);

#endif

/* iso8583.h — ISO 8583 messages, packed and unpacked by a dialect's field table.
 *
 * A dialect (dialect.h) is data: for each field number its kind, length type,
 * encoding and maximum. The codec here has one code path for every dialect.
 *
 * Values are held in their logical form, the way an engineer writes them:
 *   numeric (n)     ASCII digits, "000000000100"
 *   track (z)       ASCII digits with '=' as the field separator (BCD nibble D)
 *   signed (x+n)    'C' or 'D' then digits
 *   text (an, ans)  the bytes as sent
 *   binary (b)      the raw bytes
 *
 * Memory: struct ps_iso_msg is caller-allocated (about 18 KiB; keep one per connection
 * or on the stack) and nothing here allocates. After ps_iso_unpack(), values of text
 * and raw binary fields point into the caller's wire buffer and numeric values point
 * into the message's own store: they stay valid while both the wire buffer and the
 * message live, and until the message is unpacked into or initialised again.
 * ps_iso_set() copies the value into the message's store.
 */
#ifndef POSSUM_CORE_ISO8583_ISO8583_H
#define POSSUM_CORE_ISO8583_ISO8583_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/iso8583/dialect.h"

/* Largest message (TPDU, header, MTI, bitmaps and fields; without the 2-byte length). */
#define PS_ISO_MAX_MESSAGE 8192
/* Logical values take at most twice their packed size (BCD digits). */
#define PS_ISO_STORE_SIZE (2 * PS_ISO_MAX_MESSAGE)

/* Flags for ps_iso_unpack() and ps_iso_pack(). */
enum {
    PS_ISO_LENGTH = 1 << 0,   /* a 2-byte big-endian length prefix comes first */
    PS_ISO_ENVELOPE = 1 << 1, /* the dialect's TPDU and header precede the MTI */
    PS_ISO_FRAME = PS_ISO_LENGTH | PS_ISO_ENVELOPE /* exactly as on the TCP stream */
};

/* A field value in its logical form; not NUL-terminated. */
struct ps_iso_value {
    const uint8_t *ptr;
    uint16_t len;
};

struct ps_iso_msg {
    const struct ps_iso_dialect *dialect;
    char mti[5]; /* four digits and a NUL; "" until set */
    uint8_t tpdu[PS_ISO_TPDU_MAX];
    uint8_t header[PS_ISO_HEADER_MAX];
    uint64_t present[2]; /* bit (n - 1) % 64 of word (n - 1) / 64 set when field n is */
    struct ps_iso_value value[PS_ISO_MAX_FIELD + 1];
    size_t store_used;
    uint8_t store[PS_ISO_STORE_SIZE];
};

/* Empties m and binds it to dialect d. Cheap: it does not clear the store. */
void ps_iso_init(struct ps_iso_msg *m, const struct ps_iso_dialect *d);

/* Parses wire[0..len) as one message of dialect d into m (which it initialises).
 * flags says whether a length prefix and the TPDU/header envelope come first.
 * Returns 0, or on a malformed message PS_ETRUNCATED, PS_ETOOLONG, PS_EFORMAT or
 * PS_EUNDEFINED with why naming the field and the cause ("field 4: 5 bytes left, 6
 * needed"). Never reads outside wire[0..len). */
int ps_iso_unpack(struct ps_iso_msg *m, const struct ps_iso_dialect *d, const uint8_t *wire,
                  size_t len, unsigned flags, struct ps_reason *why);

/* Packs m into out[0..cap), with what flags asks for in front, and sets *out_len
 * (OUT). Bitmaps are derived from the fields present. Returns 0, PS_EFORMAT when the
 * MTI is unset, or PS_ESPACE / PS_ETOOLONG when the message does not fit. */
int ps_iso_pack(const struct ps_iso_msg *m, uint8_t *out, size_t cap, size_t *out_len,
                unsigned flags, struct ps_reason *why);

/* Sets the MTI: exactly four digits. */
int ps_iso_set_mti(struct ps_iso_msg *m, const char *mti, struct ps_reason *why);

/* Copies value[0..len) into field n after checking it against the dialect:
 * characters allowed by the kind, at most the maximum length, and for fixed-length
 * fields the fill rule of the standard: numbers shorter than the field are padded
 * with leading zeros, text with trailing spaces; binary must be exact. For track
 * fields 'D' is accepted for '='. Returns 0, PS_EUNDEFINED (the dialect has no
 * field n), PS_EFORMAT, PS_ETOOLONG or PS_ESPACE (the message store is full). */
int ps_iso_set(struct ps_iso_msg *m, int n, const void *value, size_t len,
               struct ps_reason *why);

/* ps_iso_set() with a NUL-terminated string. */
int ps_iso_set_str(struct ps_iso_msg *m, int n, const char *value, struct ps_reason *why);

/* Sets numeric field n to v in decimal, zero-padded to a fixed field's length. */
int ps_iso_set_u64(struct ps_iso_msg *m, int n, uint64_t v, struct ps_reason *why);

/* Removes field n (no effect when absent). */
void ps_iso_unset(struct ps_iso_msg *m, int n);

/* Nonzero when field n is present. */
int ps_iso_has(const struct ps_iso_msg *m, int n);

/* Field n's value, or NULL when absent. Valid as described at the top of this file. */
const struct ps_iso_value *ps_iso_get(const struct ps_iso_msg *m, int n);

/* Reads numeric field n as an unsigned integer. Returns 0, PS_EUNDEFINED when the
 * field is absent, PS_EFORMAT when it is not all digits, PS_EOVERFLOW beyond 19 digits
 * of value. */
int ps_iso_get_u64(const struct ps_iso_msg *m, int n, uint64_t *out);

/* Nonzero when field n's value equals the NUL-terminated string s. */
int ps_iso_value_is(const struct ps_iso_msg *m, int n, const char *s);

/* The next present field after n (start with 0), or 0 when there is none. */
int ps_iso_next_field(const struct ps_iso_msg *m, int n);

#endif

/* Unpacking: wire bytes of one dialect into a struct ps_iso_msg, every rejection
 * naming the field and the cause, never a read outside the buffer. */
#include <stdio.h>
#include <string.h>

#include "core/hex.h"
#include "core/iso8583/internal.h"

static int read_bcd_length(const uint8_t *p, int digits, size_t *out)
{
    unsigned nibble[4] = {p[0] >> 4, p[0] & 0x0fu, 0, 0};
    int count = 2;
    if (digits == 3) {
        nibble[2] = p[1] >> 4;
        nibble[3] = p[1] & 0x0fu;
        count = 4;
    }
    size_t v = 0;
    for (int i = 0; i < count; i++) {
        if (nibble[i] > 9)
            return -1;
        v = v * 10 + nibble[i];
    }
    if (digits == 3 && nibble[0] != 0)
        return -1; /* the leading filler of a 3-digit BCD length is 0 */
    *out = v;
    return 0;
}

static int read_length(const struct ps_iso_dialect *d, const struct ps_iso_field *f, int n,
                       const uint8_t *wire, size_t len, size_t *pos, size_t *units,
                       struct ps_reason *why)
{
    if (f->length_type == PS_ISO_FIXED) {
        *units = f->max;
        return PS_OK;
    }
    int digits = f->length_type == PS_ISO_LLVAR ? 2 : 3;
    size_t bytes = d->length_bcd ? (size_t)(digits + 1) / 2 : (size_t)digits;
    size_t left = len - *pos;
    if (left < bytes)
        return ps_fail(why, PS_ETRUNCATED, "field %d: length prefix needs %zu bytes, %zu left", n,
                       bytes, left);
    const uint8_t *p = wire + *pos;
    size_t v = 0;
    if (d->length_bcd) {
        if (read_bcd_length(p, digits, &v) != 0) {
            char hex[5];
            ps_hex_encode(p, bytes, hex);
            return ps_fail(why, PS_EFORMAT, "field %d: length prefix %s is not BCD", n, hex);
        }
    } else {
        for (size_t i = 0; i < bytes; i++) {
            if (p[i] < '0' || p[i] > '9') {
                char hex[7];
                ps_hex_encode(p, bytes, hex);
                return ps_fail(why, PS_EFORMAT, "field %d: length prefix %s is not ASCII digits",
                               n, hex);
            }
            v = v * 10 + (size_t)(p[i] - '0');
        }
    }
    if (v > f->max)
        return ps_fail(why, PS_ETOOLONG, "field %d: length %zu exceeds the maximum %u", n, v,
                       f->max);
    *pos += bytes;
    *units = v;
    return PS_OK;
}

/* Per byte of BCD: the two characters it stands for ('0' | nibble, which maps 0-9 to
 * digits and D to '='), and whether both nibbles are digits (bit 0) or digits or the
 * track separator D (bit 1). Tables, so the hot loop is two loads per byte. */
#define BCD_TEXT(h, l) {(char)(0x30 | (h)), (char)(0x30 | (l))}
#define BCD_OK(h, l)                                                                               \
    (uint8_t)(((h) <= 9 && (l) <= 9) | (((h) <= 9 || (h) == 13) && ((l) <= 9 || (l) == 13)) << 1)
#define BCD_ROW(F, h)                                                                              \
    F(h, 0), F(h, 1), F(h, 2), F(h, 3), F(h, 4), F(h, 5), F(h, 6), F(h, 7), F(h, 8), F(h, 9),      \
        F(h, 10), F(h, 11), F(h, 12), F(h, 13), F(h, 14), F(h, 15)
#define BCD_TABLE(F)                                                                               \
    BCD_ROW(F, 0), BCD_ROW(F, 1), BCD_ROW(F, 2), BCD_ROW(F, 3), BCD_ROW(F, 4), BCD_ROW(F, 5),      \
        BCD_ROW(F, 6), BCD_ROW(F, 7), BCD_ROW(F, 8), BCD_ROW(F, 9), BCD_ROW(F, 10),              \
        BCD_ROW(F, 11), BCD_ROW(F, 12), BCD_ROW(F, 13), BCD_ROW(F, 14), BCD_ROW(F, 15)

static const char bcd_text[256][2] = {BCD_TABLE(BCD_TEXT)};
static const uint8_t bcd_ok[256] = {BCD_TABLE(BCD_OK)};

/* The nibble at position k (0 = high nibble of src[0]). */
static unsigned nibble_at(const uint8_t *src, size_t k)
{
    return (k & 1) ? (src[k >> 1] & 0x0fu) : (src[k >> 1] >> 4);
}

/* Names the first nibble of src that field f may not hold. */
static int reject_nibble(const struct ps_iso_field *f, int n, const uint8_t *src, size_t units,
                         size_t skip, struct ps_reason *why)
{
    for (size_t k = 0; k < units; k++) {
        unsigned v = nibble_at(src, k + skip);
        if (v > 9 && !(v == 0xd && f->kind == PS_ISO_Z))
            return ps_fail(why, PS_EFORMAT, "field %d: nibble %X at digit %zu is not %s", n, v,
                           k + 1, f->kind == PS_ISO_Z ? "a digit or separator" : "a BCD digit");
    }
    return PS_OK;
}

/* Unpacks `units` BCD digits into dst. An odd count has one filler nibble, first for
 * right-aligned fields and last for left-aligned ones; 0 and F are both accepted. */
static int decode_bcd(const struct ps_iso_field *f, int n, const uint8_t *src, size_t units,
                      uint8_t *dst, struct ps_reason *why)
{
    const unsigned want = f->kind == PS_ISO_Z ? 2 : 1;
    const size_t skip = (units & 1) && f->align == PS_ISO_ALIGN_RIGHT;
    const size_t pairs = units >> 1;
    unsigned ok = want;

    if (skip) /* the filler is the high nibble: the byte reads like 0d */
        dst++;
    for (size_t b = 0; b < pairs; b++) {
        uint8_t byte = src[b + skip];
        ok &= bcd_ok[byte];
        memcpy(dst + 2 * b, bcd_text[byte], 2);
    }
    if (units & 1) {
        uint8_t byte = skip ? src[0] : src[pairs];
        unsigned digit = skip ? (byte & 0x0fu) : (byte >> 4u);
        unsigned filler = skip ? (byte >> 4u) : (byte & 0x0fu);
        ok &= bcd_ok[skip ? byte & 0x0f : byte & 0xf0];
        dst[skip ? -1 : (ptrdiff_t)(2 * pairs)] = (uint8_t)(0x30 | digit);
        if (!(ok & want))
            return reject_nibble(f, n, src, units, skip, why);
        if (filler != 0 && filler != 0xf)
            return ps_fail(why, PS_EFORMAT, "field %d: filler nibble %X should be 0", n, filler);
    }
    return (ok & want) ? PS_OK : reject_nibble(f, n, src, units, skip, why);
}

static int decode_hex(int n, const uint8_t *src, size_t bytes, uint8_t *dst, struct ps_reason *why)
{
    for (size_t i = 0; i < bytes; i++) {
        int hi = ps_hex_digit_value(src[2 * i]);
        int lo = ps_hex_digit_value(src[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return ps_fail(why, PS_EFORMAT, "field %d: character %zu is not a hex digit", n,
                           2 * i + (hi < 0 ? 1 : 2));
        dst[i] = (uint8_t)(hi << 4 | lo);
    }
    return PS_OK;
}

static int unpack_field(struct ps_iso_msg *m, int n, const uint8_t *wire, size_t len, size_t *pos,
                        struct ps_reason *why)
{
    const struct ps_iso_dialect *d = m->dialect;
    const struct ps_iso_field *f = &d->field[n]; /* n <= 128: it came from the bitmap */
    size_t units = 0;
    int rc;

    if (n > d->max_field || f->kind == PS_ISO_UNDEFINED)
        return ps_fail(why, PS_EUNDEFINED, "bitmap names field %d, which dialect %s does not define",
                       n, d->name);
    rc = read_length(d, f, n, wire, len, pos, &units, why);
    if (rc != PS_OK)
        return rc;
    size_t bytes = ps__iso_wire_size(f, units);
    size_t left = len - *pos;
    if (left < bytes)
        return ps_fail(why, PS_ETRUNCATED, "field %d: %zu bytes left, %zu needed", n, left, bytes);

    const uint8_t *src = wire + *pos;
    struct ps_iso_value *v = &m->value[n];
    if (f->encoding == PS_ISO_ENC_BCD || f->encoding == PS_ISO_ENC_HEX) {
        uint8_t *dst = m->store + m->store_used; /* fits: the message is at most half the store */
        rc = f->encoding == PS_ISO_ENC_BCD ? decode_bcd(f, n, src, units, dst, why)
                                           : decode_hex(n, src, units, dst, why);
        if (rc != PS_OK)
            return rc;
        m->store_used += units;
        v->ptr = dst;
    } else {
        rc = ps__iso_check_chars(f, n, src, units, 0, why);
        if (rc != PS_OK)
            return rc;
        v->ptr = src;
    }
    v->len = (uint16_t)units;
    *pos += bytes;
    return PS_OK;
}

static int unpack_mti(struct ps_iso_msg *m, const uint8_t *wire, size_t len, size_t *pos,
                      struct ps_reason *why)
{
    size_t need = m->dialect->mti_bcd ? 2 : 4;
    if (len - *pos < need)
        return ps_fail(why, PS_ETRUNCATED, "MTI: %zu bytes left, %zu needed", len - *pos, need);
    const uint8_t *p = wire + *pos;
    for (int i = 0; i < 4; i++) {
        unsigned c = m->dialect->mti_bcd ? ((i & 1) ? p[i / 2] & 0x0fu : p[i / 2] >> 4)
                                         : (unsigned)p[i] - '0';
        if (c > 9) {
            char hex[9];
            ps_hex_encode(p, need, hex);
            return ps_fail(why, PS_EFORMAT, "MTI: %s is not four digits", hex);
        }
        m->mti[i] = (char)('0' + c);
    }
    m->mti[4] = '\0';
    *pos += need;
    return PS_OK;
}

static int read_bitmap_word(const struct ps_iso_dialect *d, const uint8_t *wire, size_t len,
                            size_t *pos, uint64_t *word, const char *which, struct ps_reason *why)
{
    size_t need = d->bitmap_hex ? 16 : 8;
    if (len - *pos < need)
        return ps_fail(why, PS_ETRUNCATED, "%s bitmap: %zu bytes left, %zu needed", which,
                       len - *pos, need);
    uint64_t w = 0;
    const uint8_t *p = wire + *pos;
    for (size_t i = 0; i < need; i++) {
        if (d->bitmap_hex) {
            int v = ps_hex_digit_value(p[i]);
            if (v < 0)
                return ps_fail(why, PS_EFORMAT, "%s bitmap: character %zu is not a hex digit",
                               which, i + 1);
            w = w << 4 | (uint64_t)v;
        } else {
            w = w << 8 | p[i];
        }
    }
    *word = w;
    *pos += need;
    return PS_OK;
}

static int unpack_bitmaps(struct ps_iso_msg *m, const uint8_t *wire, size_t len, size_t *pos,
                          struct ps_reason *why)
{
    const struct ps_iso_dialect *d = m->dialect;
    int rc = read_bitmap_word(d, wire, len, pos, &m->present[0], "primary", why);
    if (rc != PS_OK)
        return rc;
    if (m->present[0] & ps__iso_field_bit(1)) {
        if (d->max_field <= 64)
            return ps_fail(why, PS_EUNDEFINED,
                           "bitmap: bit 1 announces a secondary bitmap, which dialect %s "
                           "does not have",
                           d->name);
        rc = read_bitmap_word(d, wire, len, pos, &m->present[1], "secondary", why);
        if (rc != PS_OK)
            return rc;
        m->present[0] &= ~ps__iso_field_bit(1);
    }
    return PS_OK;
}

int ps_iso_unpack(struct ps_iso_msg *m, const struct ps_iso_dialect *d, const uint8_t *wire,
                  size_t len, unsigned flags, struct ps_reason *why)
{
    size_t pos = 0;
    int rc;

    ps_iso_init(m, d);
    if (flags & PS_ISO_LENGTH) {
        if (len < 2)
            return ps_fail(why, PS_ETRUNCATED, "length prefix: %zu bytes, 2 needed", len);
        size_t announced = (size_t)wire[0] << 8 | wire[1];
        if (announced != len - 2)
            return ps_fail(why, announced > len - 2 ? PS_ETRUNCATED : PS_EFORMAT,
                           "length prefix: announces %zu bytes, %zu follow", announced, len - 2);
        pos = 2;
    }
    if (len - pos > PS_ISO_MAX_MESSAGE)
        return ps_fail(why, PS_ETOOLONG, "message: %zu bytes, at most %d", len - pos,
                       PS_ISO_MAX_MESSAGE);
    if (flags & PS_ISO_ENVELOPE) {
        size_t need = (size_t)d->tpdu_len + d->header_len;
        if (len - pos < need)
            return ps_fail(why, PS_ETRUNCATED, "TPDU and header: %zu bytes left, %zu needed",
                           len - pos, need);
        memcpy(m->tpdu, wire + pos, d->tpdu_len);
        memcpy(m->header, wire + pos + d->tpdu_len, d->header_len);
        pos += need;
    }
    rc = unpack_mti(m, wire, len, &pos, why);
    if (rc == PS_OK)
        rc = unpack_bitmaps(m, wire, len, &pos, why);
    for (int w = 0; w < 2 && rc == PS_OK; w++) {
        for (uint64_t bits = m->present[w]; bits != 0 && rc == PS_OK;) {
            int n = w * 64 + __builtin_clzll(bits) + 1;
            bits &= ~ps__iso_field_bit(n);
            rc = unpack_field(m, n, wire, len, &pos, why);
        }
    }
    if (rc == PS_OK && pos != len)
        rc = ps_fail(why, PS_EFORMAT, "message: %zu bytes after the last field", len - pos);
    if (rc != PS_OK)
        ps_iso_init(m, d); /* never leave a half-read message behind */
    return rc;
}

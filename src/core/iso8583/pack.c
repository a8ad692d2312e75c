/* Packing: a struct ps_iso_msg into the wire bytes of its dialect. Values were checked
 * when they were set or unpacked, so packing only converts and bounds the output. */
#include <endian.h>
#include <string.h>

#include "core/iso8583/internal.h"

static void write_length(const struct ps_iso_dialect *d, const struct ps_iso_field *f,
                         size_t units, uint8_t *out)
{
    if (d->length_bcd && f->length_type == PS_ISO_LLVAR) {
        out[0] = (uint8_t)((units / 10) << 4 | units % 10);
    } else if (d->length_bcd) {
        out[0] = (uint8_t)(units / 100);
        out[1] = (uint8_t)((units / 10 % 10) << 4 | units % 10);
    } else if (f->length_type == PS_ISO_LLVAR) {
        out[0] = (uint8_t)('0' + units / 10);
        out[1] = (uint8_t)('0' + units % 10);
    } else {
        out[0] = (uint8_t)('0' + units / 100);
        out[1] = (uint8_t)('0' + units / 10 % 10);
        out[2] = (uint8_t)('0' + units % 10);
    }
}

static size_t length_prefix_size(const struct ps_iso_dialect *d, const struct ps_iso_field *f)
{
    if (f->length_type == PS_ISO_FIXED)
        return 0;
    if (f->length_type == PS_ISO_LLVAR)
        return d->length_bcd ? 1 : 2;
    return d->length_bcd ? 2 : 3;
}

/* Packs eight ASCII digits (or '=') into four BCD bytes. In each 16-bit lane of the
 * little-endian word the two nibbles are brought together ((lane << 4) | (lane >> 8)),
 * then the four lanes are squeezed into four bytes. */
static void encode_bcd8(const uint8_t *digits, uint8_t *dst)
{
    uint64_t v;
    memcpy(&v, digits, 8);
    v = le64toh(v) & 0x0f0f0f0f0f0f0f0fULL;
    v = ((v << 4) | (v >> 8)) & 0x00ff00ff00ff00ffULL;
    v = (v | (v >> 8)) & 0x0000ffff0000ffffULL;
    v = (v | (v >> 16)) & 0x00000000ffffffffULL;
    uint32_t packed = htole32((uint32_t)v);
    memcpy(dst, &packed, 4);
}

/* Packs digits two to a byte. c & 0x0F is the nibble of a digit, and of '=' (0x3D),
 * the track separator D. An odd count gets a 0 filler first (right-aligned) or last. */
static void encode_bcd(const struct ps_iso_field *f, const uint8_t *digits, size_t units,
                       uint8_t *dst)
{
    size_t i = 0;
    if ((units & 1) && f->align == PS_ISO_ALIGN_RIGHT)
        *dst++ = (uint8_t)(digits[i++] & 0x0f);
    for (; i + 8 <= units; i += 8, dst += 4)
        encode_bcd8(digits + i, dst);
    for (; i + 1 < units; i += 2)
        *dst++ = (uint8_t)((digits[i] & 0x0f) << 4 | (digits[i + 1] & 0x0f));
    if (i < units)
        *dst = (uint8_t)((digits[i] & 0x0f) << 4);
}

static int pack_field(const struct ps_iso_msg *m, int n, uint8_t *out, size_t cap, size_t *pos,
                      struct ps_reason *why)
{
    const struct ps_iso_dialect *d = m->dialect;
    const struct ps_iso_field *f = &d->field[n];
    const struct ps_iso_value *v = &m->value[n];
    size_t prefix = length_prefix_size(d, f);
    size_t body = ps__iso_wire_size(f, v->len);

    if (cap - *pos < prefix + body)
        return ps_fail(why, PS_ESPACE, "field %d: the output buffer is full", n);
    uint8_t *dst = out + *pos;
    if (prefix > 0)
        write_length(d, f, v->len, dst);
    dst += prefix;
    switch (f->encoding) {
    case PS_ISO_ENC_BCD:
        encode_bcd(f, v->ptr, v->len, dst);
        break;
    case PS_ISO_ENC_HEX: {
        static const char digits[] = "0123456789ABCDEF";
        for (size_t i = 0; i < v->len; i++) {
            dst[2 * i] = (uint8_t)digits[v->ptr[i] >> 4];
            dst[2 * i + 1] = (uint8_t)digits[v->ptr[i] & 0x0f];
        }
        break;
    }
    default:
        if (v->len > 0)
            memcpy(dst, v->ptr, v->len);
    }
    *pos += prefix + body;
    return PS_OK;
}

static void write_bitmap_word(const struct ps_iso_dialect *d, uint64_t w, uint8_t *dst)
{
    static const char digits[] = "0123456789ABCDEF";
    if (d->bitmap_hex) {
        for (int i = 0; i < 16; i++)
            dst[i] = (uint8_t)digits[(w >> (60 - 4 * i)) & 0x0f];
    } else {
        for (int i = 0; i < 8; i++)
            dst[i] = (uint8_t)(w >> (56 - 8 * i));
    }
}

static int pack_head(const struct ps_iso_msg *m, uint8_t *out, size_t cap, size_t *pos,
                     unsigned flags, struct ps_reason *why)
{
    const struct ps_iso_dialect *d = m->dialect;
    size_t envelope = (flags & PS_ISO_ENVELOPE) ? (size_t)d->tpdu_len + d->header_len : 0;
    size_t word = d->bitmap_hex ? 16 : 8;
    size_t need = envelope + (d->mti_bcd ? 2 : 4) + word * (m->present[1] != 0 ? 2 : 1);

    if (m->mti[0] == '\0')
        return ps_fail(why, PS_EFORMAT, "MTI: not set");
    if (cap - *pos < need)
        return ps_fail(why, PS_ESPACE, "message head: the output buffer is full");
    uint8_t *dst = out + *pos;
    memcpy(dst, m->tpdu, envelope ? d->tpdu_len : 0);
    memcpy(dst + (envelope ? d->tpdu_len : 0), m->header, envelope ? d->header_len : 0);
    dst += envelope;
    if (d->mti_bcd) {
        dst[0] = (uint8_t)((m->mti[0] - '0') << 4 | (m->mti[1] - '0'));
        dst[1] = (uint8_t)((m->mti[2] - '0') << 4 | (m->mti[3] - '0'));
        dst += 2;
    } else {
        memcpy(dst, m->mti, 4);
        dst += 4;
    }
    write_bitmap_word(d, m->present[0] | (m->present[1] != 0 ? ps__iso_field_bit(1) : 0), dst);
    if (m->present[1] != 0)
        write_bitmap_word(d, m->present[1], dst + word);
    *pos += need;
    return PS_OK;
}

int ps_iso_pack(const struct ps_iso_msg *m, uint8_t *out, size_t cap, size_t *out_len,
                unsigned flags, struct ps_reason *why)
{
    size_t pos = (flags & PS_ISO_LENGTH) ? 2 : 0;
    int rc;

    *out_len = 0;
    if (cap < pos)
        return ps_fail(why, PS_ESPACE, "length prefix: the output buffer is full");
    rc = pack_head(m, out, cap, &pos, flags, why);
    for (int w = 0; w < 2 && rc == PS_OK; w++) {
        for (uint64_t bits = m->present[w]; bits != 0 && rc == PS_OK;) {
            int n = w * 64 + __builtin_clzll(bits) + 1;
            bits &= ~ps__iso_field_bit(n);
            rc = pack_field(m, n, out, cap, &pos, why);
        }
    }
    if (rc != PS_OK)
        return rc;

    size_t body = pos - ((flags & PS_ISO_LENGTH) ? 2 : 0);
    if (body > PS_ISO_MAX_MESSAGE)
        return ps_fail(why, PS_ETOOLONG, "message: %zu bytes, at most %d", body,
                       PS_ISO_MAX_MESSAGE);
    if (flags & PS_ISO_LENGTH) {
        out[0] = (uint8_t)(body >> 8);
        out[1] = (uint8_t)body;
    }
    *out_len = pos;
    return PS_OK;
}

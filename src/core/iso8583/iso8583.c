/* The ISO 8583 codec: one code path for every dialect, driven by its field table.
 *
 * The presence bitmap is kept exactly as on the wire, two big-endian 64-bit words:
 * field n is bit 63 - (n - 1) % 64 of word (n - 1) / 64, so iterating the fields in
 * order is counting leading zeros, and packing a bitmap is writing a word. */
#include "core/iso8583/iso8583.h"

#include <endian.h>
#include <stdio.h>
#include <string.h>

#include "core/hex.h"

static uint64_t field_bit(int n)
{
    return 1ULL << (63 - ((n - 1) & 63));
}

static void mark_present(struct ps_iso_msg *m, int n)
{
    m->present[(n - 1) >> 6] |= field_bit(n);
}

void ps_iso_init(struct ps_iso_msg *m, const struct ps_iso_dialect *d)
{
    m->dialect = d;
    m->mti[0] = '\0';
    memset(m->tpdu, 0, sizeof(m->tpdu));
    memset(m->header, 0, sizeof(m->header));
    m->present[0] = 0;
    m->present[1] = 0;
    m->store_used = 0;
}

int ps_iso_has(const struct ps_iso_msg *m, int n)
{
    if (n < 1 || n > PS_ISO_MAX_FIELD)
        return 0;
    return (m->present[(n - 1) >> 6] & field_bit(n)) != 0;
}

const struct ps_iso_value *ps_iso_get(const struct ps_iso_msg *m, int n)
{
    return ps_iso_has(m, n) ? &m->value[n] : NULL;
}

void ps_iso_unset(struct ps_iso_msg *m, int n)
{
    if (n >= 1 && n <= PS_ISO_MAX_FIELD)
        m->present[(n - 1) >> 6] &= ~field_bit(n);
}

int ps_iso_next_field(const struct ps_iso_msg *m, int n)
{
    for (int w = n >> 6; w < 2; w++) {
        uint64_t bits = m->present[w];
        if (w == n >> 6)
            bits &= (n & 63) == 0 ? ~0ULL : (~0ULL >> (n & 63)); /* fields after n only */
        if (bits != 0)
            return w * 64 + __builtin_clzll(bits) + 1;
    }
    return 0;
}

/* ---- what a value may contain ---------------------------------------------------- */

static const char *unit_name(const struct ps_iso_field *f)
{
    switch (f->kind) {
    case PS_ISO_N:
    case PS_ISO_Z:
    case PS_ISO_XN:
        return "digits";
    case PS_ISO_B:
        return "bytes";
    default:
        return "characters";
    }
}

/* Explains the first character of v[0..len) that `allowed` refuses. */
static int reject_char(int n, const uint8_t *v, size_t len, int (*allowed)(uint8_t, size_t, int),
                       int from_caller, struct ps_reason *why)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = v[i];
        if (allowed(c, i, from_caller))
            continue;
        if (c >= 0x20 && c <= 0x7e)
            return ps_fail(why, PS_EFORMAT, "field %d: '%c' at position %zu is not allowed", n, c,
                           i + 1);
        return ps_fail(why, PS_EFORMAT, "field %d: byte 0x%02X at position %zu is not allowed", n,
                       c, i + 1);
    }
    return PS_OK;
}

static int digit_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)i, (void)from_caller;
    return c >= '0' && c <= '9';
}

/* Track data: digits and '='; a caller may spell the separator 'D', as it is in BCD,
 * but a value read from an ASCII wire may not. */
static int track_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)i;
    return (c >= '0' && c <= '9') || c == '=' || (from_caller && (c == 'D' || c == 'd'));
}

static int signed_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)from_caller;
    return i == 0 ? (c == 'C' || c == 'D') : (c >= '0' && c <= '9');
}

static int printable_allowed(uint8_t c, size_t i, int from_caller)
{
    (void)i, (void)from_caller;
    return c >= 0x20 && c <= 0x7e;
}

/* Whether every byte of v[0..len) is printable ASCII, 0x20-0x7E. Eight bytes at a
 * time: a byte fails when its top bit is set, when it is below 0x20 (the borrow test
 * of "has a byte less than n") or when it equals 0x7F (the "has a zero byte" test on
 * x ^ 0x7F...). Each test is exact about whether some byte fails. */
static int all_printable(const uint8_t *v, size_t len)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    uint64_t bad = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, v + i, 8);
        uint64_t del = x ^ (0x7f * ones);
        bad |= (x & highs) | ((x - 0x20 * ones) & ~x & highs) | ((del - ones) & ~del & highs);
    }
    for (; i < len; i++)
        bad |= (uint8_t)(v[i] - 0x20) > 0x5e;
    return bad == 0;
}

/* Checks a value against its field's kind. The common case, a clean value, is one
 * tight loop per kind; the reason is only worked out for a value that fails. */
static int check_chars(const struct ps_iso_field *f, int n, const uint8_t *v, size_t len,
                       int from_caller, struct ps_reason *why)
{
    int (*allowed)(uint8_t, size_t, int);
    unsigned bad = 0;

    switch (f->kind) {
    case PS_ISO_N:
        for (size_t i = 0; i < len; i++)
            bad |= (unsigned)(uint8_t)(v[i] - '0') > 9;
        allowed = digit_allowed;
        break;
    case PS_ISO_AN:
        bad = !all_printable(v, len);
        allowed = printable_allowed;
        break;
    case PS_ISO_Z:
        allowed = track_allowed;
        bad = 1;
        break;
    case PS_ISO_XN:
        allowed = signed_allowed;
        bad = 1;
        break;
    default:
        return PS_OK; /* ans and b: any byte */
    }
    return bad ? reject_char(n, v, len, allowed, from_caller, why) : PS_OK;
}

/* ---- unpack ---------------------------------------------------------------------- */

/* Wire bytes that `units` of field f occupy, without the length prefix. */
static size_t wire_size(const struct ps_iso_field *f, size_t units)
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
    size_t bytes = wire_size(f, units);
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
        rc = check_chars(f, n, src, units, 0, why);
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
    if (m->present[0] & field_bit(1)) {
        if (d->max_field <= 64)
            return ps_fail(why, PS_EUNDEFINED,
                           "bitmap: bit 1 announces a secondary bitmap, which dialect %s "
                           "does not have",
                           d->name);
        rc = read_bitmap_word(d, wire, len, pos, &m->present[1], "secondary", why);
        if (rc != PS_OK)
            return rc;
        m->present[0] &= ~field_bit(1);
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
            bits &= ~field_bit(n);
            rc = unpack_field(m, n, wire, len, &pos, why);
        }
    }
    if (rc == PS_OK && pos != len)
        rc = ps_fail(why, PS_EFORMAT, "message: %zu bytes after the last field", len - pos);
    if (rc != PS_OK)
        ps_iso_init(m, d); /* never leave a half-read message behind */
    return rc;
}

/* ---- set ------------------------------------------------------------------------- */

int ps_iso_set_mti(struct ps_iso_msg *m, const char *mti, struct ps_reason *why)
{
    for (int i = 0; i < 4; i++) {
        if (mti[i] < '0' || mti[i] > '9')
            return ps_fail(why, PS_EFORMAT, "MTI: \"%.4s\" is not four digits", mti);
    }
    if (mti[4] != '\0')
        return ps_fail(why, PS_EFORMAT, "MTI: \"%s\" is not four digits", mti);
    memcpy(m->mti, mti, 5);
    return PS_OK;
}

/* Copies value into dst, applying the fixed-length fill rule and the 'D' -> '='
 * spelling of track data. dst has room for max(len, f->max) bytes. */
static size_t copy_filled(const struct ps_iso_field *f, const uint8_t *value, size_t len,
                          uint8_t *dst)
{
    size_t out_len = f->length_type == PS_ISO_FIXED ? f->max : len;
    size_t fill = out_len - len;
    uint8_t *body = dst;

    if (fill > 0 && f->kind == PS_ISO_N) { /* numbers: leading zeros */
        memset(dst, '0', fill);
        body = dst + fill;
    } else if (fill > 0) { /* text: trailing spaces */
        memset(dst + len, ' ', fill);
    }
    if (len > 0)
        memcpy(body, value, len);
    if (f->kind == PS_ISO_Z) {
        for (size_t i = 0; i < len; i++) {
            if (body[i] == 'D' || body[i] == 'd')
                body[i] = '=';
        }
    }
    return out_len;
}

/* Whether a value shorter than a fixed field may be filled up to its length. */
static int fill_allowed(const struct ps_iso_field *f)
{
    return f->kind == PS_ISO_N || f->kind == PS_ISO_AN || f->kind == PS_ISO_ANS;
}

int ps_iso_set(struct ps_iso_msg *m, int n, const void *value, size_t len, struct ps_reason *why)
{
    const struct ps_iso_field *f = ps_iso_field_def(m->dialect, n);
    if (f == NULL)
        return ps_fail(why, PS_EUNDEFINED, "field %d: not defined in dialect %s", n,
                       m->dialect->name);
    if (len > f->max)
        return ps_fail(why, PS_ETOOLONG, "field %d: %zu %s, at most %u", n, len, unit_name(f),
                       f->max);
    if (f->length_type == PS_ISO_FIXED && len != f->max && !fill_allowed(f))
        return ps_fail(why, PS_EFORMAT, "field %d: %zu %s, exactly %u needed", n, len,
                       unit_name(f), f->max);

    int rc = check_chars(f, n, value, len, 1, why);
    if (rc != PS_OK)
        return rc;
    size_t room = f->length_type == PS_ISO_FIXED ? f->max : len;
    if (room > PS_ISO_STORE_SIZE - m->store_used)
        return ps_fail(why, PS_ESPACE, "field %d: the message store is full", n);
    uint8_t *dst = m->store + m->store_used;
    size_t out_len = copy_filled(f, value, len, dst);
    m->store_used += out_len;
    m->value[n].ptr = dst;
    m->value[n].len = (uint16_t)out_len;
    mark_present(m, n);
    return PS_OK;
}

int ps_iso_set_str(struct ps_iso_msg *m, int n, const char *value, struct ps_reason *why)
{
    return ps_iso_set(m, n, value, strlen(value), why);
}

int ps_iso_set_u64(struct ps_iso_msg *m, int n, uint64_t v, struct ps_reason *why)
{
    char digits[21];
    int len = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)v);
    return ps_iso_set(m, n, digits, (size_t)len, why);
}

int ps_iso_get_u64(const struct ps_iso_msg *m, int n, uint64_t *out)
{
    const struct ps_iso_value *v = ps_iso_get(m, n);
    uint64_t x = 0;

    if (v == NULL)
        return PS_EUNDEFINED;
    if (v->len == 0)
        return PS_EFORMAT;
    for (size_t i = 0; i < v->len; i++) {
        unsigned digit = (unsigned)v->ptr[i] - '0';
        if (digit > 9)
            return PS_EFORMAT;
        if (x > (UINT64_MAX - digit) / 10)
            return PS_EOVERFLOW;
        x = x * 10 + digit;
    }
    *out = x;
    return PS_OK;
}

int ps_iso_value_is(const struct ps_iso_msg *m, int n, const char *s)
{
    const struct ps_iso_value *v = ps_iso_get(m, n);
    size_t len = strlen(s);
    return v != NULL && v->len == len && memcmp(v->ptr, s, len) == 0;
}

/* ---- pack ------------------------------------------------------------------------ */

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
    size_t body = wire_size(f, v->len);

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
    write_bitmap_word(d, m->present[0] | (m->present[1] != 0 ? field_bit(1) : 0), dst);
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
            bits &= ~field_bit(n);
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

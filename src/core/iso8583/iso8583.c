/* An ISO 8583 message in memory: building it field by field and reading it back.
 * Packing and unpacking live in pack.c and unpack.c; what a value may contain in
 * values.c. */
#include "core/iso8583/iso8583.h"

#include <stdio.h>
#include <string.h>

#include "core/iso8583/internal.h"

static void mark_present(struct ps_iso_msg *m, int n)
{
    m->present[(n - 1) >> 6] |= ps__iso_field_bit(n);
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
    return (m->present[(n - 1) >> 6] & ps__iso_field_bit(n)) != 0;
}

const struct ps_iso_value *ps_iso_get(const struct ps_iso_msg *m, int n)
{
    return ps_iso_has(m, n) ? &m->value[n] : NULL;
}

void ps_iso_unset(struct ps_iso_msg *m, int n)
{
    if (n >= 1 && n <= PS_ISO_MAX_FIELD)
        m->present[(n - 1) >> 6] &= ~ps__iso_field_bit(n);
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
        return ps_fail(why, PS_ETOOLONG, "field %d: %zu %s, at most %u", n, len, ps__iso_unit_name(f),
                       f->max);
    if (f->length_type == PS_ISO_FIXED && len != f->max && !fill_allowed(f))
        return ps_fail(why, PS_EFORMAT, "field %d: %zu %s, exactly %u needed", n, len,
                       ps__iso_unit_name(f), f->max);

    int rc = ps__iso_check_chars(f, n, value, len, 1, why);
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

#include "core/iso8583/cup_fields.h"

#include <stdio.h>
#include <string.h>

/* Reads n digits at p as a number; -1 when one is not a digit. */
static int64_t digits_value(const uint8_t *p, size_t n)
{
    int64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* Copies the digits after `offset` into a NUL-terminated buffer of cap bytes. */
static int copy_tail(const struct ps_iso_value *v, size_t offset, char *out, size_t cap,
                     const char *field, struct ps_reason *why)
{
    size_t n = v->len > offset ? v->len - offset : 0;
    if (n >= cap)
        return ps_fail(why, PS_ETOOLONG, "%s: %u digits, at most %zu", field, v->len,
                       offset + cap - 1);
    if (digits_value(v->ptr + offset, n) < 0)
        return ps_fail(why, PS_EFORMAT, "%s: not all digits", field);
    memcpy(out, v->ptr + offset, n);
    out[n] = '\0';
    return PS_OK;
}

int ps_cup_f60_parse(const struct ps_iso_value *v, struct ps_cup_f60 *out, struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    if (v->len < 8 || (v->len > 8 && v->len < 11))
        return ps_fail(why, PS_EFORMAT,
                       "field 60: %u digits; 60.1 and 60.2 need 8, with 60.3 at least 11",
                       v->len);
    int64_t type = digits_value(v->ptr, 2);
    int64_t batch = digits_value(v->ptr + 2, 6);
    if (type < 0)
        return ps_fail(why, PS_EFORMAT, "field 60.1: transaction type code is not 2 digits");
    if (batch < 0)
        return ps_fail(why, PS_EFORMAT, "field 60.2: batch number is not 6 digits");
    out->type_code = (unsigned)type;
    out->batch = (uint32_t)batch;
    if (v->len >= 11) {
        int64_t code = digits_value(v->ptr + 8, 3);
        if (code < 0)
            return ps_fail(why, PS_EFORMAT, "field 60.3: network code is not 3 digits");
        out->has_network_code = 1;
        out->network_code = (unsigned)code;
    }
    return copy_tail(v, 11, out->extra, sizeof(out->extra), "field 60", why);
}

int ps_cup_f60_set(struct ps_iso_msg *m, const struct ps_cup_f60 *f, struct ps_reason *why)
{
    char digits[32];
    size_t extra = strnlen(f->extra, sizeof(f->extra));

    if (f->type_code > 99)
        return ps_fail(why, PS_EINVAL, "field 60.1: type code %u is over 99", f->type_code);
    if (f->batch > 999999)
        return ps_fail(why, PS_EINVAL, "field 60.2: batch %u is over 999999", f->batch);
    if (f->has_network_code && f->network_code > 999)
        return ps_fail(why, PS_EINVAL, "field 60.3: network code %u is over 999",
                       f->network_code);
    if (extra > 0 && !f->has_network_code)
        return ps_fail(why, PS_EINVAL, "field 60.4: needs 60.3 before it");
    int len = snprintf(digits, sizeof(digits), "%02u%06u", f->type_code, (unsigned)f->batch);
    if (f->has_network_code)
        len += snprintf(digits + len, sizeof(digits) - (size_t)len, "%03u%.*s", f->network_code,
                        (int)extra, f->extra);
    return ps_iso_set(m, 60, digits, (size_t)len, why);
}

int ps_cup_f61_parse(const struct ps_iso_value *v, struct ps_cup_f61 *out, struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    if (v->len < 12 || (v->len > 12 && v->len < 16))
        return ps_fail(why, PS_EFORMAT,
                       "field 61: %u digits; 61.1 and 61.2 need 12, with 61.3 at least 16",
                       v->len);
    int64_t batch = digits_value(v->ptr, 6);
    int64_t stan = digits_value(v->ptr + 6, 6);
    if (batch < 0)
        return ps_fail(why, PS_EFORMAT, "field 61.1: original batch is not 6 digits");
    if (stan < 0)
        return ps_fail(why, PS_EFORMAT, "field 61.2: original trace number is not 6 digits");
    out->batch = (uint32_t)batch;
    out->stan = (uint32_t)stan;
    if (v->len >= 16) {
        if (digits_value(v->ptr + 12, 4) < 0)
            return ps_fail(why, PS_EFORMAT, "field 61.3: original date is not 4 digits");
        memcpy(out->date, v->ptr + 12, 4);
        out->has_date = 1;
    }
    return copy_tail(v, 16, out->extra, sizeof(out->extra), "field 61", why);
}

int ps_cup_f61_set(struct ps_iso_msg *m, const struct ps_cup_f61 *f, struct ps_reason *why)
{
    char digits[40];
    size_t extra = strnlen(f->extra, sizeof(f->extra));

    if (f->batch > 999999 || f->stan > 999999)
        return ps_fail(why, PS_EINVAL, "field 61: original batch and trace are 6 digits each");
    if (f->has_date && (strnlen(f->date, sizeof(f->date)) != 4))
        return ps_fail(why, PS_EINVAL, "field 61.3: original date must be MMDD");
    if (extra > 0 && !f->has_date)
        return ps_fail(why, PS_EINVAL, "field 61.4: needs 61.3 before it");
    int len = snprintf(digits, sizeof(digits), "%06u%06u", (unsigned)f->batch, (unsigned)f->stan);
    if (f->has_date)
        len += snprintf(digits + len, sizeof(digits) - (size_t)len, "%.4s%.*s", f->date,
                        (int)extra, f->extra);
    return ps_iso_set(m, 61, digits, (size_t)len, why);
}

#define SIDE_DIGITS 31

static void side_parse(const uint8_t *p, struct ps_cup_side_totals *s)
{
    s->debit_amount = digits_value(p, 12);
    s->debit_count = (unsigned)digits_value(p + 12, 3);
    s->credit_amount = digits_value(p + 15, 12);
    s->credit_count = (unsigned)digits_value(p + 27, 3);
    s->result = (unsigned)digits_value(p + 30, 1);
}

int ps_cup_totals_parse(const struct ps_iso_value *v, struct ps_cup_totals *out,
                        struct ps_reason *why)
{
    memset(out, 0, sizeof(*out));
    if (v->len != SIDE_DIGITS && v->len != 2 * SIDE_DIGITS)
        return ps_fail(why, PS_EFORMAT,
                       "field 48: settlement totals are 31 or 62 digits, not %u", v->len);
    for (size_t i = 0; i < v->len; i++) {
        if (v->ptr[i] < '0' || v->ptr[i] > '9')
            return ps_fail(why, PS_EFORMAT, "field 48: digit %zu is not a digit", i + 1);
    }
    side_parse(v->ptr, &out->domestic);
    if (v->len == 2 * SIDE_DIGITS) {
        out->has_foreign = 1;
        side_parse(v->ptr + SIDE_DIGITS, &out->foreign);
    }
    return PS_OK;
}

static int side_format(const struct ps_cup_side_totals *s, const char *side, char *out,
                       struct ps_reason *why)
{
    const int64_t max_amount = 999999999999LL;
    if (s->debit_amount < 0 || s->debit_amount > max_amount)
        return ps_fail(why, PS_EINVAL, "field 48: %s debit amount out of range", side);
    if (s->credit_amount < 0 || s->credit_amount > max_amount)
        return ps_fail(why, PS_EINVAL, "field 48: %s credit amount out of range", side);
    if (s->debit_count > 999 || s->credit_count > 999)
        return ps_fail(why, PS_EINVAL, "field 48: %s counts are at most 999", side);
    if (s->result > 9)
        return ps_fail(why, PS_EINVAL, "field 48: %s result is one digit", side);
    snprintf(out, SIDE_DIGITS + 1, "%012lld%03u%012lld%03u%u", (long long)s->debit_amount,
             s->debit_count, (long long)s->credit_amount, s->credit_count, s->result);
    return PS_OK;
}

int ps_cup_totals_set(struct ps_iso_msg *m, const struct ps_cup_totals *t,
                      struct ps_reason *why)
{
    char digits[2 * SIDE_DIGITS + 1];
    int rc = side_format(&t->domestic, "domestic", digits, why);
    if (rc == PS_OK && t->has_foreign)
        rc = side_format(&t->foreign, "foreign", digits + SIDE_DIGITS, why);
    if (rc != PS_OK)
        return rc;
    return ps_iso_set(m, 48, digits, t->has_foreign ? 2 * SIDE_DIGITS : SIDE_DIGITS, why);
}

#include "core/iso8583/cup_params.h"

#include <stdio.h>
#include <string.h>

enum {
    TAG_NAME = 1,
    TAG_ALLOWED,
    TAG_MAX_AMOUNT,
    TAG_MAX_REFUND,
    TAG_BATCH_MAX,
    TAG_HOST_TIME,
    TAG_COUNT
};

#define AMOUNT_DIGITS 12
#define HEAD          5 /* tag (2) and length (3) */

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((unsigned)s[i] - '0' > 9)
            return 0;
    }
    return 1;
}

/* "01,22,23": two-digit codes separated by commas. */
static int allowed_ok(const char *s, size_t n)
{
    if (n == 0 || n % 3 != 2)
        return 0;
    for (size_t i = 0; i < n; i += 3) {
        if (!all_digits(s + i, 2) || (i + 2 < n && s[i + 2] != ','))
            return 0;
    }
    return 1;
}

static int put_item(uint8_t *out, size_t cap, size_t *at, int tag, const char *value, size_t n,
                    struct ps_reason *why)
{
    char head[HEAD + 1];
    if (*at + HEAD + n > cap)
        return ps_fail(why, PS_ESPACE, "field 62: %zu bytes of room, tag %02d does not fit", cap,
                       tag);
    snprintf(head, sizeof(head), "%02d%03zu", tag, n);
    memcpy(out + *at, head, HEAD);
    memcpy(out + *at + HEAD, value, n);
    *at += HEAD + n;
    return 0;
}

int ps_cup_params_pack(const struct ps_cup_params *p, uint8_t *out, size_t cap, size_t *len,
                       struct ps_reason *why)
{
    char amount[AMOUNT_DIGITS + 1], refund[AMOUNT_DIGITS + 1], batch[5];
    size_t name_len = strnlen(p->merchant_name, sizeof(p->merchant_name));
    size_t allowed_len = strnlen(p->allowed, sizeof(p->allowed));
    size_t at = 0;
    int rc = 0;

    *len = 0;
    if (name_len == 0 || name_len > PS_CUP_PARAMS_NAME_MAX)
        return ps_fail(why, PS_EINVAL, "merchant name: 1 to %d bytes", PS_CUP_PARAMS_NAME_MAX);
    if (!allowed_ok(p->allowed, allowed_len))
        return ps_fail(why, PS_EINVAL, "allowed kinds: \"%s\" is not a list of 60.1 codes",
                       p->allowed);
    if (p->max_amount < 0 || p->max_amount > 999999999999 || p->max_refund < 0 ||
        p->max_refund > 999999999999)
        return ps_fail(why, PS_EINVAL, "limits: 0 to 999999999999 fen");
    if (p->batch_max > 9999)
        return ps_fail(why, PS_EINVAL, "batch size: %u is over 9999", p->batch_max);
    if (strnlen(p->host_time, sizeof(p->host_time)) != 14 || !all_digits(p->host_time, 14))
        return ps_fail(why, PS_EINVAL, "host time: YYYYMMDDhhmmss expected");
    snprintf(amount, sizeof(amount), "%012lld", (long long)p->max_amount);
    snprintf(refund, sizeof(refund), "%012lld", (long long)p->max_refund);
    snprintf(batch, sizeof(batch), "%04u", p->batch_max);
    if ((rc = put_item(out, cap, &at, TAG_NAME, p->merchant_name, name_len, why)) != 0 ||
        (rc = put_item(out, cap, &at, TAG_ALLOWED, p->allowed, allowed_len, why)) != 0 ||
        (rc = put_item(out, cap, &at, TAG_MAX_AMOUNT, amount, AMOUNT_DIGITS, why)) != 0 ||
        (rc = put_item(out, cap, &at, TAG_MAX_REFUND, refund, AMOUNT_DIGITS, why)) != 0 ||
        (rc = put_item(out, cap, &at, TAG_BATCH_MAX, batch, 4, why)) != 0 ||
        (rc = put_item(out, cap, &at, TAG_HOST_TIME, p->host_time, 14, why)) != 0)
        return rc;
    *len = at;
    return 0;
}

static int64_t number(const char *s, size_t n)
{
    int64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = x * 10 + (s[i] - '0');
    return x;
}

/* Reads one known item's value into out. */
static int take(int tag, const char *v, size_t n, struct ps_cup_params *out,
                struct ps_reason *why)
{
    switch (tag) {
    case TAG_NAME:
        if (n == 0 || n > PS_CUP_PARAMS_NAME_MAX)
            return ps_fail(why, PS_EFORMAT, "field 62 tag 01: %zu bytes; 1 to %d", n,
                           PS_CUP_PARAMS_NAME_MAX);
        if (memchr(v, '\0', n) != NULL)
            return ps_fail(why, PS_EFORMAT, "field 62 tag 01: a NUL byte in the name");
        memcpy(out->merchant_name, v, n);
        out->merchant_name[n] = '\0';
        return 0;
    case TAG_ALLOWED:
        if (n > PS_CUP_PARAMS_ALLOWED_MAX || !allowed_ok(v, n))
            return ps_fail(why, PS_EFORMAT, "field 62 tag 02: not a list of 60.1 codes");
        memcpy(out->allowed, v, n);
        out->allowed[n] = '\0';
        return 0;
    case TAG_MAX_AMOUNT:
    case TAG_MAX_REFUND:
        if (n != AMOUNT_DIGITS || !all_digits(v, n))
            return ps_fail(why, PS_EFORMAT, "field 62 tag %02d: not 12 digits", tag);
        *(tag == TAG_MAX_AMOUNT ? &out->max_amount : &out->max_refund) = number(v, n);
        return 0;
    case TAG_BATCH_MAX:
        if (n != 4 || !all_digits(v, n))
            return ps_fail(why, PS_EFORMAT, "field 62 tag 05: not 4 digits");
        out->batch_max = (unsigned)number(v, n);
        return 0;
    default: /* TAG_HOST_TIME */
        if (n != 14 || !all_digits(v, n))
            return ps_fail(why, PS_EFORMAT, "field 62 tag 06: not YYYYMMDDhhmmss");
        memcpy(out->host_time, v, n);
        out->host_time[n] = '\0';
        return 0;
    }
}

int ps_cup_params_unpack(const uint8_t *in, size_t len, struct ps_cup_params *out,
                         struct ps_reason *why)
{
    unsigned seen = 0;
    size_t at = 0;

    memset(out, 0, sizeof(*out));
    while (at < len) {
        const char *head = (const char *)in + at;
        if (len - at < HEAD)
            return ps_fail(why, PS_ETRUNCATED, "field 62: %zu bytes left at %zu, an item needs 5",
                           len - at, at);
        if (!all_digits(head, HEAD))
            return ps_fail(why, PS_EFORMAT, "field 62: no tag and length at byte %zu", at);
        int tag = (int)number(head, 2);
        size_t n = (size_t)number(head + 2, 3);
        if (n > len - at - HEAD)
            return ps_fail(why, PS_ETRUNCATED, "field 62 tag %02d: %zu bytes announced, %zu left",
                           tag, n, len - at - HEAD);
        if (tag > 0 && tag < TAG_COUNT) {
            if (seen & (1u << tag))
                return ps_fail(why, PS_EFORMAT, "field 62 tag %02d: twice", tag);
            seen |= 1u << tag;
            int rc = take(tag, head + HEAD, n, out, why);
            if (rc != 0)
                return rc;
        }
        at += HEAD + n;
    }
    for (int tag = 1; tag < TAG_COUNT; tag++) {
        if (!(seen & (1u << tag)))
            return ps_fail(why, PS_EFORMAT, "field 62: tag %02d is missing", tag);
    }
    return 0;
}

int ps_cup_params_allows(const struct ps_cup_params *p, unsigned type_code)
{
    char code[3];
    if (type_code > 99)
        return 0;
    snprintf(code, sizeof(code), "%02u", type_code);
    for (const char *s = p->allowed; s[0] != '\0' && s[1] != '\0'; s += s[2] == ',' ? 3 : 2) {
        if (s[0] == code[0] && s[1] == code[1])
            return 1;
        if (s[2] == '\0')
            break;
    }
    return 0;
}

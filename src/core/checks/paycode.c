#include "core/checks/paycode.h"
#include "core/checks/chars.h"

#include <stdio.h>

/* The schemes' rules: the first two digits, and the length in digits. */
static const struct scheme_rule {
    enum ps_paycode_scheme scheme;
    const char *name;
    unsigned first_prefix, last_prefix;
    size_t min_len, max_len;
} rules[] = {
    {PS_PAYCODE_WECHAT, "WeChat Pay", 10, 15, 18, 18},
    {PS_PAYCODE_ALIPAY, "Alipay", 25, 30, 16, 24},
    {PS_PAYCODE_UNIONPAY, "UnionPay QR", 62, 62, 19, 19},
};

const char *ps_paycode_scheme_name(enum ps_paycode_scheme scheme)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(rules); i++) {
        if (rules[i].scheme == scheme)
            return rules[i].name;
    }
    return "unknown";
}

static const struct scheme_rule *find_rule(unsigned prefix)
{
    for (size_t i = 0; i < PS_ARRAY_LEN(rules); i++) {
        if (prefix >= rules[i].first_prefix && prefix <= rules[i].last_prefix)
            return &rules[i];
    }
    return NULL;
}

/* The fewest digits any scheme's code has. */
static size_t shortest(void)
{
    size_t min = rules[0].min_len;
    for (size_t i = 1; i < PS_ARRAY_LEN(rules); i++)
        min = rules[i].min_len < min ? rules[i].min_len : min;
    return min;
}

/* "WeChat Pay (10-15), Alipay (25-30) or UnionPay QR (62)", from the table. */
static void list_prefixes(char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < PS_ARRAY_LEN(rules) && n < cap; i++) {
        const struct scheme_rule *r = &rules[i];
        const char *sep = i == 0 ? "" : i + 1 < PS_ARRAY_LEN(rules) ? ", " : " or ";
        if (r->first_prefix == r->last_prefix)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s (%u)", sep, r->name, r->first_prefix);
        else
            n += (size_t)snprintf(buf + n, cap - n, "%s%s (%u-%u)", sep, r->name, r->first_prefix,
                                  r->last_prefix);
    }
}

static int wrong_length(const struct scheme_rule *r, size_t len, struct ps_reason *why)
{
    if (r->min_len == r->max_len)
        return ps_fail(why, PS_EFORMAT, "%s codes have %zu digits, not %zu", r->name, r->min_len,
                       len);
    return ps_fail(why, PS_EFORMAT, "%s codes have %zu to %zu digits, not %zu", r->name, r->min_len,
                   r->max_len, len);
}

int ps_paycode_identify(const char *s, size_t len, enum ps_paycode_scheme *scheme,
                        struct ps_reason *why)
{
    ps_reason_clear(why);
    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "the payment code is empty");
    int rc = ps__check_digits(s, len, "; payment codes are all digits", why);
    if (rc != 0)
        return rc;
    if (len < 2)
        return ps_fail(why, PS_EFORMAT, "a payment code has at least %zu digits, not %zu",
                       shortest(), len);
    const struct scheme_rule *r = find_rule((unsigned)(s[0] - '0') * 10 + (unsigned)(s[1] - '0'));
    if (r == NULL) {
        char known[96];
        list_prefixes(known, sizeof(known));
        return ps_fail(why, PS_EFORMAT, "a payment code starting %.2s is not %s", s, known);
    }
    if (len < r->min_len || len > r->max_len)
        return wrong_length(r, len, why);
    if (scheme != NULL)
        *scheme = r->scheme;
    return PS_OK;
}

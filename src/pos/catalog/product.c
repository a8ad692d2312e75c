#include "pos/catalog/product.h"

#include <string.h>

#include "core/checks/ean.h"

/* Codes this long or shorter, all printable, are quoted in a reason; anything else
 * (a pasted paragraph, binary) is not, so the reason stays one readable line. */
#define CODE_QUOTE_MAX 24

static int code_prints(const char *code, size_t len)
{
    if (len == 0 || len > CODE_QUOTE_MAX)
        return 0;
    for (size_t i = 0; i < len; i++) {
        if (code[i] <= ' ' || code[i] > '~')
            return 0;
    }
    return 1;
}

/* A spreadsheet that took a code for a number drops its leading zero: an EAN-8 or a
 * UPC-A arrives one digit short. Saying so saves the merchant a puzzle. */
static const char *length_hint(size_t len)
{
    return len == 7 || len == 11 ? " (did a spreadsheet drop a leading zero?)" : "";
}

int pos_product_check_code(const char *code, size_t len, struct ps_reason *why)
{
    struct ps_reason cause;
    int rc = ps_ean_validate(code, len, NULL, &cause);
    if (rc == 0) {
        ps_reason_clear(why);
        return 0;
    }
    if (code_prints(code, len))
        return ps_fail(why, rc, "code %.*s: %s%s", (int)len, code, cause.text, length_hint(len));
    return ps_fail(why, rc, "code: %s", cause.text);
}

/* Length of the UTF-8 sequence that starts with lead byte c, or 0 when c cannot
 * start one (a continuation byte, or 0xC0, 0xC1, 0xF5..0xFF, which RFC 3629 bans). */
static size_t utf8_sequence_length(unsigned char c)
{
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return 2;
    if (c >= 0xE0 && c <= 0xEF)
        return 3;
    if (c >= 0xF0 && c <= 0xF4)
        return 4;
    return 0;
}

/* Whether s[0..n) (n from utf8_sequence_length) is one well-formed character: RFC 3629
 * §4 narrows the second byte after E0 (no overlong), ED (no surrogate), F0 (no
 * overlong) and F4 (nothing above U+10FFFF). */
static int utf8_sequence_ok(const unsigned char *s, size_t n)
{
    unsigned char lo = 0x80, hi = 0xBF;
    if (s[0] == 0xE0)
        lo = 0xA0;
    else if (s[0] == 0xED)
        hi = 0x9F;
    else if (s[0] == 0xF0)
        lo = 0x90;
    else if (s[0] == 0xF4)
        hi = 0x8F;
    if (n > 1 && (s[1] < lo || s[1] > hi))
        return 0;
    for (size_t k = 2; k < n; k++) {
        if (s[k] < 0x80 || s[k] > 0xBF)
            return 0;
    }
    return 1;
}

int pos_product_check_name(const char *name, size_t len, struct ps_reason *why)
{
    const unsigned char *s = (const unsigned char *)name;

    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "name: empty");
    if (len > POS_PRODUCT_NAME_MAX)
        return ps_fail(why, PS_ETOOLONG, "name: %zu bytes, at most %d", len, POS_PRODUCT_NAME_MAX);
    for (size_t i = 0; i < len;) {
        size_t n = utf8_sequence_length(s[i]);
        if (n == 0 || n > len - i || !utf8_sequence_ok(s + i, n))
            return ps_fail(why, PS_EFORMAT,
                           "name: not UTF-8 (byte 0x%02X at offset %zu); save the file as UTF-8",
                           s[i], i);
        if (n == 1 && (s[i] < 0x20 || s[i] == 0x7F) && s[i] != '\n' && s[i] != '\r')
            return ps_fail(why, PS_EFORMAT, "name: control byte 0x%02X at offset %zu", s[i], i);
        i += n;
    }
    ps_reason_clear(why);
    return 0;
}

int pos_product_check_price(int64_t price, struct ps_reason *why)
{
    if (price < 0)
        return ps_fail(why, PS_EINVAL, "price: %lld fen is negative", (long long)price);
    ps_reason_clear(why);
    return 0;
}

int pos_product_check_tax(int64_t tax_bp, struct ps_reason *why)
{
    if (tax_bp < 0 || tax_bp > POS_TAX_BP_MAX)
        return ps_fail(why, PS_EINVAL, "tax_rate: %lld basis points is outside 0 to %d (100%%)",
                       (long long)tax_bp, POS_TAX_BP_MAX);
    ps_reason_clear(why);
    return 0;
}

int pos_product_check(const struct pos_product *p, struct ps_reason *why)
{
    size_t code_len = strnlen(p->code, sizeof(p->code));
    size_t name_len = strnlen(p->name, sizeof(p->name));
    if (code_len == sizeof(p->code))
        return ps_fail(why, PS_EFORMAT, "code: not NUL-terminated");
    if (name_len == sizeof(p->name))
        return ps_fail(why, PS_EFORMAT, "name: not NUL-terminated");

    int rc = pos_product_check_code(p->code, code_len, why);
    if (rc == 0)
        rc = pos_product_check_name(p->name, name_len, why);
    if (rc == 0)
        rc = pos_product_check_price(p->price, why);
    if (rc == 0)
        rc = pos_product_check_tax(p->tax_bp, why);
    return rc;
}

int pos_product_set_code(struct pos_product *p, const char *code, size_t len, struct ps_reason *why)
{
    int rc = pos_product_check_code(code, len, why);
    if (rc != 0)
        return rc;
    memcpy(p->code, code, len); /* len <= POS_PRODUCT_CODE_MAX: the check saw to it */
    p->code[len] = '\0';
    return 0;
}

int pos_product_set_name(struct pos_product *p, const char *name, size_t len, struct ps_reason *why)
{
    int rc = pos_product_check_name(name, len, why);
    if (rc != 0)
        return rc;
    memcpy(p->name, name, len);
    p->name[len] = '\0';
    return 0;
}

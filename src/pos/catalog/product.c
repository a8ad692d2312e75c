#include "pos/catalog/product.h"

#include <string.h>

#include "core/checks/ean.h"
#include "core/utf8.h"

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

int pos_product_check_name(const char *name, size_t len, struct ps_reason *why)
{
    const unsigned char *s = (const unsigned char *)name;

    if (len == 0)
        return ps_fail(why, PS_EFORMAT, "name: empty");
    if (len > POS_PRODUCT_NAME_MAX)
        return ps_fail(why, PS_ETOOLONG, "name: %zu bytes, at most %d", len, POS_PRODUCT_NAME_MAX);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = ps_utf8_decode(name + i, len - i, &cp);
        if (n == 0)
            return ps_fail(why, PS_EFORMAT,
                           "name: not UTF-8 (byte 0x%02X at offset %zu); save the file as UTF-8",
                           s[i], i);
        if ((cp < 0x20 || cp == 0x7F) && cp != '\n' && cp != '\r')
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

/* paycode.h — the payment codes (付款码) a customer shows on a phone and a cashier
 * scans for a QR / barcode payment: which scheme issued the code, told by its first
 * two digits and its length, as the schemes' merchant integration guides define them:
 *
 *   WeChat Pay   18 digits, starting 10-15
 *   Alipay       16 to 24 digits, starting 25-30
 *   UnionPay QR  19 digits, starting 62
 *
 * The codes are short-lived tokens with no check digit; only the scheme can tell
 * whether one is still good. */
#ifndef POSSUM_CORE_CHECKS_PAYCODE_H
#define POSSUM_CORE_CHECKS_PAYCODE_H

#include <stddef.h>

#include "core/error.h"

/* Nonzero, so that a zeroed variable names no scheme. */
enum ps_paycode_scheme {
    PS_PAYCODE_WECHAT = 1,
    PS_PAYCODE_ALIPAY = 2,
    PS_PAYCODE_UNIONPAY = 3,
};

/* A static name: "WeChat Pay", "Alipay", "UnionPay QR", or "unknown". */
const char *ps_paycode_scheme_name(enum ps_paycode_scheme scheme);

/* Identifies the scheme of the payment code s[0..len): ASCII digits only, with a
 * known prefix and that scheme's length. Reads only s[0..len). Sets *scheme (OUT,
 * may be NULL) when 0 is returned. Returns 0 or PS_EFORMAT (a non-digit, an unknown
 * prefix, or the wrong length for the scheme, named in why). */
int ps_paycode_identify(const char *s, size_t len, enum ps_paycode_scheme *scheme /* OUT */,
                        struct ps_reason *why);

#endif

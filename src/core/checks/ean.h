/* ean.h — the GS1 check digit of the product codes a cashier scans: EAN-13, EAN-8
 * and UPC-A (GS1 General Specifications §7.9.1). The kind is told by the length. */
#ifndef POSSUM_CORE_CHECKS_EAN_H
#define POSSUM_CORE_CHECKS_EAN_H

#include <stddef.h>

#include "core/error.h"

/* The kinds of product code; each value is the code's length in digits. */
enum ps_ean_kind {
    PS_EAN_8 = 8,
    PS_UPC_A = 12,
    PS_EAN_13 = 13,
};

/* A static name: "EAN-13", "EAN-8", "UPC-A", or "unknown" for any other value. */
const char *ps_ean_kind_name(enum ps_ean_kind kind);

/* Validates s[0..len): 8, 12 or 13 ASCII digits, the last being the GS1 check digit.
 * Sets *kind (OUT, may be NULL) when 0 is returned. Reads only s[0..len).
 * Returns 0, PS_EFORMAT (another length, or a non-digit named with its 1-based
 * position) or PS_ECHECK ("check digit should be 3, not 4"). */
int ps_ean_validate(const char *s, size_t len, enum ps_ean_kind *kind /* OUT */,
                    struct ps_reason *why);

/* Computes the check digit to append to body[0..len): 7 digits (EAN-8), 11 (UPC-A)
 * or 12 (EAN-13). Sets *check (OUT) to '0'..'9' and *kind (OUT, may be NULL) to the
 * kind the complete code will be. Returns 0 or PS_EFORMAT. */
int ps_ean_compute(const char *body, size_t len, char *check /* OUT */,
                   enum ps_ean_kind *kind /* OUT */, struct ps_reason *why);

#endif

/* product.h — a product as the merchant sells it, and what each of its fields may hold.
 *
 * The checks here are the one place that says what a valid product is; the store
 * (catalog.h) and the CSV import (import.h) both use them, so a product refused by one
 * is refused by the other with the same sentence. Each reason starts with the field's
 * name as the CSV header spells it (code, name, price, tax_rate, stock), so the import
 * only has to put "line N: " in front.
 *
 * Nothing here allocates; struct pos_product is a plain value the caller owns. */
#ifndef POSSUM_POS_CATALOG_PRODUCT_H
#define POSSUM_POS_CATALOG_PRODUCT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

#define POS_PRODUCT_CODE_MAX 13 /* digits of an EAN-13, the longest code */
/* Bytes of UTF-8, not characters: 53 Chinese characters at three bytes each. A
 * receipt line is narrower than that; the receipt wraps or cuts, the catalog keeps
 * what the merchant typed. */
#define POS_PRODUCT_NAME_MAX 160
#define POS_TAX_BP_MAX       10000 /* 100% in basis points */

struct pos_product {
    char code[POS_PRODUCT_CODE_MAX + 1]; /* EAN-13, EAN-8 or UPC-A digits, NUL-terminated */
    char name[POS_PRODUCT_NAME_MAX + 1]; /* UTF-8, NUL-terminated, not empty */
    int64_t price;                       /* fen per unit, tax included (as shelves show) */
    int32_t tax_bp;                      /* tax rate in basis points: 1300 is 13% */
    int64_t stock; /* units on hand; below zero when more was sold than was counted */
};

/* Checks code[0..len): 13 (EAN-13), 12 (UPC-A) or 8 (EAN-8) digits whose last is the
 * GS1 check digit. Returns 0, PS_EFORMAT or PS_ECHECK, with a reason that names the
 * code when it prints ("code 6901234567891: check digit should be 2, not 1"). */
int pos_product_check_code(const char *code, size_t len, struct ps_reason *why);

/* Checks name[0..len): 1 to POS_PRODUCT_NAME_MAX bytes of well-formed UTF-8 (RFC 3629:
 * no overlong forms, no surrogates), and no control characters except line breaks
 * (LF, CR), which a CSV may carry inside a quoted name. PS_EFORMAT or PS_ETOOLONG. */
int pos_product_check_name(const char *name, size_t len, struct ps_reason *why);

/* A unit price is >= 0 fen (a free gift is 0). PS_EINVAL otherwise. */
int pos_product_check_price(int64_t price, struct ps_reason *why);

/* A tax rate is 0 to POS_TAX_BP_MAX basis points. PS_EINVAL otherwise. */
int pos_product_check_tax(int64_t tax_bp, struct ps_reason *why);

/* Checks every field of p (code and name must be NUL-terminated inside their arrays;
 * any stock is valid). Returns 0 or the first field's error. */
int pos_product_check(const struct pos_product *p, struct ps_reason *why);

/* Check code[0..len) or name[0..len) as above, then copy it into p with its NUL.
 * On failure p is unchanged. */
int pos_product_set_code(struct pos_product *p, const char *code, size_t len,
                         struct ps_reason *why);
int pos_product_set_name(struct pos_product *p, const char *name, size_t len,
                         struct ps_reason *why);

#endif

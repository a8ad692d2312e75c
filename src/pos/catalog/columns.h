/* columns.h — the catalog CSV's columns that are numbers, as text and back.
 *
 * price is yuan with two decimals (core/money.h does the arithmetic of both ways);
 * tax_rate and stock are parsed here too. Each parser reads only s[0..len), refuses anything it
 * does not document with a reason that starts with the column's name, and parses back what its
 * formatter writes. */
#ifndef POSSUM_POS_CATALOG_COLUMNS_H
#define POSSUM_POS_CATALOG_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Longest text pos_tax_format writes, with its NUL: "100" or "12.34". */
#define POS_TAX_TEXT_MAX 8

/* A tax rate as a percent with up to two decimals and an optional '%' ("13", "9.5",
 * "6.25%", "0") into basis points (1300, 950, 625, 0), 0 to 100%. PS_EFORMAT or
 * PS_EINVAL (above 100%). */
int pos_tax_parse(const char *s, size_t len, int32_t *bp /* OUT */, struct ps_reason *why);

/* Writes bp (0..10000) as the shortest percent that parses back: 1300 "13", 950
 * "9.5", 625 "6.25". Returns the length, or PS_EINVAL for a rate outside 0..10000. */
int pos_tax_format(int32_t bp, char buf[POS_TAX_TEXT_MAX] /* OUT */);

/* A stock count: optional '-', then 1 to 19 ASCII digits, within int64. PS_EFORMAT or
 * PS_EOVERFLOW. */
int pos_stock_parse(const char *s, size_t len, int64_t *stock /* OUT */, struct ps_reason *why);

/* A unit price in yuan ("12.50", "3", "0.5") into fen with core's ps_money_parse, and
 * not negative. PS_EFORMAT, PS_EOVERFLOW or PS_EINVAL ("price: -1.00 is negative"). */
int pos_price_parse(const char *s, size_t len, int64_t *fen /* OUT */, struct ps_reason *why);

#endif

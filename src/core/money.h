/* money.h — amounts as int64_t fen (1/100 yuan), and the only arithmetic on them.
 *
 * No float or double ever touches money in possum (DESIGN.md, "Money"). Amounts are
 * whole fen in an int64_t; the range is therefore -92233720368547758.08 to
 * 92233720368547758.07 yuan. Every operation that can lose a fraction of a fen takes an
 * explicit, named rounding mode, and every operation that can leave that range says
 * so with PS_EOVERFLOW instead of wrapping.
 *
 * Nothing here allocates or keeps state; every function is safe to call from any thread.
 */
#ifndef POSSUM_CORE_MONEY_H
#define POSSUM_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Longest text ps_money_format() writes, with its NUL: "-92233720368547758.08". */
#define PS_MONEY_TEXT_MAX 22

/* How a result that falls between two fen is brought to one of them. The caller always
 * names the mode; there is no default argument. Fee plans use PS_ROUND_HALF_UP unless a
 * rule says otherwise (DESIGN.md). */
enum ps_rounding {
    PS_ROUND_HALF_UP,   /* nearest fen; an exact half goes away from zero: the default for fees */
    PS_ROUND_HALF_EVEN, /* nearest fen; an exact half goes to the even fen (banker's rounding) */
    PS_ROUND_DOWN,      /* toward zero: drop the fraction */
    PS_ROUND_UP         /* away from zero: any fraction costs a whole fen */
};

/* Parses decimal yuan text[0..len) into fen. text need not be NUL-terminated and is
 * never read past len.
 *
 * Accepted, and nothing else: an optional leading '-', one or more ASCII digits, then
 * optionally '.' and one or two digits ("12.34", "0.01", "12", "12.3", "-5.00",
 * "007.10", "-0"). No '+', no blanks, no exponent, no digit grouping, no leading or
 * trailing '.', no full-width digits.
 *
 * Sets *out_fen (OUT) on success and to 0 on failure. Returns 0, PS_EFORMAT (the text
 * is not an amount; why names the offset and the reason) or PS_EOVERFLOW (a well-formed
 * amount outside int64_t fen). Format errors are reported before range errors. */
int ps_money_parse(const char *text, size_t len, int64_t *out_fen /* OUT */, struct ps_reason *why);

/* Writes fen as decimal yuan with exactly two decimals and a NUL into buf[0..cap):
 * "12.34", "-0.05", "0.00", "-92233720368547758.08". The output always parses back to
 * the same fen. A buffer of PS_MONEY_TEXT_MAX chars always suffices.
 * Returns the length written, excluding the NUL, or PS_ESPACE when cap is too small
 * (then buf holds "" if cap > 0). */
int ps_money_format(int64_t fen, char *buf /* OUT */, size_t cap);

/* *out = fen * num / den, rounded by mode. The product is exact (128-bit intermediate),
 * so only the final rounding loses anything. num may be negative; den must be > 0.
 * Returns 0, PS_EINVAL (den <= 0 or an unknown mode) or PS_EOVERFLOW (the rounded
 * result is outside int64_t). *out is set to 0 on failure. */
int ps_money_mul_ratio(int64_t fen, int64_t num, int64_t den, enum ps_rounding mode,
                       int64_t *out /* OUT */);

/* fen * bp / 10000: a rate in basis points (1 bp = 0.01%; a 0.38% fee is 38 bp).
 * Same results as ps_money_mul_ratio(). */
int ps_money_mul_bp(int64_t fen, int64_t bp, enum ps_rounding mode, int64_t *out /* OUT */);

/* fen * ppm / 1000000: a rate in millionths, for fee plans finer than a basis point
 * (0.385% is 3850 ppm). Same results as ps_money_mul_ratio(). */
int ps_money_mul_ppm(int64_t fen, int64_t ppm, enum ps_rounding mode, int64_t *out /* OUT */);

/* *out = a + b, or PS_EOVERFLOW (and *out = 0) when the sum is outside int64_t. */
int ps_money_add(int64_t a, int64_t b, int64_t *out /* OUT */);

/* *out = a - b, or PS_EOVERFLOW (and *out = 0) when the difference is outside int64_t. */
int ps_money_sub(int64_t a, int64_t b, int64_t *out /* OUT */);

#endif

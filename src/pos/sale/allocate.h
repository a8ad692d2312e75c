/* allocate.h — splitting an amount over parts in proportion, to the fen, exactly.
 *
 * The order discount is spread over the cart's lines this way, so that each line's
 * net and tax can be told and the lines still add up to the total to the fen. The
 * same rule serves anything else that must be split (a refund of part of an order). */
#ifndef POSSUM_POS_SALE_ALLOCATE_H
#define POSSUM_POS_SALE_ALLOCATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Splits total (>= 0) over weights[0..n) (each >= 0) in proportion, by the largest
 * remainder rule (Hamilton's method): each share is first total * w / sum rounded down;
 * the fen left over go one each to the shares whose dropped fractions were largest,
 * the earlier share first when two are equal. So the shares add up to total exactly,
 * each is within one fen of its exact proportion, and when total <= sum no share is
 * above its weight. shares[0..n) (OUT) may not overlap weights.
 *
 * Returns 0; PS_EINVAL when a weight or total is negative, or total > 0 with nothing to
 * spread it over (every weight 0); PS_EOVERFLOW when the weights' sum leaves int64.
 * Work is n times the fen left over (fewer than n): meant for carts, not ledgers. */
int pos_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *shares /* OUT */,
                 struct ps_reason *why);

#endif

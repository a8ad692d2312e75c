#include "pos/sale/allocate.h"

#include <assert.h>

/* The fraction dropped from share i, as the numerator over the weights' sum:
 * total * w mod sum. Exact in 128 bits (both factors are below 2^63). */
static __int128 dropped(int64_t total, int64_t weight, int64_t sum)
{
    return (__int128)total * weight % sum;
}

/* Whether share i comes after share j in the order the left-over fen go out: larger
 * dropped fraction first, then the earlier share. */
static int comes_after(__int128 ri, size_t i, __int128 rj, size_t j)
{
    return ri < rj || (ri == rj && i > j);
}

/* Gives one fen each to the `left` shares first in that order. Each round takes the
 * first share after the one the last round took, so no scratch memory is needed. */
static void give_left_over(int64_t total, const int64_t *weights, size_t n, int64_t sum,
                           int64_t left, int64_t *shares)
{
    __int128 last_r = 0;
    size_t last = 0;
    for (int64_t k = 0; k < left; k++) {
        size_t best = n;
        __int128 best_r = 0;
        for (size_t i = 0; i < n; i++) {
            __int128 r = dropped(total, weights[i], sum);
            if (k > 0 && !comes_after(r, i, last_r, last))
                continue;
            if (best == n || comes_after(best_r, best, r, i)) {
                best = i;
                best_r = r;
            }
        }
        /* fewer fen are left over than shares that dropped a fraction */
        assert(best < n);
        shares[best]++;
        last = best;
        last_r = best_r;
    }
}

int pos_allocate(int64_t total, const int64_t *weights, size_t n, int64_t *shares,
                 struct ps_reason *why)
{
    int64_t sum = 0, given = 0;

    if (total < 0)
        return ps_fail(why, PS_EINVAL, "allocate: a negative total (%lld)", (long long)total);
    for (size_t i = 0; i < n; i++) {
        if (weights[i] < 0)
            return ps_fail(why, PS_EINVAL, "allocate: weight %zu is negative", i + 1);
        if (__builtin_add_overflow(sum, weights[i], &sum))
            return ps_fail(why, PS_EOVERFLOW, "allocate: the weights add up past 64 bits");
    }
    if (sum == 0) {
        if (total > 0)
            return ps_fail(why, PS_EINVAL, "allocate: nothing to spread %lld fen over",
                           (long long)total);
        for (size_t i = 0; i < n; i++)
            shares[i] = 0;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        /* <= total, so it fits; the rounded-down shares add up to at most total */
        shares[i] = (int64_t)((__int128)total * weights[i] / sum);
        given += shares[i];
    }
    give_left_over(total, weights, n, sum, total - given, shares);
    ps_reason_clear(why);
    return 0;
}

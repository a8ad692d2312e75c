#include "ctl/fleet/histogram.h"

#define SUB (1u << FLEET_HIST_SUB_BITS)

/* Below SUB the value is its bucket; above, the power of two picks a row of SUB
 * buckets and the next FLEET_HIST_SUB_BITS bits below the top one pick the bucket. */
static unsigned bucket_of(uint64_t v)
{
    if (v < SUB)
        return (unsigned)v;
    unsigned top = 63u - (unsigned)__builtin_clzll(v);
    if (top >= FLEET_HIST_TOP_BIT)
        return FLEET_HIST_BUCKETS - 1;
    unsigned shift = top - FLEET_HIST_SUB_BITS;
    return ((top - FLEET_HIST_SUB_BITS + 1) << FLEET_HIST_SUB_BITS) +
           (unsigned)((v >> shift) & (SUB - 1));
}

/* The largest value bucket b holds. */
static uint64_t bucket_top(unsigned b)
{
    if (b < SUB)
        return b;
    unsigned row = b >> FLEET_HIST_SUB_BITS; /* 1 for values 64..127 */
    unsigned shift = row - 1;
    uint64_t low = (uint64_t)(SUB + (b & (SUB - 1))) << shift;
    return low + ((uint64_t)1 << shift) - 1;
}

void fleet_hist_add(struct fleet_hist *h, uint64_t us)
{
    h->bucket[bucket_of(us)]++;
    h->count++;
    if (us > h->max)
        h->max = us;
}

void fleet_hist_merge(struct fleet_hist *into, const struct fleet_hist *from)
{
    for (unsigned b = 0; b < FLEET_HIST_BUCKETS; b++)
        into->bucket[b] += from->bucket[b];
    into->count += from->count;
    if (from->max > into->max)
        into->max = from->max;
}

uint64_t fleet_hist_quantile(const struct fleet_hist *h, unsigned permille)
{
    uint64_t rank, seen = 0;

    if (h->count == 0)
        return 0;
    /* the smallest rank r with r / count >= permille / 1000, at least 1 */
    rank = (h->count * permille + 999) / 1000;
    if (rank == 0)
        rank = 1;
    for (unsigned b = 0; b < FLEET_HIST_BUCKETS; b++) {
        seen += h->bucket[b];
        if (seen >= rank) {
            uint64_t top = bucket_top(b);
            return top < h->max ? top : h->max;
        }
    }
    return h->max;
}

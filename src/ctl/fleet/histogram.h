/* histogram.h — latencies in microseconds, kept the way HdrHistogram keeps them: exact
 * below 64 us, then 64 buckets per power of two, so every value is known to within
 * 1/64 (1.6 %) without storing samples. Adding is a few instructions and allocates
 * nothing; each fleet thread keeps its own and they are merged at the end. */
#ifndef POSSUM_CTL_FLEET_HISTOGRAM_H
#define POSSUM_CTL_FLEET_HISTOGRAM_H

#include <stdint.h>

#define FLEET_HIST_SUB_BITS 6
#define FLEET_HIST_TOP_BIT  36 /* values from 2^36 us (19 hours) on share the last bucket */
#define FLEET_HIST_BUCKETS  ((FLEET_HIST_TOP_BIT - FLEET_HIST_SUB_BITS + 1) << FLEET_HIST_SUB_BITS)

struct fleet_hist {
    uint64_t count;
    uint64_t max; /* exact */
    uint64_t bucket[FLEET_HIST_BUCKETS];
};

void fleet_hist_add(struct fleet_hist *h, uint64_t us);
void fleet_hist_merge(struct fleet_hist *into, const struct fleet_hist *from);

/* The latency under which permille thousandths of the values fall (500: the median,
 * 990: p99): the top of the bucket holding that rank, never above the maximum; 0 for
 * an empty histogram. */
uint64_t fleet_hist_quantile(const struct fleet_hist *h, unsigned permille);

#endif

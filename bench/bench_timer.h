/* bench_timer.h — time a loop: the median over BENCH_ROUNDS rounds of ns per op. */
#ifndef POSSUM_BENCH_TIMER_H
#define POSSUM_BENCH_TIMER_H

#include <stdint.h>

#define BENCH_ROUNDS 7

/* Runs `iterations` operations and returns something derived from their results. */
typedef uint64_t (*bench_fn)(void *arg, uint64_t iterations);

/* Calls fn once to warm up, then BENCH_ROUNDS timed times; returns the median
 * nanoseconds per iteration. Results are added to *sink so no work is optimised away. */
double bench_ns_per_op(bench_fn fn, void *arg, uint64_t iterations, volatile uint64_t *sink);

#endif

#include "bench/bench_timer.h"

#include <stdlib.h>
#include <time.h>

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_ns_per_op(bench_fn fn, void *arg, uint64_t iterations, volatile uint64_t *sink)
{
    double rounds[BENCH_ROUNDS];
    *sink += fn(arg, iterations / 4 + 1);
    for (int r = 0; r < BENCH_ROUNDS; r++) {
        double start = now_ns();
        *sink += fn(arg, iterations);
        rounds[r] = (now_ns() - start) / (double)iterations;
    }
    qsort(rounds, BENCH_ROUNDS, sizeof(rounds[0]), compare_doubles);
    return rounds[BENCH_ROUNDS / 2];
}

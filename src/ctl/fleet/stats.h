/* stats.h — what a fleet thread counts, and the report made of every thread's counts.
 *
 * Each thread writes only its own counters; the main thread reads them for the
 * progress lines while the run goes on, hence relaxed atomics (plain loads and stores
 * on the machines we run on: no locked instruction on the hot path). The histogram is
 * the thread's alone and is merged after the threads joined. */
#ifndef POSSUM_CTL_FLEET_STATS_H
#define POSSUM_CTL_FLEET_STATS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "ctl/fleet/histogram.h"

enum fleet_counter {
    FLEET_REQUESTS, /* answered in the measured window */
    FLEET_APPROVED, /* ... with 00 */
    FLEET_APPROVED_PURCHASES,
    FLEET_DECLINED,            /* ... with another code */
    FLEET_EXPECTED_DECLINES,   /* the decline the terminal asked for */
    FLEET_UNEXPECTED_DECLINES, /* any other decline of a card transaction (whole run) */
    FLEET_ERRORS,              /* failed exchanges of the whole run, timeouts included */
    FLEET_TIMEOUTS,
    FLEET_UNBALANCED,  /* settlements the host called not balanced */
    FLEET_SETTLEMENTS, /* settlements recorded */
    FLEET_ANSWERS,     /* answers read, the whole run: what the fleet's CPU time is per */
    FLEET_COUNTERS
};

struct fleet_stats {
    _Atomic uint64_t n[FLEET_COUNTERS];
    struct fleet_hist latency; /* of the requests counted in FLEET_REQUESTS, in us */
};

/* Adds one, from the thread that owns s. */
static inline void fleet_count(struct fleet_stats *s, enum fleet_counter c)
{
    uint64_t v = atomic_load_explicit(&s->n[c], memory_order_relaxed);
    atomic_store_explicit(&s->n[c], v + 1, memory_order_relaxed);
}

static inline uint64_t fleet_read(const struct fleet_stats *s, enum fleet_counter c)
{
    return atomic_load_explicit(&s->n[c], memory_order_relaxed);
}

/* The fleet's figures, as the last line of `possumctl fleet`. */
struct fleet_report {
    unsigned terminals;
    double duration_s; /* the measured window */
    double cpu_s;      /* the fleet's own CPU time (user and system), the whole run */
    uint64_t n[FLEET_COUNTERS];
    struct fleet_hist latency;
};

/* Adds the counters and latencies of s into r (after s's thread ended). */
void fleet_report_add(struct fleet_report *r, const struct fleet_stats *s);

/* Writes r as one line of JSON. */
void fleet_report_print(const struct fleet_report *r, FILE *out);

#endif

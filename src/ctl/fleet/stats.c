#include "ctl/fleet/stats.h"

void fleet_report_add(struct fleet_report *r, const struct fleet_stats *s)
{
    for (int c = 0; c < FLEET_COUNTERS; c++)
        r->n[c] += fleet_read(s, (enum fleet_counter)c);
    fleet_hist_merge(&r->latency, &s->latency);
}

static double per_second(uint64_t n, double seconds)
{
    return seconds > 0 ? (double)n / seconds : 0.0;
}

void fleet_report_print(const struct fleet_report *r, FILE *out)
{
    const uint64_t *n = r->n;

    fprintf(out,
            "{\"terminals\":%u,\"duration_s\":%.3f,\"requests\":%llu,\"tps\":%.1f,"
            "\"approved\":%llu,\"approved_purchases\":%llu,\"purchases_per_s\":%.1f,"
            "\"declined\":%llu,\"expected_declines\":%llu,\"unexpected_declines\":%llu,"
            "\"errors\":%llu,\"timeouts\":%llu,\"unbalanced\":%llu,\"settlements\":%llu,"
            "\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"cpu_us_per_request\":%.2f}\n",
            r->terminals, r->duration_s, (unsigned long long)n[FLEET_REQUESTS],
            per_second(n[FLEET_REQUESTS], r->duration_s), (unsigned long long)n[FLEET_APPROVED],
            (unsigned long long)n[FLEET_APPROVED_PURCHASES],
            per_second(n[FLEET_APPROVED_PURCHASES], r->duration_s),
            (unsigned long long)n[FLEET_DECLINED], (unsigned long long)n[FLEET_EXPECTED_DECLINES],
            (unsigned long long)n[FLEET_UNEXPECTED_DECLINES], (unsigned long long)n[FLEET_ERRORS],
            (unsigned long long)n[FLEET_TIMEOUTS], (unsigned long long)n[FLEET_UNBALANCED],
            (unsigned long long)n[FLEET_SETTLEMENTS],
            (double)fleet_hist_quantile(&r->latency, 500) / 1000.0,
            (double)fleet_hist_quantile(&r->latency, 990) / 1000.0, (double)r->latency.max / 1000.0,
            n[FLEET_ANSWERS] > 0 ? r->cpu_s * 1e6 / (double)n[FLEET_ANSWERS] : 0.0);
}

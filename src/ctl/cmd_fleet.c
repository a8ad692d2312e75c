/* possumctl fleet — a fleet of simulated terminals against possumd: each signs in on
 * its own connection, runs a realistic mix until the deadline, keeps its batch totals
 * and settles. The threads and the terminal's state machine are in src/ctl/fleet/;
 * this file starts them, prints progress and the final figures. docs/possumctl.md
 * describes the command and its output. */
#include <netdb.h>
#include <signal.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl/cli.h"
#include "ctl/commands.h"
#include "ctl/fleet/loop.h"
#include "ctl/fleet/options.h"
#include "ctl/fleet/stats.h"
#include "pos/hostlink/tls.h"

/* One host's address, resolved once for every connection to it. */
static int resolve(const struct fleet_host *h, struct fleet_target *out)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = NULL;
    int rc = getaddrinfo(h->host, h->port, &hints, &list);

    if (rc != 0)
        return cli_error(CLI_USAGE, "fleet: --host %s:%s: %s", h->host, h->port, gai_strerror(rc));
    out->name = h;
    memcpy(&out->addr, list->ai_addr, list->ai_addrlen);
    out->addr_len = list->ai_addrlen;
    freeaddrinfo(list);
    return CLI_OK;
}

static int resolve_all(const struct fleet_options *o, struct fleet_run *run)
{
    for (unsigned i = 0; i < o->host_count; i++) {
        int rc = resolve(&o->hosts[i], &run->targets[i]);
        if (rc != CLI_OK)
            return rc;
    }
    return CLI_OK;
}

static void sum(struct fleet_loop *loops, unsigned n, uint64_t out[FLEET_COUNTERS])
{
    memset(out, 0, FLEET_COUNTERS * sizeof(out[0]));
    for (unsigned i = 0; i < n; i++) {
        for (int c = 0; c < FLEET_COUNTERS; c++)
            out[c] += fleet_read(&loops[i].stats, (enum fleet_counter)c);
    }
}

static unsigned finished(struct fleet_loop *loops, unsigned n)
{
    unsigned done = 0;
    for (unsigned i = 0; i < n; i++)
        done += (unsigned)atomic_load(&loops[i].finished);
    return done;
}

/* One line a second on stderr while the threads run. */
static void watch(const struct fleet_options *o, const struct fleet_run *run,
                  struct fleet_loop *loops, unsigned n)
{
    int64_t start = fleet_now_us();
    uint64_t now_n[FLEET_COUNTERS], last = 0;
    const char *phase;

    while (finished(loops, n) < n) {
        usleep(100000);
        int64_t t = fleet_now_us();
        if (o->json_only || (t - start) / 1000000 == (t - start - 100000) / 1000000)
            continue;
        sum(loops, n, now_n);
        phase = t < run->measure_from_us ? "warm-up" : t < run->deadline_us ? "run" : "settling";
        fprintf(stderr,
                "fleet: %3lld s %-8s %10llu requests %8llu/s  approved %llu  declined %llu  "
                "errors %llu\n",
                (long long)((t - start) / 1000000), phase,
                (unsigned long long)now_n[FLEET_REQUESTS],
                (unsigned long long)(now_n[FLEET_REQUESTS] - last),
                (unsigned long long)now_n[FLEET_APPROVED],
                (unsigned long long)now_n[FLEET_DECLINED], (unsigned long long)now_n[FLEET_ERRORS]);
        last = now_n[FLEET_REQUESTS];
    }
}

/* The CPU time this process used so far, user and system, in seconds. */
static double cpu_seconds(void)
{
    struct rusage ru;

    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0.0;
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Starts the threads, each with an equal share of the terminals, and waits for them. */
static int run_fleet(const struct fleet_options *o, struct fleet_run *run,
                     struct fleet_report *report)
{
    unsigned n = (unsigned)(o->threads < o->terminals ? o->threads : o->terminals), started = 0;
    struct fleet_loop *loops = calloc(n, sizeof(*loops));
    int status = CLI_OK;

    if (loops == NULL)
        return cli_error(CLI_FAILURE, "fleet: out of memory");
    for (unsigned i = 0; i < n; i++) {
        loops[i].run = run;
        loops[i].first = (unsigned)(o->terminals * i / n);
        loops[i].count = (unsigned)(o->terminals * (i + 1) / n) - loops[i].first;
        if (fleet_loop_start(&loops[i]) != 0) {
            status = cli_error(CLI_FAILURE, "fleet: cannot start thread %u", i);
            break;
        }
        started++;
    }
    watch(o, run, loops, started);
    for (unsigned i = 0; i < started; i++) {
        fleet_loop_join(&loops[i]);
        if (loops[i].failed)
            status = cli_error(CLI_FAILURE, "fleet: thread %u: %s", i, loops[i].why);
        fleet_report_add(report, &loops[i].stats);
    }
    free(loops);
    return status;
}

int cmd_fleet(int argc, char **argv)
{
    static struct fleet_options o; /* with the run and the report, too large for a stack */
    static struct fleet_run run;
    static struct fleet_report report;
    struct ps_reason why;
    int help = 0, rc;

    if ((rc = fleet_options_parse(argc, argv, &o, &help)) != CLI_OK || help)
        return rc;
    signal(SIGPIPE, SIG_IGN); /* a write to a connection the host closed */
    memset(&run, 0, sizeof(run));
    memset(&report, 0, sizeof(report));
    run.o = &o;
    if ((rc = resolve_all(&o, &run)) != CLI_OK)
        return rc;
    if (o.tls && hl_tls_client_ctx(&run.tls, o.ca, o.insecure, &why) != 0)
        return cli_error(CLI_USAGE, "fleet: %s", why.text);
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    run.stan_salt = (uint64_t)wall.tv_sec * 1000000000u + (uint64_t)wall.tv_nsec;
    int64_t start = fleet_now_us();
    run.measure_from_us = start + (int64_t)o.warmup_s * 1000000;
    run.deadline_us = run.measure_from_us + (int64_t)o.duration_s * 1000000;
    /* time for the last answers and the settlements: three timeouts, at least 10 s */
    run.give_up_us =
        run.deadline_us + 3 * (int64_t)(o.timeout_ms > 3333 ? o.timeout_ms : 3333) * 1000;
    rc = run_fleet(&o, &run, &report);
    SSL_CTX_free(run.tls);
    report.terminals = (unsigned)o.terminals;
    report.duration_s = (double)(run.deadline_us - run.measure_from_us) / 1e6;
    report.cpu_s = cpu_seconds();
    fleet_report_print(&report, stdout);
    if (rc != CLI_OK)
        return rc;
    return report.n[FLEET_ERRORS] == 0 && report.n[FLEET_UNEXPECTED_DECLINES] == 0 &&
                   report.n[FLEET_UNBALANCED] == 0
               ? CLI_OK
               : CLI_INVALID;
}

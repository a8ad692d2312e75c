/* loop.h — one fleet thread: a libevent loop driving its share of the terminals, each
 * on its own connection with one request in flight, as real terminals are. A few such
 * threads stand in for thousands of terminals without a thread per terminal, which
 * would measure context switches instead of the host.
 *
 * The run is shared, read-only once the threads start (but for the count of problems
 * reported); everything else a loop touches is its own. */
#ifndef POSSUM_CTL_FLEET_LOOP_H
#define POSSUM_CTL_FLEET_LOOP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include <openssl/ssl.h>

#include "core/iso8583/iso8583.h"
#include "ctl/fleet/conn.h"
#include "ctl/fleet/options.h"
#include "ctl/fleet/stats.h"
#include "pos/hostlink/requests.h"

#define FLEET_PROBLEMS_SHOWN 10 /* unexpected outcomes told on stderr, the first ones */

/* One host of the run, its address resolved once for every connection to it. */
struct fleet_target {
    const struct fleet_host *name; /* in the options: TLS checks the certificate against it */
    struct sockaddr_storage addr;
    socklen_t addr_len;
};

struct fleet_run {
    const struct fleet_options *o;
    SSL_CTX *tls;                                 /* NULL: plain TCP */
    struct fleet_target targets[FLEET_HOSTS_MAX]; /* o->host_count of them */
    int64_t measure_from_us;                      /* CLOCK_MONOTONIC: the end of the warm-up */
    int64_t deadline_us;                          /* no new transaction after this; settle */
    int64_t give_up_us;                           /* whatever has not settled by then is an error */
    uint64_t stan_salt; /* where the terminals' STANs start (sim.c), from the clock */
    _Atomic unsigned problems;
};

struct fleet_sim;
struct event_base;
struct event;

struct fleet_loop {
    struct fleet_run *run;
    unsigned first, count; /* the fleet's terminals first .. first + count - 1 */
    struct event_base *base;
    struct fleet_conn_loop conns; /* the terminals' connections share it */
    struct event *deadline, *give_up;
    struct event *tick; /* checks the terminals' waits against --timeout (loop.c) */
    struct fleet_sim *sims;
    unsigned active; /* terminals not done */
    int draining;    /* the deadline passed */
    struct fleet_stats stats;
    struct hl_wire wire;                                 /* building requests */
    struct ps_iso_msg rx;                                /* reading answers */
    uint8_t frame[PS_FRAME_PREFIX + PS_ISO_MAX_MESSAGE]; /* one answer, off the socket */
    pthread_t thread;
    _Atomic int finished;
    int failed; /* the loop could not start: why says why */
    char why[PS_REASON_MAX];
};

/* Starts l's thread (l->run, first and count set; the rest zeroed). Returns 0 or an
 * errno value. */
int fleet_loop_start(struct fleet_loop *l);

/* Waits for l's thread; l's stats are final afterwards. */
void fleet_loop_join(struct fleet_loop *l);

/* Microseconds on CLOCK_MONOTONIC. */
int64_t fleet_now_us(void);

#endif

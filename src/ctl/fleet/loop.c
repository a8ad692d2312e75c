#include "ctl/fleet/loop.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "ctl/fleet/sim.h"

int64_t fleet_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static struct timeval after(int64_t at_us)
{
    int64_t d = at_us - fleet_now_us();
    struct timeval tv = {0, 0};
    if (d > 0) {
        tv.tv_sec = (time_t)(d / 1000000);
        tv.tv_usec = (suseconds_t)(d % 1000000);
    }
    return tv;
}

/* The deadline: no new transaction; each terminal settles after its current answer. */
static void on_deadline(evutil_socket_t fd, short what, void *arg)
{
    struct fleet_loop *l = arg;
    (void)fd;
    (void)what;
    l->draining = 1;
}

/* How often the terminals' waits are checked against --timeout: a tenth of it, within
 * 1 to 100 ms, so a timeout is told at most that much late. */
static struct timeval tick_interval(const struct fleet_options *o)
{
    unsigned long ms = o->timeout_ms / 10;
    ms = ms < 1 ? 1 : ms > 100 ? 100 : ms;
    return (struct timeval){(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000};
}

/* Every tick: the terminals that waited too long for a connection or an answer. */
static void on_tick(evutil_socket_t fd, short what, void *arg)
{
    struct fleet_loop *l = arg;
    int64_t now = fleet_now_us();
    (void)fd;
    (void)what;
    for (unsigned i = 0; i < l->count; i++)
        fleet_sim_check_time(&l->sims[i], now);
}

/* Long after the deadline: what has not finished will not. */
static void on_give_up(evutil_socket_t fd, short what, void *arg)
{
    struct fleet_loop *l = arg;
    (void)fd;
    (void)what;
    for (unsigned i = 0; i < l->count; i++)
        fleet_sim_abandon(&l->sims[i]);
    event_base_loopexit(l->base, NULL);
}

static int prepare(struct fleet_loop *l)
{
    struct ps_reason why;
    struct timeval tv;

    l->base = event_base_new();
    l->sims = calloc(l->count, sizeof(*l->sims));
    if (l->base != NULL) {
        l->deadline = evtimer_new(l->base, on_deadline, l);
        l->give_up = evtimer_new(l->base, on_give_up, l);
        l->tick = event_new(l->base, -1, EV_PERSIST, on_tick, l);
    }
    if (l->sims == NULL || l->deadline == NULL || l->give_up == NULL || l->tick == NULL ||
        fleet_conn_loop_init(&l->conns, l->base) != 0) {
        snprintf(l->why, sizeof(l->why), "out of memory");
        return -1;
    }
    for (unsigned i = 0; i < l->count; i++) {
        if (fleet_sim_init(&l->sims[i], l, l->first + i, &why) != 0) {
            snprintf(l->why, sizeof(l->why), "terminal %u: %.150s", l->first + i, why.text);
            return -1;
        }
    }
    tv = after(l->run->deadline_us);
    evtimer_add(l->deadline, &tv);
    tv = after(l->run->give_up_us);
    evtimer_add(l->give_up, &tv);
    tv = tick_interval(l->run->o);
    evtimer_add(l->tick, &tv);
    return 0;
}

static void release(struct fleet_loop *l)
{
    for (unsigned i = 0; l->sims != NULL && i < l->count; i++)
        fleet_sim_cleanup(&l->sims[i]);
    free(l->sims);
    l->sims = NULL;
    fleet_conn_loop_cleanup(&l->conns);
    if (l->deadline != NULL)
        event_free(l->deadline);
    if (l->give_up != NULL)
        event_free(l->give_up);
    if (l->tick != NULL)
        event_free(l->tick);
    if (l->base != NULL)
        event_base_free(l->base);
}

static void *loop_main(void *arg)
{
    struct fleet_loop *l = arg;

    if (prepare(l) != 0) {
        l->failed = 1;
    } else {
        l->active = l->count;
        for (unsigned i = 0; i < l->count; i++)
            fleet_sim_start(&l->sims[i]);
        if (l->active > 0)
            event_base_dispatch(l->base);
    }
    release(l);
    atomic_store(&l->finished, 1);
    return NULL;
}

int fleet_loop_start(struct fleet_loop *l)
{
    return pthread_create(&l->thread, NULL, loop_main, l);
}

void fleet_loop_join(struct fleet_loop *l)
{
    pthread_join(l->thread, NULL);
}

/* gateway.c — starting and stopping the gateway: the configuration, the loops, the
 * listeners and the TLS context, in that order, and undone in reverse by one path
 * (gateway_free) whether gw_start failed half-way or gw_stop was called. */
#include "host/gateway/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DEFAULT_MAX_FRAME       8192
#define DEFAULT_IDLE_TIMEOUT_MS 60000
#define DEFAULT_MAX_CONNECTIONS 10000
#define DEFAULT_MAX_IN_FLIGHT   4
#define MAX_LOOPS               256

void gw__log(const char *who, const char *event, const char *why)
{
    /* one fprintf per line: stdio locks the stream, so lines of two loops never mix */
    fprintf(stderr, "possumd: gateway: %s: %s: %s\n", who, event, why);
}

int gw__admit(struct gateway *gw)
{
    uint32_t before = atomic_fetch_add_explicit(&gw->connections, 1, memory_order_relaxed);
    if (before < gw->max_connections)
        return 0;
    atomic_fetch_sub_explicit(&gw->connections, 1, memory_order_relaxed);
    return -1;
}

void gw__depart(struct gateway *gw)
{
    atomic_fetch_sub_explicit(&gw->connections, 1, memory_order_relaxed);
}

static int config_port(const char *what, int port, struct ps_reason *why)
{
    if (port < -1 || port > 65535)
        return ps_fail(why, PS_EINVAL, "gateway: %s port %d: not -1, 0 or a port number", what,
                       port);
    return 0;
}

/* Copies what the gateway keeps from cfg; a limit left at 0 takes its default. */
static int gateway_configure(struct gateway *gw, const struct gw_config *cfg, struct ps_reason *why)
{
    int rc = config_port("ISO", cfg->iso_port, why);
    if (rc == 0)
        rc = config_port("TLS", cfg->tls_port, why);
    if (rc < 0)
        return rc;
    if (cfg->iso_port == 0 && cfg->tls_port == 0)
        return ps_fail(why, PS_EINVAL, "gateway: neither the ISO nor the TLS port is on");
    if (cfg->on_frame == NULL)
        return ps_fail(why, PS_EINVAL, "gateway: on_frame is not set");
    if (cfg->loops < 0 || cfg->loops > MAX_LOOPS)
        return ps_fail(why, PS_EINVAL, "gateway: %d loops: from 0 (one per CPU) to %d", cfg->loops,
                       MAX_LOOPS);
    if (cfg->max_frame > 0xFFFF)
        return ps_fail(why, PS_EINVAL,
                       "gateway: max_frame %zu: a 2-byte prefix counts 65535 at most",
                       cfg->max_frame);
    if (cfg->idle_timeout_ms < 0 || cfg->max_connections < 0 || cfg->max_in_flight < 0)
        return ps_fail(why, PS_EINVAL,
                       "gateway: a negative limit (idle timeout %d ms, %d "
                       "connections, %d in flight)",
                       cfg->idle_timeout_ms, cfg->max_connections, cfg->max_in_flight);

    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    gw->loop_count = cfg->loops > 0 ? (unsigned)cfg->loops : (unsigned)(cpus > 0 ? cpus : 1);
    if (gw->loop_count > MAX_LOOPS)
        gw->loop_count = MAX_LOOPS;
    gw->on_frame = cfg->on_frame;
    gw->ctx = cfg->ctx;
    gw->max_frame = cfg->max_frame != 0 ? cfg->max_frame : DEFAULT_MAX_FRAME;
    gw->idle_timeout_ms =
        cfg->idle_timeout_ms != 0 ? cfg->idle_timeout_ms : DEFAULT_IDLE_TIMEOUT_MS;
    gw->max_connections =
        cfg->max_connections != 0 ? (uint32_t)cfg->max_connections : DEFAULT_MAX_CONNECTIONS;
    gw->max_in_flight = cfg->max_in_flight != 0 ? cfg->max_in_flight : DEFAULT_MAX_IN_FLIGHT;
    return 0;
}

/* Stops and frees whatever gw_start built; gw may be NULL or half built. */
static void gateway_free(struct gateway *gw)
{
    if (gw == NULL)
        return;
    for (unsigned i = 0; gw->loops != NULL && i < gw->loop_count; i++)
        if (gw->loops[i].thread_started)
            gw__loop_request_stop(&gw->loops[i]);
    for (unsigned i = 0; gw->loops != NULL && i < gw->loop_count; i++)
        if (gw->loops[i].thread_started)
            pthread_join(gw->loops[i].thread, NULL);
    for (unsigned i = 0; gw->loops != NULL && i < gw->loop_count; i++)
        gw__loop_cleanup(&gw->loops[i]);
    free(gw->loops);
    SSL_CTX_free(gw->tls); /* after the loops: their connections hold SSLs of it */
    free(gw);
}

int gw_start(struct gateway **out, const struct gw_config *cfg, struct ps_reason *why)
{
    struct gateway *gw = NULL;
    int rc;

    if (out == NULL || cfg == NULL)
        return ps_fail(why, PS_EINVAL, "gateway: no configuration");
    *out = NULL;
    gw = calloc(1, sizeof *gw);
    if (gw == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "gateway: out of memory");
        goto out;
    }
    rc = gateway_configure(gw, cfg, why);
    if (rc == 0 && cfg->tls_port != 0)
        rc = gw_tls_context_new(&gw->tls, cfg->tls_cert, cfg->tls_key, why);
    if (rc < 0)
        goto out;
    gw->loops = calloc(gw->loop_count, sizeof *gw->loops);
    if (gw->loops == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "gateway: out of memory");
        goto out;
    }
    for (unsigned i = 0; rc == 0 && i < gw->loop_count; i++)
        rc = gw__loop_init(&gw->loops[i], gw, i, why);
    if (rc == 0)
        rc = gw__listen_open(gw, cfg, why);
    /* threads last: until they run, this thread alone touches the event bases */
    for (unsigned i = 0; rc == 0 && i < gw->loop_count; i++)
        rc = gw__loop_start(&gw->loops[i], why);
    if (rc < 0)
        goto out;
    *out = gw;
    gw = NULL;
out:
    gateway_free(gw);
    return rc;
}

void gw_stop(struct gateway *gw)
{
    gateway_free(gw);
}

int gw_iso_port(const struct gateway *gw)
{
    return gw->iso_port;
}

int gw_tls_port(const struct gateway *gw)
{
    return gw->tls_port;
}

static uint64_t stat_read(const _Atomic uint64_t *counter)
{
    return atomic_load_explicit(counter, memory_order_relaxed);
}

void gw_stats(struct gateway *gw, struct gw_stats *out)
{
    *out = (struct gw_stats){0};
    for (unsigned i = 0; i < gw->loop_count; i++) {
        const struct gw__counters *c = &gw->loops[i].counters;
        out->connections_open += stat_read(&c->connections_open);
        out->connections_total += stat_read(&c->connections_total);
        out->connections_refused += stat_read(&c->connections_refused);
        out->frames_in += stat_read(&c->frames_in);
        out->frames_out += stat_read(&c->frames_out);
        out->frames_rejected += stat_read(&c->frames_rejected);
        out->idle_closed += stat_read(&c->idle_closed);
    }
}

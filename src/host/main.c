/* possumd — the host terminals connect to. Start-up opens the store (running its
 * migrations), loads the master key and the ledger's state, starts the engine (engine
 * and writer threads) and the gateway (one loop per core), and then waits for SIGINT
 * or SIGTERM; stopping answers every request already taken before exiting. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "host/api/api.h"
#include "host/config.h"
#include "host/gateway/gateway.h"
#include "host/gateway/tls_cert.h"
#include "host/keys.h"
#include "host/log.h"
#include "host/office/calendar.h"
#include "host/office/office.h"
#include "host/office/rules.h"
#include "host/pipeline/pipeline.h"
#include "host/sandbox/demo.h"
#include "host/sandbox/demo_office.h"
#include "host/sandbox/demo_staff.h"
#include "host/store/store.h"
#include "host/txn/engine.h"
#include "host/txn/keyring.h"
#include "host/txn/ledger.h"
#include "host/txn/sandbox_issuer.h"

struct host {
    struct host_config cfg;
    struct host_keys *keys;
    struct store *writer, *reader, *checkpointer;
    struct store *office_store; /* the back office's, on the API's thread */
    struct office *office;
    struct sandbox_issuer *issuer;
    struct keyring *keyring;
    struct ledger *ledger;
    struct engine *engine;
    struct pipeline *pipeline;
    struct gateway *gw;
    struct api *api; /* NULL when http_port is off */
    SSL_CTX *api_tls; /* the API's TLS context with http_tls; freed after api_stop() */
    struct host_office_rules office_rules; /* the office borrows them while open */
};

static int make_dir(const char *path, struct ps_reason *why)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST)
        return 0;
    return ps_fail(why, PS_EINVAL, "cannot create %s: %s", path, strerror(errno));
}

static int load_card(void *ctx, const struct card_row *row)
{
    return sandbox_issuer_add_card(ctx, row, NULL) == 0 ? 0 : -1;
}

static int load_hold(void *ctx, const struct hold_row *row)
{
    return sandbox_issuer_add_hold(ctx, row, NULL) == 0 ? 0 : -1;
}

static int open_store(struct host *h, struct ps_reason *why)
{
    struct store_config sc = {
        .backend = h->cfg.store, .path = h->cfg.store_path, .conninfo = h->cfg.postgres};
    int rc = store_open(&h->writer, &sc, why);
    if (rc == 0)
        rc = store_open(&h->reader, &sc, why);
    if (rc == 0)
        rc = store_open(&h->checkpointer, &sc, why);
    if (rc == 0)
        rc = store_open(&h->office_store, &sc, why);
    if (rc == 0)
        rc = host_office_rules_from_config(&h->cfg, &h->office_rules, why);
    if (rc == 0) {
        struct office_config oc = {.host_id = h->cfg.host_id,
                                   .keys = h->keys,
                                   .onboarding = &h->office_rules.onboarding,
                                   .warranty = h->office_rules.warranty,
                                   .offline_after_us = h->cfg.offline_after_s * INT64_C(1000000)};
        rc = office_open(&h->office, h->office_store, &oc, why);
    }
    return rc;
}

/* The back office's demo users, one per role, printed: they are for trying it out; and
 * its applications and terminals. */
static int seed_demo_staff(struct host *h, struct ps_reason *why)
{
    char code[PS_ACTIVATION_CODE_DIGITS + 1];
    uint32_t today = 0;
    int seeded = demo_seed_staff(h->office, why);
    if (seeded < 0)
        return seeded;
    for (size_t i = 0; seeded && i < demo_user_count; i++)
        log_info("demo: back-office user %-10s password %-20s role %s", demo_users[i].username,
                 demo_users[i].password, demo_users[i].role);
    if (!h->cfg.demo_office)
        return 0;
    office_local_date(office_now_us(h->office), h->cfg.utc_offset_minutes, &today, NULL);
    /* the default set names the configured port (any free one: the usual 5800) */
    int iso_port = h->cfg.iso_port > 0 ? h->cfg.iso_port : 5800;
    seeded = demo_seed_office(h->office, today, iso_port, code, why);
    if (seeded == 1)
        log_info("demo: merchant applications in every state, five terminals of merchant 1 "
                 "and their parameter sets; DEMO-A920-0003 waits for activation with code %s",
                 code);
    return seeded < 0 ? seeded : 0;
}

static int prepare_demo(struct host *h, struct ps_reason *why)
{
    static const char *const demo_tls_names[] = {"possumd-demo", "localhost", "127.0.0.1", NULL};
    char dir[CONFIG_PATH_MAX + 8];
    int seeded = demo_seed(h->writer, h->keys, why);
    if (seeded < 0)
        return seeded;
    if (seeded)
        log_info("demo: seeded %d merchants, %d terminals (TID %d..%d) and the sandbox cards",
                 DEMO_MERCHANTS, DEMO_TERMINALS, DEMO_FIRST_TID,
                 DEMO_FIRST_TID + DEMO_TERMINALS - 1);
    log_warn("demo: every terminal's master key is %s, a development key: never use the "
             "demo data in production",
             DEMO_TMK_HEX);
    int rc = seed_demo_staff(h, why);
    if (rc != 0)
        return rc;
    int wants_tls = h->cfg.tls_port != 0 || (h->cfg.http_port != 0 && h->cfg.http_tls);
    if (wants_tls && access(h->cfg.tls_cert, R_OK) != 0) {
        snprintf(dir, sizeof(dir), "%s/tls", h->cfg.data_dir);
        rc = make_dir(dir, why);
        if (rc == 0)
            rc = gw_tls_make_self_signed(h->cfg.tls_cert, h->cfg.tls_key, demo_tls_names, 825, why);
        if (rc != 0)
            return rc;
        log_info("demo: generated a self-signed TLS certificate, %s", h->cfg.tls_cert);
    }
    return 0;
}

static int load_used_paycode(void *ctx, const char *token)
{
    return sandbox_issuer_add_used_paycode(ctx, token, NULL) == 0 ? 0 : -1;
}

/* The sandbox issuer with every card, live hold and used payment code on record, and
 * the ledger over it: at start-up, and again after a conflict with another host. */
static int load_ledger(struct host *h, struct ps_reason *why)
{
    int rc = sandbox_issuer_new(&h->issuer, h->keys);
    if (rc == 0)
        rc = sandbox_issuer_set_host(h->issuer, h->cfg.host_id);
    if (rc != 0)
        return ps_fail(why, rc, "sandbox issuer: %s", ps_strerror(rc));
    if (host_store_is_shared(&h->cfg))
        sandbox_issuer_share(h->issuer, h->reader);
    rc = store_each_card(h->reader, load_card, h->issuer, why);
    if (rc == 0)
        rc = store_each_live_hold(h->reader, load_hold, h->issuer, why);
    if (rc == 0)
        rc = store_each_used_paycode(h->reader, load_used_paycode, h->issuer, why);
    if (rc != 0)
        return rc < 0 ? rc : ps_fail(why, PS_EFORMAT, "cannot load the card accounts");
    struct ledger_config lc = {
        .reader = h->reader,
        .keyring = h->keyring,
        .keys = h->keys,
        .authorizer = sandbox_issuer_authorizer(h->issuer),
        .host_id = h->cfg.host_id,
        .utc_offset_minutes = h->cfg.utc_offset_minutes,
        .cutoff_minutes = h->cfg.cutoff_minutes,
        .recent_per_terminal = 64,
        .shared = host_store_is_shared(&h->cfg),
    };
    return ledger_open(&h->ledger, h->reader, &lc, why);
}

static int open_ledger(struct host *h, struct ps_reason *why)
{
    int rc = keyring_new(&h->keyring);
    if (rc != 0)
        return ps_fail(why, rc, "keyring: %s", ps_strerror(rc));
    return load_ledger(h, why);
}

/* On the engine thread, nothing in flight: another host decided first somewhere, or a
 * terminal was added (engine.h). The keyring stays: the gateway threads hold it, and
 * loading refreshes every terminal's keys in it. */
static struct ledger *rebuild_ledger(void *ctx, const char *cause, struct ps_reason *why)
{
    struct host *h = ctx;
    struct timespec t0, t1;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    ledger_close(h->ledger);
    sandbox_issuer_free(h->issuer);
    h->ledger = NULL;
    h->issuer = NULL;
    if (load_ledger(h, why) != 0)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    log_warn("ledger reloaded from the store (%s) in %.1f ms; any request refused meanwhile is "
             "decided again",
             cause, (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    return h->ledger;
}

static unsigned loop_count(const struct host_config *c)
{
    if (c->loops > 0)
        return (unsigned)c->loops;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

static void on_fatal(void *ctx, const char *why)
{
    (void)ctx;
    log_error("the store refused a commit; stopping so nothing unrecorded is answered: %s", why);
    _exit(70);
}

static int start_serving(struct host *h, struct ps_reason *why)
{
    struct engine_config ec = {
        .ledger = h->ledger,
        .writer = h->writer,
        .on_fatal = on_fatal,
        .rebuild = rebuild_ledger,
        .rebuild_ctx = h,
        .shared = host_store_is_shared(&h->cfg),
        .poll_ms = 1000, /* a lock from the back office declines within a second */
    };
    int rc = engine_start(&h->engine, &ec, why);
    unsigned loops = loop_count(&h->cfg);
    struct pipeline_config pc = {h->engine, h->keyring, h->keys, loops,
                                 host_store_is_shared(&h->cfg)};
    if (rc == 0)
        rc = pipeline_new(&h->pipeline, &pc, why);
    if (rc != 0)
        return rc;
    struct gw_config gc = {
        .bind_address = h->cfg.bind,
        .iso_port = h->cfg.iso_port,
        .tls_port = h->cfg.tls_port,
        .tls_cert = h->cfg.tls_cert,
        .tls_key = h->cfg.tls_key,
        .loops = (int)loops,
        .max_frame = h->cfg.max_frame,
        .idle_timeout_ms = h->cfg.idle_timeout_ms,
        .max_connections = h->cfg.max_connections,
        .max_in_flight = h->cfg.max_in_flight,
        .on_frame = pipeline_on_frame,
        .ctx = h->pipeline,
    };
    rc = gw_start(&h->gw, &gc, why);
    if (rc == 0)
        pipeline_attach(h->pipeline, h->gw);
    return rc;
}

/* The API's TLS context: the terminals' certificate and key and the gateway's policy.
 * A file that cannot be used stops possumd here, named, rather than leaving the back
 * office unreachable or, worse, served in clear. */
static int api_tls_context(struct host *h, struct ps_reason *why)
{
    struct ps_reason inner = {{0}};
    int rc = gw_tls_context_new(&h->api_tls, h->cfg.tls_cert, h->cfg.tls_key, &inner);
    return rc != 0 ? ps_fail(why, rc, "HTTP API (http_tls): %s", inner.text) : 0;
}

static int start_api(struct host *h, struct ps_reason *why)
{
    if (h->cfg.http_port == 0)
        return 0;
    if (h->cfg.http_tls) {
        int rc = api_tls_context(h, why);
        if (rc != 0)
            return rc;
    }
    struct api_config ac = {
        .bind_address = h->cfg.bind,
        .port = h->cfg.http_port,
        .store = h->cfg.store,
        .host_id = h->cfg.host_id,
        .office = h->office,
        .data_dir = h->cfg.data_dir,
        .tls = h->api_tls != NULL,
        .tls_ctx = h->api_tls,
    };
    return api_start(&h->api, &ac, why);
}

static int start(struct host *h, struct ps_reason *why)
{
    int rc = make_dir(h->cfg.data_dir, why);
    if (rc == 0)
        rc = host_keys_load(&h->keys, h->cfg.master_key, 1, why);
    if (rc == 0)
        rc = open_store(h, why);
    if (rc == 0 && h->cfg.demo)
        rc = prepare_demo(h, why);
    if (rc == 0)
        rc = open_ledger(h, why);
    if (rc == 0)
        rc = start_serving(h, why);
    if (rc == 0)
        rc = start_api(h, why);
    return rc;
}

/* Stops in the order that loses nothing: no new requests, then every taken request
 * decided, committed and answered, then the connections closed. */
static void stop(struct host *h)
{
    api_stop(h->api); /* the back office first: it takes no terminal's request */
    SSL_CTX_free(h->api_tls); /* after the API: its connections held SSLs of it */
    if (h->pipeline != NULL)
        pipeline_close_intake(h->pipeline);
    if (h->engine != NULL) {
        struct engine_stats es;
        engine_stats(h->engine, &es);
        engine_stop(h->engine);
        log_info("stopped: %llu requests committed in %llu batches (largest %llu, %.2f ms "
                 "a commit); %llu ledger reloads after conflicts, %llu requests decided again",
                 (unsigned long long)es.committed, (unsigned long long)es.batches,
                 (unsigned long long)es.largest_batch,
                 es.batches ? (double)es.commit_us_total / 1000.0 / (double)es.batches : 0.0,
                 (unsigned long long)es.rebuilds, (unsigned long long)es.redone);
    }
    gw_stop(h->gw);
    pipeline_free(h->pipeline);
    ledger_close(h->ledger);
    keyring_free(h->keyring);
    sandbox_issuer_free(h->issuer);
    office_close(h->office);
    store_close(h->office_store);
    store_close(h->checkpointer);
    store_close(h->reader);
    store_close(h->writer);
    host_keys_free(h->keys);
}

/* Waits for SIGINT or SIGTERM; meanwhile, once a second, checkpoints the store so the
 * write-ahead log stays short without a commit ever paying for it. */
static int wait_for_signal(struct host *h)
{
    sigset_t set;
    struct timespec second = {1, 0};
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    for (;;) {
        int sig = sigtimedwait(&set, NULL, &second);
        if (sig == SIGINT || sig == SIGTERM)
            return sig;
        struct ps_reason why = {{0}};
        if (store_checkpoint(h->checkpointer, &why) != 0)
            log_warn("checkpoint: %s", why.text);
    }
}

int main(int argc, char **argv)
{
    struct host h;
    struct ps_reason why = {{0}};
    sigset_t blocked;

    memset(&h, 0, sizeof(h));
    host_config_defaults(&h.cfg);
    int rc = host_config_from_args(&h.cfg, argc, argv, &why);
    if (rc == 1)
        return 0;
    if (rc == 0)
        rc = host_config_finish(&h.cfg, &why);
    if (rc != 0) {
        fprintf(stderr, "possumd: %s\n", why.text);
        return 2;
    }
    log_set_level(h.cfg.verbose ? LOG_DEBUG : LOG_INFO);

    /* every thread inherits this: signals are taken by sigwait in main only */
    sigemptyset(&blocked);
    sigaddset(&blocked, SIGINT);
    sigaddset(&blocked, SIGTERM);
    sigaddset(&blocked, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &blocked, NULL);

    if (start(&h, &why) != 0) {
        log_error("cannot start: %s", why.text);
        stop(&h);
        return 1;
    }
    /* never the connection string: it may hold a password */
    log_info("listening on %s: terminals TCP %d, TLS %d; %s API %d; store %s", h.cfg.bind,
             gw_iso_port(h.gw), gw_tls_port(h.gw), h.api_tls != NULL ? "HTTPS" : "HTTP",
             h.api != NULL ? api_port(h.api) : 0,
             strcmp(h.cfg.store, "postgres") == 0 ? "postgres" : h.cfg.store_path);
    /* http= stays the API's port whatever it speaks (scripts read it); api=https says
     * when that is TLS */
    printf("possumd ready iso=%d tls=%d http=%d%s\n", gw_iso_port(h.gw), gw_tls_port(h.gw),
           h.api != NULL ? api_port(h.api) : 0, h.api_tls != NULL ? " api=https" : "");
    fflush(stdout);

    int sig = wait_for_signal(&h);
    log_info("%s: stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    stop(&h);
    return 0;
}

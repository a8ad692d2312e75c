/* internal.h — what the gateway's files share (not public): the gateway, its loops,
 * and the calls between gateway.c (start/stop), loop.c (a loop thread, its posted
 * work and its connection slots), listen.c (listening sockets), conn.c (one
 * connection) and tls.c (the TLS context).
 *
 * Threads: each loop runs on its own thread and is the only one to touch its
 * event_base, its slots and its connections. Other threads reach a loop only through
 * gw_post() (the queue under `lock`, then a write to the loop's eventfd) and read its
 * counters (atomics). */
#ifndef POSSUM_HOST_GATEWAY_INTERNAL_H
#define POSSUM_HOST_GATEWAY_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <event2/event.h>
#include <event2/listener.h>
#include <openssl/ssl.h>

#include "core/error.h"
#include "host/gateway/gateway.h"

/* A client that does not read its responses is closed once this much output waits. */
#define GW__OUTPUT_CAP (1024u * 1024u)

/* Counters of one loop. Only the owning loop writes them, so an increment is a
 * relaxed load and store (no locked instruction); gw_stats() reads them from any
 * thread. */
struct gw__counters {
    _Atomic uint64_t connections_open;
    _Atomic uint64_t connections_total;
    _Atomic uint64_t connections_refused;
    _Atomic uint64_t frames_in;
    _Atomic uint64_t frames_out;
    _Atomic uint64_t frames_rejected;
    _Atomic uint64_t idle_closed;
};

static inline void gw__count(_Atomic uint64_t *counter, int64_t delta)
{
    uint64_t now = atomic_load_explicit(counter, memory_order_relaxed);
    atomic_store_explicit(counter, now + (uint64_t)delta, memory_order_relaxed);
}

/* One function posted to a loop, and the connection it was posted for. */
struct gw__post {
    void (*fn)(void *arg, struct gw_conn *conn);
    void *arg;
    uint64_t generation;
    uint32_t slot;
};

/* A growable array of posts; it keeps its capacity, so a warm queue never allocates. */
struct gw__post_queue {
    struct gw__post *items;
    size_t len;
    size_t cap;
};

/* A connection slot: the connection living there (or NULL) and the generation of
 * its latest occupant, so that a gw_ref is checked in O(1). */
struct gw__slot {
    struct gw_conn *conn;
    uint64_t generation;
};

struct gw__loop {
    struct gateway *gw;
    unsigned index;
    struct event_base *base;
    struct evconnlistener *iso_listener; /* NULL when the port is off */
    struct evconnlistener *tls_listener;
    struct event *accept_retry; /* re-enables the listeners after accept() failed */

    int wake_fd; /* eventfd: written by gw_post when the queue was empty */
    struct event *wake_event;
    /* runs after the callbacks under way: writes out dirty_list, then frees reap_list */
    struct event *tidy_event;
    struct gw_conn *dirty_list; /* plain connections with answers not yet written */
    struct gw_conn *reap_list;  /* dead connections whose memory may still be in use */

    struct gw__slot *slots; /* max_connections of them */
    uint32_t *free_slots;   /* a stack of free slot indexes */
    uint32_t free_count;

    pthread_t thread;
    int thread_started;

    pthread_mutex_t lock;        /* guards queue and stopping */
    struct gw__post_queue queue; /* posted, not yet taken by the loop */
    int stopping;                /* gw_stop asked the loop to finish */
    struct gw__post_queue batch; /* loop thread only: the posts being run */

    /* its own cache line: gw_stats readers must not slow the posting path */
    _Alignas(64) struct gw__counters counters;
};

struct gateway {
    gw_frame_fn on_frame;
    void *ctx;
    size_t max_frame;
    int idle_timeout_ms;
    uint32_t max_connections;
    int max_in_flight;
    SSL_CTX *tls; /* NULL when TLS is off */
    int iso_port; /* bound ports, 0 when off */
    int tls_port;
    unsigned loop_count;
    struct gw__loop *loops;
    _Atomic uint32_t connections; /* open over all loops, against max_connections */
};

/* gateway.c */

/* Writes one line to stderr: "possumd: gateway: WHO: EVENT: WHY" ("203.0.113.5:40122:
 * closed: frame: length prefix announces 9000 bytes, at most 8192"). */
void gw__log(const char *who, const char *event, const char *why);

/* Counts a new connection against max_connections; 0 when admitted, -1 when full. */
int gw__admit(struct gateway *gw);
/* Gives back what gw__admit counted. */
void gw__depart(struct gateway *gw);

/* loop.c */

int gw__loop_init(struct gw__loop *loop, struct gateway *gw, unsigned index, struct ps_reason *why);
int gw__loop_start(struct gw__loop *loop, struct ps_reason *why);
/* From any thread: asks the loop to close everything and leave its thread. */
void gw__loop_request_stop(struct gw__loop *loop);
/* After the thread ended (or never started): runs what is still queued with conn =
 * NULL, frees every connection and the loop's resources. */
void gw__loop_cleanup(struct gw__loop *loop);

/* Takes a free slot for conn; -1 when none is free. */
int gw__slot_acquire(struct gw__loop *loop, struct gw_conn *conn, uint32_t *slot /* OUT */,
                     uint64_t *generation /* OUT: of the slot's new occupant */);
void gw__slot_release(struct gw__loop *loop, uint32_t slot);

/* listen.c */

/* Binds one listening socket per loop for each port the config turns on and sets
 * gw->iso_port / gw->tls_port to the ports bound. */
int gw__listen_open(struct gateway *gw, const struct gw_config *cfg, struct ps_reason *why);
/* On the loop thread (or after it ended): closes the loop's listening sockets. */
void gw__listen_close(struct gw__loop *loop);

/* conn.c */

/* On the loop thread: takes ownership of an accepted socket (already admitted by
 * gw__admit) and starts serving it; on failure closes it and gives back the
 * admission. */
void gw__conn_open(struct gw__loop *loop, int fd, const struct sockaddr *addr, int addr_len,
                   int tls);
/* Whether posted work may still use conn (not closing, not closed). */
int gw__conn_is_open(const struct gw_conn *conn);
/* Closes conn at once, dropping pending output (why is logged unless NULL). Its
 * memory is freed later, by gw__conn_tidy: callers up the stack may still hold it. */
void gw__conn_abort(struct gw_conn *conn, const char *why);
/* On the loop thread, outside any connection's callback (tidy_event): writes the
 * answers queued since the last call, then frees the connections closed since. */
void gw__conn_tidy(struct gw__loop *loop);

/* tls.c */

/* gw_tls_context_new() (gateway.h) makes the context. */
/* A bufferevent running a TLS server handshake on fd, which it takes in every case;
 * NULL when out of memory. */
struct bufferevent *gw__tls_bufferevent_new(struct event_base *base, SSL_CTX *tls, int fd);

#endif

/* conn.h — a fleet terminal's connection to the host, plain TCP or TLS behind one
 * interface (the way redis hides its connection types behind ConnectionType): open,
 * send one frame, and hear back through callbacks about the connection and about
 * each whole frame that arrives, on the loop's thread.
 *
 * Plain TCP drives the socket itself, one send() and one recv() per exchange: a
 * bufferevent costs three more system calls per request (toggling its write event
 * and asking FIONREAD), which on a shared two-core machine is CPU taken from the host
 * being measured. Its read event is edge-triggered, so epoll does not poll the socket
 * once more after each answer only to find it empty. TLS goes through libevent's
 * OpenSSL bufferevent.
 *
 * Plain sends wait for the end of the loop's round: a request built while the loop
 * handles the answers one epoll_wait returned is copied into its connection and sent,
 * with the others of the round, once every answer of the round was read. The sends
 * then go out back to back, and the host, woken by the first, finds the rest already
 * there instead of being woken for each (both sides spend less CPU on wake-ups). A
 * request leaves a few microseconds later than it would have: less than 1 % of the
 * latency measured, which counts from the moment it was built.
 *
 * A connection keeps no clock: how long a connection or an answer may take is the
 * caller's to watch (sim.c checks every terminal a few times a second), so no timer is
 * re-armed for each message.
 *
 * Frames are bounded: a length prefix of 0 or above PS_ISO_MAX_MESSAGE fails the
 * connection. A callback may close the connection; the connection is freed once the
 * callback returns. */
#ifndef POSSUM_CTL_FLEET_CONN_H
#define POSSUM_CTL_FLEET_CONN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/queue.h>

#include "core/error.h"

struct event;
struct event_base;
struct fleet_conn;
struct fleet_run;
struct fleet_target;

/* What the connections of one loop share: its event base, and the plain sends waiting
 * for the end of the round (in the order they were asked for). Made by
 * fleet_conn_loop_init(), on the loop's thread, before any connection. */
struct fleet_conn_loop {
    struct event_base *base;
    struct event *flush;
    TAILQ_HEAD(fleet_conn_queue, fleet_conn) queue;
};

enum fleet_conn_event {
    FLEET_CONN_UP,     /* connected (TLS: hands shaken) */
    FLEET_CONN_CLOSED, /* the host closed it */
    FLEET_CONN_FAILED, /* refused, reset, TLS error, a hostile frame */
};

struct fleet_conn_handler {
    /* detail says what failed ("" for FLEET_CONN_UP) */
    void (*on_event)(void *ctx, enum fleet_conn_event ev, const char *detail);
    /* body: a frame after its length prefix, valid during the call */
    void (*on_frame)(void *ctx, const uint8_t *body, size_t len);
};

/* Sets up cl for connections on base. Returns 0, or -1 (out of memory). */
int fleet_conn_loop_init(struct fleet_conn_loop *cl, struct event_base *base);

/* Frees what init made, after every connection of cl was closed. */
void fleet_conn_loop_cleanup(struct fleet_conn_loop *cl);

/* Starts connecting to target (one of run's) on cl's loop; events go to h with ctx.
 * Sets *out (OUT). Returns 0, or -1 when not even the attempt could start (out of
 * memory, no socket), with detail written to why. */
int fleet_conn_open(struct fleet_conn **out, struct fleet_conn_loop *cl,
                    const struct fleet_run *run, const struct fleet_target *target,
                    const struct fleet_conn_handler *h, void *ctx, struct ps_reason *why);

/* Sends frame[0..len) (prefix included; copied): plain, at the end of the loop's
 * round; TLS, through the bufferevent. Returns 0, or -1 when the connection failed
 * (then FLEET_CONN_FAILED follows from the loop). */
int fleet_conn_send(struct fleet_conn *c, const uint8_t *frame, size_t len);

/* Closes and frees c (later, when called from one of its callbacks); NULL is allowed. */
void fleet_conn_close(struct fleet_conn *c);

#endif

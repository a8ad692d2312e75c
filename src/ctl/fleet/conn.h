/* conn.h — a fleet terminal's connection to the host, plain TCP or TLS behind one
 * interface (the way redis hides its connection types behind ConnectionType): open,
 * send one frame, and hear back through callbacks about the connection and about
 * each whole frame that arrives, on the loop's thread.
 *
 * Plain TCP drives the socket itself, one send() and one recv() per exchange: a
 * bufferevent costs three more system calls per request (toggling its write event
 * and asking FIONREAD), which on a shared two-core machine is CPU taken from the host
 * being measured. TLS goes through libevent's OpenSSL bufferevent.
 *
 * Frames are bounded: a length prefix of 0 or above PS_ISO_MAX_MESSAGE fails the
 * connection. The answer timeout runs from each send until a frame arrives. A
 * callback may close the connection; the connection is freed once the callback
 * returns. */
#ifndef POSSUM_CTL_FLEET_CONN_H
#define POSSUM_CTL_FLEET_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "ctl/fleet/loop.h"

enum fleet_conn_event {
    FLEET_CONN_UP,      /* connected (TLS: hands shaken) */
    FLEET_CONN_TIMEOUT, /* no connection, or no answer, in time */
    FLEET_CONN_CLOSED,  /* the host closed it */
    FLEET_CONN_FAILED,  /* refused, reset, TLS error, a hostile frame */
};

struct fleet_conn_handler {
    /* detail says what failed ("" for FLEET_CONN_UP) */
    void (*on_event)(void *ctx, enum fleet_conn_event ev, const char *detail);
    /* body: a frame after its length prefix, valid during the call */
    void (*on_frame)(void *ctx, const uint8_t *body, size_t len);
};

struct fleet_conn;

/* Starts connecting to run's host on base; events go to h with ctx. Sets *out (OUT).
 * Returns 0, or -1 when not even the attempt could start (out of memory, no
 * socket), with detail written to why. */
int fleet_conn_open(struct fleet_conn **out, struct event_base *base, const struct fleet_run *run,
                    const struct fleet_conn_handler *h, void *ctx, struct ps_reason *why);

/* Sends frame[0..len) (prefix included) and arms the answer timeout. Returns 0, or -1
 * when the connection failed (then FLEET_CONN_FAILED follows from the loop). */
int fleet_conn_send(struct fleet_conn *c, const uint8_t *frame, size_t len);

/* Closes and frees c (later, when called from one of its callbacks); NULL is allowed. */
void fleet_conn_close(struct fleet_conn *c);

#endif

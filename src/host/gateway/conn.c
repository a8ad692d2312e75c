/* conn.c — one terminal connection on its loop: frames in, answers out, and the limits
 * that keep it from hurting the others (max_frame, the idle timeout, max_in_flight and
 * the output cap).
 *
 * Life of a connection: OPEN (reading frames, writing answers) -> DRAINING after
 * gw_conn_close (reading stopped, pending answers still written) -> DEAD (closed, on
 * the loop's reap list) -> freed by gw__conn_tidy. A connection dies inside calls that
 * its user may have made with the connection in hand (gw_conn_send over the output
 * cap, gw_conn_close from a posted function or from on_frame), so its memory is only
 * freed later, from the loop's tidy event, when no such call is on the stack.
 *
 * Its bufferevent runs with BEV_OPT_DEFER_CALLBACKS: libevent's TLS bufferevent writes
 * (and may read) synchronously when output is added, and deferred callbacks keep our
 * callbacks from running inside gw_conn_send.
 *
 * Writing, plain TCP: left to itself, a bufferevent arms its write event when output
 * is added and disarms it once written, two epoll_ctl calls per answer, and writes one
 * loop iteration later. So a plain connection keeps EV_WRITE disabled; gw_conn_send
 * puts it on the loop's dirty list, and the tidy event, after the batch of answers
 * under way, writes each dirty connection once (one writev for all its answers). Only
 * when the socket is full does EV_WRITE go on, until libevent has written the rest.
 * TLS connections write through their bufferevent as it is. */
#include "host/gateway/internal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>

#include "core/iso8583/frame.h"

enum conn_state {
    CONN_OPEN,
    CONN_DRAINING,
    CONN_DEAD,
};

struct gw_conn {
    struct gw__loop *loop;
    struct bufferevent *bev;
    struct gw_conn *reap_next;
    struct gw_conn *dirty_next;
    uint64_t generation;
    uint32_t slot;
    enum conn_state state;
    int in_flight; /* frames delivered to on_frame and not yet answered */
    int paused;    /* reading stopped because in_flight reached max_in_flight */
    int dirty;     /* on the loop's dirty list */
    int tls;
    char peer[INET6_ADDRSTRLEN + 8];
};

static struct timeval conn_ms(int ms)
{
    return (struct timeval){.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
}

/* "203.0.113.5:40122" or "[2001:db8::1]:40122". */
static void conn_name_peer(struct gw_conn *conn, const struct sockaddr *addr, int addr_len)
{
    char host[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (addr->sa_family == AF_INET && (size_t)addr_len >= sizeof(struct sockaddr_in)) {
        const struct sockaddr_in *in4 = (const struct sockaddr_in *)addr;
        inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
        port = ntohs(in4->sin_port);
        snprintf(conn->peer, sizeof conn->peer, "%s:%u", host, port);
    } else if (addr->sa_family == AF_INET6 && (size_t)addr_len >= sizeof(struct sockaddr_in6)) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)addr;
        inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
        snprintf(conn->peer, sizeof conn->peer, "[%s]:%u", host, port);
    } else {
        snprintf(conn->peer, sizeof conn->peer, "?");
    }
}

const char *gw_conn_peer(const struct gw_conn *conn)
{
    return conn->peer;
}

int gw__conn_is_open(const struct gw_conn *conn)
{
    return conn->state == CONN_OPEN;
}

void gw__conn_abort(struct gw_conn *conn, const char *why)
{
    struct gw__loop *loop = conn->loop;
    if (conn->state == CONN_DEAD)
        return;
    if (why != NULL)
        gw__log(conn->peer, "closed", why);
    conn->state = CONN_DEAD;
    bufferevent_setcb(conn->bev, NULL, NULL, NULL, NULL);
    bufferevent_disable(conn->bev, EV_READ | EV_WRITE);
    conn->reap_next = loop->reap_list;
    loop->reap_list = conn;
    event_active(loop->tidy_event, EV_TIMEOUT, 0); /* no-op when already active */
}

/* Writes what conn has queued, straight to its socket. */
static void conn_flush(struct gw_conn *conn)
{
    struct evbuffer *out = bufferevent_get_output(conn->bev);
    conn->dirty = 0;
    if (conn->state != CONN_OPEN || evbuffer_get_length(out) == 0)
        return; /* closing connections write through libevent; dead ones do not */
    /* A socket bufferevent freezes the front of its output so that only its write
     * callback drains it; we write on its behalf, as that callback does. */
    evbuffer_unfreeze(out, 1);
    int written = evbuffer_write(out, bufferevent_getfd(conn->bev));
    int err = errno;
    evbuffer_freeze(out, 1);
    if (written < 0 && err != EAGAIN && err != EINTR) {
        gw__conn_abort(conn, NULL); /* the peer is gone */
        return;
    }
    if (evbuffer_get_length(out) > 0)
        bufferevent_enable(conn->bev, EV_WRITE); /* socket full: wait for room */
}

void gw__conn_tidy(struct gw__loop *loop)
{
    /* flush first: a connection may sit on both lists, and is only freed below */
    while (loop->dirty_list != NULL) {
        struct gw_conn *conn = loop->dirty_list;
        loop->dirty_list = conn->dirty_next;
        conn_flush(conn);
    }
    while (loop->reap_list != NULL) {
        struct gw_conn *conn = loop->reap_list;
        loop->reap_list = conn->reap_next;
        bufferevent_free(conn->bev); /* closes the socket (and frees the SSL) */
        gw__slot_release(loop, conn->slot);
        gw__count(&loop->counters.connections_open, -1);
        gw__depart(loop->gw);
        free(conn);
    }
}

/* A clean end: a TLS peer gets close_notify (best effort, never waited for). */
static void conn_finish(struct gw_conn *conn)
{
    if (conn->tls) {
        SSL *ssl = bufferevent_openssl_get_ssl(conn->bev);
        if (ssl != NULL && SSL_is_init_finished(ssl))
            SSL_shutdown(ssl);
        ERR_clear_error();
    }
    gw__conn_abort(conn, NULL);
}

/* Delivers the first whole frame of `in` to on_frame. Returns 1 when one went, 0 when
 * more bytes are needed, below 0 when the connection was closed for its prefix. */
static int conn_deliver_frame(struct gw_conn *conn, struct evbuffer *in)
{
    struct gateway *gw = conn->loop->gw;
    uint8_t prefix[PS_FRAME_PREFIX];
    size_t frame_len = 0;
    struct ps_reason why;

    if (evbuffer_copyout(in, prefix, sizeof prefix) < (ev_ssize_t)sizeof prefix)
        return 0;
    int rc = ps_frame_scan(prefix, sizeof prefix, gw->max_frame, &frame_len, &why);
    if (rc < 0) {
        /* a stream cannot be resynchronised after a bad prefix */
        gw__count(&conn->loop->counters.frames_rejected, 1);
        gw__conn_abort(conn, why.text);
        return rc;
    }
    /* the prefix passed the scan: it is the body's byte count */
    size_t need = PS_FRAME_PREFIX + ((size_t)prefix[0] << 8 | prefix[1]);
    if (evbuffer_get_length(in) < need)
        return 0;
    /* copies only when the frame straddles two chains of the buffer */
    uint8_t *frame = evbuffer_pullup(in, (ev_ssize_t)need);
    if (frame == NULL) {
        gw__conn_abort(conn, "out of memory for a frame");
        return PS_ENOMEM;
    }
    struct gw_ref ref = {
        .loop = conn->loop->index, .slot = conn->slot, .generation = conn->generation};
    conn->in_flight++;
    gw__count(&conn->loop->counters.frames_in, 1);
    gw->on_frame(gw->ctx, conn->loop->index, conn, ref, frame + PS_FRAME_PREFIX,
                 need - PS_FRAME_PREFIX);
    /* only now: the body pointed into the buffer (still there if on_frame closed us) */
    evbuffer_drain(in, need);
    return 1;
}

/* Reads are bounded: whole frames are handed on as they arrive, so the input holds at
 * most one partial frame (under max_frame) plus one read, or frames held back by
 * max_in_flight, after which reading stops. */
static void conn_on_read(struct bufferevent *bev, void *arg)
{
    struct gw_conn *conn = arg;
    struct evbuffer *in = bufferevent_get_input(bev);
    int max = conn->loop->gw->max_in_flight;

    while (conn->state == CONN_OPEN && !conn->paused) {
        if (conn->in_flight >= max) {
            /* Stop reading: the kernel's receive window then holds the client back
             * until answers go out (gw_conn_send resumes). */
            conn->paused = 1;
            bufferevent_disable(bev, EV_READ);
            break;
        }
        if (conn_deliver_frame(conn, in) <= 0)
            break;
    }
}

/* Output has drained: a closing connection may now go, and a plain one returns to
 * writing from the dirty list. */
static void conn_on_written(struct bufferevent *bev, void *arg)
{
    struct gw_conn *conn = arg;
    if (evbuffer_get_length(bufferevent_get_output(bev)) > 0)
        return;
    if (conn->state == CONN_DRAINING)
        conn_finish(conn);
    else if (conn->state == CONN_OPEN && !conn->tls)
        bufferevent_disable(bev, EV_WRITE);
}

static void conn_on_idle(struct gw_conn *conn)
{
    if (conn->state == CONN_OPEN && conn->in_flight > 0) {
        /* waiting for our answers is not idleness: re-arm the timeout */
        if (!conn->paused)
            bufferevent_enable(conn->bev, EV_READ);
        return;
    }
    gw__count(&conn->loop->counters.idle_closed, 1);
    gw__conn_abort(conn, NULL);
}

static void conn_on_event(struct bufferevent *bev, short what, void *arg)
{
    (void)bev;
    struct gw_conn *conn = arg;
    if (what & BEV_EVENT_CONNECTED)
        return; /* TLS handshake done */
    if ((what & BEV_EVENT_TIMEOUT) && (what & BEV_EVENT_WRITING))
        gw__conn_abort(conn, "answers not taken within the idle timeout");
    else if (what & BEV_EVENT_TIMEOUT)
        conn_on_idle(conn); /* silent, or a TLS handshake that never finished */
    else
        gw__conn_abort(conn, NULL); /* EOF or error: the peer is gone */
}

void gw__conn_open(struct gw__loop *loop, int fd, const struct sockaddr *addr, int addr_len,
                   int tls)
{
    struct gateway *gw = loop->gw;
    struct gw_conn *conn = NULL;
    struct bufferevent *bev = NULL;
    struct timeval idle = conn_ms(gw->idle_timeout_ms);
    int one = 1, slotted = 0, ok = 0;

    /* answers are small and whole: Nagle would hold each one for the client's ACK */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn = calloc(1, sizeof *conn);
    if (conn == NULL)
        goto out;
    if (tls) {
        bev = gw__tls_bufferevent_new(loop->base, gw->tls, fd);
        if (bev == NULL)
            fd = -1; /* libevent may have closed it already; never close twice */
    } else {
        bev =
            bufferevent_socket_new(loop->base, fd, BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
    }
    if (bev == NULL)
        goto out;
    fd = -1; /* the bufferevent closes it */
    conn->loop = loop;
    conn->bev = bev;
    conn->tls = tls;
    conn_name_peer(conn, addr, addr_len);
    bufferevent_setcb(bev, conn_on_read, conn_on_written, conn_on_event, conn);
    bufferevent_set_timeouts(bev, &idle, NULL);
    if (gw__slot_acquire(loop, conn, &conn->slot, &conn->generation) < 0)
        goto out;
    slotted = 1;
    if (!tls)
        bufferevent_disable(bev, EV_WRITE); /* written from the dirty list */
    if (bufferevent_enable(bev, EV_READ) < 0)
        goto out;
    gw__count(&loop->counters.connections_open, 1);
    gw__count(&loop->counters.connections_total, 1);
    ok = 1;
out:
    if (!ok) {
        gw__log(conn != NULL && conn->bev != NULL ? conn->peer : "accept", "refused",
                "out of memory");
        if (slotted)
            gw__slot_release(loop, conn->slot);
        if (bev != NULL)
            bufferevent_free(bev);
        if (fd >= 0)
            close(fd);
        free(conn);
        gw__depart(gw);
    }
}

int gw_conn_send(struct gw_conn *conn, const uint8_t *body, size_t len)
{
    struct evbuffer_iovec space;
    if (len > 0xFFFF)
        return PS_ETOOLONG;
    if (conn->state != CONN_OPEN)
        return 0; /* closing: pending output goes, new answers do not */
    struct evbuffer *out = bufferevent_get_output(conn->bev);
    /* prefix and body in one commit: a TLS connection writes them as one record */
    if (evbuffer_reserve_space(out, (ev_ssize_t)(PS_FRAME_PREFIX + len), &space, 1) != 1)
        return PS_ENOMEM;
    ps_frame_put_prefix(space.iov_base, len);
    memcpy((uint8_t *)space.iov_base + PS_FRAME_PREFIX, body, len);
    space.iov_len = PS_FRAME_PREFIX + len;
    if (evbuffer_commit_space(out, &space, 1) < 0)
        return PS_ENOMEM;
    gw__count(&conn->loop->counters.frames_out, 1);
    if (conn->in_flight > 0)
        conn->in_flight--;

    if (evbuffer_get_length(out) > GW__OUTPUT_CAP) {
        gw__conn_abort(conn, "over 1 MiB of answers not read by the client");
        return 0;
    }
    if (!conn->tls && !conn->dirty) {
        conn->dirty = 1;
        conn->dirty_next = conn->loop->dirty_list;
        conn->loop->dirty_list = conn;
        event_active(conn->loop->tidy_event, EV_TIMEOUT, 0);
    }
    if (conn->paused && conn->in_flight < conn->loop->gw->max_in_flight) {
        conn->paused = 0;
        bufferevent_enable(conn->bev, EV_READ);
        /* Whole frames may already wait in the input, and no new byte has to arrive
         * to announce them: run the read callback (deferred, so not in our caller). */
        if (evbuffer_get_length(bufferevent_get_input(conn->bev)) > 0)
            bufferevent_trigger(conn->bev, EV_READ,
                                BEV_TRIG_IGNORE_WATERMARKS | BEV_TRIG_DEFER_CALLBACKS);
    }
    return 0;
}

void gw_conn_close(struct gw_conn *conn, const char *why)
{
    if (conn->state != CONN_OPEN)
        return;
    if (why != NULL)
        gw__log(conn->peer, "closing", why);
    if (evbuffer_get_length(bufferevent_get_output(conn->bev)) == 0) {
        conn_finish(conn);
        return;
    }
    /* write what is pending, but not for longer than a client may stay silent */
    struct timeval idle = conn_ms(conn->loop->gw->idle_timeout_ms);
    conn->state = CONN_DRAINING;
    bufferevent_disable(conn->bev, EV_READ);
    bufferevent_set_timeouts(conn->bev, NULL, &idle);
    bufferevent_enable(conn->bev, EV_WRITE); /* libevent writes the rest, then calls back */
}

/* The fleet's connections: a table of operations per transport, the frames taken off
 * whatever the transport received, and callbacks that may close what called them. */
#include "ctl/fleet/conn.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <openssl/err.h>

#include "core/iso8583/frame.h"
#include "ctl/fleet/loop.h"
#include "pos/hostlink/tls.h"

#define RX_START 512 /* an answer is about 150 bytes; the buffer grows to a whole frame */
#define RX_MAX   (PS_FRAME_PREFIX + PS_ISO_MAX_MESSAGE)

struct conn_ops {
    int (*start)(struct fleet_conn *c, struct ps_reason *why);
    int (*send)(struct fleet_conn *c, const uint8_t *frame, size_t len);
    void (*release)(struct fleet_conn *c);
};

struct fleet_conn {
    const struct conn_ops *ops;
    const struct fleet_run *run;
    const struct fleet_target *target;
    struct fleet_conn_loop *loop;
    struct event_base *base;
    const struct fleet_conn_handler *h;
    void *ctx;
    int in_callback;
    int closing;
    int fd;                  /* plain */
    struct event *io_read;   /* plain: persistent, edge-triggered */
    struct event *io_write;  /* plain: the connection, then the rest of a partial send */
    uint8_t pending[RX_MAX]; /* plain: the frame waiting for the end of the round, or what
                                a partial send left (one frame at most) */
    size_t pending_len;
    int queued; /* plain: in loop->queue */
    TAILQ_ENTRY(fleet_conn) in_queue;
    struct bufferevent *bev; /* TLS */
    uint8_t *rx;             /* received, not yet a whole frame */
    size_t rx_len, rx_cap;
};

static void unqueue(struct fleet_conn *c)
{
    if (!c->queued)
        return;
    TAILQ_REMOVE(&c->loop->queue, c, in_queue);
    c->queued = 0;
}

static void destroy(struct fleet_conn *c)
{
    unqueue(c);
    c->ops->release(c);
    free(c->rx);
    free(c);
}

/* Each callback may close c: then c is freed here and the caller must stop (-1). */
static int emit_event(struct fleet_conn *c, enum fleet_conn_event ev, const char *detail)
{
    c->in_callback++;
    c->h->on_event(c->ctx, ev, detail);
    c->in_callback--;
    if (c->closing && c->in_callback == 0) {
        destroy(c);
        return -1;
    }
    return 0;
}

static int emit_frame(struct fleet_conn *c, const uint8_t *body, size_t len)
{
    c->in_callback++;
    c->h->on_frame(c->ctx, body, len);
    c->in_callback--;
    if (c->closing && c->in_callback == 0) {
        destroy(c);
        return -1;
    }
    return c->closing ? -1 : 0;
}

/* Hands over every whole frame in rx. Returns -1 when c is gone or failing. */
static int take_frames(struct fleet_conn *c)
{
    size_t off = 0;

    while (c->rx_len - off >= PS_FRAME_PREFIX) {
        size_t body = (size_t)c->rx[off] << 8 | c->rx[off + 1];
        if (body == 0 || body > PS_ISO_MAX_MESSAGE) {
            char detail[80];
            snprintf(detail, sizeof(detail), "a frame announced %zu bytes", body);
            emit_event(c, FLEET_CONN_FAILED, detail);
            return -1;
        }
        if (c->rx_len - off < PS_FRAME_PREFIX + body)
            break;
        if (emit_frame(c, c->rx + off + PS_FRAME_PREFIX, body) != 0)
            return -1;
        off += PS_FRAME_PREFIX + body;
    }
    memmove(c->rx, c->rx + off, c->rx_len - off);
    c->rx_len -= off;
    return 0;
}

/* Room for at least one more byte in rx (up to a whole frame of the largest size). */
static int make_room(struct fleet_conn *c)
{
    if (c->rx_len < c->rx_cap)
        return 0;
    size_t cap = c->rx_cap * 2 < RX_MAX ? c->rx_cap * 2 : RX_MAX;
    uint8_t *p = cap > c->rx_cap ? realloc(c->rx, cap) : NULL;
    if (p == NULL)
        return -1;
    c->rx = p;
    c->rx_cap = cap;
    return 0;
}

/* ---- plain TCP ---- */

/* Edge-triggered: epoll tells once per arrival, so this reads until the socket is
 * empty. A read that leaves room in the buffer took everything there was (a stream
 * socket's recv returns what it holds, up to the room), so the usual answer costs one
 * recv, not a second one to hear EAGAIN. */
static void plain_readable(evutil_socket_t fd, short what, void *arg)
{
    struct fleet_conn *c = arg;
    size_t room;
    ssize_t n;

    (void)what;
    for (;;) {
        if (make_room(c) != 0) {
            emit_event(c, FLEET_CONN_FAILED, "out of memory");
            return;
        }
        room = c->rx_cap - c->rx_len;
        n = recv(fd, c->rx + c->rx_len, room, 0);
        if (n == 0) {
            emit_event(c, FLEET_CONN_CLOSED, "closed by the host");
            return;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (errno != EAGAIN)
                emit_event(c, FLEET_CONN_FAILED, strerror(errno));
            return;
        }
        c->rx_len += (size_t)n;
        if (take_frames(c) != 0 || (size_t)n < room)
            return;
    }
}

/* Sends what is pending; what the socket has no room for waits for io_write. */
static void send_pending(struct fleet_conn *c)
{
    ssize_t n = send(c->fd, c->pending, c->pending_len, MSG_NOSIGNAL);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
        emit_event(c, FLEET_CONN_FAILED, strerror(errno));
        return;
    }
    if (n > 0) {
        memmove(c->pending, c->pending + n, c->pending_len - (size_t)n);
        c->pending_len -= (size_t)n;
    }
    if (c->pending_len == 0)
        event_del(c->io_write);
    else if (event_add(c->io_write, NULL) != 0)
        emit_event(c, FLEET_CONN_FAILED, "out of memory");
}

/* The rest of a partial send, when the socket has room again. */
static void plain_writable(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    send_pending(arg);
}

/* The end of the round: every frame queued during it, in order. */
static void flush_round(evutil_socket_t fd, short what, void *arg)
{
    struct fleet_conn_loop *cl = arg;
    struct fleet_conn *c;

    (void)fd;
    (void)what;
    while ((c = TAILQ_FIRST(&cl->queue)) != NULL) {
        unqueue(c);
        send_pending(c);
    }
}

static void plain_connected(evutil_socket_t fd, short what, void *arg)
{
    struct fleet_conn *c = arg;
    int err = 0;
    socklen_t len = sizeof(err);

    (void)what;
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
        emit_event(c, FLEET_CONN_FAILED, strerror(err != 0 ? err : errno));
        return;
    }
    event_free(c->io_write);
    c->io_write = event_new(c->base, fd, EV_WRITE | EV_PERSIST, plain_writable, c);
    c->io_read = event_new(c->base, fd, EV_READ | EV_PERSIST | EV_ET, plain_readable, c);
    if (c->io_write == NULL || c->io_read == NULL || event_add(c->io_read, NULL) != 0) {
        emit_event(c, FLEET_CONN_FAILED, "out of memory");
        return;
    }
    emit_event(c, FLEET_CONN_UP, "");
}

static int plain_start(struct fleet_conn *c, struct ps_reason *why)
{
    const struct fleet_target *target = c->target;
    int one = 1;

    c->fd = socket(target->addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0)
        return ps_fail(why, -1, "socket: %s", strerror(errno));
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)); /* small frames, at once */
    if (connect(c->fd, (const struct sockaddr *)&target->addr, target->addr_len) != 0 &&
        errno != EINPROGRESS)
        return ps_fail(why, -1, "connect: %s", strerror(errno));
    c->io_write = event_new(c->base, c->fd, EV_WRITE, plain_connected, c);
    if (c->io_write == NULL || event_add(c->io_write, NULL) != 0)
        return ps_fail(why, -1, "out of memory");
    return 0;
}

/* Queues the frame for the end of the round (conn.h says why). Behind a partial send
 * it only joins what is pending: io_write sends it. */
static int plain_send(struct fleet_conn *c, const uint8_t *frame, size_t len)
{
    int idle = c->pending_len == 0;

    if (len > sizeof(c->pending) - c->pending_len)
        return -1;
    memcpy(c->pending + c->pending_len, frame, len);
    c->pending_len += len;
    if (!idle || c->queued)
        return 0;
    if (TAILQ_EMPTY(&c->loop->queue))
        event_active(c->loop->flush, EV_TIMEOUT, 0); /* runs after the round's other events */
    TAILQ_INSERT_TAIL(&c->loop->queue, c, in_queue);
    c->queued = 1;
    return 0;
}

static void plain_release(struct fleet_conn *c)
{
    if (c->io_read != NULL)
        event_free(c->io_read);
    if (c->io_write != NULL)
        event_free(c->io_write);
    if (c->fd >= 0)
        close(c->fd);
}

static const struct conn_ops plain_ops = {plain_start, plain_send, plain_release};

/* ---- TLS, through libevent's OpenSSL bufferevent ---- */

static void tls_read(struct bufferevent *bev, void *arg)
{
    struct fleet_conn *c = arg;
    struct evbuffer *in = bufferevent_get_input(bev);

    while (evbuffer_get_length(in) > 0) {
        if (make_room(c) != 0) {
            emit_event(c, FLEET_CONN_FAILED, "out of memory");
            return;
        }
        int n = evbuffer_remove(in, c->rx + c->rx_len, c->rx_cap - c->rx_len);
        if (n <= 0)
            return;
        c->rx_len += (size_t)n;
        if (take_frames(c) != 0)
            return;
    }
}

/* Why a TLS connection failed: the certificate check, OpenSSL's error, or the socket's. */
static const char *tls_failure(struct bufferevent *bev, char *buf, size_t cap)
{
    SSL *ssl = bufferevent_openssl_get_ssl(bev);
    long verify = ssl != NULL ? SSL_get_verify_result(ssl) : X509_V_OK;
    unsigned long e = bufferevent_get_openssl_error(bev);
    int sock_err = EVUTIL_SOCKET_ERROR();

    if (verify != X509_V_OK)
        snprintf(buf, cap, "TLS: certificate: %s", X509_verify_cert_error_string(verify));
    else if (e != 0)
        ERR_error_string_n(e, buf, cap);
    else
        snprintf(buf, cap, "%s", sock_err != 0 ? strerror(sock_err) : "TLS failure");
    return buf;
}

static void tls_event(struct bufferevent *bev, short what, void *arg)
{
    struct fleet_conn *c = arg;
    char detail[160];

    if (what & BEV_EVENT_CONNECTED)
        emit_event(c, FLEET_CONN_UP, "");
    else if (what & BEV_EVENT_EOF)
        emit_event(c, FLEET_CONN_CLOSED, "closed by the host");
    else
        emit_event(c, FLEET_CONN_FAILED, tls_failure(bev, detail, sizeof(detail)));
}

static int tls_start(struct fleet_conn *c, struct ps_reason *why)
{
    const struct fleet_run *run = c->run;
    const struct fleet_target *target = c->target;
    SSL *ssl = SSL_new(run->tls);

    if (ssl == NULL || hl_tls_set_peer(ssl, target->name->host, run->o->insecure, why) != 0) {
        SSL_free(ssl);
        return ps_fail(why, -1, "TLS: no session");
    }
    c->bev = bufferevent_openssl_socket_new(c->base, -1, ssl, BUFFEREVENT_SSL_CONNECTING,
                                            BEV_OPT_CLOSE_ON_FREE);
    if (c->bev == NULL) {
        SSL_free(ssl);
        return ps_fail(why, -1, "out of memory");
    }
    bufferevent_openssl_set_allow_dirty_shutdown(c->bev, 1);
    bufferevent_setcb(c->bev, tls_read, NULL, tls_event, c);
    bufferevent_enable(c->bev, EV_READ | EV_WRITE);
    if (bufferevent_socket_connect(c->bev, (const struct sockaddr *)&target->addr,
                                   (int)target->addr_len) != 0)
        return ps_fail(why, -1, "connect failed at once");
    return 0;
}

static int tls_send(struct fleet_conn *c, const uint8_t *frame, size_t len)
{
    return bufferevent_write(c->bev, frame, len);
}

static void tls_release(struct fleet_conn *c)
{
    if (c->bev != NULL)
        bufferevent_free(c->bev); /* frees the SSL and closes the socket */
}

static const struct conn_ops tls_ops = {tls_start, tls_send, tls_release};

/* ---- the interface ---- */

int fleet_conn_loop_init(struct fleet_conn_loop *cl, struct event_base *base)
{
    cl->base = base;
    TAILQ_INIT(&cl->queue);
    cl->flush = event_new(base, -1, 0, flush_round, cl);
    return cl->flush != NULL ? 0 : -1;
}

void fleet_conn_loop_cleanup(struct fleet_conn_loop *cl)
{
    if (cl->flush != NULL)
        event_free(cl->flush);
    cl->flush = NULL;
}

int fleet_conn_open(struct fleet_conn **out, struct fleet_conn_loop *cl,
                    const struct fleet_run *run, const struct fleet_target *target,
                    const struct fleet_conn_handler *h, void *ctx, struct ps_reason *why)
{
    struct fleet_conn *c = calloc(1, sizeof(*c));

    *out = NULL;
    if (c == NULL || (c->rx = malloc(RX_START)) == NULL) {
        free(c);
        return ps_fail(why, -1, "out of memory");
    }
    c->ops = run->tls != NULL ? &tls_ops : &plain_ops;
    c->run = run;
    c->target = target;
    c->loop = cl;
    c->base = cl->base;
    c->h = h;
    c->ctx = ctx;
    c->fd = -1;
    c->rx_cap = RX_START;
    if (c->ops->start(c, why) != 0) {
        destroy(c);
        return -1;
    }
    *out = c;
    return 0;
}

int fleet_conn_send(struct fleet_conn *c, const uint8_t *frame, size_t len)
{
    return c->ops->send(c, frame, len);
}

void fleet_conn_close(struct fleet_conn *c)
{
    if (c == NULL)
        return;
    if (c->in_callback > 0) { /* freed when the callback returns */
        c->closing = 1;
        unqueue(c);
        if (c->io_read != NULL)
            event_del(c->io_read);
        if (c->io_write != NULL)
            event_del(c->io_write);
        return;
    }
    destroy(c);
}

/* listen.c — the listening sockets: for each port, one socket per loop, all bound to
 * the same port with SO_REUSEPORT, so the kernel spreads new connections over the
 * loops and no loop hands connections to another. Admission against max_connections
 * happens here, before a connection costs any memory. */
#include "host/gateway/internal.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LISTEN_BACKLOG  1024
#define ACCEPT_RETRY_MS 100

/* The address to bind: numeric only, since a listener must not wait on DNS. Returns 0
 * (*out then needs freeaddrinfo) or getaddrinfo's error code. */
static int listen_resolve(const char *address, int port, struct addrinfo **out /* OUT */)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV};
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    return getaddrinfo(address, service, &hints, out);
}

/* One bound, listening, non-blocking socket (port 0 asks the kernel for a free one).
 * what names the port in errors ("TLS"). */
static int listen_socket(const char *address, int port, const char *what, int *fd_out /* OUT */,
                         int *bound_out /* OUT: the port bound */, struct ps_reason *why)
{
    struct addrinfo *ai = NULL;
    struct sockaddr_storage bound;
    socklen_t bound_len = sizeof bound;
    int fd = -1, on = 1;

    int rc = listen_resolve(address, port, &ai);
    if (rc != 0) {
        rc = ps_fail(why, PS_EINVAL, "%s port %d: bind address \"%s\": %s", what, port,
                     address != NULL ? address : "", gai_strerror(rc));
        goto out;
    }
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        rc = ps_fail(why, PS_EINVAL, "%s port %d: socket: %s", what, port, strerror(errno));
        goto out;
    }
    /* REUSEADDR: a restart binds while old connections sit in TIME_WAIT;
     * REUSEPORT: every loop binds its own socket to the port */
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) < 0 ||
        bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, LISTEN_BACKLOG) < 0 ||
        getsockname(fd, (struct sockaddr *)&bound, &bound_len) < 0) {
        rc = ps_fail(why, PS_EINVAL, "%s port %d: %s", what, port, strerror(errno));
        goto out;
    }
    *bound_out = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
                                                   : ((struct sockaddr_in *)&bound)->sin_port);
    *fd_out = fd;
    fd = -1;
    rc = 0;
out:
    if (fd >= 0)
        close(fd);
    if (ai != NULL)
        freeaddrinfo(ai);
    return rc;
}

static void listen_on_accept(struct evconnlistener *listener, evutil_socket_t fd,
                             struct sockaddr *addr, int addr_len, void *arg)
{
    struct gw__loop *loop = arg;
    if (gw__admit(loop->gw) < 0) {
        /* refused at once: the terminal sees the close and retries later (counted
         * first, so whoever sees the close also sees the count) */
        gw__count(&loop->counters.connections_refused, 1);
        close(fd);
        return;
    }
    gw__conn_open(loop, fd, addr, addr_len, listener == loop->tls_listener);
}

static void listen_on_retry(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    struct gw__loop *loop = arg;
    if (loop->iso_listener != NULL)
        evconnlistener_enable(loop->iso_listener);
    if (loop->tls_listener != NULL)
        evconnlistener_enable(loop->tls_listener);
}

/* accept() failed for want of descriptors or memory. The pending connection stays in
 * the backlog and the socket stays readable, so retrying at once would spin: pause
 * accepting for a moment instead. */
static void listen_on_error(struct evconnlistener *listener, void *arg)
{
    (void)listener;
    struct gw__loop *loop = arg;
    struct timeval later = {.tv_sec = 0, .tv_usec = ACCEPT_RETRY_MS * 1000};
    if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (loop->iso_listener != NULL)
            evconnlistener_disable(loop->iso_listener);
        if (loop->tls_listener != NULL)
            evconnlistener_disable(loop->tls_listener);
        evtimer_add(loop->accept_retry, &later);
    }
}

/* SO_REUSEPORT would let a second possumd of the same user bind a port this one serves
 * and quietly take half its terminals. A socket without it cannot bind a port someone
 * listens on, so one such bind first turns that into "address already in use". */
static int listen_probe(const char *address, int port, const char *what, struct ps_reason *why)
{
    struct addrinfo *ai = NULL;
    int fd = -1, on = 1, rc = 0;

    if (listen_resolve(address, port, &ai) != 0)
        goto out; /* listen_socket says why */
    fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        goto out;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno == EADDRINUSE)
        rc = ps_fail(why, PS_EINVAL, "%s port %d: %s", what, port, strerror(errno));
out:
    if (fd >= 0)
        close(fd);
    if (ai != NULL)
        freeaddrinfo(ai);
    return rc;
}

/* The listeners of one port, one per loop, all on the port the first one bound. */
static int listen_port(struct gateway *gw, const char *address, int port, int tls,
                       struct ps_reason *why)
{
    const char *what = tls ? "TLS" : "ISO";
    int bound = 0;
    if (port != 0) {
        int rc = listen_probe(address, port, what, why);
        if (rc < 0)
            return rc;
    }
    for (unsigned i = 0; i < gw->loop_count; i++) {
        struct gw__loop *loop = &gw->loops[i];
        int fd = -1;
        int rc = listen_socket(address, port, what, &fd, &bound, why);
        if (rc < 0)
            return rc;
        port = bound; /* a free port picked for loop 0 is the port of all */
        struct evconnlistener *listener =
            evconnlistener_new(loop->base, listen_on_accept, loop, LEV_OPT_CLOSE_ON_FREE, 0, fd);
        if (listener == NULL) {
            close(fd);
            return ps_fail(why, PS_ENOMEM, "%s port %d: cannot listen: out of memory", what, port);
        }
        evconnlistener_set_error_cb(listener, listen_on_error);
        *(tls ? &loop->tls_listener : &loop->iso_listener) = listener;
    }
    *(tls ? &gw->tls_port : &gw->iso_port) = bound;
    return 0;
}

int gw__listen_open(struct gateway *gw, const struct gw_config *cfg, struct ps_reason *why)
{
    for (unsigned i = 0; i < gw->loop_count; i++) {
        gw->loops[i].accept_retry = evtimer_new(gw->loops[i].base, listen_on_retry, &gw->loops[i]);
        if (gw->loops[i].accept_retry == NULL)
            return ps_fail(why, PS_ENOMEM, "gateway: out of memory");
    }
    int rc = 0;
    if (cfg->iso_port != 0)
        rc = listen_port(gw, cfg->bind_address, cfg->iso_port < 0 ? 0 : cfg->iso_port, 0, why);
    if (rc == 0 && cfg->tls_port != 0)
        rc = listen_port(gw, cfg->bind_address, cfg->tls_port < 0 ? 0 : cfg->tls_port, 1, why);
    return rc;
}

void gw__listen_close(struct gw__loop *loop)
{
    if (loop->iso_listener != NULL)
        evconnlistener_free(loop->iso_listener);
    if (loop->tls_listener != NULL)
        evconnlistener_free(loop->tls_listener);
    if (loop->accept_retry != NULL)
        event_free(loop->accept_retry);
    loop->iso_listener = NULL;
    loop->tls_listener = NULL;
    loop->accept_retry = NULL;
}

/* The API's thread: an event base of its own with evhttp on the HTTP port, and an
 * eventfd that api_stop() writes to end the loop (as the gateway's loops are woken:
 * no evthread locking of bases that only one thread touches). Each request is matched
 * to a route here; answers that are not the handlers' own (no such route, a method the
 * route lacks, a body too large, a path that does not decode) are JSON errors too.
 * With a TLS context (http_tls) every accepted connection is a TLS server bufferevent
 * instead of evhttp's plain one: the port then speaks HTTPS only. */
#define _GNU_SOURCE /* pthread_setname_np */
#include "host/api/internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netinet/in.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#define DEFAULT_MAX_BODY (1u << 20)
#define MAX_HEADERS      (16u << 10)
#define TIMEOUT_S        30

struct api {
    struct api_config cfg;
    struct event_base *base;
    struct evhttp *http;
    struct event *stop_event;
    struct event *sweep_event; /* the offline sweep's timer (sweep.c); NULL without an office */
    int stop_fd;
    int port;
    pthread_t thread;
    int started;
};

/* The decoded path of the request, or NULL (a 400 has been sent). */
static char *decoded_path(struct evhttp_request *req)
{
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
    const char *raw = uri != NULL ? evhttp_uri_get_path(uri) : NULL;
    size_t len = 0;
    char *path = raw != NULL ? evhttp_uridecode(raw, 0, &len) : NULL;
    if (path == NULL || strcspn(path, "\r\n") != len) { /* a NUL or a newline inside */
        free(path);
        api_error(req, 400, NULL, "the path cannot be read");
        return NULL;
    }
    return path;
}

/* Whether req came over TLS. When tls_bufferevent() has no SSL to give (memory ran
 * out), evhttp makes a plain connection of its own instead: on a TLS port such a
 * connection gets a refusal, never the API in clear. */
static int over_tls(struct evhttp_request *req)
{
    struct evhttp_connection *conn = evhttp_request_get_connection(req);
    struct bufferevent *bev = conn != NULL ? evhttp_connection_get_bufferevent(conn) : NULL;
    return bev != NULL && bufferevent_openssl_get_ssl(bev) != NULL;
}

static void on_request(struct evhttp_request *req, void *arg)
{
    struct api *a = arg;
    struct api_call call;
    char allow[64];
    enum evhttp_cmd_type method = evhttp_request_get_command(req);

    memset(&call, 0, sizeof(call));
    call.req = req;
    call.method = method;
    call.cfg = &a->cfg;
    call.office = a->cfg.office;
    if (a->cfg.tls_ctx != NULL && !over_tls(req)) {
        api_error(req, 400, NULL, "this port speaks HTTPS only");
        return;
    }
    char *path = decoded_path(req);
    if (path == NULL)
        return;
    call.path = path;
    const struct api_route *route = api_route_find(&call, method, allow, sizeof(allow));
    size_t limit = route != NULL && route->max_body != 0 ? route->max_body : a->cfg.max_body;
    if (evbuffer_get_length(evhttp_request_get_input_buffer(req)) > limit) {
        api_error(req, 413, NULL, "the body is over %zu bytes", limit);
    } else if (route == NULL && allow[0] != '\0') {
        evhttp_add_header(evhttp_request_get_output_headers(req), "Allow", allow);
        api_error(req, 405, NULL, "%s is not served on %s: use %s", api_method_name(method), path,
                  allow);
    } else if (route == NULL) {
        api_error(req, 404, NULL, "no route %s %s (docs/api.yaml lists them)",
                  api_method_name(method), path);
    } else if (route->roles != API_PUBLIC && call.office == NULL) {
        api_error(req, 503, NULL, "the back office is not open on this host");
    } else if (api_admit(&call, route->roles) == 0) {
        route->handler(&call);
    }
    free(path);
}

static void on_stop(evutil_socket_t fd, short what, void *arg)
{
    uint64_t n;
    (void)what;
    if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
        return;
    event_base_loopbreak(arg);
}

static void *serve(void *arg)
{
    struct api *a = arg;
    pthread_setname_np(pthread_self(), "possumd-api");
    event_base_dispatch(a->base);
    return NULL;
}

/* evhttp's bufferevent for each accepted connection: a TLS server handshake over it
 * (evhttp sets the socket afterwards). NULL lets evhttp make a plain one, which
 * over_tls() then refuses. */
static struct bufferevent *tls_bufferevent(struct event_base *base, void *arg)
{
    struct api *a = arg;
    SSL *ssl = SSL_new(a->cfg.tls_ctx);
    if (ssl == NULL) {
        ERR_clear_error();
        return NULL;
    }
    return bufferevent_openssl_socket_new(base, -1, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                          BEV_OPT_CLOSE_ON_FREE);
}

/* The port the bound socket got (for port -1: any free one). */
static int bound_port(struct evhttp_bound_socket *s)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    evutil_socket_t fd = evhttp_bound_socket_get_fd(s);
    if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
        return -1;
    if (ss.ss_family == AF_INET)
        return ntohs(((struct sockaddr_in *)&ss)->sin_port);
    if (ss.ss_family == AF_INET6)
        return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    return -1;
}

static int setup(struct api *a, struct ps_reason *why)
{
    a->base = event_base_new();
    a->http = a->base != NULL ? evhttp_new(a->base) : NULL;
    a->stop_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (a->http == NULL || a->stop_fd < 0)
        return ps_fail(why, PS_ENOMEM, "api: cannot make the event loop");
    a->stop_event = event_new(a->base, a->stop_fd, EV_READ | EV_PERSIST, on_stop, a->base);
    if (a->stop_event == NULL || event_add(a->stop_event, NULL) != 0)
        return ps_fail(why, PS_ENOMEM, "api: cannot make the event loop");
    if (api_sweep_start(a->base, a->cfg.office, &a->sweep_event, why) != 0)
        return PS_ENOMEM;
    /* evhttp refuses bodies far over the largest limit itself (a route may allow more
     * than the server's: document uploads); on_request answers the rest */
    size_t largest = a->cfg.max_body;
    for (const struct api_route *r = api_routes; r->pattern != NULL; r++)
        largest = r->max_body > largest ? r->max_body : largest;
    evhttp_set_max_body_size(a->http, (ev_ssize_t)largest * 2);
    evhttp_set_max_headers_size(a->http, MAX_HEADERS);
    evhttp_set_timeout(a->http, TIMEOUT_S);
    evhttp_set_allowed_methods(a->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_PUT |
                                            EVHTTP_REQ_PATCH | EVHTTP_REQ_DELETE);
    evhttp_set_gencb(a->http, on_request, a);
    if (a->cfg.tls_ctx != NULL)
        evhttp_set_bevcb(a->http, tls_bufferevent, a);
    struct evhttp_bound_socket *s = evhttp_bind_socket_with_handle(
        a->http, a->cfg.bind_address, (ev_uint16_t)(a->cfg.port > 0 ? a->cfg.port : 0));
    if (s == NULL)
        return ps_fail(why, PS_EIO, "api: cannot listen on %s:%d: %s", a->cfg.bind_address,
                       a->cfg.port, strerror(errno));
    a->port = bound_port(s);
    return PS_OK;
}

int api_start(struct api **out, const struct api_config *cfg, struct ps_reason *why)
{
    struct api *a = calloc(1, sizeof(*a));
    *out = NULL;
    if (a == NULL)
        return ps_fail(why, PS_ENOMEM, "api: out of memory");
    a->cfg = *cfg;
    a->stop_fd = -1;
    if (a->cfg.max_body == 0)
        a->cfg.max_body = DEFAULT_MAX_BODY;
    if (a->cfg.tls_ctx != NULL)
        a->cfg.tls = 1; /* the session cookie is then Secure */
    int rc = setup(a, why);
    if (rc == 0 && pthread_create(&a->thread, NULL, serve, a) != 0)
        rc = ps_fail(why, PS_ENOMEM, "api: cannot start its thread");
    if (rc != 0) {
        api_stop(a);
        return rc;
    }
    a->started = 1;
    *out = a;
    return PS_OK;
}

int api_port(const struct api *a)
{
    return a->port;
}

void api_stop(struct api *a)
{
    if (a == NULL)
        return;
    if (a->started) {
        uint64_t one = 1;
        ssize_t n = write(a->stop_fd, &one, sizeof(one)); /* an eventfd takes it */
        (void)n;
        pthread_join(a->thread, NULL);
    }
    if (a->http != NULL)
        evhttp_free(a->http);
    if (a->stop_event != NULL)
        event_free(a->stop_event);
    if (a->sweep_event != NULL)
        event_free(a->sweep_event);
    if (a->stop_fd >= 0)
        close(a->stop_fd);
    if (a->base != NULL)
        event_base_free(a->base);
    free(a);
}

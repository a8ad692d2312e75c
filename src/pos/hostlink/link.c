/* The blocking link: non-blocking sockets and poll(), so every step keeps to its
 * deadline, with OpenSSL on top for TLS. */
#include "pos/hostlink/link.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>

#include "core/iso8583/frame.h"
#include "core/iso8583/iso8583.h"
#include "pos/hostlink/tls.h"

struct hl_link {
    int fd;
    SSL *ssl;
    char host[HL_HOST_MAX];
    size_t in_len;
    uint8_t in[PS_FRAME_PREFIX + PS_ISO_MAX_MESSAGE]; /* holds the largest frame */
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int hl_split_host_port(const char *text, char host[HL_HOST_MAX], char port[HL_PORT_MAX],
                       struct ps_reason *why)
{
    const char *colon = strrchr(text, ':');
    const char *h = text;
    size_t hlen;

    if (colon == NULL || colon[1] == '\0')
        return ps_fail(why, PS_EINVAL, "'%s' is not HOST:PORT", text);
    hlen = (size_t)(colon - text);
    if (hlen >= 2 && text[0] == '[' && text[hlen - 1] == ']') { /* [2001:db8::1]:5800 */
        h = text + 1;
        hlen -= 2;
    }
    if (hlen == 0 || hlen >= HL_HOST_MAX || strlen(colon + 1) >= HL_PORT_MAX)
        return ps_fail(why, PS_EINVAL, "'%s': the host or the port is empty or too long", text);
    for (const char *p = colon + 1; *p != '\0'; p++) {
        if (*p < '0' || *p > '9')
            return ps_fail(why, PS_EINVAL, "'%s': the port is not a number", text);
    }
    memcpy(host, h, hlen);
    host[hlen] = '\0';
    memcpy(port, colon + 1, strlen(colon + 1) + 1); /* length checked above */
    return PS_OK;
}

/* Waits until fd is ready for events or the deadline passes. */
static int wait_fd(int fd, short events, int64_t deadline, const char *what, struct ps_reason *why)
{
    for (;;) {
        int64_t left = deadline - now_ms();
        struct pollfd p = {.fd = fd, .events = events};
        if (left <= 0)
            return ps_fail(why, PS_ETIMEDOUT, "%s: timed out", what);
        int n = poll(&p, 1, left > 60000 ? 60000 : (int)left);
        if (n > 0)
            return PS_OK;
        if (n < 0 && errno != EINTR)
            return ps_fail(why, PS_EIO, "%s: poll: %s", what, strerror(errno));
    }
}

/* A non-blocking TCP connection to one address, with Nagle off: a terminal sends one
 * small frame and waits for the answer. */
static int connect_one(const struct addrinfo *ai, int64_t deadline, int *out, struct ps_reason *why)
{
    int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1, err = 0, rc = PS_OK;
    socklen_t len = sizeof(err);

    if (fd < 0)
        return ps_fail(why, PS_EIO, "socket: %s", strerror(errno));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            rc = ps_fail(why, PS_EIO, "connect: %s", strerror(errno));
            goto out;
        }
        if ((rc = wait_fd(fd, POLLOUT, deadline, "connect", why)) != 0)
            goto out;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0 || err != 0) {
            rc = ps_fail(why, PS_EIO, "connect: %s", strerror(err != 0 ? err : errno));
            goto out;
        }
    }
out:
    if (rc != 0)
        close(fd);
    else
        *out = fd;
    return rc;
}

static int connect_tcp(struct hl_link *l, const struct hl_link_config *cfg, int64_t deadline,
                       struct ps_reason *why)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = NULL;
    int rc = getaddrinfo(cfg->host, cfg->port, &hints, &list);

    if (rc != 0)
        return ps_fail(why, PS_EINVAL, "%s:%s: %s", cfg->host, cfg->port, gai_strerror(rc));
    rc = ps_fail(why, PS_EIO, "%s:%s: no address", cfg->host, cfg->port);
    for (const struct addrinfo *ai = list; ai != NULL; ai = ai->ai_next) {
        rc = connect_one(ai, deadline, &l->fd, why);
        if (rc == 0 || rc == PS_ETIMEDOUT)
            break;
    }
    freeaddrinfo(list);
    return rc;
}

/* After an SSL call returned ret: waits for what OpenSSL wants, or explains why the
 * connection failed. */
static int tls_wait(struct hl_link *l, int ret, int64_t deadline, const char *what,
                    struct ps_reason *why)
{
    char err[160];
    int e = SSL_get_error(l->ssl, ret);
    long verify;

    if (e == SSL_ERROR_WANT_READ)
        return wait_fd(l->fd, POLLIN, deadline, what, why);
    if (e == SSL_ERROR_WANT_WRITE)
        return wait_fd(l->fd, POLLOUT, deadline, what, why);
    if (e == SSL_ERROR_ZERO_RETURN || (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0))
        return ps_fail(why, PS_EIO, "%s: the host closed the connection%s%s", what,
                       errno != 0 ? ": " : "", errno != 0 ? strerror(errno) : "");
    verify = SSL_get_verify_result(l->ssl);
    if (verify != X509_V_OK)
        return ps_fail(why, PS_EIO, "%s: certificate of %s: %s", what, l->host,
                       X509_verify_cert_error_string(verify));
    return ps_fail(why, PS_EIO, "%s: %s", what, hl_tls_error(err, sizeof(err), "TLS failure"));
}

static int handshake(struct hl_link *l, const struct hl_link_config *cfg, int64_t deadline,
                     struct ps_reason *why)
{
    char err[160];
    int rc, ret;

    l->ssl = SSL_new(cfg->tls);
    if (l->ssl == NULL || SSL_set_fd(l->ssl, l->fd) != 1)
        return ps_fail(why, PS_ECRYPTO, "TLS: %s", hl_tls_error(err, sizeof(err), "no session"));
    if ((rc = hl_tls_set_peer(l->ssl, cfg->host, cfg->insecure, why)) != 0)
        return rc;
    while ((ret = SSL_connect(l->ssl)) != 1) {
        errno = 0;
        if ((rc = tls_wait(l, ret, deadline, "TLS handshake", why)) != 0)
            return rc;
    }
    return PS_OK;
}

int hl_link_open(struct hl_link **out, const struct hl_link_config *cfg, int timeout_ms,
                 struct ps_reason *why)
{
    int64_t deadline = now_ms() + timeout_ms;
    struct hl_link *l = calloc(1, sizeof(*l));
    int rc;

    *out = NULL;
    if (l == NULL)
        return ps_fail(why, PS_ENOMEM, "link: out of memory");
    l->fd = -1;
    snprintf(l->host, sizeof(l->host), "%s", cfg->host);
    rc = connect_tcp(l, cfg, deadline, why);
    if (rc == 0 && cfg->tls != NULL)
        rc = handshake(l, cfg, deadline, why);
    if (rc != 0) {
        hl_link_close(l);
        return rc;
    }
    *out = l;
    return PS_OK;
}

void hl_link_close(struct hl_link *l)
{
    if (l == NULL)
        return;
    if (l->ssl != NULL) {
        SSL_shutdown(l->ssl); /* best effort: a close_notify, not waiting for the reply */
        SSL_free(l->ssl);
    }
    if (l->fd >= 0)
        close(l->fd);
    free(l);
}

/* Writes some of p[0..n) and returns how much, or a negative error. */
static ssize_t write_some(struct hl_link *l, const uint8_t *p, size_t n, int64_t deadline,
                          struct ps_reason *why)
{
    for (;;) {
        int rc;
        if (l->ssl != NULL) {
            errno = 0;
            int ret = SSL_write(l->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
            if (ret > 0)
                return ret;
            rc = tls_wait(l, ret, deadline, "send", why);
        } else {
            ssize_t ret = send(l->fd, p, n, MSG_NOSIGNAL);
            if (ret >= 0)
                return ret;
            if (errno != EAGAIN && errno != EINTR)
                return ps_fail(why, PS_EIO, "send: %s", strerror(errno));
            rc = wait_fd(l->fd, POLLOUT, deadline, "send", why);
        }
        if (rc != 0)
            return rc;
    }
}

int hl_link_send(struct hl_link *l, const uint8_t *frame, size_t len, int timeout_ms,
                 struct ps_reason *why)
{
    int64_t deadline = now_ms() + timeout_ms;
    size_t done = 0;

    while (done < len) {
        ssize_t n = write_some(l, frame + done, len - done, deadline, why);
        if (n < 0)
            return (int)n;
        done += (size_t)n;
    }
    return PS_OK;
}

/* Reads what is available (at least one byte) into p[0..cap). */
static ssize_t read_some(struct hl_link *l, uint8_t *p, size_t cap, int64_t deadline,
                         struct ps_reason *why)
{
    for (;;) {
        int rc;
        if (l->ssl != NULL) {
            errno = 0;
            int ret = SSL_read(l->ssl, p, cap > INT32_MAX ? INT32_MAX : (int)cap);
            if (ret > 0)
                return ret;
            rc = tls_wait(l, ret, deadline, "receive", why);
        } else {
            ssize_t ret = recv(l->fd, p, cap, 0);
            if (ret > 0)
                return ret;
            if (ret == 0)
                return ps_fail(why, PS_EIO, "receive: the host closed the connection");
            if (errno != EAGAIN && errno != EINTR)
                return ps_fail(why, PS_EIO, "receive: %s", strerror(errno));
            rc = wait_fd(l->fd, POLLIN, deadline, "receive", why);
        }
        if (rc != 0)
            return rc;
    }
}

int hl_link_recv(struct hl_link *l, uint8_t *body, size_t cap, size_t *body_len, int timeout_ms,
                 struct ps_reason *why)
{
    int64_t deadline = now_ms() + timeout_ms;
    size_t frame_len = 0;
    int rc;

    *body_len = 0;
    while ((rc = ps_frame_scan(l->in, l->in_len, PS_ISO_MAX_MESSAGE, &frame_len, why)) == 0) {
        /* no whole frame yet, so it is shorter than the buffer: there is room */
        ssize_t n = read_some(l, l->in + l->in_len, sizeof(l->in) - l->in_len, deadline, why);
        if (n < 0)
            return (int)n;
        l->in_len += (size_t)n;
    }
    if (rc < 0)
        return rc;
    if (frame_len - PS_FRAME_PREFIX > cap)
        return ps_fail(why, PS_ESPACE, "receive: a frame of %zu bytes, room for %zu",
                       frame_len - PS_FRAME_PREFIX, cap);
    *body_len = frame_len - PS_FRAME_PREFIX;
    memcpy(body, l->in + PS_FRAME_PREFIX, *body_len);
    l->in_len -= frame_len;
    memmove(l->in, l->in + frame_len, l->in_len);
    return PS_OK;
}

int hl_link_read(struct hl_link *l, uint8_t *buf, size_t cap, size_t *got, int timeout_ms,
                 struct ps_reason *why)
{
    ssize_t n;

    *got = 0;
    if (cap == 0)
        return ps_fail(why, PS_EINVAL, "receive: no room to read into");
    n = read_some(l, buf, cap, now_ms() + timeout_ms, why);
    if (n < 0)
        return (int)n;
    *got = (size_t)n;
    return PS_OK;
}

/* A small blocking HTTP/1.1 client for JSON: one POST, one answer, then the connection
 * closes. The answer is read into one bounded buffer: headers first, then exactly
 * Content-Length bytes of body. */
#include "pos/backoffice/http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What is left of the deadline, at least 1 ms so a link call still reports the timeout
 * itself. */
static int left_ms(int64_t deadline)
{
    int64_t left = deadline - now_ms();
    return left < 1 ? 1 : left > 3600000 ? 3600000 : (int)left;
}

/* ---- the URL ---------------------------------------------------------------------- */

static int url_port(const char *text, const char *p, size_t len, struct pos_bo_url *out,
                    struct ps_reason *why)
{
    if (len == 0 || len >= sizeof(out->port))
        return ps_fail(why, PS_EINVAL, "URL '%s': the port is empty or too long", text);
    for (size_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9')
            return ps_fail(why, PS_EINVAL, "URL '%s': the port is not a number", text);
    }
    if (strtol(p, NULL, 10) < 1 || strtol(p, NULL, 10) > 65535)
        return ps_fail(why, PS_EINVAL, "URL '%s': the port is not 1 to 65535", text);
    memcpy(out->port, p, len);
    out->port[len] = '\0';
    return PS_OK;
}

/* The authority a[0..len): "host", "host:port", "[v6]" or "[v6]:port". */
static int url_authority(const char *text, const char *a, size_t len, struct pos_bo_url *out,
                         struct ps_reason *why)
{
    const char *host = a, *port = NULL, *end = a + len;
    size_t hlen;

    if (len > 0 && a[0] == '[') {
        const char *close = memchr(a, ']', len);
        if (close == NULL)
            return ps_fail(why, PS_EINVAL, "URL '%s': '[' without ']'", text);
        host = a + 1;
        hlen = (size_t)(close - host);
        if (close + 1 < end && close[1] != ':')
            return ps_fail(why, PS_EINVAL, "URL '%s': ':' expected after ']'", text);
        port = close + 1 < end ? close + 2 : NULL;
    } else {
        const char *colon = memchr(a, ':', len);
        if (colon != NULL && memchr(colon + 1, ':', (size_t)(end - colon - 1)) != NULL)
            return ps_fail(why, PS_EINVAL, "URL '%s': an IPv6 address goes in brackets", text);
        hlen = colon != NULL ? (size_t)(colon - a) : len;
        port = colon != NULL ? colon + 1 : NULL;
    }
    if (hlen == 0 || hlen >= sizeof(out->host))
        return ps_fail(why, PS_EINVAL, "URL '%s': the host is empty or too long", text);
    if (memchr(host, '@', hlen) != NULL)
        return ps_fail(why, PS_EINVAL, "URL '%s': a user name is not allowed", text);
    memcpy(out->host, host, hlen);
    out->host[hlen] = '\0';
    if (port == NULL) {
        snprintf(out->port, sizeof(out->port), "%s", out->tls ? "443" : "80");
        return PS_OK;
    }
    return url_port(text, port, (size_t)(end - port), out, why);
}

int pos_bo_url_parse(const char *text, struct pos_bo_url *out, struct ps_reason *why)
{
    const char *a, *slash;
    size_t len;

    memset(out, 0, sizeof(*out));
    if (text == NULL || text[0] == '\0')
        return ps_fail(why, PS_EINVAL, "URL: empty");
    if (strncmp(text, "http://", 7) == 0) {
        a = text + 7;
    } else if (strncmp(text, "https://", 8) == 0) {
        a = text + 8;
        out->tls = 1;
    } else {
        return ps_fail(why, PS_EINVAL, "URL '%s': http:// or https:// expected", text);
    }
    slash = strchr(a, '/');
    len = slash != NULL ? (size_t)(slash - a) : strlen(a);
    if (slash != NULL && slash[1] != '\0')
        return ps_fail(why, PS_EINVAL, "URL '%s': only HOST:PORT, no path, after the scheme", text);
    if (strpbrk(a, "?# \t") != NULL)
        return ps_fail(why, PS_EINVAL, "URL '%s': a query, fragment or space is not allowed", text);
    return url_authority(text, a, len, out, why);
}

/* ---- the request ------------------------------------------------------------------ */

/* What goes out: the method, the path, a body (NULL for a GET) and its signature
 * (NULL: none). */
struct request {
    const char *method;
    const char *path;
    const char *body;
    size_t len;
    const char *signature;
};

static int send_request(struct hl_link *l, const struct pos_bo_http *c, const struct request *r,
                        int64_t deadline, struct ps_reason *why)
{
    char head[POS_BO_PATH_MAX + HL_HOST_MAX + HL_PORT_MAX + POS_BO_SIGNATURE_MAX + 320];
    char type[96] = "", sig[POS_BO_SIGNATURE_MAX + 32] = "";
    int v6 = strchr(c->url.host, ':') != NULL;
    int n, rc;

    if (r->body != NULL)
        snprintf(type, sizeof(type),
                 "Content-Type: application/json\r\nContent-Length: %zu\r\n", r->len);
    if (r->signature != NULL)
        snprintf(sig, sizeof(sig), POS_BO_SIGNATURE_HEADER ": %s\r\n", r->signature);
    n = snprintf(head, sizeof(head),
                 "%s %s HTTP/1.1\r\nHost: %s%s%s:%s\r\nUser-Agent: possum-pos\r\n"
                 "Accept: %s\r\n%s%sConnection: close\r\n\r\n",
                 r->method, r->path, v6 ? "[" : "", c->url.host, v6 ? "]" : "", c->url.port,
                 r->body != NULL ? "application/json" : "*/*", type, sig);
    if (n < 0 || (size_t)n >= sizeof(head))
        return ps_fail(why, PS_EINVAL, "request: the headers do not fit");
    if ((rc = hl_link_send(l, (const uint8_t *)head, (size_t)n, left_ms(deadline), why)) != 0)
        return rc;
    if (r->body == NULL || r->len == 0)
        return PS_OK;
    return hl_link_send(l, (const uint8_t *)r->body, r->len, left_ms(deadline), why);
}

/* ---- the answer ------------------------------------------------------------------- */

/* "HTTP/1.1 200 OK": the version and a three-digit status, the reason phrase ignored. */
static int parse_status_line(const char *p, size_t len, int *status, struct ps_reason *why)
{
    if (len < 12 || memcmp(p, "HTTP/1.", 7) != 0 || (p[7] != '0' && p[7] != '1') || p[8] != ' ' ||
        p[9] < '1' || p[9] > '5' || p[10] < '0' || p[10] > '9' || p[11] < '0' || p[11] > '9' ||
        (len > 12 && p[12] != ' '))
        return ps_fail(why, PS_EFORMAT, "answer: not an HTTP/1.x status line: '%.*s'",
                       (int)(len > 40 ? 40 : len), p);
    *status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + (p[11] - '0');
    return PS_OK;
}

/* Whether header line p[0..len) is named name; *value (OUT) then starts its value. */
static int header_is(const char *p, size_t len, const char *name, const char **value)
{
    size_t n = strlen(name);

    if (len <= n || p[n] != ':' || strncasecmp(p, name, n) != 0)
        return 0;
    for (*value = p + n + 1; *value < p + len && (**value == ' ' || **value == '\t'); (*value)++)
        ;
    return 1;
}

static int parse_length(const char *v, const char *end, size_t *clen, struct ps_reason *why)
{
    size_t n = 0;

    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (v == end || end - v > 9)
        return ps_fail(why, PS_EFORMAT, "answer: Content-Length '%.*s' is not a length",
                       (int)(end - v > 20 ? 20 : end - v), v);
    for (const char *p = v; p < end; p++) {
        if (*p < '0' || *p > '9')
            return ps_fail(why, PS_EFORMAT, "answer: Content-Length '%.*s' is not a number",
                           (int)(end - v), v);
        n = n * 10 + (size_t)(*p - '0');
    }
    if (*clen != SIZE_MAX && *clen != n)
        return ps_fail(why, PS_EFORMAT, "answer: two different Content-Length headers");
    *clen = n;
    return PS_OK;
}

/* What the head of an answer says. */
struct head {
    int status;
    size_t clen;                               /* Content-Length */
    char signature[POS_BO_SIGNATURE_MAX + 1]; /* X-Possum-Signature, "" when none */
};

/* The signature header's value v..end, copied into h (it is checked by whoever knows
 * the key; here only its size is bounded). */
static int take_signature(const char *v, const char *end, struct head *h, struct ps_reason *why)
{
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if ((size_t)(end - v) > POS_BO_SIGNATURE_MAX)
        return ps_fail(why, PS_EFORMAT, "answer: " POS_BO_SIGNATURE_HEADER " longer than %d bytes",
                       POS_BO_SIGNATURE_MAX);
    memcpy(h->signature, v, (size_t)(end - v));
    h->signature[end - v] = '\0';
    return PS_OK;
}

/* One header line (not the status line). */
static int parse_header(const char *line, size_t n, struct head *h, struct ps_reason *why)
{
    const char *value;

    if (header_is(line, n, "Content-Length", &value))
        return parse_length(value, line + n, &h->clen, why);
    if (header_is(line, n, POS_BO_SIGNATURE_HEADER, &value))
        return take_signature(value, line + n, h, why);
    if (header_is(line, n, "Transfer-Encoding", &value))
        return ps_fail(why, PS_EFORMAT,
                       "answer: Transfer-Encoding '%.*s' is not supported "
                       "(chunked answers are not read)",
                       (int)(line + n - value > 20 ? 20 : line + n - value), value);
    if (memchr(line, ':', n) == NULL)
        return ps_fail(why, PS_EFORMAT, "answer: a header line without ':': '%.*s'",
                       (int)(n > 40 ? 40 : n), line);
    return PS_OK;
}

/* The head p[0..len) (the blank line excluded) into *h (OUT); a body above max bytes is
 * refused before it is read. */
static int parse_head(const char *p, size_t len, size_t max, struct head *h,
                      struct ps_reason *why)
{
    const char *end = p + len, *line = p;
    int rc, first = 1;

    memset(h, 0, sizeof(*h));
    h->clen = SIZE_MAX;
    while (line < end) {
        const char *eol = memchr(line, '\r', (size_t)(end - line));
        size_t n = eol != NULL ? (size_t)(eol - line) : (size_t)(end - line);
        rc = first ? parse_status_line(line, n, &h->status, why) : parse_header(line, n, h, why);
        if (rc != 0)
            return rc;
        first = 0;
        line += n + 2; /* past "\r\n": the head ends with one, the blank line's */
    }
    if (h->clen == SIZE_MAX)
        return ps_fail(why, PS_EFORMAT, "answer: no Content-Length (HTTP %d)", h->status);
    if (h->clen > max)
        return ps_fail(why, PS_ETOOLONG, "answer: a body of %zu bytes, at most %zu are read",
                       h->clen, max);
    return PS_OK;
}

/* Reads more of the answer into buf[*len..cap). */
static int read_more(struct hl_link *l, char *buf, size_t *len, size_t cap, int64_t deadline,
                     struct ps_reason *why)
{
    size_t got = 0;
    int rc = hl_link_read(l, (uint8_t *)buf + *len, cap - *len, &got, left_ms(deadline), why);

    *len += got;
    return rc;
}

/* Where "\r\n\r\n" starts in p[0..len), or NULL. */
static const char *find_blank_line(const char *p, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++) {
        if (memcmp(p + i, "\r\n\r\n", 4) == 0)
            return p + i;
    }
    return NULL;
}

/* Reads up to the blank line; *head_len (OUT) counts the head with its blank line. */
static int read_head(struct hl_link *l, char *buf, size_t *len, size_t *head_len, int64_t deadline,
                     struct ps_reason *why)
{
    struct ps_reason cause;
    const char *blank;
    int rc;

    while ((blank = find_blank_line(buf, *len)) == NULL) {
        if (*len >= POS_BO_HEAD_MAX)
            return ps_fail(why, PS_ETOOLONG, "answer: headers longer than %d bytes",
                           POS_BO_HEAD_MAX);
        if ((rc = read_more(l, buf, len, POS_BO_HEAD_MAX, deadline, &cause)) != 0)
            return ps_fail(why, rc, "answer: %s: %s",
                           *len == 0 ? "nothing came" : "the headers did not end", cause.text);
    }
    *head_len = (size_t)(blank - buf) + 4;
    return PS_OK;
}

static int parse_body(const char *body, size_t len, struct pos_bo_answer *out,
                      struct ps_reason *why)
{
    json_error_t err;
    int ok = out->status >= 200 && out->status < 300;

    out->body = malloc(len + 1); /* the exact bytes, for a signature over them */
    if (out->body == NULL)
        return ps_fail(why, PS_ENOMEM, "answer: out of memory");
    memcpy(out->body, body, len);
    out->body[len] = '\0';
    out->body_len = len;
    if (len == 0)
        return ok ? ps_fail(why, PS_EFORMAT, "answer: HTTP %d with an empty body", out->status)
                  : PS_OK;
    out->json = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    if (out->json == NULL && ok)
        return ps_fail(why, PS_EFORMAT, "answer: the body is not JSON: %s (line %d, column %d)",
                       err.text, err.line, err.column);
    return PS_OK;
}

/* Reads the rest of a body of clen bytes after the head_len bytes of head in buf
 * (*len bytes read so far), into buf up to head_len + clen. */
static int read_body(struct hl_link *l, char *buf, size_t *len, size_t head_len, size_t clen,
                     int64_t deadline, struct ps_reason *why)
{
    struct ps_reason cause;
    int rc;

    while (*len - head_len < clen) {
        if ((rc = read_more(l, buf, len, head_len + clen, deadline, &cause)) == PS_EIO)
            return ps_fail(why, PS_ETRUNCATED,
                           "answer: the body ended after %zu of its %zu bytes (%s)",
                           *len - head_len, clen, cause.text);
        if (rc != 0)
            return ps_fail(why, rc, "answer: %s", cause.text);
    }
    return PS_OK;
}

static int read_answer(struct hl_link *l, char *buf, struct pos_bo_answer *out, int64_t deadline,
                       struct ps_reason *why)
{
    struct head h;
    size_t len = 0, head_len = 0;
    int rc;

    if ((rc = read_head(l, buf, &len, &head_len, deadline, why)) != 0 ||
        (rc = parse_head(buf, head_len - 2, POS_BO_BODY_MAX, &h, why)) != 0)
        return rc;
    out->status = h.status;
    memcpy(out->signature, h.signature, sizeof(out->signature));
    if (len > head_len + h.clen)
        len = head_len + h.clen; /* nothing after the body is read */
    if ((rc = read_body(l, buf, &len, head_len, h.clen, deadline, why)) != 0)
        return rc;
    return parse_body(buf + head_len, h.clen, out, why);
}

/* ---- the exchange ----------------------------------------------------------------- */

void pos_bo_answer_init(struct pos_bo_answer *a)
{
    a->status = 0;
    a->json = NULL;
    a->body = NULL;
    a->body_len = 0;
    a->signature[0] = '\0';
}

void pos_bo_answer_cleanup(struct pos_bo_answer *a)
{
    json_decref(a->json);
    free(a->body);
    pos_bo_answer_init(a);
}

static int check_request(const struct pos_bo_http *c, const char *path, struct ps_reason *why)
{
    if (path == NULL || path[0] != '/' || strlen(path) >= POS_BO_PATH_MAX ||
        strpbrk(path, " \r\n") != NULL)
        return ps_fail(why, PS_EINVAL, "request: the path is not an absolute path");
    if (c->url.tls && c->tls == NULL)
        return ps_fail(why, PS_EINVAL, "request: https without a TLS context");
    return PS_OK;
}

/* Opens the link and sends r; *l (OUT) then open until the caller closes it. */
static int open_and_send(const struct pos_bo_http *c, const struct request *r, struct hl_link **l,
                         int64_t deadline, struct ps_reason *why)
{
    struct hl_link_config cfg = {.host = c->url.host,
                                 .port = c->url.port,
                                 .tls = c->url.tls ? c->tls : NULL,
                                 .insecure = c->insecure};
    int rc;

    *l = NULL;
    if ((rc = check_request(c, r->path, why)) != 0)
        return rc;
    if (r->signature != NULL && (strlen(r->signature) > POS_BO_SIGNATURE_MAX ||
                                 strpbrk(r->signature, "\r\n") != NULL))
        return ps_fail(why, PS_EINVAL, "request: the signature is not one short line");
    if (r->body != NULL && r->len > POS_BO_BODY_MAX)
        return ps_fail(why, PS_ETOOLONG, "request: a body over %d bytes", POS_BO_BODY_MAX);
    if ((rc = hl_link_open(l, &cfg, c->timeout_ms, why)) != 0)
        return rc;
    return send_request(*l, c, r, deadline, why);
}

int pos_bo_http_post_text(const struct pos_bo_http *c, const char *path, const char *body,
                          size_t len, const char *signature, struct pos_bo_answer *out,
                          struct ps_reason *why)
{
    int64_t deadline = now_ms() + c->timeout_ms;
    struct request r = {"POST", path, body, len, signature};
    struct hl_link *l = NULL;
    char *buf = NULL;
    int rc;

    pos_bo_answer_init(out);
    buf = malloc(POS_BO_HEAD_MAX + POS_BO_BODY_MAX);
    if (buf == NULL)
        rc = ps_fail(why, PS_ENOMEM, "request: out of memory");
    else if ((rc = open_and_send(c, &r, &l, deadline, why)) == 0)
        rc = read_answer(l, buf, out, deadline, why);
    if (rc != 0)
        pos_bo_answer_cleanup(out);
    hl_link_close(l);
    free(buf);
    return rc;
}

int pos_bo_http_post(const struct pos_bo_http *c, const char *path, const json_t *body,
                     struct pos_bo_answer *out, struct ps_reason *why)
{
    char *text = json_dumps(body, JSON_COMPACT);
    int rc;

    pos_bo_answer_init(out);
    if (text == NULL)
        return ps_fail(why, PS_ENOMEM, "request: out of memory");
    rc = pos_bo_http_post_text(c, path, text, strlen(text), NULL, out, why);
    free(text);
    return rc;
}

/* ---- a download ------------------------------------------------------------------- */

/* Writes p[0..n) whole to fd. */
static int write_all(int fd, const char *p, size_t n, struct ps_reason *why)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return ps_fail(why, PS_EIO, "download: writing the file: %s", strerror(errno));
        p += w;
        n -= (size_t)w;
    }
    return PS_OK;
}

/* The body of a 200 of h.clen bytes, the first got of them in from, then the rest read
 * chunk by chunk through buf (cap bytes), written to fd. */
static int stream_body(struct hl_link *l, const struct head *h, const char *from, size_t got,
                       char *buf, size_t cap, int fd, int64_t deadline, struct ps_reason *why)
{
    size_t done = got < h->clen ? got : h->clen;
    struct ps_reason cause;
    int rc;

    if ((rc = write_all(fd, from, done, why)) != 0)
        return rc;
    while (done < h->clen) {
        size_t len = 0, want = h->clen - done < cap ? h->clen - done : cap;
        if ((rc = read_more(l, buf, &len, want, deadline, &cause)) == PS_EIO)
            return ps_fail(why, PS_ETRUNCATED,
                           "download: the body ended after %zu of its %zu bytes (%s)", done,
                           h->clen, cause.text);
        if (rc != 0)
            return ps_fail(why, rc, "download: %s", cause.text);
        if ((rc = write_all(fd, buf, len, why)) != 0)
            return rc;
        done += len;
    }
    return PS_OK;
}

int pos_bo_http_download(const struct pos_bo_http *c, const char *path, size_t max, int fd,
                         struct pos_bo_answer *out, size_t *written, struct ps_reason *why)
{
    int64_t deadline = now_ms() + c->timeout_ms;
    struct request r = {"GET", path, NULL, 0, NULL};
    struct hl_link *l = NULL;
    struct head h;
    size_t len = 0, head_len = 0;
    char *buf = NULL;
    int rc;

    pos_bo_answer_init(out);
    *written = 0;
    buf = malloc(POS_BO_HEAD_MAX + POS_BO_BODY_MAX);
    if (buf == NULL) {
        rc = ps_fail(why, PS_ENOMEM, "download: out of memory");
        goto out;
    }
    if ((rc = open_and_send(c, &r, &l, deadline, why)) != 0 ||
        (rc = read_head(l, buf, &len, &head_len, deadline, why)) != 0 ||
        (rc = parse_head(buf, head_len - 2, SIZE_MAX, &h, why)) != 0)
        goto out;
    out->status = h.status;
    if (h.status != 200) { /* an error's JSON body, bounded as any answer's */
        if (h.clen > POS_BO_BODY_MAX)
            rc = ps_fail(why, PS_ETOOLONG, "download: HTTP %d with a body of %zu bytes",
                         h.status, h.clen);
        else if (len > head_len + h.clen)
            len = head_len + h.clen;
        if (rc == 0 && (rc = read_body(l, buf, &len, head_len, h.clen, deadline, why)) == 0)
            rc = parse_body(buf + head_len, h.clen, out, why);
        goto out;
    }
    if (h.clen > max) {
        rc = ps_fail(why, PS_ETOOLONG, "download: %zu bytes, more than the %zu allowed", h.clen,
                     max);
        goto out;
    }
    rc = stream_body(l, &h, buf + head_len, len - head_len, buf, POS_BO_HEAD_MAX + POS_BO_BODY_MAX,
                     fd, deadline, why);
    if (rc == 0)
        *written = h.clen;
out:
    if (rc != 0)
        pos_bo_answer_cleanup(out);
    hl_link_close(l);
    free(buf);
    return rc;
}

/* http.h — the terminal's side of the back office's HTTP/JSON API (docs/api.yaml): one
 * blocking POST of a JSON body and its JSON answer, over hostlink's link (TCP or TLS,
 * every step bounded by one deadline).
 *
 * HTTP/1.1 with Connection: close, one request per connection: a terminal calls the back
 * office a handful of times in its life (activation), so nothing is kept open or pooled.
 * Deliberately little of an answer is understood: the status line, Content-Length
 * (required: the body is read to that length, not to the close, so an answer cut short
 * is told from a whole one) and a body of at most POS_BO_BODY_MAX bytes. Chunked transfer
 * encoding is refused by name; possumd (evhttp) never uses it for a JSON answer.
 *
 * Besides: a POST of exact body bytes with their signature (X-Possum-Signature) and the
 * answer's own signature header surfaced, for heartbeats (heartbeat.h); and a GET whose
 * body is streamed to a file under a caller's cap, for app packages (package.h).
 *
 * Like the link under it, a TLS write may raise SIGPIPE: programs ignore SIGPIPE. */
#ifndef POSSUM_POS_BACKOFFICE_HTTP_H
#define POSSUM_POS_BACKOFFICE_HTTP_H

#include <jansson.h>
#include <openssl/ssl.h>

#include "core/error.h"
#include "pos/hostlink/link.h"

#define POS_BO_HEAD_MAX (8 * 1024)  /* the status line and the headers of an answer */
#define POS_BO_BODY_MAX (64 * 1024) /* an answer's body, and a request's */
#define POS_BO_PATH_MAX 256
/* The header that carries a hex HMAC-SHA256 of the body it comes with, both ways. */
#define POS_BO_SIGNATURE_HEADER "X-Possum-Signature"
#define POS_BO_SIGNATURE_MAX    128 /* bytes of its value read; a valid one has 64 */

/* Where the back office is. */
struct pos_bo_url {
    char host[HL_HOST_MAX]; /* a name or an address; an IPv6 address without brackets */
    char port[HL_PORT_MAX];
    int tls; /* https */
};

/* Parses "http://HOST:PORT" or "https://HOST:PORT" into out (OUT): an IPv6 address in
 * brackets ("http://[::1]:8080"), the port 80 / 443 when left out, one trailing "/"
 * allowed but no path, query or user. Returns 0 or PS_EINVAL saying what is wrong. */
int pos_bo_url_parse(const char *text, struct pos_bo_url *out, struct ps_reason *why);

/* How to reach the back office. */
struct pos_bo_http {
    struct pos_bo_url url;
    SSL_CTX *tls;   /* for https: a client context (hostlink/tls.h); not owned */
    int insecure;   /* for https: do not check the certificate's name either */
    int timeout_ms; /* the whole exchange: connect, send and the answer */
};

/* An answer. */
struct pos_bo_answer {
    int status;   /* 100 to 599 */
    json_t *json; /* the body; NULL when it was empty or not JSON, which only an answer
                     other than 2xx may be. Owned: pos_bo_answer_cleanup */
    char *body;   /* the body's exact bytes (NUL added), for checking a signature over
                     them; owned, NULL before a body was read */
    size_t body_len;
    char signature[POS_BO_SIGNATURE_MAX + 1]; /* X-Possum-Signature as sent; "" none */
};

void pos_bo_answer_init(struct pos_bo_answer *a);
void pos_bo_answer_cleanup(struct pos_bo_answer *a);

/* POSTs body (borrowed) as JSON to path ("/api/v1/activation") and reads the answer into
 * out (OUT; init'ed first, cleaned up by the caller either way). Returns 0 whatever the
 * HTTP status (the caller reads it), or PS_EINVAL (path, no TLS context for https),
 * PS_ETIMEDOUT, PS_EIO (connect, TLS, closed before the headers ended), PS_EFORMAT (the
 * status line, a header, Content-Length missing or malformed, chunked, a 2xx body that
 * is not JSON), PS_ETOOLONG (headers or body beyond their bounds), PS_ETRUNCATED (closed
 * before Content-Length bytes of body) or PS_ENOMEM; why names the part. */
int pos_bo_http_post(const struct pos_bo_http *c, const char *path, const json_t *body,
                     struct pos_bo_answer *out, struct ps_reason *why);

/* As pos_bo_http_post, with the body's exact bytes body[0..len) (JSON, borrowed) and,
 * when signature is not NULL, the header X-Possum-Signature: signature. out->body and
 * out->signature then let the caller check the answer's own signature. */
int pos_bo_http_post_text(const struct pos_bo_http *c, const char *path, const char *body,
                          size_t len, const char *signature, struct pos_bo_answer *out,
                          struct ps_reason *why);

/* GETs path and streams a 200's body to fd (open for writing, not closed), refusing one
 * whose Content-Length is above max before a byte is written; *written (OUT) is its
 * size once all of it was written. Another status is read as an answer into out (its
 * JSON error, bounded by POS_BO_BODY_MAX) and returns 0: the caller reads out->status.
 * Returns as pos_bo_http_post, and PS_EIO when fd cannot be written. */
int pos_bo_http_download(const struct pos_bo_http *c, const char *path, size_t max, int fd,
                         struct pos_bo_answer *out, size_t *written /* OUT */,
                         struct ps_reason *why);

#endif

/* link.h — a terminal's blocking connection to possumd: TCP or TLS, one frame out,
 * one frame back, each step bounded by a timeout. This is how a real terminal talks
 * (one request at a time), and what possumctl txn uses; the fleet simulator drives
 * many terminals asynchronously instead.
 *
 * A received frame is bounded: its length prefix may announce at most
 * PS_ISO_MAX_MESSAGE bytes, else the link reports the frame and must be closed (the
 * stream cannot be resynchronised).
 *
 * TLS writes may raise SIGPIPE when the host has closed the connection: programs that
 * use TLS links ignore SIGPIPE (possumctl does). Plain TCP never raises it. */
#ifndef POSSUM_POS_HOSTLINK_LINK_H
#define POSSUM_POS_HOSTLINK_LINK_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/ssl.h>

#include "core/error.h"
#include "pos/hostlink/outcome.h"

#define HL_HOST_MAX 256
#define HL_PORT_MAX 16

struct hl_link_config {
    const char *host; /* a name, an IPv4 address or an IPv6 address without brackets */
    const char *port; /* "5800" */
    SSL_CTX *tls;     /* NULL: plain TCP; else TLS with this context (hostlink/tls.h) */
    int insecure;     /* with tls: do not check the certificate's name either */
};

struct hl_link;

/* Splits "HOST:PORT" (or "[v6-address]:PORT") into host and port. Returns 0 or
 * PS_EINVAL with why saying what is missing or too long. */
int hl_split_host_port(const char *text, char host[HL_HOST_MAX], char port[HL_PORT_MAX],
                       struct ps_reason *why);

/* Connects (and for TLS shakes hands) within timeout_ms and sets *out (OUT). The
 * config is copied. Returns 0, PS_ETIMEDOUT, PS_EIO (refused, unreachable, TLS
 * failure: why says which), PS_EINVAL (host not found) or PS_ENOMEM. */
int hl_link_open(struct hl_link **out, const struct hl_link_config *cfg, int timeout_ms,
                 struct ps_reason *why);

/* Closes the connection and frees l; NULL is allowed. */
void hl_link_close(struct hl_link *l);

/* Writes frame[0..len) (prefix included) within timeout_ms. Returns 0, PS_ETIMEDOUT
 * or PS_EIO. */
int hl_link_send(struct hl_link *l, const uint8_t *frame, size_t len, int timeout_ms,
                 struct ps_reason *why);

/* Reads the next frame within timeout_ms and copies its body (after the 2-byte prefix:
 * TPDU, header, message) to body[0..cap), setting *body_len (OUT). Returns 0,
 * PS_ETIMEDOUT, PS_EIO (closed, reset, TLS error), PS_ETOOLONG / PS_EFORMAT (a length
 * prefix beyond PS_ISO_MAX_MESSAGE, or 0) or PS_ESPACE (cap too small). After an error
 * the link is unusable: close it. */
int hl_link_recv(struct hl_link *l, uint8_t *body, size_t cap, size_t *body_len, int timeout_ms,
                 struct ps_reason *why);

/* Reads what has come (at least one byte, at most cap) into buf within timeout_ms and
 * sets *got (OUT), for protocols other than 8583 over the same link (the back office's
 * HTTP, pos/backoffice/http.h). A link is read either with hl_link_recv or with this,
 * never both: bytes hl_link_recv has buffered are not seen here. Returns 0,
 * PS_ETIMEDOUT or PS_EIO (closed, reset, TLS error; why says which). */
int hl_link_read(struct hl_link *l, uint8_t *buf, size_t cap, size_t *got, int timeout_ms,
                 struct ps_reason *why);

#endif

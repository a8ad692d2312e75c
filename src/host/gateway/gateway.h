/* gateway.h — terminal connections: listening on plain TCP and TLS, one libevent
 * loop per core (SO_REUSEPORT spreads new connections over them), 2-byte length
 * framing, and the limits that keep one slow or hostile client from hurting the
 * others: the largest frame, an idle timeout, a cap on connections, and a cap on
 * requests a connection may have in flight before the gateway stops reading it.
 *
 * The gateway knows frames, not ISO 8583: each whole frame goes to on_frame on the
 * loop thread that owns the connection. The answer comes later, from any thread,
 * through gw_post(), which runs a function on that loop, where gw_conn_send() writes
 * it. A connection is named across threads by a struct gw_ref, which stays safe to
 * use after the connection closed (gw_post then passes conn = NULL). */
#ifndef POSSUM_HOST_GATEWAY_GATEWAY_H
#define POSSUM_HOST_GATEWAY_GATEWAY_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

struct gateway;
struct gw_conn;

struct gw_ref {
    uint32_t loop;       /* index of the owning loop */
    uint32_t slot;       /* the connection's slot in that loop */
    uint64_t generation; /* tells a slot's successive connections apart */
};

/* Called on the owning loop for each whole frame; body excludes the 2-byte prefix and
 * is valid only during the call. The connection now has one more request in flight;
 * it must be answered (gw_conn_send) or the connection closed. */
typedef void (*gw_frame_fn)(void *ctx, unsigned loop, struct gw_conn *conn, struct gw_ref ref,
                            const uint8_t *body, size_t len);

struct gw_config {
    const char *bind_address; /* "0.0.0.0", "127.0.0.1" ... */
    int iso_port;             /* plain TCP; 0: off; -1: pick a free port (tests) */
    int tls_port;             /* TLS; 0: off; -1: pick a free port */
    const char *tls_cert;     /* PEM certificate chain file, for TLS */
    const char *tls_key;      /* PEM private key file */
    int loops;                /* event-loop threads; 0: one per online CPU */
    /* limits; 0 takes the default in brackets */
    size_t max_frame;         /* largest frame body accepted (8192) */
    int idle_timeout_ms;      /* close a connection silent this long (60000) */
    int max_connections;      /* over all loops (10000) */
    int max_in_flight;        /* unanswered requests per connection before reads pause (4) */
    gw_frame_fn on_frame;
    void *ctx;
};

struct gw_stats {
    uint64_t connections_open;
    uint64_t connections_total;
    uint64_t connections_refused; /* over max_connections */
    uint64_t frames_in;
    uint64_t frames_out;
    uint64_t frames_rejected;     /* oversized or empty prefix: connection closed */
    uint64_t idle_closed;
};

/* Binds the listeners and starts the loop threads. Returns 0 or PS_E* with why
 * ("TLS port 5801: address already in use"). */
int gw_start(struct gateway **out, const struct gw_config *cfg, struct ps_reason *why);

/* The ports actually bound (useful when the config asked for -1). */
int gw_iso_port(const struct gateway *gw);
int gw_tls_port(const struct gateway *gw);

/* Stops accepting, runs what was already posted against the live connections and
 * writes it out, then closes every connection, joins the loops and frees gw. Anything
 * posted after that point is called with conn = NULL so its argument is freed. Call
 * it once nothing else posts (possumd stops its engine first). */
void gw_stop(struct gateway *gw);

struct ssl_ctx_st; /* OpenSSL's SSL_CTX */

/* The server TLS context terminals are served with, from cert (a PEM chain) and key
 * (PEM): TLS 1.2 or later, the server's cipher preference, no renegotiation, no
 * compression, and an encrypted key refused rather than a passphrase asked for. The
 * HTTP API takes its context from here too, so one policy holds on every TLS port.
 * Returns 0 with *out for the caller to free (SSL_CTX_free); PS_EINVAL naming a file
 * that cannot be read, PS_EFORMAT naming one that is not a usable certificate or key
 * (or a key that is not the certificate's), or PS_ECRYPTO. */
int gw_tls_context_new(struct ssl_ctx_st **out /* OUT */, const char *cert_path,
                       const char *key_path, struct ps_reason *why);

/* From any thread: runs fn(arg, conn) on the loop that owns ref; conn is NULL when
 * that connection has closed. Never blocks on I/O. Returns 0, PS_ENOMEM, or PS_EINVAL
 * for a ref naming no loop or a NULL fn. */
int gw_post(struct gateway *gw, struct gw_ref ref, void (*fn)(void *arg, struct gw_conn *conn),
            void *arg);

/* On the owning loop: writes body with its 2-byte prefix and counts one in-flight
 * request as answered. Returns 0 (also on a closing connection, where the answer is
 * dropped), or PS_ETOOLONG over 65535 bytes. */
int gw_conn_send(struct gw_conn *conn, const uint8_t *body, size_t len);

/* On the owning loop: closes the connection once pending output is written; why is
 * logged. */
void gw_conn_close(struct gw_conn *conn, const char *why);

/* "203.0.113.5:40122", for logs. */
const char *gw_conn_peer(const struct gw_conn *conn);

void gw_stats(struct gateway *gw, struct gw_stats *out);

#endif

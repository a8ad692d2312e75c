/* tls.h — the terminal's side of TLS (OpenSSL): one client context per program, and
 * the server-name check on each connection. Shared by the blocking link
 * (hostlink/link.h) and possumctl's fleet, which runs TLS through libevent.
 *
 * Verification is on unless the caller says insecure: against the CA certificates of
 * ca_file (PEM), or the system's default CA store when ca_file is NULL. insecure
 * exists for the demo sandbox, whose certificate is self-signed. */
#ifndef POSSUM_POS_HOSTLINK_TLS_H
#define POSSUM_POS_HOSTLINK_TLS_H

#include <openssl/ssl.h>

#include "core/error.h"

/* Makes a client context (TLS 1.2 or later) and sets *out (OUT); the caller frees it
 * with SSL_CTX_free(). A context may be shared by threads once made.
 * Returns 0, PS_EINVAL (ca_file cannot be read as PEM certificates, named in why) or
 * PS_ECRYPTO. */
int hl_tls_client_ctx(SSL_CTX **out, const char *ca_file, int insecure, struct ps_reason *why);

/* Prepares ssl, a new connection of such a context, for the server host: SNI when
 * host is a name, and (unless insecure) the check that the certificate names host (a
 * DNS name or an IP address). Returns 0 or PS_ECRYPTO. */
int hl_tls_set_peer(SSL *ssl, const char *host, int insecure, struct ps_reason *why);

/* The first error on OpenSSL's queue as text (or fallback when there is none), for
 * reasons; clears the queue. buf holds cap bytes. */
const char *hl_tls_error(char *buf, size_t cap, const char *fallback);

#endif

/* api.h — possumd's HTTP/JSON API (/api/v1/...), served by evhttp on a thread and event
 * base of its own, apart from the terminals' gateway loops: a slow back-office call
 * never delays a card payment. Handlers are one file per resource (DESIGN.md: api/
 * handlers call office/, which calls the store; no SQL here).
 *
 * Every answer is JSON. An error is {"error": {"status": 404, "reason": "...",
 * "field": "..."}} with the field named when one is at fault (reply.h). */
#ifndef POSSUM_HOST_API_API_H
#define POSSUM_HOST_API_API_H

#include "core/error.h"

struct office;
struct ssl_ctx_st; /* OpenSSL's SSL_CTX */

struct api_config {
    const char *bind_address; /* "0.0.0.0" */
    int port;                 /* 1-65535, or -1: any free port (api_port tells which) */
    const char *store;        /* the store's backend name, for /health */
    int host_id;
    size_t max_body;          /* bytes a request body may have; 0: 1 MiB */
    struct office *office;    /* the back office; used on the API's thread only */
    int tls;                  /* served over TLS: session cookies are marked Secure */
    struct ssl_ctx_st *tls_ctx; /* not NULL: every connection is TLS with it (tls is then
                                   set too); the caller frees it after api_stop() */
    const char *data_dir;     /* possumd's data directory: uploaded documents go under
                                 <data_dir>/documents */
};

struct api;

/* Binds and starts serving on a new thread. Returns 0, or PS_EIO with why (the
 * address and the cause) when the port cannot be bound. */
int api_start(struct api **out, const struct api_config *cfg, struct ps_reason *why);

/* The port it listens on. */
int api_port(const struct api *a);

/* Stops serving (requests in progress are answered first or dropped with their
 * connections) and frees a; NULL is allowed. */
void api_stop(struct api *a);

#endif

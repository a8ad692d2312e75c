/* pipeline.h — a terminal message's way through possumd, between the gateway (frames
 * and connections) and the engine (decisions and durability):
 *
 *   frame (gateway thread) -> unpack -> txn_parse -> MAC check and PIN proof with the
 *   terminal's keys -> engine_submit
 *   ... engine decides, writer commits ...
 *   done (writer thread) -> gw_post -> (gateway thread) txn_respond -> pack -> MAC ->
 *   gw_conn_send
 *
 * CPU work per message (unpacking, MAC, PIN, packing) runs on the gateway's loops,
 * one per core; only the decision itself is serial. Each loop has its own scratch
 * message and a free list of in-flight items, so steady traffic allocates nothing.
 *
 * A frame that does not unpack cannot be answered (there is no STAN or TID to answer
 * to): its connection is closed and the reason logged. Every frame that unpacks is
 * submitted, so the engine records and answers it. */
#ifndef POSSUM_HOST_PIPELINE_PIPELINE_H
#define POSSUM_HOST_PIPELINE_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/gateway/gateway.h"
#include "host/keys.h"
#include "host/txn/engine.h"
#include "host/txn/keyring.h"

struct pipeline;

struct pipeline_config {
    struct engine *engine;
    struct keyring *keyring;
    const struct host_keys *keys;
    unsigned loops; /* the gateway's loop count: one scratch area each */
    int shared;     /* other hosts write the same database (ledger_config.shared) */
};

int pipeline_new(struct pipeline **out, const struct pipeline_config *cfg, struct ps_reason *why);

/* The gateway answers go to; set once, after gw_start and before the first frame is
 * submitted (frames arriving earlier close their connection). */
void pipeline_attach(struct pipeline *p, struct gateway *gw);

/* The gateway's on_frame (ctx = the pipeline). */
void pipeline_on_frame(void *ctx, unsigned loop, struct gw_conn *conn, struct gw_ref ref,
                       const uint8_t *body, size_t len);

/* Stops taking new requests: frames arriving from now on close their connection (the
 * terminal reverses or retries later). Requests already submitted are still answered. */
void pipeline_close_intake(struct pipeline *p);

/* Frees the pipeline; call after engine_stop and gw_stop. */
void pipeline_free(struct pipeline *p);

struct pipeline_stats {
    uint64_t frames;
    uint64_t unreadable; /* frames that did not unpack: connection closed */
    uint64_t answered;
    uint64_t dropped;    /* answers whose connection had closed */
};
void pipeline_stats(struct pipeline *p, struct pipeline_stats *out);

#endif

#include "host/pipeline/pipeline.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/iso8583/iso8583.h"
#include "host/log.h"
#include "host/txn/request.h"
#include "host/txn/response.h"
#include "host/txn/security.h"

#define ENVELOPE (5 + 6) /* TPDU + header, ahead of the MTI in every CUP frame */
#define ITEMS_PER_CHUNK 64

struct pipe_item {
    struct engine_item e; /* first: the engine hands back &e */
    struct pipeline *p;
    struct gw_ref ref;
    unsigned loop;
    uint8_t tpdu[5];
    uint8_t header[6];
    uint8_t *signed_copy; /* e.req.mac_data: a bad MAC's bytes, for the engine (shared) */
    struct pipe_item *next_free;
};

struct item_chunk {
    struct item_chunk *next;
    struct pipe_item items[ITEMS_PER_CHUNK];
};

/* What one gateway loop uses; touched only by that loop's thread (and by gw_stop's
 * caller once the loops have ended). */
struct pipe_loop {
    struct ps_iso_msg msg; /* requests in, responses out: never both at once */
    uint8_t out[PS_ISO_MAX_MESSAGE];
    struct pipe_item *free;
    struct item_chunk *chunks;
};

struct pipeline {
    struct pipeline_config cfg;
    _Atomic(struct gateway *) gw;
    _Atomic int intake_closed;
    struct pipe_loop *loops;
    _Atomic uint64_t frames, unreadable, answered, dropped;
};

static struct pipe_item *item_get(struct pipeline *p, struct pipe_loop *l)
{
    if (l->free == NULL) {
        struct item_chunk *c = calloc(1, sizeof(*c));
        if (c == NULL)
            return NULL;
        c->next = l->chunks;
        l->chunks = c;
        for (int i = 0; i < ITEMS_PER_CHUNK; i++) {
            c->items[i].p = p;
            c->items[i].next_free = l->free;
            l->free = &c->items[i];
        }
    }
    struct pipe_item *it = l->free;
    l->free = it->next_free;
    return it;
}

static void item_put(struct pipe_loop *l, struct pipe_item *it)
{
    free(it->signed_copy);
    it->signed_copy = NULL;
    /* the request held a PAN and a PIN proof: do not leave them in a free item */
    OPENSSL_cleanse(&it->e.req, sizeof(it->e.req));
    it->next_free = l->free;
    l->free = it;
}

/* ---- from frame to engine ------------------------------------------------------ */

struct security_job {
    struct txn_request *req;
    const struct ps_iso_msg *msg;
    const uint8_t *mac_data; /* the message from its MTI */
    size_t mac_len;
    const uint8_t *pepper;
};

/* Runs with the terminal's working keys held (keyring_with). */
static int check_with_keys(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    struct security_job *job = ctx;
    struct txn_request *req = job->req;
    struct ps_reason why;

    if (!txn_kind_is_keyless(req->kind)) {
        if (!ps_iso_has(job->msg, 64)) {
            req->mac = TXN_MAC_MISSING;
        } else if (mak == NULL) {
            req->mac = TXN_MAC_BAD;
            if (req->reason[0] == '\0')
                snprintf(req->reason, sizeof(req->reason),
                         "no MAC key for terminal %s: it has not signed in", req->tid);
        } else {
            req->mac = txn_mac_check(mak, job->mac_data, job->mac_len, &why) == 0 ? TXN_MAC_OK
                                                                                 : TXN_MAC_BAD;
        }
    }
    const struct ps_iso_value *block = ps_iso_get(job->msg, 52);
    if (block != NULL && block->len == 8 && req->pan[0] != '\0' && req->kind != TXN_REVERSAL) {
        if (pik != NULL && txn_pin_proof(pik, block->ptr, req->pan, job->pepper, req->pin_proof,
                                         &why) == 0)
            req->pin = TXN_PIN_PROOF;
        else
            req->pin = TXN_PIN_UNREADABLE;
    }
    return 0;
}

static void on_committed(struct engine_item *item, void *ctx);

/* A MAC that does not match here may match the keys of a sign-in at another host that
 * this host has not seen yet: the engine runs the security step again once it has
 * read the session on record (ledger_recheck). Without memory for the copy it is
 * simply not run again. */
static void keep_for_recheck(struct pipe_item *it, const struct ps_iso_msg *msg,
                             const uint8_t *data, size_t len)
{
    const struct ps_iso_value *block = ps_iso_get(msg, 52);
    it->signed_copy = malloc(len);
    if (it->signed_copy == NULL)
        return;
    memcpy(it->signed_copy, data, len);
    it->e.req.mac_data = it->signed_copy;
    it->e.req.mac_len = len;
    if (block != NULL && block->len == sizeof(it->e.req.pin_block)) {
        memcpy(it->e.req.pin_block, block->ptr, block->len);
        it->e.req.has_pin_block = 1;
    }
}

void pipeline_on_frame(void *ctx, unsigned loop, struct gw_conn *conn, struct gw_ref ref,
                       const uint8_t *body, size_t len)
{
    struct pipeline *p = ctx;
    struct pipe_loop *l = &p->loops[loop];
    struct ps_reason why = {{0}};

    atomic_fetch_add_explicit(&p->frames, 1, memory_order_relaxed);
    if (atomic_load(&p->intake_closed) || atomic_load(&p->gw) == NULL) {
        gw_conn_close(conn, "possumd is not taking requests now");
        return;
    }
    if (ps_iso_unpack(&l->msg, &ps_iso_cup, body, len, PS_ISO_ENVELOPE, &why) != 0) {
        atomic_fetch_add_explicit(&p->unreadable, 1, memory_order_relaxed);
        log_warn("%s: unreadable message, closing the connection: %s", gw_conn_peer(conn),
                 why.text);
        gw_conn_close(conn, why.text);
        return;
    }
    struct pipe_item *it = item_get(p, l);
    if (it == NULL) {
        gw_conn_close(conn, "possumd is out of memory");
        return;
    }
    it->ref = ref;
    it->loop = loop;
    memcpy(it->tpdu, l->msg.tpdu, sizeof(it->tpdu));
    memcpy(it->header, l->msg.header, sizeof(it->header));
    (void)txn_parse(&l->msg, &it->e.req); /* clears req; problems are in it, for the engine */
    if (it->e.req.pan[0] != '\0') /* an HMAC the single engine thread need not spend */
        host_keys_pan_token(p->cfg.keys, it->e.req.pan, it->e.req.pan_token);
    else if (it->e.req.paycode[0] != '\0') /* a payment code's token, the same way */
        host_keys_pan_token(p->cfg.keys, it->e.req.paycode, it->e.req.pan_token);

    struct security_job job = {&it->e.req, &l->msg, body + ENVELOPE, len - ENVELOPE,
                               host_keys_pin_pepper(p->cfg.keys)};
    keyring_with(p->cfg.keyring, it->e.req.tid, check_with_keys, &job);
    if (it->e.req.mac == TXN_MAC_BAD && p->cfg.shared)
        keep_for_recheck(it, &l->msg, job.mac_data, job.mac_len);

    it->e.done = on_committed;
    it->e.ctx = it;
    engine_submit(p->cfg.engine, &it->e);
}

/* ---- from engine back to the terminal --------------------------------------------- */

static int sign_with_mak(void *ctx, struct ps_cipher *pik, struct ps_cipher *mak)
{
    (void)pik;
    uint8_t **span = ctx; /* {start, end} of the message from its MTI */
    if (mak == NULL)
        return -1;
    return txn_mac_sign(mak, span[0], (size_t)(span[1] - span[0]), NULL);
}

/* Builds, signs and sends the answer; 0 or -1 after logging why. */
static int answer(struct pipe_loop *l, struct pipe_item *it, struct gw_conn *conn,
                  struct keyring *kr)
{
    struct ps_reason why = {{0}};
    size_t len = 0;

    if (txn_respond(&it->e.req, &it->e.resp, &l->msg, &why) != 0) {
        log_error("terminal %s: cannot build the answer: %s", it->e.req.tid, why.text);
        return -1;
    }
    const uint8_t tpdu[5] = {it->tpdu[0], it->tpdu[3], it->tpdu[4], it->tpdu[1], it->tpdu[2]};
    memcpy(l->msg.tpdu, tpdu, sizeof(tpdu)); /* back to where it came from */
    memcpy(l->msg.header, it->header, sizeof(it->header));
    if (ps_iso_pack(&l->msg, l->out, sizeof(l->out), &len, PS_ISO_ENVELOPE, &why) != 0) {
        log_error("terminal %s: cannot pack the answer: %s", it->e.req.tid, why.text);
        return -1;
    }
    if (ps_iso_has(&l->msg, 64)) {
        uint8_t *span[2] = {l->out + ENVELOPE, l->out + len};
        if (keyring_with(kr, it->e.req.tid, sign_with_mak, span) != 0) {
            /* no MAC key (an unknown terminal, say): answer without field 64 */
            ps_iso_unset(&l->msg, 64);
            if (ps_iso_pack(&l->msg, l->out, sizeof(l->out), &len, PS_ISO_ENVELOPE, &why) != 0)
                return -1;
        }
    }
    return gw_conn_send(conn, l->out, len) == 0 ? 0 : -1;
}

static void send_answer(void *arg, struct gw_conn *conn)
{
    struct pipe_item *it = arg;
    struct pipeline *p = it->p;
    struct pipe_loop *l = &p->loops[it->loop];

    if (conn == NULL) {
        atomic_fetch_add_explicit(&p->dropped, 1, memory_order_relaxed);
    } else if (answer(l, it, conn, p->cfg.keyring) != 0) {
        gw_conn_close(conn, "possumd could not build the answer");
    } else {
        atomic_fetch_add_explicit(&p->answered, 1, memory_order_relaxed);
    }
    item_put(l, it);
}

/* On the writer thread, once the answer is durable. */
static void on_committed(struct engine_item *item, void *ctx)
{
    (void)item;
    struct pipe_item *it = ctx;
    struct gateway *gw = atomic_load(&it->p->gw);
    if (gw_post(gw, it->ref, send_answer, it) != 0)
        log_error("terminal %s: out of memory posting an answer; it is lost", it->e.req.tid);
}

/* ---- life cycle ---------------------------------------------------------------- */

int pipeline_new(struct pipeline **out, const struct pipeline_config *cfg, struct ps_reason *why)
{
    struct pipeline *p = calloc(1, sizeof(*p));
    *out = NULL;
    if (p == NULL)
        return ps_fail(why, PS_ENOMEM, "pipeline: out of memory");
    p->cfg = *cfg;
    p->loops = calloc(cfg->loops, sizeof(*p->loops));
    if (p->loops == NULL) {
        free(p);
        return ps_fail(why, PS_ENOMEM, "pipeline: out of memory");
    }
    *out = p;
    return PS_OK;
}

void pipeline_attach(struct pipeline *p, struct gateway *gw)
{
    atomic_store(&p->gw, gw);
}

void pipeline_close_intake(struct pipeline *p)
{
    atomic_store(&p->intake_closed, 1);
}

void pipeline_free(struct pipeline *p)
{
    if (p == NULL)
        return;
    for (unsigned i = 0; i < p->cfg.loops; i++) {
        struct item_chunk *c = p->loops[i].chunks;
        while (c != NULL) {
            struct item_chunk *next = c->next;
            OPENSSL_cleanse(c, sizeof(*c));
            free(c);
            c = next;
        }
    }
    free(p->loops);
    free(p);
}

void pipeline_stats(struct pipeline *p, struct pipeline_stats *out)
{
    out->frames = atomic_load(&p->frames);
    out->unreadable = atomic_load(&p->unreadable);
    out->answered = atomic_load(&p->answered);
    out->dropped = atomic_load(&p->dropped);
}

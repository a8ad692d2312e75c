/* engine.h — where decisions are made and made durable, in the spirit of LMAX and
 * TigerBeetle: one engine thread owns the ledger and decides requests in memory, in
 * arrival order, appending what changed to the pending batch; one writer thread
 * commits batches to the store, each as soon as the previous commit finished (group
 * commit: while one batch is being fsync'd, the next one fills). Only after its
 * batch committed is a request's done() called, so no answer leaves before what it
 * says is on disk.
 *
 *   gateway threads --submit--> [queue] --> engine thread: ledger_decide
 *                                              | pending batch
 *                                              v
 *                                  writer thread: store_commit (fsync)
 *                                              | then, per request
 *                                              v
 *                                          done(item)  (the pipeline posts the answer)
 *
 * A commit that fails leaves the ledger's memory ahead of the disk. With one host that
 * is a bug nothing can repair in flight: the engine calls on_fatal and possumd exits;
 * at restart the ledger is rebuilt from the store, which holds only what was answered.
 *
 * Hosts that share a database (cfg.rebuild set) expect one kind of failure: a unique
 * key or a guard refusing a decision because another host decided first (a
 * retransmission that reached both, money another host took). Then the writer commits
 * that batch's decisions one at a time, answering those that go through, and the
 * engine, once everything in flight is committed, rebuilds the ledger from the store
 * and decides the refused requests again, as at a restart. Requests answered from
 * memory alone (a retransmission found in memory) are decided again too: memory may
 * have held a refused decision. */
#ifndef POSSUM_HOST_TXN_ENGINE_H
#define POSSUM_HOST_TXN_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "host/store/store.h"
#include "host/txn/ledger.h"
#include "host/txn/request.h"
#include "host/txn/response.h"

/* One request on its way through the engine. The submitter owns it (the pipeline
 * embeds it in its own struct) and gets it back through done(). */
struct engine_item {
    struct txn_request req;
    struct txn_response resp;
    void (*done)(struct engine_item *item, void *ctx); /* on the writer thread, after commit */
    void *ctx;
    /* the engine's; do not touch */
    struct engine_item *next;
    size_t op_first, op_count; /* the batch operations its decision appended */
    unsigned refusals;         /* conflicts its decision met since it was submitted */
};

struct engine_config {
    struct ledger *ledger;   /* used only by the engine thread from engine_start on */
    struct store *writer;    /* used only by the writer thread */
    size_t max_batch_items;  /* requests per commit at most (bounds latency); 0: 4096 */
    /* Called once, on the writer thread, when a commit fails; must not return (log
     * and exit). NULL: the engine aborts. */
    void (*on_fatal)(void *ctx, const char *why);
    void *fatal_ctx;
    /* Called on the engine thread with nothing in flight when the ledger must be
     * loaded afresh (cause says why: a conflict with another host, a terminal added).
     * Replaces the ledger (and whatever it decides with) by one loaded from the store
     * and returns it, or returns NULL with why (then on_fatal). NULL: never reloaded. */
    struct ledger *(*rebuild)(void *ctx, const char *cause, struct ps_reason *why);
    void *rebuild_ctx;
    /* Other hosts commit to the same database: a commit refused by one of their
     * decisions reloads the ledger and decides again (needs rebuild) instead of being
     * fatal. */
    int shared;
    /* How often the engine reads changes made outside it (ledger_poll: the back
     * office's locks and new terminals, other hosts' sessions); 0: never. */
    int poll_ms;
};

struct engine_stats {
    uint64_t submitted;
    uint64_t committed; /* requests whose batch committed */
    uint64_t batches;
    uint64_t largest_batch;
    uint64_t commit_us_total; /* time spent in store_commit */
    uint64_t rebuilds;        /* ledgers rebuilt after a conflict with another host */
    uint64_t redone;          /* requests decided again after one */
};

struct engine;

int engine_start(struct engine **out, const struct engine_config *cfg, struct ps_reason *why);

/* Hands item to the engine. Thread-safe; never blocks on I/O. */
void engine_submit(struct engine *e, struct engine_item *item);

/* Decides and commits everything submitted so far (calling each done()), then stops
 * both threads and frees e. Nothing may be submitted once it has been called. */
void engine_stop(struct engine *e);

void engine_stats(struct engine *e, struct engine_stats *out);

#endif

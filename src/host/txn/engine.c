/* The engine thread, the writer thread and the hand-off between them. Two batches
 * alternate: the engine fills one while the writer commits the other. */
#define _GNU_SOURCE /* pthread_setname_np */
#include "host/txn/engine.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct slot {
    struct store_batch batch;
    struct engine_item *head, *tail; /* the requests whose answers wait for this batch */
    size_t items;
    int suspect; /* filled after a conflict: what memory alone answered is decided again */
};

/* A request refused this often at commit, each time decided again on a ledger freshly
 * rebuilt from the store, is not meeting another host but a bug: possumd stops. */
#define REFUSALS_MAX 3

struct item_list {
    struct engine_item *head, *tail;
};

struct engine {
    struct engine_config cfg;
    pthread_t engine_thread, writer_thread;
    int engine_started, writer_started;

    pthread_mutex_t lock;
    pthread_cond_t engine_wake; /* work submitted, writer idle, or stopping */
    pthread_cond_t writer_wake; /* a batch to commit, or stopping */
    /* under lock */
    struct engine_item *incoming; /* pushed newest first by submitters */
    int stopping;                 /* engine_stop called: drain, then end */
    int writer_stopping;
    int writer_busy; /* slots[committing] belongs to the writer */
    int committing;
    uint64_t committed_seq;
    int rebuilding;          /* a commit met a conflict: rebuild once nothing is in flight */
    struct item_list redo;   /* what to decide again after the rebuild, in order */
    char conflict[PS_REASON_MAX]; /* the store's words for the first conflict */
    int64_t next_poll_us;         /* monotonic: when ledger_poll is due */

    /* engine thread only */
    int filling; /* slots[filling] is the pending batch */
    uint64_t next_seq;
    struct slot slots[2];
    struct engine_item *deferred, *deferred_tail; /* to decide again after a commit */

    _Atomic uint64_t submitted, committed, batches, largest_batch, commit_us_total;
    _Atomic uint64_t rebuilds, redone;
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void engine_submit(struct engine *e, struct engine_item *item)
{
    item->refusals = 0;
    pthread_mutex_lock(&e->lock);
    int was_empty = e->incoming == NULL;
    item->next = e->incoming;
    e->incoming = item;
    if (was_empty)
        pthread_cond_signal(&e->engine_wake);
    pthread_mutex_unlock(&e->lock);
    atomic_fetch_add_explicit(&e->submitted, 1, memory_order_relaxed);
}

static void append(struct engine_item **head, struct engine_item **tail, struct engine_item *item)
{
    item->next = NULL;
    if (*tail != NULL)
        (*tail)->next = item;
    else
        *head = item;
    *tail = item;
}

static void list_append(struct item_list *list, struct engine_item *item)
{
    append(&list->head, &list->tail, item);
}

/* Decides items (oldest first) into the filling slot. A request the ledger cannot
 * decide yet (LEDGER_DEFERRED) waits in the deferred list, in order, for a commit. */
static void decide_list(struct engine *e, struct engine_item *fifo, int64_t now)
{
    struct slot *s = &e->slots[e->filling];
    while (fifo != NULL) {
        struct engine_item *item = fifo;
        fifo = fifo->next;
        memset(&item->resp, 0, sizeof(item->resp));
        item->op_first = s->batch.count;
        if (item->req.mac_data != NULL) /* hosts sharing a database: new keys, maybe */
            ledger_recheck(e->cfg.ledger, &item->req);
        int rc = ledger_decide(e->cfg.ledger, &item->req, now, &item->resp, &s->batch);
        item->op_count = s->batch.count - item->op_first;
        if (rc == LEDGER_DEFERRED) {
            append(&e->deferred, &e->deferred_tail, item);
            continue;
        }
        if (rc == LEDGER_STALE) { /* decided again on a ledger loaded afresh */
            pthread_mutex_lock(&e->lock);
            if (!e->rebuilding)
                snprintf(e->conflict, sizeof(e->conflict),
                         "terminal %s named what this host had not loaded", item->req.tid);
            e->rebuilding = 1;
            list_append(&e->redo, item);
            pthread_mutex_unlock(&e->lock);
            atomic_fetch_add_explicit(&e->redone, 1, memory_order_relaxed);
            continue;
        }
        append(&s->head, &s->tail, item);
        s->items++;
    }
}

/* Decides what a conflict sent back (first: it came first), then what was deferred,
 * then a list taken from `incoming` (newest first), in arrival order. */
static void decide_all(struct engine *e, struct engine_item *redo, struct engine_item *newest_first,
                       int retry_deferred)
{
    struct engine_item *fifo = NULL;
    int64_t now = now_us();
    if (redo != NULL)
        decide_list(e, redo, now);
    while (newest_first != NULL) { /* reverse: decisions follow arrival order */
        struct engine_item *next = newest_first->next;
        newest_first->next = fifo;
        fifo = newest_first;
        newest_first = next;
    }
    if (retry_deferred && e->deferred != NULL) {
        struct engine_item *again = e->deferred;
        e->deferred = e->deferred_tail = NULL;
        decide_list(e, again, now);
    }
    decide_list(e, fifo, now);
}

/* Under lock: gives the filling slot to the idle writer. The next slot to fill gets
 * its number now, before anything is decided into it: the ledger reads batch->seq to
 * know which commit will make a decision durable. */
static void hand_off(struct engine *e)
{
    e->committing = e->filling;
    e->filling = 1 - e->filling;
    e->slots[e->filling].batch.seq = ++e->next_seq;
    e->writer_busy = 1;
    pthread_cond_signal(&e->writer_wake);
}

static void commit_failed(struct engine *e, const char *why);

/* Under lock, with the writer idle: while a conflict waits for its rebuild, what was
 * decided meanwhile is committed first (as a suspect batch); then the ledger is
 * rebuilt and the refused requests go back to the front. Returns the list to decide
 * again (NULL while the suspect batch is still with the writer). */
static struct engine_item *rebuild_when_idle(struct engine *e, uint64_t *seen_seq)
{
    struct ps_reason why = {{0}};

    if (e->slots[e->filling].items > 0) {
        e->slots[e->filling].suspect = 1;
        hand_off(e);
        return NULL;
    }
    struct engine_item *redo = e->redo.head;
    uint64_t committed_seq = e->committed_seq;
    e->redo.head = e->redo.tail = NULL;
    pthread_mutex_unlock(&e->lock);

    struct ledger *fresh = e->cfg.rebuild(e->cfg.rebuild_ctx, e->conflict, &why);
    if (fresh == NULL)
        commit_failed(e, why.text);
    e->cfg.ledger = fresh;
    ledger_committed(fresh, committed_seq);
    *seen_seq = committed_seq;
    atomic_fetch_add_explicit(&e->rebuilds, 1, memory_order_relaxed);

    pthread_mutex_lock(&e->lock);
    e->rebuilding = 0;
    return redo;
}

static int poll_due(const struct engine *e)
{
    return e->cfg.poll_ms > 0 && monotonic_us() >= e->next_poll_us;
}

/* Under lock: waits for a wake-up, or until the next poll is due. */
static void wait_for_work(struct engine *e)
{
    if (e->cfg.poll_ms <= 0) {
        pthread_cond_wait(&e->engine_wake, &e->lock);
        return;
    }
    struct timespec until = {(time_t)(e->next_poll_us / 1000000),
                             (long)(e->next_poll_us % 1000000) * 1000};
    pthread_cond_timedwait(&e->engine_wake, &e->lock, &until);
}

/* Reads what changed outside the engine (ledger_poll); a terminal this ledger lacks
 * asks for it to be loaded afresh. A failed read is tried again at the next poll. */
static void poll_changes(struct engine *e)
{
    struct ps_reason why = {{0}};
    e->next_poll_us = monotonic_us() + (int64_t)e->cfg.poll_ms * 1000;
    if (ledger_poll(e->cfg.ledger, now_us(), &why) != LEDGER_STALE || e->cfg.rebuild == NULL)
        return;
    pthread_mutex_lock(&e->lock);
    if (!e->rebuilding)
        snprintf(e->conflict, sizeof(e->conflict), "a terminal was added or moved");
    e->rebuilding = 1;
    pthread_mutex_unlock(&e->lock);
}

static void *engine_main(void *arg)
{
    struct engine *e = arg;
    uint64_t seen_seq = 0;

    pthread_setname_np(pthread_self(), "possumd-engine");
    for (;;) {
        struct engine_item *redo = NULL;
        pthread_mutex_lock(&e->lock);
        for (;;) {
            if (e->rebuilding) { /* nothing new is decided until the rebuild */
                if (!e->writer_busy && (redo = rebuild_when_idle(e, &seen_seq)) != NULL)
                    break;
                if (!e->rebuilding)
                    break;
                wait_for_work(e);
                continue;
            }
            int can_hand = e->slots[e->filling].items > 0 && !e->writer_busy;
            int can_retry = e->deferred != NULL && e->committed_seq != seen_seq;
            if (e->incoming != NULL || can_hand || can_retry)
                break;
            if (e->stopping && !e->writer_busy && e->deferred == NULL)
                break; /* nothing left anywhere: done */
            if (poll_due(e))
                break;
            wait_for_work(e);
        }
        struct engine_item *taken = e->incoming;
        e->incoming = NULL;
        uint64_t committed_seq = e->committed_seq;
        int finished = taken == NULL && redo == NULL && e->slots[e->filling].items == 0 &&
                       !e->writer_busy && e->deferred == NULL && e->stopping;
        pthread_mutex_unlock(&e->lock);

        int retry = committed_seq != seen_seq || redo != NULL;
        if (committed_seq != seen_seq) {
            ledger_committed(e->cfg.ledger, committed_seq);
            seen_seq = committed_seq;
        }
        if (finished)
            break;
        if (poll_due(e) && redo == NULL)
            poll_changes(e);
        decide_all(e, redo, taken, retry);

        pthread_mutex_lock(&e->lock);
        if (!e->rebuilding && (e->slots[e->filling].items >= e->cfg.max_batch_items ||
                               (e->slots[e->filling].items > 0 && !e->writer_busy))) {
            while (e->writer_busy) /* a full batch waits for the writer: back-pressure */
                pthread_cond_wait(&e->engine_wake, &e->lock);
            if (!e->rebuilding)
                hand_off(e);
        }
        pthread_mutex_unlock(&e->lock);
    }
    return NULL;
}

static void commit_failed(struct engine *e, const char *why)
{
    if (e->cfg.on_fatal != NULL)
        e->cfg.on_fatal(e->cfg.fatal_ctx, why);
    fprintf(stderr, "possumd: commit failed, stopping: %s\n", why);
    abort();
}

/* Answers item now that its decision is durable, unless it must be decided again: a
 * suspect batch's request that memory alone answered. */
static void release(struct slot *s, struct engine_item *item, struct item_list *redo)
{
    if (s->suspect && item->op_count == 0)
        list_append(redo, item);
    else
        item->done(item, item->ctx);
}

/* After a conflict: each decision of the slot in its own transaction, so only those
 * another host made impossible are refused. Returns how many were. */
static size_t commit_each(struct engine *e, struct slot *s, struct engine_item *item,
                          struct item_list *redo)
{
    size_t refused = 0;
    while (item != NULL) {
        struct engine_item *next = item->next; /* done() may recycle item */
        struct ps_reason why = {{0}};
        struct store_batch one = s->batch;
        one.ops = s->batch.ops + item->op_first;
        one.count = item->op_count;
        int rc = item->op_count == 0 ? PS_ECHECK : store_commit(e->cfg.writer, &one, &why);
        if (rc == PS_ECHECK && item->op_count != 0 && ++item->refusals > REFUSALS_MAX) {
            commit_failed(e, why.text); /* deciding again does not help: a bug */
        } else if (rc == PS_ECHECK) {
            refused += item->op_count != 0;
            list_append(redo, item);
        } else if (rc != 0) {
            commit_failed(e, why.text);
        } else {
            item->done(item, item->ctx);
        }
        item = next;
    }
    return refused;
}

/* Commits one slot and releases its answers, in order; what must be decided again
 * goes to redo. Returns 1 when a conflict refused the slot's commit. */
static int commit_slot(struct engine *e, struct slot *s, struct item_list *redo)
{
    struct ps_reason why = {{0}};
    int64_t started = monotonic_us();
    int rc = store_commit(e->cfg.writer, &s->batch, &why);
    if (rc != 0 && !(rc == PS_ECHECK && e->cfg.shared && e->cfg.rebuild != NULL))
        commit_failed(e, why.text);

    uint64_t n = s->items;
    struct engine_item *item = s->head;
    s->head = s->tail = NULL;
    s->items = 0;
    if (rc != 0) {
        pthread_mutex_lock(&e->lock);
        if (!e->rebuilding)
            snprintf(e->conflict, sizeof(e->conflict), "%s", why.text);
        pthread_mutex_unlock(&e->lock);
        n -= commit_each(e, s, item, redo);
    } else {
        while (item != NULL) {
            struct engine_item *next = item->next; /* done() may recycle item */
            release(s, item, redo);
            item = next;
        }
    }
    atomic_fetch_add_explicit(&e->commit_us_total, (uint64_t)(monotonic_us() - started),
                              memory_order_relaxed);
    store_batch_reset(&s->batch);
    s->suspect = 0;
    atomic_fetch_add_explicit(&e->committed, n, memory_order_relaxed);
    atomic_fetch_add_explicit(&e->batches, 1, memory_order_relaxed);
    uint64_t largest = atomic_load_explicit(&e->largest_batch, memory_order_relaxed);
    while (n > largest && !atomic_compare_exchange_weak(&e->largest_batch, &largest, n))
        ;
    return rc != 0;
}

static void *writer_main(void *arg)
{
    struct engine *e = arg;

    pthread_setname_np(pthread_self(), "possumd-writer");
    for (;;) {
        struct item_list redo = {NULL, NULL};
        pthread_mutex_lock(&e->lock);
        while (!e->writer_busy && !e->writer_stopping)
            pthread_cond_wait(&e->writer_wake, &e->lock);
        if (!e->writer_busy) {
            pthread_mutex_unlock(&e->lock);
            break;
        }
        struct slot *s = &e->slots[e->committing];
        pthread_mutex_unlock(&e->lock);

        uint64_t seq = s->batch.seq;
        int conflict = commit_slot(e, s, &redo);

        pthread_mutex_lock(&e->lock);
        if (conflict)
            e->rebuilding = 1;
        if (redo.head != NULL) {
            e->rebuilding = 1;
            if (e->redo.tail != NULL)
                e->redo.tail->next = redo.head;
            else
                e->redo.head = redo.head;
            e->redo.tail = redo.tail;
            for (struct engine_item *i = redo.head; i != NULL; i = i->next)
                atomic_fetch_add_explicit(&e->redone, 1, memory_order_relaxed);
        }
        e->writer_busy = 0;
        e->committed_seq = seq;
        pthread_cond_signal(&e->engine_wake);
        pthread_mutex_unlock(&e->lock);
    }
    return NULL;
}

static void engine_free(struct engine *e)
{
    for (int i = 0; i < 2; i++)
        store_batch_free(&e->slots[i].batch);
    pthread_cond_destroy(&e->engine_wake);
    pthread_cond_destroy(&e->writer_wake);
    pthread_mutex_destroy(&e->lock);
    free(e);
}

int engine_start(struct engine **out, const struct engine_config *cfg, struct ps_reason *why)
{
    struct engine *e = calloc(1, sizeof(*e));
    *out = NULL;
    if (e == NULL)
        return ps_fail(why, PS_ENOMEM, "engine: out of memory");
    e->cfg = *cfg;
    if (e->cfg.max_batch_items == 0)
        e->cfg.max_batch_items = 4096;
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC); /* the poll's deadline */
    pthread_mutex_init(&e->lock, NULL);
    pthread_cond_init(&e->engine_wake, &monotonic);
    pthread_condattr_destroy(&monotonic);
    e->next_poll_us = monotonic_us() + (int64_t)e->cfg.poll_ms * 1000;
    pthread_cond_init(&e->writer_wake, NULL);
    for (int i = 0; i < 2; i++)
        store_batch_init(&e->slots[i].batch);
    e->slots[0].batch.seq = e->next_seq = 1; /* the first filling slot */

    if (pthread_create(&e->writer_thread, NULL, writer_main, e) != 0) {
        engine_free(e);
        return ps_fail(why, PS_ENOMEM, "engine: cannot start the writer thread");
    }
    e->writer_started = 1;
    if (pthread_create(&e->engine_thread, NULL, engine_main, e) != 0) {
        pthread_mutex_lock(&e->lock);
        e->writer_stopping = 1;
        pthread_cond_signal(&e->writer_wake);
        pthread_mutex_unlock(&e->lock);
        pthread_join(e->writer_thread, NULL);
        engine_free(e);
        return ps_fail(why, PS_ENOMEM, "engine: cannot start the engine thread");
    }
    e->engine_started = 1;
    *out = e;
    return PS_OK;
}

void engine_stop(struct engine *e)
{
    if (e == NULL)
        return;
    pthread_mutex_lock(&e->lock);
    e->stopping = 1;
    pthread_cond_signal(&e->engine_wake);
    pthread_mutex_unlock(&e->lock);
    pthread_join(e->engine_thread, NULL); /* returns once everything committed */

    pthread_mutex_lock(&e->lock);
    e->writer_stopping = 1;
    pthread_cond_signal(&e->writer_wake);
    pthread_mutex_unlock(&e->lock);
    pthread_join(e->writer_thread, NULL);
    engine_free(e);
}

void engine_stats(struct engine *e, struct engine_stats *out)
{
    out->submitted = atomic_load(&e->submitted);
    out->committed = atomic_load(&e->committed);
    out->batches = atomic_load(&e->batches);
    out->largest_batch = atomic_load(&e->largest_batch);
    out->commit_us_total = atomic_load(&e->commit_us_total);
    out->rebuilds = atomic_load(&e->rebuilds);
    out->redone = atomic_load(&e->redone);
}

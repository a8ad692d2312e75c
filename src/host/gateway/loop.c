/* loop.c — one event-loop thread: its event_base, the queue of work other threads post
 * to it (gw_post), and its table of connection slots.
 *
 * Waking a loop: a post appends to the loop's queue under a mutex and, only when the
 * queue was empty, writes the loop's eventfd, which sits in the event_base like any
 * socket. The loop then takes the whole queue at once, so a writer posting the answers
 * of one commit costs one wake-up and one lock round per answer. An eventfd rather
 * than event_active(): event_active from another thread needs evthread_use_pthreads(),
 * a process-wide switch that puts a lock around every event operation of every base,
 * while each of our bases is only ever touched by its own thread. */
#define _GNU_SOURCE /* pthread_setname_np */
#include "host/gateway/internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#define POST_QUEUE_FIRST_CAP 256

/* Appends p, doubling the array when full; a warm queue never allocates. */
static int post_queue_push(struct gw__post_queue *q, const struct gw__post *p)
{
    if (q->len == q->cap) {
        size_t cap = q->cap != 0 ? q->cap * 2 : POST_QUEUE_FIRST_CAP;
        struct gw__post *items = realloc(q->items, cap * sizeof *items);
        if (items == NULL)
            return PS_ENOMEM;
        q->items = items;
        q->cap = cap;
    }
    q->items[q->len++] = *p;
    return 0;
}

/* The open connection a post was made for, or NULL when it has closed since (its slot
 * is empty or holds a later connection). */
static struct gw_conn *loop_find(const struct gw__loop *loop, uint32_t slot, uint64_t generation)
{
    if (slot >= loop->gw->max_connections)
        return NULL;
    const struct gw__slot *s = &loop->slots[slot];
    if (s->conn == NULL || s->generation != generation || !gw__conn_is_open(s->conn))
        return NULL;
    return s->conn;
}

static void loop_wake(struct gw__loop *loop)
{
    uint64_t one = 1;
    /* EAGAIN means the counter is full: the loop has a wake-up pending anyway */
    while (write(loop->wake_fd, &one, sizeof one) < 0 && errno == EINTR)
        ;
}

int gw_post(struct gateway *gw, struct gw_ref ref, void (*fn)(void *arg, struct gw_conn *conn),
            void *arg)
{
    if (gw == NULL || fn == NULL || ref.loop >= gw->loop_count)
        return PS_EINVAL;
    struct gw__loop *loop = &gw->loops[ref.loop];
    struct gw__post post = {.fn = fn, .arg = arg, .generation = ref.generation, .slot = ref.slot};

    pthread_mutex_lock(&loop->lock);
    int rc = post_queue_push(&loop->queue, &post);
    int was_empty = rc == 0 && loop->queue.len == 1;
    pthread_mutex_unlock(&loop->lock);

    /* outside the lock: no syscall is made while holding it */
    if (was_empty)
        loop_wake(loop);
    return rc;
}

/* Closes everything the loop serves and leaves event_base_dispatch. Answers already
 * queued are written once, without waiting for room: a stopping host still delivers
 * what it committed (possumd stops its engine before the gateway), but a client that
 * does not read does not hold the stop up. */
static void loop_shutdown(struct gw__loop *loop)
{
    gw__listen_close(loop);
    gw__conn_tidy(loop); /* writes the dirty connections */
    for (uint32_t i = 0; i < loop->gw->max_connections; i++)
        if (loop->slots[i].conn != NULL)
            gw__conn_abort(loop->slots[i].conn, NULL);
    gw__conn_tidy(loop); /* frees them */
    event_base_loopbreak(loop->base);
}

static void loop_on_wake(evutil_socket_t fd, short what, void *arg)
{
    (void)what;
    struct gw__loop *loop = arg;
    uint64_t count;

    /* Reset the eventfd before taking the queue: a post that lands after the swap
     * finds the queue empty and writes again, so it cannot be stranded. */
    while (read(fd, &count, sizeof count) < 0 && errno == EINTR)
        ;

    pthread_mutex_lock(&loop->lock);
    struct gw__post_queue taken = loop->queue;
    loop->queue = loop->batch; /* empty, with the capacity it had */
    loop->batch = taken;
    int stopping = loop->stopping;
    pthread_mutex_unlock(&loop->lock);

    /* Posts made by these functions go to loop->queue, not to the batch being run;
     * once stopping, gw__loop_cleanup runs them with conn = NULL. */
    for (size_t i = 0; i < loop->batch.len; i++) {
        const struct gw__post *p = &loop->batch.items[i];
        p->fn(p->arg, loop_find(loop, p->slot, p->generation));
    }
    loop->batch.len = 0;
    if (stopping)
        loop_shutdown(loop);
}

static void loop_on_tidy(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    gw__conn_tidy(arg);
}

int gw__slot_acquire(struct gw__loop *loop, struct gw_conn *conn, uint32_t *slot /* OUT */,
                     uint64_t *generation /* OUT */)
{
    if (loop->free_count == 0)
        return -1;
    uint32_t i = loop->free_slots[--loop->free_count];
    loop->slots[i].conn = conn;
    loop->slots[i].generation++;
    *slot = i;
    *generation = loop->slots[i].generation;
    return 0;
}

void gw__slot_release(struct gw__loop *loop, uint32_t slot)
{
    loop->slots[slot].conn = NULL;
    loop->free_slots[loop->free_count++] = slot;
}

/* Slots for max_connections: one loop may be handed every connection. */
static int loop_slots_init(struct gw__loop *loop, uint32_t count)
{
    loop->slots = calloc(count, sizeof *loop->slots);
    loop->free_slots = calloc(count, sizeof *loop->free_slots);
    if (loop->slots == NULL || loop->free_slots == NULL)
        return PS_ENOMEM;
    /* slot 0 on top of the stack, so a quiet loop keeps its slots low */
    for (uint32_t i = 0; i < count; i++)
        loop->free_slots[i] = count - 1 - i;
    loop->free_count = count;
    return 0;
}

static struct event_base *loop_base_new(void)
{
    struct event_config *cfg = event_config_new();
    if (cfg == NULL)
        return NULL;
    /* NOLOCK: one thread per base. CHANGELIST: a write event added and deleted in
     * the same iteration (an answer written out at once) costs no epoll_ctl. */
    event_config_set_flag(cfg, EVENT_BASE_FLAG_NOLOCK | EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
    struct event_base *base = event_base_new_with_config(cfg);
    event_config_free(cfg);
    return base;
}

int gw__loop_init(struct gw__loop *loop, struct gateway *gw, unsigned index, struct ps_reason *why)
{
    int rc = pthread_mutex_init(&loop->lock, NULL);
    if (rc != 0)
        return ps_fail(why, PS_ENOMEM, "gateway: loop %u: cannot create its lock", index);
    loop->gw = gw; /* from here on gw__loop_cleanup has something to undo */
    loop->index = index;
    loop->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (loop->wake_fd < 0)
        return ps_fail(why, PS_ENOMEM, "gateway: loop %u: eventfd: %s", index, strerror(errno));
    loop->base = loop_base_new();
    if (loop->base == NULL)
        return ps_fail(why, PS_ENOMEM, "gateway: loop %u: cannot create its event base", index);
    loop->wake_event =
        event_new(loop->base, loop->wake_fd, EV_READ | EV_PERSIST, loop_on_wake, loop);
    loop->tidy_event = event_new(loop->base, -1, 0, loop_on_tidy, loop);
    if (loop->wake_event == NULL || loop->tidy_event == NULL ||
        event_add(loop->wake_event, NULL) < 0 || loop_slots_init(loop, gw->max_connections) < 0)
        return ps_fail(why, PS_ENOMEM, "gateway: loop %u: out of memory", index);
    return 0;
}

static void *loop_main(void *arg)
{
    struct gw__loop *loop = arg;
    char name[16];
    sigset_t blocked;

    snprintf(name, sizeof name, "possumd-gw%u", loop->index);
    pthread_setname_np(pthread_self(), name);
    /* Signals are for the main thread. SIGPIPE in particular: a write to a socket the
     * peer closed must fail with EPIPE here, not kill the process. */
    sigfillset(&blocked);
    sigdelset(&blocked, SIGSEGV);
    sigdelset(&blocked, SIGBUS);
    sigdelset(&blocked, SIGFPE);
    sigdelset(&blocked, SIGILL);
    sigdelset(&blocked, SIGABRT);
    pthread_sigmask(SIG_BLOCK, &blocked, NULL);

    event_base_dispatch(loop->base);
    return NULL;
}

int gw__loop_start(struct gw__loop *loop, struct ps_reason *why)
{
    int rc = pthread_create(&loop->thread, NULL, loop_main, loop);
    if (rc != 0)
        return ps_fail(why, PS_ENOMEM, "gateway: cannot start loop thread %u: %s", loop->index,
                       strerror(rc));
    loop->thread_started = 1;
    return 0;
}

void gw__loop_request_stop(struct gw__loop *loop)
{
    pthread_mutex_lock(&loop->lock);
    loop->stopping = 1;
    pthread_mutex_unlock(&loop->lock);
    loop_wake(loop);
}

/* Runs every queued post with conn = NULL, so its argument is freed. */
static void loop_drain_closed(struct gw__loop *loop)
{
    pthread_mutex_lock(&loop->lock);
    struct gw__post_queue taken = loop->queue;
    loop->queue = (struct gw__post_queue){0};
    pthread_mutex_unlock(&loop->lock);
    for (size_t i = 0; i < taken.len; i++)
        taken.items[i].fn(taken.items[i].arg, NULL);
    free(taken.items);
}

void gw__loop_cleanup(struct gw__loop *loop)
{
    if (loop->gw == NULL)
        return; /* never initialised */
    loop_drain_closed(loop);
    if (loop->base != NULL) {
        gw__listen_close(loop);
        for (uint32_t i = 0; loop->slots != NULL && i < loop->gw->max_connections; i++)
            if (loop->slots[i].conn != NULL)
                gw__conn_abort(loop->slots[i].conn, NULL);
        gw__conn_tidy(loop);
        /* A bufferevent holds a reference while one of its deferred callbacks waits to
         * run (an end of stream seen just before the stop), and event_base_free would
         * cancel that callback without dropping the reference: run the waiting
         * callbacks once (ours are detached already) so every bufferevent is freed. */
        if (loop->wake_event != NULL)
            event_del(loop->wake_event);
        event_base_loop(loop->base, EVLOOP_NONBLOCK);
    }
    if (loop->wake_event != NULL)
        event_free(loop->wake_event);
    if (loop->tidy_event != NULL)
        event_free(loop->tidy_event);
    if (loop->base != NULL)
        event_base_free(loop->base); /* runs libevent's deferred frees of bufferevents */
    if (loop->wake_fd >= 0)
        close(loop->wake_fd);
    free(loop->batch.items);
    free(loop->slots);
    free(loop->free_slots);
    pthread_mutex_destroy(&loop->lock);
}

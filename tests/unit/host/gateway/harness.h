/* harness.h — what the gateway tests share: a gateway whose on_frame hands every frame
 * to a worker thread, which answers through gw_post as the engine's writer thread
 * does (so each answer crosses threads), and blocking clients on 127.0.0.1.
 *
 * The worker echoes each frame. A frame whose body is "CLOSE" is echoed and then
 * closes its connection with gw_conn_close. Answers can be held back (held) and
 * delayed (delay_ms) to make requests stay in flight. */
#ifndef POSSUM_TESTS_GATEWAY_HARNESS_H
#define POSSUM_TESTS_GATEWAY_HARNESS_H

#include "testing.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdatomic.h>
#include <sys/socket.h>

#include "host/gateway/gateway.h"

#define HARNESS_REFS 64

/* cmocka's asserts jump back into the test's thread; on the loop and worker threads a
 * broken expectation aborts instead (ctest reports the crash and the line). */
#define THREAD_CHECK(cond)                                                                         \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: %s failed\n", __FILE__, __LINE__, #cond);                      \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

struct job {
    struct job *next;
    struct harness *h;
    struct gw_ref ref;
    size_t len;
    uint8_t body[];
};

struct harness {
    struct gateway *gw;
    pthread_t worker;
    pthread_mutex_t lock; /* guards the fields down to refs */
    pthread_cond_t wake;
    struct job *head, *tail; /* frames waiting for the worker, oldest first */
    int held;                /* the worker keeps answers until released */
    int stop;
    int delay_ms;                     /* the worker sleeps this long before each batch */
    struct gw_ref refs[HARNESS_REFS]; /* the refs of the first frames, in order */
    atomic_int frames;                /* seen by on_frame */
    atomic_int frames_by_loop[8];
    atomic_int outstanding; /* seen by on_frame and not yet answered */
    atomic_int max_outstanding;
    atomic_int posted;
    atomic_int answered;        /* answer ran with a connection */
    atomic_int answered_closed; /* answer ran with conn == NULL */
};

static inline uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Polls cond every millisecond for up to ms milliseconds, then asserts it. */
#define WAIT_FOR(cond, ms)                                                                         \
    do {                                                                                           \
        uint64_t wait_until_ = now_ms() + (ms);                                                    \
        while (!(cond) && now_ms() < wait_until_)                                                  \
            usleep(1000);                                                                          \
        assert_true(cond);                                                                         \
    } while (0)

static inline struct gw_stats stats_of(struct gateway *gw)
{
    struct gw_stats s;
    gw_stats(gw, &s);
    return s;
}

/* On the loop that owns the connection, for each job the worker posted. */
static inline void harness_answer(void *arg, struct gw_conn *conn)
{
    struct job *job = arg;
    struct harness *h = job->h;
    atomic_fetch_sub(&h->outstanding, 1);
    if (conn != NULL) {
        THREAD_CHECK(gw_conn_send(conn, job->body, job->len) == 0);
        if (job->len == 5 && memcmp(job->body, "CLOSE", 5) == 0)
            gw_conn_close(conn, "the test asked");
        atomic_fetch_add(&h->answered, 1);
    } else {
        atomic_fetch_add(&h->answered_closed, 1);
    }
    free(job);
}

static inline void harness_on_frame(void *ctx, unsigned loop, struct gw_conn *conn,
                                    struct gw_ref ref, const uint8_t *body, size_t len)
{
    (void)conn;
    struct harness *h = ctx;
    struct job *job = malloc(sizeof *job + len);
    THREAD_CHECK(job != NULL);
    job->next = NULL;
    job->h = h;
    job->ref = ref;
    job->len = len;
    memcpy(job->body, body, len);

    int now = atomic_fetch_add(&h->outstanding, 1) + 1;
    int max = atomic_load(&h->max_outstanding);
    while (now > max && !atomic_compare_exchange_weak(&h->max_outstanding, &max, now))
        ;
    if (loop < 8)
        atomic_fetch_add(&h->frames_by_loop[loop], 1);

    pthread_mutex_lock(&h->lock);
    int n = atomic_fetch_add(&h->frames, 1);
    if (n < HARNESS_REFS)
        h->refs[n] = ref;
    if (h->tail != NULL)
        h->tail->next = job;
    else
        h->head = job;
    h->tail = job;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
}

/* The writer stand-in: takes every waiting frame at once and posts the answers. */
static inline void *harness_worker(void *arg)
{
    struct harness *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->stop && (h->head == NULL || h->held))
            pthread_cond_wait(&h->wake, &h->lock);
        if (h->stop)
            break;
        struct job *batch = h->head;
        h->head = h->tail = NULL;
        int delay = h->delay_ms;
        pthread_mutex_unlock(&h->lock);
        if (delay > 0)
            usleep((useconds_t)delay * 1000);
        while (batch != NULL) {
            struct job *next = batch->next;
            THREAD_CHECK(gw_post(h->gw, batch->ref, harness_answer, batch) == 0);
            atomic_fetch_add(&h->posted, 1);
            batch = next;
        }
        pthread_mutex_lock(&h->lock);
    }
    /* frames never answered: their connections are being torn down with the test */
    struct job *left = h->head;
    h->head = h->tail = NULL;
    pthread_mutex_unlock(&h->lock);
    while (left != NULL) {
        struct job *next = left->next;
        free(left);
        left = next;
    }
    return NULL;
}

/* A config for a gateway on a free plain port of 127.0.0.1, served by h. */
static inline struct gw_config harness_config(struct harness *h)
{
    return (struct gw_config){.bind_address = "127.0.0.1",
                              .iso_port = -1,
                              .loops = 1,
                              .max_frame = 8192,
                              .idle_timeout_ms = 10000,
                              .max_connections = 1000,
                              .max_in_flight = 4,
                              .on_frame = harness_on_frame,
                              .ctx = h};
}

static inline void harness_start(struct harness *h, const struct gw_config *cfg)
{
    struct ps_reason why;
    ps_reason_clear(&why);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->wake, NULL);
    int rc = gw_start(&h->gw, cfg, &why);
    if (rc != 0)
        print_error("gw_start: %s\n", why.text);
    assert_int_equal(rc, 0);
    assert_int_equal(pthread_create(&h->worker, NULL, harness_worker, h), 0);
}

static inline void harness_release(struct harness *h)
{
    pthread_mutex_lock(&h->lock);
    h->held = 0;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
}

static inline void harness_hold(struct harness *h)
{
    pthread_mutex_lock(&h->lock);
    h->held = 1;
    pthread_mutex_unlock(&h->lock);
}

/* Worker first (nothing posts after), then the gateway. */
static inline void harness_stop(struct harness *h)
{
    pthread_mutex_lock(&h->lock);
    h->stop = 1;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->worker, NULL);
    gw_stop(h->gw);
    h->gw = NULL;
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
}

/* A blocking client socket connected to 127.0.0.1:port; reads give up after 5 s. */
static inline int client_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    struct timeval limit = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Sends all of buf; returns 0, or -1 when the server has closed the connection. */
static inline int client_send(int fd, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static inline void client_send_frame(int fd, const uint8_t *body, size_t len)
{
    uint8_t prefix[2] = {(uint8_t)(len >> 8), (uint8_t)len};
    assert_int_equal(client_send(fd, prefix, 2), 0);
    assert_int_equal(client_send(fd, body, len), 0);
}

/* Reads exactly len bytes: 1, or 0 at end of stream, -1 on error or timeout. */
static inline int client_recv_exact(int fd, void *buf, size_t len)
{
    uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = recv(fd, p, len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            return 0;
        if (n < 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Reads one frame into body (cap bytes); asserts one arrives. Returns its length. */
static inline size_t client_recv_frame(int fd, uint8_t *body, size_t cap)
{
    uint8_t prefix[2];
    assert_int_equal(client_recv_exact(fd, prefix, 2), 1);
    size_t len = (size_t)prefix[0] << 8 | prefix[1];
    assert_true(len <= cap);
    assert_int_equal(client_recv_exact(fd, body, len), 1);
    return len;
}

/* Whether the server closed fd (end of stream or reset) within the read timeout. */
static inline int client_sees_close(int fd)
{
    uint8_t byte;
    for (;;) {
        ssize_t n = recv(fd, &byte, 1, 0);
        if (n < 0 && errno == EINTR)
            continue;
        return n == 0 || (n < 0 && (errno == ECONNRESET || errno == EPIPE));
    }
}

/* Sends a frame of len bytes (a pattern from seed) and asserts the same comes back. */
static inline void client_round_trip(int fd, size_t len, unsigned seed)
{
    uint8_t out[8192], in[8192];
    assert_true(len <= sizeof out);
    for (size_t i = 0; i < len; i++)
        out[i] = (uint8_t)(seed * 31 + i * 7);
    client_send_frame(fd, out, len);
    assert_int_equal(client_recv_frame(fd, in, sizeof in), len);
    assert_memory_equal(in, out, len);
}

#endif

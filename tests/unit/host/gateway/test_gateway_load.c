/* Throughput of the gateway's whole round trip — frame in, on_frame, a worker thread,
 * gw_post, gw_conn_send, frame out — with 100 connections on 2 loops and 64-byte
 * frames, next to a baseline measured in the same run on the same machine: a one-thread
 * epoll echo server that does no framing at all. Printed, never asserted (DESIGN.md:
 * tests do not assert timings); what is asserted is that every answer is right. */
#include "harness.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

enum {
    LOAD_CONNS = 100,
    LOAD_BODY = 64,
    LOAD_MS = 2000,
    LOAD_WARMUP_MS = 200,
    LOAD_WINDOW_MAX = 8,
    HIST_BUCKET_US = 10,
    HIST_BUCKETS = 10000 /* 10 us each: up to 100 ms */
};

struct load_conn {
    int fd;
    size_t rx_len;
    uint8_t rx[4096];
    uint64_t sent_us[LOAD_WINDOW_MAX]; /* send times of the requests in flight, a ring */
    unsigned head, count;
};

struct load_result {
    double per_second;
    double p50_ms, p99_ms;
};

static uint64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

static void load_send(struct load_conn *c, const uint8_t *frame)
{
    assert_true(c->count < LOAD_WINDOW_MAX);
    assert_int_equal(send(c->fd, frame, 2 + LOAD_BODY, MSG_NOSIGNAL), 2 + LOAD_BODY);
    c->sent_us[(c->head + c->count++) % LOAD_WINDOW_MAX] = now_us();
}

/* Reads what c has and counts whole answers; each answer sends the next request
 * while sending. */
static void load_receive(struct load_conn *c, const uint8_t *frame, int sending, uint64_t warm_us,
                         uint64_t *counted, uint32_t *hist)
{
    for (;;) {
        ssize_t n = recv(c->fd, c->rx + c->rx_len, sizeof c->rx - c->rx_len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN)
            return;
        assert_true(n > 0);
        c->rx_len += (size_t)n;
        size_t at = 0;
        while (c->rx_len - at >= 2 + LOAD_BODY) {
            assert_memory_equal(c->rx + at, frame, 2 + LOAD_BODY);
            at += 2 + LOAD_BODY;
            assert_true(c->count > 0);
            uint64_t now = now_us();
            uint64_t took = now - c->sent_us[c->head];
            c->head = (c->head + 1) % LOAD_WINDOW_MAX;
            c->count--;
            if (now >= warm_us) {
                (*counted)++;
                uint64_t bucket = took / HIST_BUCKET_US;
                hist[bucket < HIST_BUCKETS ? bucket : HIST_BUCKETS - 1]++;
            }
            if (sending)
                load_send(c, frame);
        }
        memmove(c->rx, c->rx + at, c->rx_len - at);
        c->rx_len -= at;
    }
}

static double hist_percentile(const uint32_t *hist, uint64_t total, double p)
{
    uint64_t want = (uint64_t)(p * (double)total), seen = 0;
    for (unsigned i = 0; i < HIST_BUCKETS; i++) {
        seen += hist[i];
        if (seen > want)
            return (i + 1) * HIST_BUCKET_US / 1000.0;
    }
    return HIST_BUCKETS * HIST_BUCKET_US / 1000.0;
}

/* LOAD_CONNS clients on 127.0.0.1:port, each keeping `window` requests in flight. */
static void load_run(int port, int window, struct load_result *out)
{
    struct load_conn *conns = calloc(LOAD_CONNS, sizeof *conns);
    uint32_t *hist = calloc(HIST_BUCKETS, sizeof *hist);
    uint8_t frame[2 + LOAD_BODY] = {0, LOAD_BODY};
    struct epoll_event events[128];
    uint64_t counted = 0;
    assert_non_null(conns);
    assert_non_null(hist);
    for (int i = 0; i < LOAD_BODY; i++)
        frame[2 + i] = (uint8_t)i;

    int ep = epoll_create1(EPOLL_CLOEXEC);
    assert_true(ep >= 0);
    for (int i = 0; i < LOAD_CONNS; i++) {
        conns[i].fd = client_connect(port);
        fcntl(conns[i].fd, F_SETFL, O_NONBLOCK);
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        assert_int_equal(epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev), 0);
    }
    for (int i = 0; i < LOAD_CONNS; i++)
        for (int w = 0; w < window; w++)
            load_send(&conns[i], frame);

    uint64_t warm = now_us() + LOAD_WARMUP_MS * 1000, end = warm + LOAD_MS * 1000;
    unsigned in_flight = LOAD_CONNS * (unsigned)window;
    for (;;) {
        uint64_t now = now_us();
        int sending = now < end;
        if (!sending) {
            in_flight = 0;
            for (int i = 0; i < LOAD_CONNS; i++)
                in_flight += conns[i].count;
            if (in_flight == 0)
                break;
            assert_true(now < end + 5000000); /* the last answers come back too */
        }
        int n = epoll_wait(ep, events, 128, 100);
        for (int e = 0; e < n; e++)
            load_receive(&conns[events[e].data.u32], frame, sending, warm, &counted, hist);
    }
    out->per_second = (double)counted * 1000.0 / LOAD_MS;
    out->p50_ms = hist_percentile(hist, counted, 0.50);
    out->p99_ms = hist_percentile(hist, counted, 0.99);
    for (int i = 0; i < LOAD_CONNS; i++)
        close(conns[i].fd);
    close(ep);
    free(hist);
    free(conns);
}

/* The baseline: one thread, epoll, every byte read is written straight back. */
struct echo_server {
    int listen_fd, stop_fd, port;
    pthread_t thread;
};

static void *echo_main(void *arg)
{
    struct echo_server *s = arg;
    int ep = epoll_create1(EPOLL_CLOEXEC), fds[LOAD_CONNS + 8], nfds = 0;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = s->listen_fd}, events[128];
    static uint8_t buf[65536];
    THREAD_CHECK(ep >= 0);
    epoll_ctl(ep, EPOLL_CTL_ADD, s->listen_fd, &ev);
    ev.data.fd = s->stop_fd;
    epoll_ctl(ep, EPOLL_CTL_ADD, s->stop_fd, &ev);
    for (;;) {
        int n = epoll_wait(ep, events, 128, -1);
        for (int e = 0; e < n; e++) {
            int fd = events[e].data.fd;
            if (fd == s->stop_fd)
                goto out;
            if (fd == s->listen_fd) {
                int c = accept(s->listen_fd, NULL, NULL);
                THREAD_CHECK(c >= 0 && nfds < (int)PS_ARRAY_LEN(fds));
                int one = 1;
                setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                fds[nfds++] = c;
                ev.data.fd = c;
                epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
                continue;
            }
            ssize_t got = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
            if (got > 0)
                THREAD_CHECK(send(fd, buf, (size_t)got, MSG_NOSIGNAL) == got);
            else if (got == 0)
                epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
        }
    }
out:
    for (int i = 0; i < nfds; i++)
        close(fds[i]);
    close(ep);
    return NULL;
}

static void echo_start(struct echo_server *s)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    socklen_t len = sizeof addr;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&addr, sizeof addr), 0);
    assert_int_equal(listen(s->listen_fd, 256), 0);
    assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&addr, &len), 0);
    s->port = ntohs(addr.sin_port);
    s->stop_fd = eventfd(0, EFD_CLOEXEC);
    assert_int_equal(pthread_create(&s->thread, NULL, echo_main, s), 0);
}

static void echo_stop(struct echo_server *s)
{
    uint64_t one = 1;
    assert_int_equal(write(s->stop_fd, &one, sizeof one), sizeof one);
    pthread_join(s->thread, NULL);
    close(s->stop_fd);
    close(s->listen_fd);
}

static void report(const char *what, int window, const struct load_result *r)
{
    print_message("%-34s window %d: %8.0f round trips/s  p50 %6.2f ms  p99 %6.2f ms\n", what,
                  window, r->per_second, r->p50_ms, r->p99_ms);
}

static void round_trips_per_second(void **state)
{
    (void)state;
    const int windows[] = {1, 4};
    for (unsigned w = 0; w < PS_ARRAY_LEN(windows); w++) {
        struct load_result base, gate;
        struct echo_server echo;
        echo_start(&echo);
        load_run(echo.port, windows[w], &base);
        echo_stop(&echo);

        struct harness h = {0};
        struct gw_config cfg = harness_config(&h);
        cfg.loops = 2;
        cfg.max_in_flight = 8;
        harness_start(&h, &cfg);
        load_run(gw_iso_port(h.gw), windows[w], &gate);
        struct gw_stats s = stats_of(h.gw);
        assert_int_equal(s.frames_in, s.frames_out);
        assert_int_equal(s.connections_total, LOAD_CONNS);
        harness_stop(&h);

        report("baseline (1-thread epoll echo)", windows[w], &base);
        report("gateway (2 loops, posted answers)", windows[w], &gate);
    }
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trips_per_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* bench_echo — the baseline the host benchmark is read against: the same number of
 * connections exchanging frames of the same size over loopback with a server that
 * only echoes, on the same machine, in the same run. What possumd reaches next to it
 * is the cost of deciding, recording and signing; what this reaches is the ceiling
 * the kernel and libevent allow.
 *
 * usage: bench_echo CONNECTIONS SECONDS FRAME_BYTES
 * prints one JSON line: {"connections":..,"round_trips_per_s":..,"p50_ms":..,"p99_ms":..} */
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <event2/thread.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define THREADS 2
#define BUCKETS 4096 /* latency histogram: 10 us buckets up to 40.96 ms */

struct client {
    struct bufferevent *bev;
    struct load *load;
    uint64_t sent_ns;
};

struct load {
    struct event_base *base;
    struct client *clients;
    int count;
    size_t frame;
    uint64_t deadline_ns;
    uint64_t round_trips;
    uint64_t histogram[BUCKETS + 1];
    int done;
};

static uint8_t payload[65536];

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void echo_read(struct bufferevent *bev, void *ctx)
{
    (void)ctx;
    bufferevent_write_buffer(bev, bufferevent_get_input(bev));
}

static void echo_event(struct bufferevent *bev, short what, void *ctx)
{
    (void)what, (void)ctx;
    bufferevent_free(bev);
}

static void echo_accept(struct evconnlistener *l, evutil_socket_t fd, struct sockaddr *sa, int len,
                        void *ctx)
{
    (void)l, (void)sa, (void)len;
    struct event_base *base = ctx;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    struct bufferevent *bev = bufferevent_socket_new(base, fd, BEV_OPT_CLOSE_ON_FREE);
    bufferevent_setcb(bev, echo_read, NULL, echo_event, NULL);
    bufferevent_enable(bev, EV_READ | EV_WRITE);
}

static void send_frame(struct client *c)
{
    c->sent_ns = now_ns();
    bufferevent_write(c->bev, payload, c->load->frame);
}

static void client_read(struct bufferevent *bev, void *ctx)
{
    struct client *c = ctx;
    struct load *l = c->load;
    struct evbuffer *in = bufferevent_get_input(bev);
    if (evbuffer_get_length(in) < l->frame)
        return;
    evbuffer_drain(in, l->frame);
    uint64_t t = now_ns();
    uint64_t bucket = (t - c->sent_ns) / 10000;
    l->histogram[bucket < BUCKETS ? bucket : BUCKETS]++;
    l->round_trips++;
    if (t < l->deadline_ns)
        send_frame(c);
    else if (++l->done == l->count)
        event_base_loopbreak(l->base);
}

static void *run_load(void *arg)
{
    struct load *l = arg;
    event_base_dispatch(l->base);
    return NULL;
}

static void *run_server(void *arg)
{
    event_base_dispatch(arg);
    return NULL;
}

static double percentile(const uint64_t *h, uint64_t total, double p)
{
    uint64_t want = (uint64_t)((double)total * p), seen = 0;
    for (int i = 0; i <= BUCKETS; i++) {
        seen += h[i];
        if (seen > want)
            return (i + 1) * 0.01;
    }
    return BUCKETS * 0.01;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_echo CONNECTIONS SECONDS FRAME_BYTES\n");
        return 2;
    }
    int conns = atoi(argv[1]), seconds = atoi(argv[2]);
    size_t frame = (size_t)atoi(argv[3]);
    if (conns < 1 || seconds < 1 || frame < 1 || frame > sizeof(payload))
        return 2;

    /* the server, like possumd's gateway: one loop per thread, SO_REUSEPORT */
    evthread_use_pthreads();
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    struct event_base *server_bases[THREADS];
    struct evconnlistener *listeners[THREADS];
    pthread_t servers[THREADS];
    const unsigned flags = LEV_OPT_CLOSE_ON_FREE | LEV_OPT_REUSEABLE | LEV_OPT_REUSEABLE_PORT;
    for (int t = 0; t < THREADS; t++) {
        server_bases[t] = event_base_new();
        listeners[t] = evconnlistener_new_bind(server_bases[t], echo_accept, server_bases[t],
                                               flags, 1024, (struct sockaddr *)&sin, sizeof(sin));
        if (listeners[t] == NULL) {
            fprintf(stderr, "bench_echo: cannot listen\n");
            return 1;
        }
        socklen_t slen = sizeof(sin); /* the next listener takes the same port */
        getsockname(evconnlistener_get_fd(listeners[t]), (struct sockaddr *)&sin, &slen);
        pthread_create(&servers[t], NULL, run_server, server_bases[t]);
    }

    struct load loads[THREADS];
    pthread_t threads[THREADS];
    uint64_t deadline = now_ns() + (uint64_t)seconds * 1000000000u;
    for (int t = 0; t < THREADS; t++) {
        struct load *l = &loads[t];
        memset(l, 0, sizeof(*l));
        l->base = event_base_new();
        l->count = conns / THREADS + (t < conns % THREADS);
        l->frame = frame;
        l->deadline_ns = deadline;
        l->clients = calloc((size_t)l->count, sizeof(*l->clients));
        for (int i = 0; i < l->count; i++) {
            struct client *c = &l->clients[i];
            c->load = l;
            c->bev = bufferevent_socket_new(l->base, -1, BEV_OPT_CLOSE_ON_FREE);
            bufferevent_setcb(c->bev, client_read, NULL, NULL, c);
            bufferevent_enable(c->bev, EV_READ | EV_WRITE);
            bufferevent_socket_connect(c->bev, (struct sockaddr *)&sin, sizeof(sin));
            int one = 1;
            setsockopt(bufferevent_getfd(c->bev), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            send_frame(c);
        }
    }
    uint64_t started = now_ns();
    for (int t = 0; t < THREADS; t++)
        pthread_create(&threads[t], NULL, run_load, &loads[t]);
    uint64_t total = 0, histogram[BUCKETS + 1] = {0};
    for (int t = 0; t < THREADS; t++) {
        pthread_join(threads[t], NULL);
        total += loads[t].round_trips;
        for (int i = 0; i <= BUCKETS; i++)
            histogram[i] += loads[t].histogram[i];
    }
    double elapsed = (double)(now_ns() - started) / 1e9;
    printf("{\"connections\":%d,\"frame_bytes\":%zu,\"round_trips_per_s\":%.0f,\"p50_ms\":%.2f,"
           "\"p99_ms\":%.2f}\n",
           conns, frame, (double)total / elapsed, percentile(histogram, total, 0.50),
           percentile(histogram, total, 0.99));
    for (int t = 0; t < THREADS; t++) {
        event_base_loopbreak(server_bases[t]);
        pthread_join(servers[t], NULL);
    }
    for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < loads[t].count; i++)
            bufferevent_free(loads[t].clients[i].bev);
        free(loads[t].clients);
        event_base_free(loads[t].base);
    }
    for (int t = 0; t < THREADS; t++) {
        evconnlistener_free(listeners[t]);
        event_base_free(server_bases[t]);
    }
    return 0;
}

/* The gateway over plain TCP: real sockets on 127.0.0.1, every answer posted from
 * another thread (harness.h). Framing, the limits (max_frame, idle timeout,
 * max_connections, max_in_flight, output cap), closing, and stopping with work
 * pending. */
#include "harness.h"

#include <fcntl.h>
#include <sys/resource.h>

static void echoes_frames_of_every_size(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    assert_true(gw_iso_port(h.gw) > 0);
    assert_int_equal(gw_tls_port(h.gw), 0);

    int fd = client_connect(gw_iso_port(h.gw));
    const size_t sizes[] = {1, 2, 64, 1000, 4096, 8191, 8192};
    for (unsigned i = 0; i < PS_ARRAY_LEN(sizes); i++)
        client_round_trip(fd, sizes[i], i);
    close(fd);

    struct gw_stats s = stats_of(h.gw);
    assert_int_equal(s.frames_in, PS_ARRAY_LEN(sizes));
    assert_int_equal(s.frames_out, PS_ARRAY_LEN(sizes));
    assert_int_equal(s.connections_total, 1);
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 2000);
    harness_stop(&h);
}

/* A frame split over many writes, and many frames in one write, come out the same. */
static void reassembles_split_and_joined_frames(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    int fd = client_connect(gw_iso_port(h.gw));

    uint8_t wire[3 * 7], in[16];
    for (int f = 0; f < 3; f++) {
        wire[f * 7] = 0;
        wire[f * 7 + 1] = 5;
        memcpy(wire + f * 7 + 2, f == 1 ? "hello" : "world", 5);
    }
    for (size_t i = 0; i < 7; i++) { /* the first frame, a byte at a time */
        assert_int_equal(client_send(fd, wire + i, 1), 0);
        usleep(2000);
    }
    assert_int_equal(client_recv_frame(fd, in, sizeof in), 5);
    assert_memory_equal(in, "world", 5);
    assert_int_equal(client_send(fd, wire + 7, 14), 0); /* two frames in one write */
    assert_int_equal(client_recv_frame(fd, in, sizeof in), 5);
    assert_memory_equal(in, "hello", 5);
    assert_int_equal(client_recv_frame(fd, in, sizeof in), 5);
    assert_memory_equal(in, "world", 5);
    close(fd);
    harness_stop(&h);
}

static void answers_200_connections_on_2_loops(void **state)
{
    (void)state;
    enum { CONNS = 200 };
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    cfg.loops = 2;
    harness_start(&h, &cfg);

    int fds[CONNS];
    uint8_t body[8], in[8];
    for (int i = 0; i < CONNS; i++)
        fds[i] = client_connect(gw_iso_port(h.gw));
    for (int i = 0; i < CONNS; i++) {
        snprintf((char *)body, sizeof body, "c%06d", i);
        client_send_frame(fds[i], body, 7);
    }
    for (int i = 0; i < CONNS; i++) {
        snprintf((char *)body, sizeof body, "c%06d", i);
        assert_int_equal(client_recv_frame(fds[i], in, sizeof in), 7);
        assert_memory_equal(in, body, 7);
    }
    /* SO_REUSEPORT spread them: both loops served some (all 200 on one: 2^-199) */
    assert_true(atomic_load(&h.frames_by_loop[0]) > 0);
    assert_true(atomic_load(&h.frames_by_loop[1]) > 0);
    struct gw_stats s = stats_of(h.gw);
    assert_int_equal(s.connections_open, CONNS);
    assert_int_equal(s.frames_out, CONNS);
    for (int i = 0; i < CONNS; i++)
        close(fds[i]);
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 5000);
    harness_stop(&h);
}

/* A bad prefix closes its own connection only; the stream cannot be resynchronised. */
static void closes_on_oversized_or_empty_frame_only(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    int good = client_connect(gw_iso_port(h.gw));
    client_round_trip(good, 64, 1);

    int big = client_connect(gw_iso_port(h.gw));
    uint8_t oversized[2] = {0x20, 0x01}; /* 8193 > max_frame */
    assert_int_equal(client_send(big, oversized, 2), 0);
    assert_true(client_sees_close(big));
    close(big);
    client_round_trip(good, 64, 2);

    int empty = client_connect(gw_iso_port(h.gw));
    uint8_t nothing[4] = {0, 0, 0, 1};
    assert_int_equal(client_send(empty, nothing, sizeof nothing), 0);
    assert_true(client_sees_close(empty));
    close(empty);
    client_round_trip(good, 64, 3);

    struct gw_stats s = stats_of(h.gw);
    assert_int_equal(s.frames_rejected, 2);
    assert_int_equal(s.frames_in, 3);
    close(good);
    harness_stop(&h);
}

static void closes_idle_connections_but_not_those_waiting(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    cfg.idle_timeout_ms = 200;
    harness_start(&h, &cfg);

    harness_hold(&h);
    int waiting = client_connect(gw_iso_port(h.gw));
    uint8_t body[4] = "wait", in[4];
    client_send_frame(waiting, body, 4);
    WAIT_FOR(atomic_load(&h.frames) == 1, 2000);

    uint64_t start = now_ms();
    int silent = client_connect(gw_iso_port(h.gw));
    assert_true(client_sees_close(silent));
    uint64_t took = now_ms() - start;
    assert_true(took >= 150 && took < 3000);
    close(silent);

    usleep(300 * 1000); /* past the timeout: the one waiting for its answer stays */
    assert_int_equal(stats_of(h.gw).idle_closed, 1);
    harness_release(&h);
    assert_int_equal(client_recv_frame(waiting, in, sizeof in), 4);
    assert_memory_equal(in, "wait", 4);
    /* answered, it is idle again */
    assert_true(client_sees_close(waiting));
    assert_int_equal(stats_of(h.gw).idle_closed, 2);
    close(waiting);
    harness_stop(&h);
}

static void refuses_connections_over_the_cap(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    cfg.max_connections = 3;
    cfg.loops = 2;
    harness_start(&h, &cfg);

    int fds[3];
    for (int i = 0; i < 3; i++) {
        fds[i] = client_connect(gw_iso_port(h.gw));
        client_round_trip(fds[i], 16, (unsigned)i); /* accepted for sure */
    }
    int extra = client_connect(gw_iso_port(h.gw)); /* the kernel accepts; we close */
    assert_true(client_sees_close(extra));
    close(extra);
    struct gw_stats s = stats_of(h.gw);
    assert_int_equal(s.connections_refused, 1);
    assert_int_equal(s.connections_open, 3);

    close(fds[0]);
    WAIT_FOR(stats_of(h.gw).connections_open == 2, 2000);
    int again = client_connect(gw_iso_port(h.gw));
    client_round_trip(again, 16, 9);
    close(again);
    for (int i = 1; i < 3; i++)
        close(fds[i]);
    harness_stop(&h);
}

/* Ten pipelined frames, two in flight at most: the gateway stops reading between. */
static void pauses_reading_at_max_in_flight(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    cfg.max_in_flight = 2;
    harness_start(&h, &cfg);
    h.delay_ms = 20; /* answers take a while, so frames pile up behind the cap */

    int fd = client_connect(gw_iso_port(h.gw));
    uint8_t wire[10 * 4], in[2];
    for (int i = 0; i < 10; i++) {
        wire[i * 4] = 0;
        wire[i * 4 + 1] = 2;
        wire[i * 4 + 2] = 'f';
        wire[i * 4 + 3] = (uint8_t)('0' + i);
    }
    assert_int_equal(client_send(fd, wire, sizeof wire), 0);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(client_recv_frame(fd, in, sizeof in), 2);
        assert_int_equal(in[1], '0' + i); /* in order */
    }
    assert_int_equal(atomic_load(&h.max_outstanding), 2);
    assert_int_equal(stats_of(h.gw).frames_in, 10);
    close(fd);
    harness_stop(&h);
}

struct dribble {
    int fd;
    atomic_int done;
};

/* One byte a second: a 3-byte frame (5 bytes with its prefix) over four seconds. */
static void *dribble_main(void *arg)
{
    struct dribble *d = arg;
    const uint8_t wire[5] = {0, 3, 's', 'l', 'o'};
    for (int i = 0; i < 5; i++) {
        if (i > 0)
            sleep(1);
        THREAD_CHECK(client_send(d->fd, wire + i, 1) == 0);
    }
    atomic_store(&d->done, 1);
    return NULL;
}

static void slow_client_does_not_delay_others(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg); /* one loop: both clients share it */

    struct dribble d = {.fd = client_connect(gw_iso_port(h.gw))};
    pthread_t dribbler;
    assert_int_equal(pthread_create(&dribbler, NULL, dribble_main, &d), 0);
    int fast = client_connect(gw_iso_port(h.gw));
    uint64_t worst = 0;
    unsigned trips = 0;
    while (!atomic_load(&d.done)) {
        uint64_t start = now_ms();
        client_round_trip(fast, 64, trips);
        uint64_t took = now_ms() - start;
        worst = took > worst ? took : worst;
        trips++;
        usleep(5000);
    }
    pthread_join(dribbler, NULL);
    print_message("slow client: %u fast round trips, slowest %" PRIu64 " ms\n", trips, worst);
    assert_true(trips > 100);
    assert_true(worst < 200);

    uint8_t in[3];
    assert_int_equal(client_recv_frame(d.fd, in, sizeof in), 3);
    assert_memory_equal(in, "slo", 3);
    close(d.fd);
    close(fast);
    harness_stop(&h);
}

/* An answer posted after its connection closed runs with conn == NULL, also when a
 * new connection took the slot since. */
static void answer_for_closed_connection_gets_null(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);

    harness_hold(&h);
    int gone = client_connect(gw_iso_port(h.gw));
    client_send_frame(gone, (const uint8_t *)"lost", 4);
    WAIT_FOR(atomic_load(&h.frames) == 1, 2000);
    close(gone);
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 2000);

    int next = client_connect(gw_iso_port(h.gw));
    client_send_frame(next, (const uint8_t *)"kept", 4);
    WAIT_FOR(atomic_load(&h.frames) == 2, 2000);
    pthread_mutex_lock(&h.lock);
    assert_int_equal(h.refs[0].slot, h.refs[1].slot); /* the slot was reused */
    assert_true(h.refs[0].generation != h.refs[1].generation);
    pthread_mutex_unlock(&h.lock);

    harness_release(&h);
    uint8_t in[4];
    assert_int_equal(client_recv_frame(next, in, sizeof in), 4);
    assert_memory_equal(in, "kept", 4);
    WAIT_FOR(atomic_load(&h.answered_closed) == 1, 2000);
    assert_int_equal(atomic_load(&h.answered), 1);
    close(next);
    harness_stop(&h);
}

/* gw_conn_close writes what is pending, then closes. */
static void close_flushes_pending_answers_first(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    int fd = client_connect(gw_iso_port(h.gw));
    client_round_trip(fd, 10, 1);
    uint8_t in[5];
    client_send_frame(fd, (const uint8_t *)"CLOSE", 5);
    assert_int_equal(client_recv_frame(fd, in, sizeof in), 5);
    assert_memory_equal(in, "CLOSE", 5);
    assert_true(client_sees_close(fd));
    close(fd);
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 2000);
    harness_stop(&h);
}

/* A client that sends and never reads is closed once its answers pile up. */
static void closes_client_that_never_reads(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int small = 4096;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small); /* before connect */
    struct sockaddr_in addr = {.sin_family = AF_INET,
                               .sin_port = htons((uint16_t)gw_iso_port(h.gw))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);

    static uint8_t wire[2 + 8192];
    wire[0] = 0x20;
    wire[1] = 0x00;
    size_t sent = 0;
    while (client_send(fd, wire, sizeof wire) == 0 && sent < (256u << 20))
        sent += sizeof wire;
    /* the server closed it long before 256 MiB: the kernel buffers hold a few MiB */
    assert_true(sent < (256u << 20));
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 5000);
    close(fd);
    harness_stop(&h);
}

static void refuses_bad_configurations(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gateway *gw = NULL;
    struct ps_reason why;
    struct gw_config cfg = harness_config(&h);

    cfg.iso_port = 0;
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EINVAL);
    assert_string_equal(why.text, "gateway: neither the ISO nor the TLS port is on");
    cfg = harness_config(&h);
    cfg.on_frame = NULL;
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EINVAL);
    assert_string_equal(why.text, "gateway: on_frame is not set");
    cfg = harness_config(&h);
    cfg.max_frame = 70000;
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EINVAL);
    cfg = harness_config(&h);
    cfg.bind_address = "not-an-address";
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "bind address \"not-an-address\""));
    cfg = harness_config(&h);
    cfg.tls_port = -1; /* TLS without a certificate */
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EINVAL);
    assert_string_equal(why.text, "TLS certificate: no file given");
    assert_null(gw);
}

/* SO_REUSEPORT must not let a second gateway share a port the first one serves. */
static void reports_a_port_in_use(void **state)
{
    (void)state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    cfg.loops = 2;
    harness_start(&h, &cfg);

    struct gateway *second = NULL;
    struct ps_reason why;
    char want[64];
    cfg.iso_port = gw_iso_port(h.gw);
    assert_int_equal(gw_start(&second, &cfg, &why), PS_EINVAL);
    snprintf(want, sizeof want, "ISO port %d: Address already in use", cfg.iso_port);
    assert_string_equal(why.text, want);
    assert_null(second);
    harness_stop(&h);
}

static void sleep_on_loop(void *arg, struct gw_conn *conn)
{
    (void)conn;
    atomic_store((atomic_int *)arg, 1);
    usleep(1000 * 1000);
}

/* A post made from the loop's last batch, after which nothing runs on the loop. */
struct late_post {
    struct gateway *gw;
    struct gw_ref ref;
    atomic_int ran_with_conn;
    atomic_int ran_without;
};

static void late_post_lands(void *arg, struct gw_conn *conn)
{
    struct late_post *late = arg;
    atomic_fetch_add(conn != NULL ? &late->ran_with_conn : &late->ran_without, 1);
}

static void late_post_made(void *arg, struct gw_conn *conn)
{
    struct late_post *late = arg;
    THREAD_CHECK(conn != NULL); /* the last batch still sees the connections */
    THREAD_CHECK(gw_post(late->gw, late->ref, late_post_lands, late) == 0);
}

/* gw_stop with connections open and answers queued: what was posted before the stop
 * is still delivered (possumd stops its engine first and loses no committed answer),
 * then every connection closes; a post made too late runs with conn == NULL; nothing
 * leaks (ASan checks). */
static void stop_delivers_queued_answers_then_closes(void **state)
{
    (void)state;
    enum { CONNS = 20, FRAMES = 3 };
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    harness_hold(&h);

    int fds[CONNS];
    for (int i = 0; i < CONNS; i++) {
        fds[i] = client_connect(gw_iso_port(h.gw));
        for (int f = 0; f < FRAMES; f++)
            client_send_frame(fds[i], (const uint8_t *)"pending", 7);
    }
    WAIT_FOR(atomic_load(&h.frames) == CONNS * FRAMES, 5000);

    /* keep the loop busy while every answer queues up behind it, then stop */
    atomic_int sleeping = 0;
    struct late_post late = {.gw = h.gw, .ref = h.refs[0]};
    assert_int_equal(gw_post(h.gw, h.refs[0], sleep_on_loop, &sleeping), 0);
    WAIT_FOR(atomic_load(&sleeping) == 1, 2000);
    harness_release(&h);
    WAIT_FOR(atomic_load(&h.posted) == CONNS * FRAMES, 2000);
    assert_int_equal(gw_post(h.gw, h.refs[0], late_post_made, &late), 0);
    harness_stop(&h); /* while the loop still sleeps */

    assert_int_equal(atomic_load(&h.answered), CONNS * FRAMES);
    assert_int_equal(atomic_load(&h.answered_closed), 0);
    assert_int_equal(atomic_load(&late.ran_without), 1);
    assert_int_equal(atomic_load(&late.ran_with_conn), 0);
    uint8_t in[7];
    for (int i = 0; i < CONNS; i++) {
        for (int f = 0; f < FRAMES; f++)
            assert_int_equal(client_recv_frame(fds[i], in, sizeof in), 7);
        assert_true(client_sees_close(fds[i]));
        close(fds[i]);
    }
}

/* Clients hanging up just before gw_stop leave end-of-stream callbacks queued inside
 * libevent; stopping must still free every connection (ASan's leak check). */
static void stop_right_after_clients_hang_up(void **state)
{
    (void)state;
    enum { CONNS = 50 };
    for (int round = 0; round < 5; round++) {
        struct harness h = {0};
        struct gw_config cfg = harness_config(&h);
        cfg.loops = 2;
        harness_start(&h, &cfg);
        int fds[CONNS];
        for (int i = 0; i < CONNS; i++) {
            fds[i] = client_connect(gw_iso_port(h.gw));
            client_round_trip(fds[i], 16, (unsigned)i);
        }
        for (int i = 0; i < CONNS; i++)
            close(fds[i]);
        harness_stop(&h);
    }
}

/* The /proc stat file of the thread named name, opened now so that it can be read
 * while no descriptor is left. */
static int thread_stat_open(const char *name)
{
    char path[64], comm[32];
    for (int tid = 1; tid < 4194304; tid++) {
        snprintf(path, sizeof path, "/proc/self/task/%d/comm", tid);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        int same = fgets(comm, sizeof comm, f) != NULL && strncmp(comm, name, strlen(name)) == 0;
        fclose(f);
        if (same) {
            snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
            return open(path, O_RDONLY | O_CLOEXEC);
        }
    }
    return -1;
}

/* CPU time (clock ticks) the thread has used so far; -1 when unreadable. */
static long thread_cpu_ticks(int stat_fd)
{
    char stat[512];
    ssize_t n = pread(stat_fd, stat, sizeof stat - 1, 0);
    if (n <= 0)
        return -1;
    stat[n] = '\0';
    long utime = 0, stime = 0;
    const char *p = strrchr(stat, ')'); /* after the name: state, then numbers */
    if (p == NULL ||
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld", &utime, &stime) != 2)
        return -1;
    return utime + stime;
}

/* The descriptor limit comes back however the test ends. */
static int save_fd_limit(void **state)
{
    struct rlimit *old = malloc(sizeof *old);
    if (old == NULL || getrlimit(RLIMIT_NOFILE, old) != 0)
        return -1;
    *state = old;
    return 0;
}

static int restore_fd_limit(void **state)
{
    int rc = setrlimit(RLIMIT_NOFILE, *state);
    free(*state);
    return rc;
}

/* Out of descriptors, accept() fails and the pending connection stays in the backlog:
 * the loop must pause accepting (not spin on a socket that stays readable) and serve
 * the connection once a descriptor is free again. */
static void waits_out_a_shortage_of_descriptors(void **state)
{
    const struct rlimit *old = *state;
    struct harness h = {0};
    struct gw_config cfg = harness_config(&h);
    harness_start(&h, &cfg);
    struct sockaddr_in addr = {.sin_family = AF_INET,
                               .sin_port = htons((uint16_t)gw_iso_port(h.gw))};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    struct timeval patience = {.tv_sec = 5};
    int first = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int second = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(first, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    setsockopt(second, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    int stat_fd = thread_stat_open("possumd-gw0");
    assert_true(stat_fd >= 0);

    /* room for exactly one more descriptor: the server's end of `first` */
    int lowest_free = dup(0);
    close(lowest_free);
    struct rlimit tight = *old;
    tight.rlim_cur = (rlim_t)lowest_free + 1;
    assert_int_equal(setrlimit(RLIMIT_NOFILE, &tight), 0);

    assert_int_equal(connect(first, (struct sockaddr *)&addr, sizeof addr), 0);
    client_round_trip(first, 8, 1);
    assert_int_equal(connect(second, (struct sockaddr *)&addr, sizeof addr), 0);
    uint8_t in[8], body[8] = "waiting";
    client_send_frame(second, body, sizeof body);
    long cpu_before = thread_cpu_ticks(stat_fd);
    usleep(500 * 1000); /* accept() would fail all along */
    long cpu_spent = thread_cpu_ticks(stat_fd) - cpu_before;
    print_message("loop thread CPU while out of descriptors: %ld ticks in 500 ms\n", cpu_spent);
    assert_true(cpu_before >= 0 && cpu_spent >= 0);
    assert_true(cpu_spent < 20); /* a spinning accept takes most of the 50 */
    assert_int_equal(stats_of(h.gw).connections_total, 1);

    close(first); /* frees the server's descriptor once it sees the close */
    assert_int_equal(client_recv_frame(second, in, sizeof in), sizeof body);
    assert_memory_equal(in, body, sizeof body);
    assert_int_equal(stats_of(h.gw).connections_total, 2);
    assert_int_equal(setrlimit(RLIMIT_NOFILE, old), 0);
    close(stat_fd);
    close(second);
    harness_stop(&h);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(echoes_frames_of_every_size),
        cmocka_unit_test(reassembles_split_and_joined_frames),
        cmocka_unit_test(answers_200_connections_on_2_loops),
        cmocka_unit_test(closes_on_oversized_or_empty_frame_only),
        cmocka_unit_test(closes_idle_connections_but_not_those_waiting),
        cmocka_unit_test(refuses_connections_over_the_cap),
        cmocka_unit_test(pauses_reading_at_max_in_flight),
        cmocka_unit_test(slow_client_does_not_delay_others),
        cmocka_unit_test(answer_for_closed_connection_gets_null),
        cmocka_unit_test(close_flushes_pending_answers_first),
        cmocka_unit_test(closes_client_that_never_reads),
        cmocka_unit_test_setup_teardown(waits_out_a_shortage_of_descriptors, save_fd_limit,
                                        restore_fd_limit),
        cmocka_unit_test(refuses_bad_configurations),
        cmocka_unit_test(reports_a_port_in_use),
        cmocka_unit_test(stop_delivers_queued_answers_then_closes),
        cmocka_unit_test(stop_right_after_clients_hang_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

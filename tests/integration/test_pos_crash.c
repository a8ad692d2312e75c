/* possum-pos when possumd dies with a card sale in flight, after it approved it.
 *
 * A small relay stands between the real possum-pos program and a real possumd. In its
 * killing mode it passes the terminal's purchase on, reads possumd's approval (so the
 * sale is durably recorded and the card charged at the host), then SIGKILLs possumd
 * and hangs up on the terminal without a word. That is the worst case for a terminal:
 * the money moved and it cannot know. Then:
 *   - possum-pos tells the cashier the sale did not go through and owes a reversal;
 *   - possumd restarts on the same data; `possum-pos forward` sends the reversal first,
 *     and possumd undoes the purchase exactly once;
 *   - the batch settles balanced: the terminal never counted the sale, and the host
 *     took it back;
 *   - the terminal's journal holds the sale pending and the reversal that refers to it,
 *     and verifies. */
#include "harness.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct possumd server;

/* ---- the relay ---------------------------------------------------------------------- */

struct relay {
    int listen_fd;
    int port;
    atomic_int kill_on_purchase; /* kill possumd once it has answered a purchase */
    atomic_int killed;
    atomic_int stop;
    pthread_t thread;
};

static int read_full(int fd, uint8_t *buf, size_t n)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    size_t got = 0;

    while (got < n) {
        if (poll(&p, 1, 15000) != 1)
            return -1;
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0)
            return -1;
        got += (size_t)r;
    }
    return 0;
}

/* One frame (2-byte length, body) from fd into buf; its whole length, or -1. */
static int read_frame(int fd, uint8_t *buf, size_t cap)
{
    size_t len;

    if (read_full(fd, buf, 2) != 0)
        return -1;
    len = (size_t)buf[0] << 8 | buf[1];
    if (len + 2 > cap || read_full(fd, buf + 2, len) != 0)
        return -1;
    return (int)(len + 2);
}

static int connect_possumd(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)server.iso_port)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* The frame's MTI is a purchase's family (0200): TPDU 5, header 6, then BCD 02 00. */
static int is_0200(const uint8_t *frame, int len)
{
    return len > 14 && frame[13] == 0x02 && frame[14] == 0x00;
}

/* Relays one terminal's connection, request by request. */
static void relay_client(struct relay *r, int client)
{
    static uint8_t buf[16384];
    int host = connect_possumd(), n;

    while (host >= 0 && (n = read_frame(client, buf, sizeof(buf))) > 0) {
        int purchase = is_0200(buf, n);
        if (write(host, buf, (size_t)n) != n || (n = read_frame(host, buf, sizeof(buf))) < 0)
            break;
        if (purchase && atomic_load(&r->kill_on_purchase)) {
            possumd_kill(&server); /* approved and recorded; the answer dies with it */
            atomic_store(&r->kill_on_purchase, 0);
            atomic_store(&r->killed, 1);
            break;
        }
        if (write(client, buf, (size_t)n) != n)
            break;
    }
    if (host >= 0)
        close(host);
    close(client);
}

static void *relay_main(void *arg)
{
    struct relay *r = arg;
    struct pollfd p = {.fd = r->listen_fd, .events = POLLIN};

    while (!atomic_load(&r->stop)) {
        if (poll(&p, 1, 100) != 1)
            continue;
        int client = accept(r->listen_fd, NULL, NULL);
        if (client >= 0)
            relay_client(r, client);
    }
    return NULL;
}

static void relay_start(struct relay *r)
{
    struct sockaddr_in a = {.sin_family = AF_INET};
    socklen_t len = sizeof(a);

    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    r->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(r->listen_fd >= 0);
    assert_int_equal(bind(r->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(r->listen_fd, 8), 0);
    assert_int_equal(getsockname(r->listen_fd, (struct sockaddr *)&a, &len), 0);
    r->port = ntohs(a.sin_port);
    assert_int_equal(pthread_create(&r->thread, NULL, relay_main, r), 0);
}

static void relay_stop(struct relay *r)
{
    atomic_store(&r->stop, 1);
    pthread_join(r->thread, NULL);
    close(r->listen_fd);
}

/* ---- possum-pos, the program -------------------------------------------------------- */

static char home[128];
static char out[65536];

/* Runs possum-pos with the arguments (a shell word list, already quoted) in the test's
 * home; its stdout into out; returns its exit status. */
__attribute__((format(printf, 1, 2))) static int pos(const char *fmt, ...)
{
    const char *program = getenv("POSSUM_POS");
    char args[1024], cmd[2048];
    va_list ap;
    FILE *f;
    size_t n;

    assert_non_null(program);
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof(cmd), "POSSUM_POS_HOME='%s' POSSUM_POS_FAST_HASHING=1 '%s' %s", home,
             program, args);
    f = popen(cmd, "r");
    assert_non_null(f);
    n = fread(out, 1, sizeof(out) - 1, f);
    out[n] = '\0';
    int status = pclose(f);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void expect_out(const char *text)
{
    if (strstr(out, text) == NULL)
        fail_msg("possum-pos printed %s; expected it to contain %s", out, text);
}

#define DEBIT_CARD "--pan " CARD_DEBIT " --expiry 3012 --pin " PIN

static void set_up_terminal(struct relay *r)
{
    char cmd[512];
    FILE *f;

    snprintf(cmd, sizeof(cmd), "%s/tmk.hex", home);
    f = fopen(cmd, "w");
    assert_non_null(f);
    fputs(DEMO_TMK "\n", f);
    fclose(f);
    assert_int_equal(pos("activate --host 127.0.0.1:%d --tid 10000001 --mid 898100012340001 "
                         "--tmk-file %s --supervisor-name Wang --supervisor-password 246810",
                         r->port, cmd),
                     0);
    assert_int_equal(pos("login --operator 00 --password 246810"), 0);
    assert_int_equal(pos("config set host-timeout 5"), 0);
    assert_int_equal(pos("catalog add --code 6901234567892 --name Tea --price 12.50 --tax 13"), 0);
}

static void an_approval_lost_with_the_host_is_reversed_first(void **state)
{
    struct relay r;

    (void)state;
    memset(&r, 0, sizeof(r));
    relay_start(&r);
    set_up_terminal(&r);
    assert_int_equal(pos("sale --ean 6901234567892 --tender card " DEBIT_CARD), 0);
    expect_out("\"result\":\"ok\"");

    /* the second purchase: approved at the host, whose answer never arrives */
    atomic_store(&r.kill_on_purchase, 1);
    assert_int_equal(pos("sale --ean 6901234567892 --qty 2 --tender card " DEBIT_CARD), 3);
    assert_true(atomic_load(&r.killed));
    expect_out("\"result\":\"offline\"");
    expect_out("\"reversal_owed\":true");
    expect_out("will reverse the purchase automatically");
    assert_int_equal(db_count(&server, "txns WHERE kind = 'purchase' AND response_code = '00'"), 2);
    assert_int_equal(pos("forward"), 3); /* still away */

    possumd_restart(&server);
    assert_int_equal(pos("forward"), 0);
    expect_out("{\"kind\":\"reversal\",\"stan\":");
    expect_out("\"response_code\":\"00\"}");
    expect_out("\"reversal_owed\":false");
    assert_int_equal(db_count(&server, "txns WHERE kind = 'reversal' AND response_code = '00'"), 1);

    assert_int_equal(pos("settle"), 0);
    expect_out("\"result\":\"balanced\"");
    expect_out("\"uploaded\":false");
    assert_int_equal(pos("list --kind reversal"), 0);
    expect_out("\"result\":\"approved\"");
    assert_int_equal(pos("journal verify"), 0);
    expect_out("\"intact\":true");
    relay_stop(&r);
}

static int start(void **state)
{
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    snprintf(home, sizeof(home), "/tmp/possum-pos-crash.XXXXXX");
    assert_non_null(mkdtemp(home));
    possumd_start(&server, NULL);
    return 0;
}

static int finish(void **state)
{
    char cmd[200];
    (void)state;
    possumd_stop(&server);
    possumd_cleanup(&server);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", home);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_approval_lost_with_the_host_is_reversed_first),
    };
    return cmocka_run_group_tests(tests, start, finish);
}

#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "core/checks/luhn.h"
#include "core/hex.h"
#include "pos/hostlink/outcome.h"
#include "pos/hostlink/tls.h"

/* ---- possumd ---------------------------------------------------------------------- */

static const char *possumd_path(void)
{
    const char *path = getenv("POSSUMD");
    if (path == NULL)
        fail_msg("POSSUMD is not set: run the integration tests through ctest");
    return path;
}

/* A free TCP port on 127.0.0.1: bind port 0, read it, close (possumd binds it next). */
static int free_port(void)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

static void print_log(const struct possumd *p)
{
    char line[512];
    FILE *f = fopen(p->log, "r");
    if (f == NULL)
        return;
    fprintf(stderr, "---- possumd log (%s) ----\n", p->log);
    while (fgets(line, sizeof(line), f) != NULL)
        fputs(line, stderr);
    fclose(f);
}

/* Runs possumd with its stdout on a pipe and waits for the ready line. */
static void launch(struct possumd *p, const char *const *extra)
{
    char iso[16], tls[16];
    const char *argv[32];
    int n = 0, out[2];

    snprintf(iso, sizeof(iso), "%d", p->iso_port);
    snprintf(tls, sizeof(tls), "%d", p->tls_port);
    argv[n++] = possumd_path();
    argv[n++] = "--data-dir";
    argv[n++] = p->dir;
    argv[n++] = "--bind";
    argv[n++] = "127.0.0.1";
    argv[n++] = "--iso-port";
    argv[n++] = iso;
    argv[n++] = "--tls-port";
    argv[n++] = tls;
    argv[n++] = "--loops";
    argv[n++] = "2";
    argv[n++] = "--demo";
    for (int i = 0; extra != NULL && extra[i] != NULL && n < 31; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;

    assert_int_equal(pipe(out), 0);
    p->pid = fork();
    assert_true(p->pid >= 0);
    if (p->pid == 0) {
        int log = open(p->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        dup2(out[1], STDOUT_FILENO);
        if (log >= 0)
            dup2(log, STDERR_FILENO);
        close(out[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    char line[256];
    size_t used = 0;
    struct pollfd pfd = {out[0], POLLIN, 0};
    while (used < sizeof(line) - 1 && poll(&pfd, 1, 30000) == 1) {
        ssize_t got = read(out[0], line + used, 1);
        if (got <= 0)
            break;
        used += (size_t)got;
        if (line[used - 1] == '\n')
            break;
    }
    line[used] = '\0';
    close(out[0]);
    if (strncmp(line, "possumd ready", 13) != 0) {
        print_log(p);
        fail_msg("possumd did not start (it said: \"%s\")", line);
    }
}

void possumd_start(struct possumd *p, const char *const *extra)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->dir, sizeof(p->dir), "/tmp/possum-it-XXXXXX");
    assert_non_null(mkdtemp(p->dir));
    snprintf(p->log, sizeof(p->log), "%s/possumd.log", p->dir);
    p->iso_port = free_port();
    p->tls_port = free_port();
    launch(p, extra);
}

void possumd_restart(struct possumd *p)
{
    launch(p, NULL);
}

static int wait_exit(struct possumd *p, int seconds)
{
    int status = 0;
    for (int i = 0; i < seconds * 100; i++) {
        pid_t got = waitpid(p->pid, &status, WNOHANG);
        if (got == p->pid) {
            p->pid = 0;
            return status;
        }
        usleep(10000);
    }
    return -1;
}

void possumd_stop(struct possumd *p)
{
    if (p->pid <= 0)
        return;
    kill(p->pid, SIGTERM);
    int status = wait_exit(p, 30);
    if (status == -1) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, NULL, 0);
        p->pid = 0;
        print_log(p);
        fail_msg("possumd did not stop within 30 s of SIGTERM");
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        print_log(p);
        fail_msg("possumd stopped with status %d", status);
    }
}

void possumd_kill(struct possumd *p)
{
    if (p->pid <= 0)
        return;
    kill(p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
    p->pid = 0;
}

void possumd_cleanup(struct possumd *p)
{
    char cmd[160];
    if (p->pid > 0) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, NULL, 0);
        p->pid = 0;
    }
    if (p->dir[0] != '\0' && strncmp(p->dir, "/tmp/possum-it-", 15) == 0) {
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", p->dir);
        if (system(cmd) != 0)
            fprintf(stderr, "could not remove %s\n", p->dir);
    }
}

const char *possumd_store_path(const struct possumd *p, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/possum.db", p->dir);
    return buf;
}

struct store *possumd_store(const struct possumd *p)
{
    char path[200];
    struct store *s = NULL;
    struct ps_reason why = {{0}};
    struct store_config cfg = {.path = possumd_store_path(p, path, sizeof(path))};
    if (store_open(&s, &cfg, &why) != 0)
        fail_msg("store: %s", why.text);
    return s;
}

/* ---- terminals ------------------------------------------------------------------------ */

void term_open(struct term *t, const struct possumd *p, int index, int tls)
{
    static char port_text[2][16];
    uint8_t tmk[16];
    size_t len = 0;
    char tid[9], mid[16];
    struct ps_reason why = {{0}};

    memset(t, 0, sizeof(*t));
    snprintf(tid, sizeof(tid), "%08u", (unsigned)(10000001 + index) % 100000000u);
    snprintf(mid, sizeof(mid), "89810001234%04u", (unsigned)(1 + index / 10) % 10000u);
    ps_hex_decode(DEMO_TMK, strlen(DEMO_TMK), tmk, sizeof(tmk), &len, NULL);
    if (hl_terminal_init(&t->t, tid, mid, tmk, 500, &why) != 0)
        fail_msg("terminal: %s", why.text);
    if (tls && hl_tls_client_ctx(&t->tls, NULL, 1, &why) != 0)
        fail_msg("tls: %s", why.text);
    snprintf(port_text[tls ? 1 : 0], sizeof(port_text[0]), "%d", tls ? p->tls_port : p->iso_port);
    struct hl_session_config cfg = {
        .link = {.host = "127.0.0.1", .port = port_text[tls ? 1 : 0], .tls = t->tls,
                 .insecure = tls},
        .timeout_ms = 10000,
    };
    if (hl_session_init(&t->s, &t->t, &cfg, &why) != 0)
        fail_msg("session: %s", why.text);
}

void term_close(struct term *t)
{
    hl_session_cleanup(&t->s);
    hl_terminal_cleanup(&t->t);
    if (t->tls != NULL)
        SSL_CTX_free(t->tls);
}

int term_card(struct term *t, enum hl_kind kind, const char *pan, const char *pin, int64_t amount,
              const struct hl_card_input *extra)
{
    struct hl_card_input in;
    struct ps_reason why = {{0}};
    if (extra != NULL)
        in = *extra;
    else
        memset(&in, 0, sizeof(in));
    in.kind = kind;
    in.pan = pan;
    in.pin = pin != NULL && pin[0] != '\0' ? pin : NULL;
    in.amount = amount;
    memset(&t->r, 0, sizeof(t->r));
    int rc = hl_session_card(&t->s, &in, &t->sent, &t->r, &why);
    if (rc < 0)
        fail_msg("terminal %s: %s: %s (%s)", t->t.tid, hl_kind_name(kind), hl_strerror(rc),
                 why.text);
    return rc;
}

void expect_code(const struct term *t, const char *code)
{
    if (strcmp(t->r.code, code) != 0)
        fail_msg("terminal %s: response %s, wanted %s", t->t.tid, t->r.code, code);
}

int term_exchange(struct term *t, const struct possumd *p,
                  int (*build)(struct hl_terminal *, struct hl_message *, struct hl_wire *,
                               struct ps_reason *))
{
    static struct hl_wire wire;
    static struct ps_iso_msg scratch;
    uint8_t body[PS_ISO_MAX_MESSAGE];
    struct ps_reason why = {{0}};
    if (build(&t->t, &t->sent, &wire, &why) != 0)
        fail_msg("building: %s", why.text);
    int fd = raw_connect(p);
    raw_send(fd, wire.frame, wire.len);
    int len = raw_recv_frame(fd, body, sizeof(body), 10000);
    close(fd);
    assert_true(len > 0);
    memset(&t->r, 0, sizeof(t->r));
    return hl_response_read(&t->t, &t->sent, body, (size_t)len, time(NULL), &scratch, &t->r, &why);
}

/* ---- raw frames ------------------------------------------------------------------------ */

int raw_connect(const struct possumd *p)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)p->iso_port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    assert_true(fd >= 0);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    return fd;
}

void raw_send(int fd, const void *bytes, size_t len)
{
    const uint8_t *p = bytes;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        assert_true(n > 0);
        p += n;
        len -= (size_t)n;
    }
}

/* Reads exactly len bytes within the deadline; 0, or -1 on close or timeout. */
static int read_exact(int fd, uint8_t *buf, size_t len, int timeout_ms)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    size_t got = 0;
    while (got < len) {
        if (poll(&pfd, 1, timeout_ms) != 1)
            return -1;
        ssize_t n = recv(fd, buf + got, len - got, 0);
        if (n <= 0)
            return -1;
        got += (size_t)n;
    }
    return 0;
}

int raw_recv_frame(int fd, uint8_t *body, size_t cap, int timeout_ms)
{
    uint8_t prefix[2];
    if (read_exact(fd, prefix, 2, timeout_ms) != 0)
        return -1;
    size_t len = (size_t)prefix[0] << 8 | prefix[1];
    if (len > cap || read_exact(fd, body, len, timeout_ms) != 0)
        return -1;
    return (int)len;
}

int raw_closed(int fd, int timeout_ms)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    uint8_t buf[256];
    for (;;) {
        if (poll(&pfd, 1, timeout_ms) != 1)
            return 0;
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n <= 0)
            return 1;
    }
}

/* ---- cards -------------------------------------------------------------------------------- */

void fleet_pan(unsigned index, char pan[20])
{
    char check = '0';
    snprintf(pan, 20, "6222021%011u", index);
    ps_luhn_compute(pan, 18, &check, NULL);
    pan[18] = check;
    pan[19] = '\0';
}

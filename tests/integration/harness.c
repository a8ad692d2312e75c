#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "core/checks/luhn.h"
#include "core/crypto/mac.h"
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
    char iso[16], tls[16], http[16], host_id[16];
    const char *argv[48];
    int n = 0, out[2];

    snprintf(iso, sizeof(iso), "%d", p->iso_port);
    snprintf(tls, sizeof(tls), "%d", p->tls_port);
    snprintf(http, sizeof(http), "%d", p->http_port);
    snprintf(host_id, sizeof(host_id), "%d", p->host_id);
    argv[n++] = possumd_path();
    argv[n++] = "--data-dir";
    argv[n++] = p->dir;
    argv[n++] = "--bind";
    argv[n++] = "127.0.0.1";
    argv[n++] = "--iso-port";
    argv[n++] = iso;
    argv[n++] = "--tls-port";
    argv[n++] = tls;
    argv[n++] = "--http-port";
    argv[n++] = http;
    argv[n++] = "--loops";
    argv[n++] = "2";
    argv[n++] = "--demo";
    if (p->conninfo[0] != '\0') {
        argv[n++] = "--store";
        argv[n++] = "postgres";
        argv[n++] = "--postgres";
        argv[n++] = p->conninfo;
    } else {
        argv[n++] = "--store-path";
        argv[n++] = p->store_path;
    }
    if (p->host_id != 0) {
        argv[n++] = "--host-id";
        argv[n++] = host_id;
    }
    for (int i = 0; extra != NULL && extra[i] != NULL && n < 47; i++)
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

int harness_on_postgres(void)
{
    const char *b = getenv("POSSUM_TEST_STORE");
    return b != NULL && strcmp(b, "postgres") == 0;
}

/* A connection string for schema in the test database (notices silenced: dropping a
 * schema lists what it drops). */
static void pg_where(char *buf, size_t cap, const char *schema)
{
    const char *base = getenv("POSSUM_TEST_PG");
    if (base == NULL || *base == '\0')
        fail_msg("POSSUM_TEST_STORE=postgres needs POSSUM_TEST_PG, a connection string");
    int n = snprintf(buf, cap, "%s options='-c search_path=%s -c client_min_messages=warning'",
                     base, schema);
    if (n < 0 || (size_t)n >= cap)
        fail_msg("POSSUM_TEST_PG is too long (%d bytes)", n);
}

/* Runs sql through a connection of its own; 0, or -1 with what PostgreSQL said in err. */
static int pg_exec(const char *conninfo, const char *sql, char *err, size_t cap)
{
    int rc = -1;
    PGresult *res = NULL;
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(err, cap, "connecting: %s", PQerrorMessage(c));
        goto out;
    }
    res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
        snprintf(err, cap, "%s: %s", sql, PQresultErrorMessage(res));
        goto out;
    }
    rc = 0;
out:
    PQclear(res);
    PQfinish(c);
    return rc;
}

/* A new schema for p's store, named after this process and a counter (several suites
 * share the test database), and the connection string possumd gets into it. */
static void pg_new_schema(struct possumd *p)
{
    static unsigned counter;
    char base[512], sql[128], err[512];
    snprintf(p->schema, sizeof(p->schema), "it%ld_%u", (long)getpid(), counter++);
    pg_where(base, sizeof(base), "public");
    snprintf(sql, sizeof(sql), "CREATE SCHEMA %s", p->schema);
    if (pg_exec(base, sql, err, sizeof(err)) != 0)
        fail_msg("postgres: %s", err);
    p->owns_schema = 1;
    pg_where(p->conninfo, sizeof(p->conninfo), p->schema);
}

/* A new data directory, its log, and three free ports. */
static void new_instance(struct possumd *p)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->dir, sizeof(p->dir), "/tmp/possum-it-XXXXXX");
    assert_non_null(mkdtemp(p->dir));
    snprintf(p->log, sizeof(p->log), "%s/possumd.log", p->dir);
    p->iso_port = free_port();
    p->tls_port = free_port();
    p->http_port = free_port();
}

void possumd_start(struct possumd *p, const char *const *extra)
{
    new_instance(p);
    if (harness_on_postgres())
        pg_new_schema(p);
    else
        snprintf(p->store_path, sizeof(p->store_path), "%s/possum.db", p->dir);
    launch(p, extra);
}

/* Copies the master key file from to `to`, mode 0600 as possumd demands of it. */
static void copy_key_file(const char *from, const char *to)
{
    char text[512];
    size_t len = 0;
    FILE *in = fopen(from, "r");
    if (in == NULL)
        fail_msg("master key %s: %s", from, strerror(errno));
    len = fread(text, 1, sizeof(text), in);
    fclose(in);
    if (len == 0 || len == sizeof(text))
        fail_msg("master key %s: %zu bytes, not a key file", from, len);
    int fd = open(to, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        fail_msg("master key %s: %s", to, strerror(errno));
    ssize_t wrote = write(fd, text, len);
    close(fd);
    if (wrote != (ssize_t)len)
        fail_msg("master key %s: cannot write it", to);
}

void possumd_start_peer(struct possumd *p, const struct possumd *first, int host_id,
                        const char *const *extra)
{
    char from[200], to[200];
    assert_true(first->dir[0] != '\0');
    new_instance(p);
    p->host_id = host_id;
    snprintf(from, sizeof(from), "%s/master.key", first->dir);
    snprintf(to, sizeof(to), "%s/master.key", p->dir);
    copy_key_file(from, to); /* possumd's default: <data_dir>/master.key */
    memcpy(p->store_path, first->store_path, sizeof(p->store_path));
    memcpy(p->schema, first->schema, sizeof(p->schema));
    memcpy(p->conninfo, first->conninfo, sizeof(p->conninfo));
    p->owns_schema = 0; /* first's cleanup drops it */
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

/* Drops p's schema and what possumd made in it. Not a failure of the test when it
 * cannot (the cluster goes at the end of the run anyway): it says so. */
static void drop_schema(struct possumd *p)
{
    char base[512], sql[128], err[512];
    pg_where(base, sizeof(base), "public");
    snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", p->schema);
    if (pg_exec(base, sql, err, sizeof(err)) != 0)
        fprintf(stderr, "could not drop schema %s: %s\n", p->schema, err);
    p->owns_schema = 0;
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
    if (p->owns_schema)
        drop_schema(p);
}

const char *possumd_store_path(const struct possumd *p, char *buf, size_t cap)
{
    if (p->conninfo[0] != '\0')
        fail_msg("possumd_store_path: possumd's store is PostgreSQL (schema %s), not a file",
                 p->schema);
    snprintf(buf, cap, "%s", p->store_path);
    return buf;
}

struct store *possumd_store(const struct possumd *p)
{
    struct store *s = NULL;
    struct ps_reason why = {{0}};
    struct store_config cfg = {.path = p->store_path};
    if (p->conninfo[0] != '\0') {
        cfg.backend = "postgres";
        cfg.path = NULL;
        cfg.conninfo = p->conninfo;
    }
    if (store_open(&s, &cfg, &why) != 0)
        fail_msg("store: %s", why.text);
    return s;
}

/* ---- terminals ------------------------------------------------------------------------ */

void term_open(struct term *t, const struct possumd *p, int index, int tls)
{
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
    snprintf(t->port, sizeof(t->port), "%d", tls ? p->tls_port : p->iso_port);
    struct hl_session_config cfg = {
        .link = {.host = "127.0.0.1", .port = t->port, .tls = t->tls,
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

void term_open_signed_in(struct term *t, const struct possumd *p, int index)
{
    struct ps_reason why = {{0}};
    struct hl_response r;

    term_open(t, p, index, 0);
    memset(&r, 0, sizeof(r));
    if (hl_session_sign_in(&t->s, &r, &why) != 0)
        fail_msg("sign-in of terminal %s: %s (%s)", t->t.tid, r.code, why.text);
}

int64_t term_balance(struct term *t, const char *pan)
{
    if (term_card(t, HL_BALANCE, pan, PIN, 0, NULL) != 0)
        fail_msg("terminal %s: balance of %.6s...: %s", t->t.tid, pan, t->r.code);
    assert_true(t->r.has_balance);
    return t->r.balance;
}

/* ---- transactions that name an original --------------------------------------------------- */

void term_keep_original(const struct term *t, struct original *o)
{
    snprintf(o->rrn, sizeof(o->rrn), "%s", t->r.rrn);
    snprintf(o->date, sizeof(o->date), "%s", t->r.local_date);
    snprintf(o->auth, sizeof(o->auth), "%s", t->r.auth_code);
    o->batch = t->sent.batch;
    o->stan = t->sent.stan;
}

int term_void(struct term *t, const char *pan, int64_t amount, const struct original *o)
{
    struct hl_card_input in;
    memset(&in, 0, sizeof(in));
    in.rrn = o->rrn;
    in.has_original = 1;
    in.orig_batch = o->batch;
    in.orig_stan = o->stan;
    return term_card(t, HL_VOID, pan, NULL, amount, &in);
}

int term_refund(struct term *t, const char *pan, int64_t amount, const struct original *o)
{
    struct hl_card_input in;
    memset(&in, 0, sizeof(in));
    in.rrn = o->rrn;
    in.has_original = 1;
    in.orig_date = o->date;
    return term_card(t, HL_REFUND, pan, NULL, amount, &in);
}

int term_complete(struct term *t, const char *pan, int64_t amount, const struct original *o)
{
    struct hl_card_input in;
    memset(&in, 0, sizeof(in));
    in.auth_code = o->auth;
    in.has_original = 1;
    in.orig_date = o->date;
    return term_card(t, HL_COMPLETION, pan, PIN, amount, &in);
}

/* ---- requests as bytes ------------------------------------------------------------------ */

#define MAC_FROM (PS_FRAME_PREFIX + HL_TPDU_LEN + HL_HEADER_LEN) /* the MTI's offset */

/* Copies the frame built in w (the session's scratch) into r. */
static void keep_frame(const struct hl_wire *w, const struct hl_message *sent,
                       struct raw_request *r)
{
    assert_true(w->len <= sizeof(r->bytes));
    memcpy(r->bytes, w->frame, w->len);
    r->len = w->len;
    r->sent = *sent;
}

void term_build_card(struct term *t, enum hl_kind kind, const char *pan, const char *pin,
                     int64_t amount, const struct hl_card_input *extra, struct raw_request *r)
{
    struct hl_card_input in;
    struct hl_message sent;
    struct ps_reason why = {{0}};

    if (extra != NULL)
        in = *extra;
    else
        memset(&in, 0, sizeof(in));
    in.kind = kind;
    in.pan = pan;
    in.pin = pin != NULL && pin[0] != '\0' ? pin : NULL;
    in.amount = amount;
    int rc = hl_request_card(&t->t, &in, &sent, t->s.wire, &why);
    if (rc != 0)
        fail_msg("terminal %s: building a %s: %s (%s)", t->t.tid, hl_kind_name(kind),
                 hl_strerror(rc), why.text);
    keep_frame(t->s.wire, &sent, r);
}

void term_last_request(const struct term *t, struct raw_request *r)
{
    keep_frame(t->s.wire, &t->sent, r);
}

void term_build_reversal(struct term *t, const struct hl_message *orig, const char *reason,
                         struct raw_request *r)
{
    struct hl_message sent;
    struct ps_reason why = {{0}};

    hl_terminal_arm_reversal(&t->t, orig, reason);
    int rc = hl_request_reversal(&t->t, &sent, t->s.wire, &why);
    hl_terminal_clear_reversal(&t->t);
    if (rc != 0)
        fail_msg("terminal %s: building a reversal: %s (%s)", t->t.tid, hl_strerror(rc), why.text);
    keep_frame(t->s.wire, &sent, r);
}

void raw_request_edit(const struct term *t, struct raw_request *r,
                      void (*edit)(struct ps_iso_msg *m, void *ctx), void *ctx)
{
    static struct ps_iso_msg m; /* 18 KiB: not on the stack of a test */
    uint8_t copy[sizeof(r->bytes)];
    size_t len = 0;
    struct ps_reason why = {{0}};

    memcpy(copy, r->bytes, r->len); /* the message's text fields point into its wire */
    if (ps_iso_unpack(&m, &ps_iso_cup, copy, r->len, PS_ISO_FRAME, &why) != 0)
        fail_msg("editing a request: %s", why.text);
    edit(&m, ctx);
    if (ps_iso_pack(&m, r->bytes, sizeof(r->bytes), &len, PS_ISO_FRAME, &why) != 0)
        fail_msg("editing a request: %s", why.text);
    r->len = len;
    if (ps_iso_has(&m, 64) && t->t.mak != NULL &&
        ps_mac_cup(t->t.mak, r->bytes + MAC_FROM, len - MAC_FROM - PS_MAC_CUP_LEN,
                   r->bytes + len - PS_MAC_CUP_LEN, &why) != 0)
        fail_msg("signing the edited request: %s", why.text);
}

/* Like raw_connect, but reports failure instead of failing the test. */
static int connect_quietly(const struct possumd *p)
{
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)p->iso_port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static void copy_answer_field(const struct ps_iso_msg *m, int n, char *dst, size_t cap)
{
    const struct ps_iso_value *v = ps_iso_get(m, n);
    size_t len = v == NULL ? 0 : v->len < cap - 1 ? v->len : cap - 1;
    if (len > 0)
        memcpy(dst, v->ptr, len);
    dst[len] = '\0';
}

int raw_read_answer(int fd, struct raw_answer *a, int timeout_ms)
{
    uint8_t body[PS_ISO_MAX_MESSAGE];
    struct ps_iso_msg *m = malloc(sizeof(*m)); /* 18 KiB: threads have small stacks */
    uint64_t stan = 0;
    int rc = -1;

    memset(a, 0, sizeof(*a));
    int len = m != NULL ? raw_recv_frame(fd, body, sizeof(body), timeout_ms) : -1;
    if (len <= 0 || ps_iso_unpack(m, &ps_iso_cup, body, (size_t)len, PS_ISO_ENVELOPE, NULL) != 0)
        goto out;
    memcpy(a->mti, m->mti, sizeof(a->mti));
    copy_answer_field(m, 39, a->code, sizeof(a->code));
    copy_answer_field(m, 37, a->rrn, sizeof(a->rrn));
    copy_answer_field(m, 38, a->auth_code, sizeof(a->auth_code));
    if (ps_iso_get_u64(m, 11, &stan) == 0)
        a->stan = (uint32_t)stan;
    a->has_mac = ps_iso_has(m, 64);
    rc = 0;
out:
    free(m);
    return rc;
}

int raw_exchange(const struct possumd *p, const struct raw_request *r, struct raw_answer *a)
{
    int rc = -1;

    memset(a, 0, sizeof(*a));
    int fd = connect_quietly(p);
    if (fd < 0)
        return -1;
    if (send(fd, r->bytes, r->len, MSG_NOSIGNAL) == (ssize_t)r->len)
        rc = raw_read_answer(fd, a, 10000);
    close(fd);
    return rc;
}

void raw_ask(const struct possumd *p, const struct raw_request *r, struct raw_answer *a)
{
    if (raw_exchange(p, r, a) != 0) {
        print_log(p);
        fail_msg("no answer to a %s (STAN %06u)", hl_kind_name(r->sent.kind),
                 (unsigned)r->sent.stan);
    }
}

void term_reconnect(struct term *t)
{
    hl_link_close(t->s.link);
    t->s.link = NULL;
}

void term_use(struct term *t, const struct possumd *p)
{
    term_reconnect(t);
    snprintf(t->port, sizeof(t->port), "%d", t->tls != NULL ? p->tls_port : p->iso_port);
}

/* ---- the journal -------------------------------------------------------------------------- */

struct txn_row journal_by_rrn(const struct possumd *p, const char *rrn)
{
    struct store *s = possumd_store(p);
    struct txn_row row;
    struct ps_reason why = {{0}};
    int rc = store_find_txn_by_rrn(s, rrn, &row, &why);
    store_close(s);
    if (rc != 1)
        fail_msg("journal: no row with RRN %s (%d: %s)", rrn, rc, why.text);
    return row;
}

int journal_by_key(const struct possumd *p, const char *tid, uint32_t batch, uint32_t stan,
                   enum txn_kind kind, struct txn_row *out)
{
    struct store *s = possumd_store(p);
    struct ps_reason why = {{0}};
    int rc = store_find_txn_by_key(s, tid, batch, stan, kind, 0, out, &why);
    store_close(s);
    if (rc < 0)
        fail_msg("journal: %s", why.text);
    return rc;
}

/* The single integer sql returns on p's PostgreSQL schema; -1 with why in err. */
static int64_t pg_count(const struct possumd *p, const char *sql, char *err, size_t cap)
{
    int64_t n = -1;
    PGresult *res = NULL;
    PGconn *c = PQconnectdb(p->conninfo);
    if (PQstatus(c) != CONNECTION_OK) {
        snprintf(err, cap, "connecting: %s", PQerrorMessage(c));
        goto out;
    }
    res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
        snprintf(err, cap, "%s", PQresultErrorMessage(res));
        goto out;
    }
    n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
out:
    PQclear(res);
    PQfinish(c);
    return n;
}

/* The same on p's SQLite file. */
static int64_t sqlite_count(const struct possumd *p, const char *sql, char *err, size_t cap)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int64_t n = -1;
    if (sqlite3_open_v2(p->store_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
    }
    if (n < 0)
        snprintf(err, cap, "%s", db != NULL ? sqlite3_errmsg(db) : "cannot open");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

int64_t db_count(const struct possumd *p, const char *fmt, ...)
{
    char sql[1024], err[512] = "";
    va_list ap;

    va_start(ap, fmt);
    int len = snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM ");
    vsnprintf(sql + len, sizeof(sql) - (size_t)len, fmt, ap);
    va_end(ap);
    int on_pg = p->conninfo[0] != '\0';
    int64_t n = on_pg ? pg_count(p, sql, err, sizeof(err)) : sqlite_count(p, sql, err, sizeof(err));
    if (n < 0)
        fail_msg("%s: %s: %s", on_pg ? "postgres" : "sqlite", sql, err);
    return n;
}

/* One statement that changes p's database, on PostgreSQL or SQLite (with a busy
 * timeout: possumd's writer may hold the lock a moment). "" or the error into err. */
static void exec_sql(const struct possumd *p, const char *sql, char *err, size_t cap)
{
    err[0] = '\0';
    if (p->conninfo[0] != '\0') {
        PGconn *c = PQconnectdb(p->conninfo);
        PGresult *res = PQstatus(c) == CONNECTION_OK ? PQexec(c, sql) : NULL;
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            snprintf(err, cap, "%s", res != NULL ? PQresultErrorMessage(res) : PQerrorMessage(c));
        PQclear(res);
        PQfinish(c);
        return;
    }
    sqlite3 *db = NULL;
    char *msg = NULL;
    if (sqlite3_open_v2(p->store_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        snprintf(err, cap, "cannot open %s", p->store_path);
    } else {
        sqlite3_busy_timeout(db, 10000);
        if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
            snprintf(err, cap, "%s", msg != NULL ? msg : sqlite3_errmsg(db));
    }
    sqlite3_free(msg);
    sqlite3_close(db);
}

void db_exec(const struct possumd *p, const char *fmt, ...)
{
    char sql[2048], err[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    exec_sql(p, sql, err, sizeof(err));
    if (err[0] != '\0')
        fail_msg("%s: %s", sql, err);
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

/* ---- looking at possumd from outside ------------------------------------------------------ */

void possumd_print_log(const struct possumd *p)
{
    print_log(p);
}

int possumd_log_has(const struct possumd *p, const char *text, const char *also)
{
    char line[1024];
    int found = 0;
    FILE *f = fopen(p->log, "r");
    if (f == NULL)
        return 0;
    while (!found && fgets(line, sizeof(line), f) != NULL)
        found = strstr(line, text) != NULL && (also == NULL || strstr(line, also) != NULL);
    fclose(f);
    return found;
}

long possumd_rss_kb(const struct possumd *p)
{
    char path[64], line[256];
    long kb = -1;
    if (p->pid <= 0)
        return -1;
    snprintf(path, sizeof(path), "/proc/%d/status", (int)p->pid);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return -1;
    while (kb < 0 && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    }
    fclose(f);
    return kb;
}

void raw_peer_name(int fd, char out[32])
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    char ip[INET_ADDRSTRLEN] = "?";
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    inet_ntop(AF_INET, &a.sin_addr, ip, sizeof(ip));
    snprintf(out, 32, "%s:%u", ip, (unsigned)ntohs(a.sin_port));
}

int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t now_ms(void)
{
    return now_us() / 1000;
}

void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

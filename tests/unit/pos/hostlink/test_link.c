/* The blocking link against a tiny server thread on loopback: an exchange, frames
 * split and joined, a timeout, a closed connection, a hostile length prefix, a
 * refused connection, and TLS with a certificate made here (verified, wrong name,
 * and insecure). */
#include "fixtures.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "pos/hostlink/link.h"
#include "pos/hostlink/tls.h"

enum mode { ANSWER, ANSWER_IN_PIECES, TWO_AT_ONCE, SILENT, CLOSE, HOSTILE_PREFIX };

struct server {
    int listen_fd;
    char port[8];
    enum mode mode;
    SSL_CTX *tls;
    pthread_t thread;
};

static const uint8_t request[] = {0x00, 0x03, 0x60, 0x00, 0x03};
static const uint8_t answer[] = {0x00, 0x04, 0x60, 0x00, 0x00, 0x03};

static void put(int fd, SSL *ssl, const void *p, size_t n)
{
    if (ssl != NULL)
        assert_int_equal(SSL_write(ssl, p, (int)n), (int)n);
    else
        assert_int_equal(send(fd, p, n, MSG_NOSIGNAL), (ssize_t)n);
}

static size_t get(int fd, SSL *ssl, void *p, size_t n)
{
    ssize_t got = ssl != NULL ? SSL_read(ssl, p, (int)n) : recv(fd, p, n, 0);
    return got > 0 ? (size_t)got : 0;
}

static void *serve(void *arg)
{
    struct server *s = arg;
    uint8_t buf[64];
    int fd = accept(s->listen_fd, NULL, NULL);
    SSL *ssl = NULL;

    if (fd < 0)
        return NULL;
    if (s->tls != NULL) {
        ssl = SSL_new(s->tls);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1)
            goto out;
    }
    if (get(fd, ssl, buf, sizeof(request)) == 0)
        goto out;
    switch (s->mode) {
    case ANSWER:
        put(fd, ssl, answer, sizeof(answer));
        break;
    case ANSWER_IN_PIECES:
        for (size_t i = 0; i < sizeof(answer); i++) {
            put(fd, ssl, answer + i, 1);
            usleep(2000);
        }
        break;
    case TWO_AT_ONCE:
        memcpy(buf, answer, sizeof(answer));
        memcpy(buf + sizeof(answer), request, sizeof(request));
        put(fd, ssl, buf, sizeof(answer) + sizeof(request));
        break;
    case SILENT:
        get(fd, ssl, buf, sizeof(buf)); /* until the client gives up and closes */
        break;
    case CLOSE:
        break;
    case HOSTILE_PREFIX:
        put(fd, ssl, "\xFF\xFF\x60", 3);
        break;
    }
out:
    if (ssl != NULL) {
        SSL_shutdown(ssl);
        SSL_free(ssl);
    }
    close(fd);
    return NULL;
}

static void start(struct server *s, enum mode mode, SSL_CTX *tls)
{
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);

    s->mode = mode;
    s->tls = tls;
    s->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(s->listen_fd >= 0);
    assert_int_equal(bind(s->listen_fd, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s->listen_fd, 4), 0);
    assert_int_equal(getsockname(s->listen_fd, (struct sockaddr *)&a, &len), 0);
    snprintf(s->port, sizeof(s->port), "%u", ntohs(a.sin_port));
    assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void stop(struct server *s)
{
    pthread_join(s->thread, NULL);
    close(s->listen_fd);
}

/* The host name the client connects to (and checks the certificate against). */
static const char *client_host = "127.0.0.1";

static int open_link(struct server *s, SSL_CTX *tls, struct hl_link **l, struct ps_reason *why)
{
    struct hl_link_config cfg = {.host = client_host, .port = s->port, .tls = tls};
    return hl_link_open(l, &cfg, 2000, why);
}

/* Sends the request and reads one answer of the server in mode. */
static int exchange(enum mode mode, SSL_CTX *server_tls, SSL_CTX *client_tls, int timeout_ms,
                    struct ps_reason *why)
{
    struct server s;
    struct hl_link *l = NULL;
    uint8_t body[16];
    size_t n = 0;
    int rc;

    start(&s, mode, server_tls);
    rc = open_link(&s, client_tls, &l, why);
    if (rc == 0)
        rc = hl_link_send(l, request, sizeof(request), 1000, why);
    if (rc == 0)
        rc = hl_link_recv(l, body, sizeof(body), &n, timeout_ms, why);
    if (rc == 0) {
        assert_int_equal(n, 4);
        assert_memory_equal(body, answer + 2, 4);
    }
    if (rc == 0 && mode == TWO_AT_ONCE) { /* the second frame was kept for the next call */
        rc = hl_link_recv(l, body, sizeof(body), &n, timeout_ms, why);
        assert_int_equal(n, 3);
    }
    hl_link_close(l);
    stop(&s);
    return rc;
}

static void exchanges_frames(void **state)
{
    (void)state;
    assert_int_equal(exchange(ANSWER, NULL, NULL, 1000, NULL), 0);
    assert_int_equal(exchange(ANSWER_IN_PIECES, NULL, NULL, 1000, NULL), 0);
    assert_int_equal(exchange(TWO_AT_ONCE, NULL, NULL, 1000, NULL), 0);
}

static void times_out_without_answer(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(exchange(SILENT, NULL, NULL, 150, &why), PS_ETIMEDOUT);
    assert_string_equal(why.text, "receive: timed out");
}

static void closed_and_hostile_peers(void **state)
{
    (void)state;
    struct ps_reason why;
    assert_int_equal(exchange(CLOSE, NULL, NULL, 1000, &why), PS_EIO);
    assert_string_equal(why.text, "receive: the host closed the connection");
    assert_int_equal(exchange(HOSTILE_PREFIX, NULL, NULL, 1000, &why), PS_ETOOLONG);
}

static void refused_connection(void **state)
{
    (void)state;
    struct server s;
    struct hl_link *l = (struct hl_link *)&s;
    struct ps_reason why;

    start(&s, CLOSE, NULL);
    /* nobody listens on the port now; shutdown() first, since close() alone does not
     * wake a thread already blocked in accept() on it (the test hung at times) */
    shutdown(s.listen_fd, SHUT_RDWR);
    close(s.listen_fd);
    pthread_join(s.thread, NULL);
    assert_int_equal(open_link(&s, NULL, &l, &why), PS_EIO);
    assert_null(l);
    assert_string_equal(why.text, "connect: Connection refused");
    struct hl_link_config cfg = {.host = "no-such-host.invalid", .port = "1"};
    assert_int_equal(hl_link_open(&l, &cfg, 1000, &why), PS_EINVAL);
}

static void splits_host_and_port(void **state)
{
    (void)state;
    char host[HL_HOST_MAX], port[HL_PORT_MAX];
    struct ps_reason why;

    assert_int_equal(hl_split_host_port("127.0.0.1:5800", host, port, NULL), 0);
    assert_string_equal(host, "127.0.0.1");
    assert_string_equal(port, "5800");
    assert_int_equal(hl_split_host_port("[::1]:5801", host, port, NULL), 0);
    assert_string_equal(host, "::1");
    assert_int_equal(hl_split_host_port("possum.example:80", host, port, NULL), 0);
    assert_string_equal(host, "possum.example");
    assert_int_equal(hl_split_host_port("localhost", host, port, &why), PS_EINVAL);
    assert_string_equal(why.text, "'localhost' is not HOST:PORT");
    assert_int_equal(hl_split_host_port(":5800", host, port, NULL), PS_EINVAL);
    assert_int_equal(hl_split_host_port("h:58x", host, port, &why), PS_EINVAL);
    assert_string_equal(why.text, "'h:58x': the port is not a number");
}

/* A self-signed certificate for 127.0.0.1, written to cert_path for the client's CA. */
static SSL_CTX *server_ctx(const char *cert_path)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    X509_NAME *name = X509_get_subject_name(x);
    X509V3_CTX v3;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    FILE *f = fopen(cert_path, "w");

    assert_non_null(key);
    assert_non_null(f);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -60);
    X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    X509_set_pubkey(x, key);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"possumd", -1, -1,
                               0);
    X509_set_issuer_name(x, name);
    X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "IP:127.0.0.1");
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
    assert_true(X509_sign(x, key, EVP_sha256()) > 0);
    PEM_write_X509(f, x);
    fclose(f);
    assert_int_equal(SSL_CTX_use_certificate(ctx, x), 1);
    assert_int_equal(SSL_CTX_use_PrivateKey(ctx, key), 1);
    X509_free(x);
    EVP_PKEY_free(key);
    return ctx;
}

static void tls_verified_wrong_name_and_insecure(void **state)
{
    (void)state;
    char path[] = "/tmp/hostlink-test-ca-XXXXXX";
    int fd = mkstemp(path);
    SSL_CTX *server, *verified = NULL, *insecure = NULL, *wrong = NULL;
    struct ps_reason why;

    assert_true(fd >= 0);
    close(fd);
    server = server_ctx(path);
    assert_int_equal(hl_tls_client_ctx(&verified, path, 0, NULL), 0);
    assert_int_equal(hl_tls_client_ctx(&insecure, NULL, 1, NULL), 0);
    assert_int_equal(exchange(ANSWER, server, verified, 1000, NULL), 0);
    assert_int_equal(exchange(ANSWER, server, insecure, 1000, NULL), 0);
    /* the system's CA store does not know this certificate */
    assert_int_equal(hl_tls_client_ctx(&wrong, NULL, 0, NULL), 0);
    assert_int_equal(exchange(CLOSE, server, wrong, 1000, &why), PS_EIO);
    assert_non_null(strstr(why.text, "TLS handshake: certificate of 127.0.0.1:"));
    SSL_CTX_free(wrong);
    /* a certificate for 127.0.0.1 does not name localhost */
    client_host = "localhost";
    assert_int_equal(exchange(CLOSE, server, verified, 1000, &why), PS_EIO);
    client_host = "127.0.0.1";
    assert_string_equal(why.text, "TLS handshake: certificate of localhost: hostname mismatch");
    assert_int_equal(hl_tls_client_ctx(&wrong, "/nonexistent/ca.pem", 0, &why), PS_EINVAL);
    assert_non_null(strstr(why.text, "TLS: CA file /nonexistent/ca.pem: "));
    assert_null(wrong);
    SSL_CTX_free(verified);
    SSL_CTX_free(insecure);
    SSL_CTX_free(server);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exchanges_frames),
        cmocka_unit_test(times_out_without_answer),
        cmocka_unit_test(closed_and_hostile_peers),
        cmocka_unit_test(refused_connection),
        cmocka_unit_test(splits_host_and_port),
        cmocka_unit_test(tls_verified_wrong_name_and_insecure),
    };
    signal(SIGPIPE, SIG_IGN); /* TLS writes to a closed peer (link.h) */
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The gateway over TLS, and the self-signed certificate it can make for demos: real
 * handshakes on 127.0.0.1 with an OpenSSL client that verifies the certificate. */
#include "harness.h"

#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "host/gateway/tls_cert.h"

struct tmp_files {
    char dir[64];
    char cert[96];
    char key[96];
    char other_cert[96];
    char other_key[96];
};

static void tmp_files_make(struct tmp_files *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/possum-gw-tls-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->cert, sizeof t->cert, "%s/cert.pem", t->dir);
    snprintf(t->key, sizeof t->key, "%s/key.pem", t->dir);
    snprintf(t->other_cert, sizeof t->other_cert, "%s/other-cert.pem", t->dir);
    snprintf(t->other_key, sizeof t->other_key, "%s/other-key.pem", t->dir);
}

static void tmp_files_remove(struct tmp_files *t)
{
    unlink(t->cert);
    unlink(t->key);
    unlink(t->other_cert);
    unlink(t->other_key);
    rmdir(t->dir);
}

static void make_cert(const char *cert, const char *key, const char *cn)
{
    struct ps_reason why;
    const char *names[] = {cn, NULL};
    int rc = gw_tls_make_self_signed(cert, key, names, 30, &why);
    if (rc != 0)
        print_error("gw_tls_make_self_signed: %s\n", why.text);
    assert_int_equal(rc, 0);
}

/* A client context that trusts exactly ca_file. */
static SSL_CTX *client_context(const char *ca_file)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    assert_non_null(ctx);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    assert_int_equal(SSL_CTX_load_verify_locations(ctx, ca_file, NULL), 1);
    return ctx;
}

/* Connects and runs the handshake, checking the certificate names host (a DNS name,
 * or an IP address when ip is set). Returns the SSL, or NULL when the handshake
 * failed (the socket is then closed). */
static SSL *tls_connect(SSL_CTX *ctx, int port, const char *host, int ip)
{
    int fd = client_connect(port);
    SSL *ssl = SSL_new(ctx);
    assert_non_null(ssl);
    assert_int_equal(SSL_set_fd(ssl, fd), 1);
    if (ip) {
        assert_int_equal(X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host), 1);
    } else {
        assert_int_equal(SSL_set1_host(ssl, host), 1);
        SSL_set_tlsext_host_name(ssl, host);
    }
    if (SSL_connect(ssl) != 1) {
        ERR_clear_error();
        SSL_free(ssl);
        close(fd);
        return NULL;
    }
    return ssl;
}

static void tls_close(SSL *ssl)
{
    int fd = SSL_get_fd(ssl);
    SSL_free(ssl);
    close(fd);
}

static void tls_write(SSL *ssl, const void *buf, size_t len)
{
    assert_int_equal(SSL_write(ssl, buf, (int)len), (int)len);
}

static void tls_read_exact(SSL *ssl, uint8_t *buf, size_t len)
{
    while (len > 0) {
        int n = SSL_read(ssl, buf, (int)len);
        assert_true(n > 0);
        buf += n;
        len -= (size_t)n;
    }
}

static void tls_round_trip(SSL *ssl, size_t len, unsigned seed)
{
    static uint8_t wire[2 + 8192], in[8192];
    assert_true(len <= sizeof in);
    wire[0] = (uint8_t)(len >> 8);
    wire[1] = (uint8_t)len;
    for (size_t i = 0; i < len; i++)
        wire[2 + i] = (uint8_t)(seed + i * 13);
    tls_write(ssl, wire, 2 + len);
    uint8_t prefix[2];
    tls_read_exact(ssl, prefix, 2);
    assert_int_equal((size_t)prefix[0] << 8 | prefix[1], len);
    tls_read_exact(ssl, in, len);
    assert_memory_equal(in, wire + 2, len);
}

static struct gw_config tls_config(struct harness *h, const struct tmp_files *t)
{
    struct gw_config cfg = harness_config(h);
    cfg.iso_port = 0;
    cfg.tls_port = -1;
    cfg.tls_cert = t->cert;
    cfg.tls_key = t->key;
    return cfg;
}

static void self_signed_certificate_serves_tls(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    make_cert(t.cert, t.key, "localhost");
    struct stat st;
    assert_int_equal(stat(t.key, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    struct harness h = {0};
    struct gw_config cfg = tls_config(&h, &t);
    cfg.max_in_flight = 2;
    harness_start(&h, &cfg);
    assert_int_equal(gw_iso_port(h.gw), 0);
    assert_true(gw_tls_port(h.gw) > 0);

    SSL_CTX *ctx = client_context(t.cert);
    SSL *ssl = tls_connect(ctx, gw_tls_port(h.gw), "localhost", 0);
    assert_non_null(ssl);
    assert_true(SSL_version(ssl) >= TLS1_2_VERSION);
    const size_t sizes[] = {1, 64, 1500, 8192};
    for (unsigned i = 0; i < PS_ARRAY_LEN(sizes); i++)
        tls_round_trip(ssl, sizes[i], i);

    /* ten pipelined frames in one record, two in flight at most */
    h.delay_ms = 10;
    uint8_t wire[10 * 3], in[3];
    for (int i = 0; i < 10; i++) {
        wire[i * 3] = 0;
        wire[i * 3 + 1] = 1;
        wire[i * 3 + 2] = (uint8_t)('a' + i);
    }
    tls_write(ssl, wire, sizeof wire);
    for (int i = 0; i < 10; i++) {
        tls_read_exact(ssl, in, 3);
        assert_int_equal(in[2], 'a' + i);
    }
    assert_int_equal(atomic_load(&h.max_outstanding), 2);

    /* a server named otherwise fails verification */
    assert_null(tls_connect(ctx, gw_tls_port(h.gw), "possum.example", 0));

    tls_close(ssl);
    SSL_CTX_free(ctx);
    harness_stop(&h);
    tmp_files_remove(&t);
}

static void certificate_for_an_ip_address(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    make_cert(t.cert, t.key, "127.0.0.1");
    struct harness h = {0};
    struct gw_config cfg = tls_config(&h, &t);
    harness_start(&h, &cfg);

    SSL_CTX *ctx = client_context(t.cert);
    SSL *ssl = tls_connect(ctx, gw_tls_port(h.gw), "127.0.0.1", 1);
    assert_non_null(ssl);
    tls_round_trip(ssl, 100, 7);
    tls_close(ssl);
    SSL_CTX_free(ctx);
    harness_stop(&h);
    tmp_files_remove(&t);
}

/* One gateway, both ports, two loops: each client gets its own protocol. */
static void serves_plain_and_tls_together(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    make_cert(t.cert, t.key, "localhost");
    struct harness h = {0};
    struct gw_config cfg = tls_config(&h, &t);
    cfg.iso_port = -1;
    cfg.loops = 2;
    harness_start(&h, &cfg);
    assert_true(gw_iso_port(h.gw) > 0 && gw_tls_port(h.gw) > 0);
    assert_true(gw_iso_port(h.gw) != gw_tls_port(h.gw));

    SSL_CTX *ctx = client_context(t.cert);
    SSL *ssl[8];
    int plain[8];
    for (int i = 0; i < 8; i++) {
        ssl[i] = tls_connect(ctx, gw_tls_port(h.gw), "localhost", 0);
        assert_non_null(ssl[i]);
        plain[i] = client_connect(gw_iso_port(h.gw));
    }
    for (int i = 0; i < 8; i++) {
        tls_round_trip(ssl[i], 64, (unsigned)i);
        client_round_trip(plain[i], 64, (unsigned)i);
    }
    assert_int_equal(stats_of(h.gw).connections_open, 16);
    for (int i = 0; i < 8; i++) {
        tls_close(ssl[i]);
        close(plain[i]);
    }
    SSL_CTX_free(ctx);
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 3000);
    harness_stop(&h);
    tmp_files_remove(&t);
}

static void refuses_tls_before_1_2(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    make_cert(t.cert, t.key, "localhost");
    struct harness h = {0};
    struct gw_config cfg = tls_config(&h, &t);
    harness_start(&h, &cfg);

    SSL_CTX *ctx = client_context(t.cert);
    SSL_CTX_set_security_level(ctx, 0); /* let this client offer TLS 1.1 at all */
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
    assert_null(tls_connect(ctx, gw_tls_port(h.gw), "localhost", 0));
    SSL_CTX_free(ctx);
    WAIT_FOR(stats_of(h.gw).connections_open == 0, 3000);
    harness_stop(&h);
    tmp_files_remove(&t);
}

/* A client that opens the TLS port and never says hello is closed as idle. */
static void closes_silent_tls_handshake(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    make_cert(t.cert, t.key, "localhost");
    struct harness h = {0};
    struct gw_config cfg = tls_config(&h, &t);
    cfg.idle_timeout_ms = 200;
    harness_start(&h, &cfg);

    int fd = client_connect(gw_tls_port(h.gw));
    assert_true(client_sees_close(fd));
    close(fd);
    assert_int_equal(stats_of(h.gw).idle_closed, 1);
    /* and garbage instead of a ClientHello is closed at once */
    fd = client_connect(gw_tls_port(h.gw));
    assert_int_equal(client_send(fd, "GET / HTTP/1.0\r\n\r\n", 18), 0);
    assert_true(client_sees_close(fd));
    close(fd);
    harness_stop(&h);
    tmp_files_remove(&t);
}

static void explains_unusable_certificates(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    make_cert(t.cert, t.key, "localhost");
    make_cert(t.other_cert, t.other_key, "localhost");
    struct harness h = {0};
    struct gateway *gw = NULL;
    struct ps_reason why;
    char want[256];
    struct gw_config cfg = tls_config(&h, &t);

    cfg.tls_cert = "/nonexistent/cert.pem";
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EINVAL);
    assert_string_equal(why.text,
                        "TLS certificate /nonexistent/cert.pem: No such file or directory");

    cfg = tls_config(&h, &t);
    cfg.tls_key = t.other_key;
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EFORMAT);
    snprintf(want, sizeof want, "TLS key %s does not match certificate %s", t.other_key, t.cert);
    assert_string_equal(why.text, want);

    cfg = tls_config(&h, &t);
    cfg.tls_cert = t.key; /* a key where the certificate should be */
    assert_int_equal(gw_start(&gw, &cfg, &why), PS_EFORMAT);
    snprintf(want, sizeof want, "TLS certificate %s: not a usable PEM certificate: ", t.key);
    assert_memory_equal(why.text, want, strlen(want));
    print_message("%s\n", why.text);
    assert_null(gw);
    tmp_files_remove(&t);
}

static void self_signed_refuses_bad_arguments(void **state)
{
    (void)state;
    struct tmp_files t;
    tmp_files_make(&t);
    struct ps_reason why;
    assert_int_equal(
        gw_tls_make_self_signed(t.cert, t.key, (const char *[]){"localhost", NULL}, 0, &why),
        PS_EINVAL);
    assert_string_equal(why.text, "self-signed certificate: 0 days: from 1 to 3650");
    assert_int_equal(gw_tls_make_self_signed(t.cert, t.key, (const char *[]){"", NULL}, 30, &why),
                     PS_EINVAL);
    assert_int_equal(
        gw_tls_make_self_signed(t.cert, t.key, (const char *[]){"a b", NULL}, 30, &why), PS_EINVAL);
    assert_int_equal(gw_tls_make_self_signed(t.cert, "/nonexistent/key.pem",
                                             (const char *[]){"x", NULL}, 30, &why),
                     PS_EINVAL);
    assert_string_equal(why.text, "/nonexistent/key.pem: No such file or directory");
    tmp_files_remove(&t);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(self_signed_certificate_serves_tls),
        cmocka_unit_test(certificate_for_an_ip_address),
        cmocka_unit_test(serves_plain_and_tls_together),
        cmocka_unit_test(refuses_tls_before_1_2),
        cmocka_unit_test(closes_silent_tls_handshake),
        cmocka_unit_test(explains_unusable_certificates),
        cmocka_unit_test(self_signed_refuses_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* tls.c — the server's TLS context, and a TLS bufferevent for an accepted socket. One
 * SSL_CTX serves every loop: OpenSSL 3 contexts are safe to share between threads,
 * while each SSL (one per connection) stays on its connection's loop. */
#include "host/gateway/internal.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>

/* The first error OpenSSL queued, which names the cause ("no start line"). */
static const char *tls_error_reason(void)
{
    const char *reason = ERR_reason_error_string(ERR_peek_error());
    return reason != NULL ? reason : "unknown OpenSSL error";
}

/* Whether OpenSSL's last complaint is a key that is not the certificate's. */
static int tls_key_mismatch(void)
{
    unsigned long e = ERR_peek_last_error();
    return ERR_GET_LIB(e) == ERR_LIB_X509 && ERR_GET_REASON(e) == X509_R_KEY_VALUES_MISMATCH;
}

/* Says which file cannot be read before OpenSSL gets a chance to say it vaguely. */
static int tls_check_readable(const char *what, const char *path, struct ps_reason *why)
{
    if (path == NULL || *path == '\0')
        return ps_fail(why, PS_EINVAL, "TLS %s: no file given", what);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return ps_fail(why, PS_EINVAL, "TLS %s %s: %s", what, path, strerror(errno));
    fclose(f);
    return 0;
}

/* An encrypted key must fail to load, not stop the server to ask for a passphrase
 * on its terminal. */
static int tls_no_passphrase(char *buf, int size, int rwflag, void *userdata)
{
    (void)buf;
    (void)size;
    (void)rwflag;
    (void)userdata;
    return 0;
}

int gw_tls_context_new(SSL_CTX **out /* OUT */, const char *cert_path, const char *key_path,
                       struct ps_reason *why)
{
    SSL_CTX *ctx = NULL;
    int rc;

    *out = NULL;
    ERR_clear_error();
    rc = tls_check_readable("certificate", cert_path, why);
    if (rc == 0)
        rc = tls_check_readable("key", key_path, why);
    if (rc < 0)
        goto out;
    ctx = SSL_CTX_new(TLS_server_method());
    if (ctx == NULL) {
        rc = ps_fail(why, PS_ECRYPTO, "TLS: cannot create a context: %s", tls_error_reason());
        goto out;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    /* renegotiation is a CPU lever for a hostile client and terminals never need it */
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE |
                                 SSL_OP_NO_COMPRESSION);
    SSL_CTX_set_default_passwd_cb(ctx, tls_no_passphrase);
    if (SSL_CTX_use_certificate_chain_file(ctx, cert_path) != 1) {
        rc = ps_fail(why, PS_EFORMAT, "TLS certificate %s: not a usable PEM certificate: %s",
                     cert_path, tls_error_reason());
        goto out;
    }
    ERR_clear_error(); /* so that what follows reads only the key's errors */
    if (SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1 && !tls_key_mismatch()) {
        rc = ps_fail(why, PS_EFORMAT, "TLS key %s: not a usable PEM private key: %s", key_path,
                     tls_error_reason());
        goto out;
    }
    /* loading checks the key against the certificate too, but says so obscurely */
    if (tls_key_mismatch() || SSL_CTX_check_private_key(ctx) != 1) {
        rc = ps_fail(why, PS_EFORMAT, "TLS key %s does not match certificate %s", key_path,
                     cert_path);
        goto out;
    }
    *out = ctx;
    ctx = NULL;
    rc = 0;
out:
    SSL_CTX_free(ctx);
    ERR_clear_error();
    return rc;
}

/* Takes fd in every case. On failure libevent has either released nothing (no memory
 * for the bufferevent) or closed fd and freed the SSL (a later step failed), and does
 * not say which; both happen only when memory runs out, so fd is then left alone: a
 * leak at worst, never a descriptor closed twice. */
struct bufferevent *gw__tls_bufferevent_new(struct event_base *base, SSL_CTX *tls, int fd)
{
    SSL *ssl = SSL_new(tls);
    if (ssl == NULL) {
        ERR_clear_error();
        close(fd);
        return NULL;
    }
    return bufferevent_openssl_socket_new(base, fd, ssl, BUFFEREVENT_SSL_ACCEPTING,
                                          BEV_OPT_CLOSE_ON_FREE | BEV_OPT_DEFER_CALLBACKS);
}

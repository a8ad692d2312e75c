#include "pos/hostlink/tls.h"

#include <arpa/inet.h>
#include <stdio.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

const char *hl_tls_error(char *buf, size_t cap, const char *fallback)
{
    unsigned long e = ERR_get_error();
    if (e == 0)
        snprintf(buf, cap, "%s", fallback);
    else
        ERR_error_string_n(e, buf, cap);
    ERR_clear_error();
    return buf;
}

int hl_tls_client_ctx(SSL_CTX **out, const char *ca_file, int insecure, struct ps_reason *why)
{
    char err[160];
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    int rc = PS_OK;

    *out = NULL;
    if (ctx == NULL)
        return ps_fail(why, PS_ECRYPTO, "TLS: %s", hl_tls_error(err, sizeof(err), "no context"));
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1) {
        rc = ps_fail(why, PS_ECRYPTO, "TLS: %s", hl_tls_error(err, sizeof(err), "version"));
        goto out;
    }
    if (insecure) {
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        goto out;
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if (ca_file != NULL && SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1)
        rc = ps_fail(why, PS_EINVAL, "TLS: CA file %s: %s", ca_file,
                     hl_tls_error(err, sizeof(err), "cannot be read"));
    else if (ca_file == NULL && SSL_CTX_set_default_verify_paths(ctx) != 1)
        rc = ps_fail(why, PS_ECRYPTO, "TLS: default CA store: %s",
                     hl_tls_error(err, sizeof(err), "cannot be loaded"));
out:
    if (rc != 0)
        SSL_CTX_free(ctx);
    else
        *out = ctx;
    return rc;
}

int hl_tls_set_peer(SSL *ssl, const char *host, int insecure, struct ps_reason *why)
{
    unsigned char addr[16];
    int is_ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    char err[160];

    /* RFC 6066 §3: SNI carries host names only, never literal addresses. */
    if (!is_ip && SSL_set_tlsext_host_name(ssl, host) != 1)
        return ps_fail(why, PS_ECRYPTO, "TLS: server name %s: %s", host,
                       hl_tls_error(err, sizeof(err), "refused"));
    if (insecure)
        return PS_OK;
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int ok = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host)
                   : X509_VERIFY_PARAM_set1_host(param, host, 0);
    if (ok != 1)
        return ps_fail(why, PS_ECRYPTO, "TLS: cannot check the certificate against %s: %s", host,
                       hl_tls_error(err, sizeof(err), "refused"));
    return PS_OK;
}

/* tls_cert.c — a self-signed EC P-256 server certificate, built with OpenSSL 3's
 * EVP_PKEY and X509 APIs and written as PEM files. */
#include "host/gateway/tls_cert.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#define CN_MAX       64 /* RFC 5280 ub-common-name */
#define DAYS_MAX     3650
#define SKEW_SECONDS 3600 /* a client whose clock runs a little behind still accepts it */

static int cert_crypto_fail(struct ps_reason *why, const char *step)
{
    const char *reason = ERR_reason_error_string(ERR_peek_error());
    int rc = ps_fail(why, PS_ECRYPTO, "self-signed certificate: %s: %s", step,
                     reason != NULL ? reason : "unknown OpenSSL error");
    ERR_clear_error();
    return rc;
}

/* A positive random 64-bit serial: RFC 5280 wants them unique and unpredictable. */
static int cert_set_serial(X509 *x)
{
    unsigned char bytes[8];
    BIGNUM *bn = NULL;
    int ok = 0;
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        goto out;
    bytes[0] &= 0x7f; /* DER integers are signed */
    bytes[0] |= 0x01; /* and never zero */
    bn = BN_bin2bn(bytes, sizeof bytes, NULL);
    ok = bn != NULL && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) != NULL;
out:
    BN_free(bn);
    return ok;
}

/* One subjectAltName entry: an IP address when name is one, a DNS name otherwise. */
static GENERAL_NAME *alt_name(const char *name)
{
    GENERAL_NAME *entry = GENERAL_NAME_new();
    ASN1_OCTET_STRING *ip = a2i_IPADDRESS(name);
    if (entry == NULL) {
        ASN1_OCTET_STRING_free(ip);
        return NULL;
    }
    if (ip != NULL) {
        GENERAL_NAME_set0_value(entry, GEN_IPADD, ip);
        return entry;
    }
    ERR_clear_error(); /* not an address: a DNS name then */
    ASN1_IA5STRING *dns = ASN1_IA5STRING_new();
    if (dns == NULL || ASN1_STRING_set(dns, name, -1) != 1) {
        ASN1_IA5STRING_free(dns);
        GENERAL_NAME_free(entry);
        return NULL;
    }
    GENERAL_NAME_set0_value(entry, GEN_DNS, dns);
    return entry;
}

/* subjectAltName with every name: what clients check the host name against. */
static int cert_add_alt_names(X509 *x, const char *const *names)
{
    GENERAL_NAMES *list = sk_GENERAL_NAME_new_null();
    int ok = list != NULL;
    for (size_t i = 0; ok && names[i] != NULL; i++) {
        GENERAL_NAME *entry = alt_name(names[i]);
        ok = entry != NULL && sk_GENERAL_NAME_push(list, entry) > 0;
        if (!ok)
            GENERAL_NAME_free(entry);
    }
    ok = ok && X509_add1_ext_i2d(x, NID_subject_alt_name, list, 0, X509V3_ADD_DEFAULT) == 1;
    GENERAL_NAMES_free(list);
    return ok;
}

/* An extension from its fixed text form ("critical,CA:FALSE"). */
static int cert_add_ext(X509 *x, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    int ok = ext != NULL && X509_add_ext(x, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

/* The certificate of key, signed by key. */
static int cert_build(X509 **out /* OUT */, EVP_PKEY *key, const char *const *names, int days,
                      struct ps_reason *why)
{
    const char *cn = names[0];
    X509 *x = X509_new();
    X509_NAME *name = NULL;
    int rc = 0;
    if (x == NULL || X509_set_version(x, X509_VERSION_3) != 1 || !cert_set_serial(x) ||
        X509_gmtime_adj(X509_getm_notBefore(x), -SKEW_SECONDS) == NULL ||
        X509_time_adj_ex(X509_getm_notAfter(x), days, 0, NULL) == NULL) {
        rc = cert_crypto_fail(why, "serial number and validity");
        goto out;
    }
    name = X509_get_subject_name(x);
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1,
                                   0) != 1 ||
        X509_set_issuer_name(x, name) != 1 || X509_set_pubkey(x, key) != 1) {
        rc = cert_crypto_fail(why, "subject and key");
        goto out;
    }
    if (!cert_add_ext(x, NID_basic_constraints, "critical,CA:FALSE") ||
        !cert_add_ext(x, NID_key_usage, "critical,digitalSignature") ||
        !cert_add_ext(x, NID_ext_key_usage, "serverAuth") ||
        !cert_add_ext(x, NID_subject_key_identifier, "hash") || !cert_add_alt_names(x, names)) {
        rc = cert_crypto_fail(why, "extensions");
        goto out;
    }
    if (X509_sign(x, key, EVP_sha256()) <= 0) {
        rc = cert_crypto_fail(why, "signing");
        goto out;
    }
    *out = x;
    x = NULL;
out:
    X509_free(x);
    return rc;
}

/* Opens path for writing with mode (also when it exists with another mode, before a
 * byte is written: a key must never sit in a readable file). */
static int cert_open(FILE **out /* OUT */, const char *path, mode_t mode, struct ps_reason *why)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return ps_fail(why, PS_EINVAL, "%s: %s", path, strerror(errno));
    if (fchmod(fd, mode) < 0 || (*out = fdopen(fd, "w")) == NULL) {
        int rc = ps_fail(why, PS_EINVAL, "%s: %s", path, strerror(errno));
        close(fd);
        return rc;
    }
    return 0;
}

/* Closes f, reporting a failed write (a full disk shows up here) against path. */
static int cert_close(FILE *f, int written, const char *path, struct ps_reason *why)
{
    int flushed = fflush(f) == 0 && fsync(fileno(f)) == 0;
    int err = errno;
    int closed = fclose(f) == 0;
    if (!written) {
        ERR_clear_error();
        return ps_fail(why, PS_EINVAL, "%s: cannot write PEM", path);
    }
    if (!flushed || !closed)
        return ps_fail(why, PS_EINVAL, "%s: %s", path, strerror(flushed ? errno : err));
    return 0;
}

static int check_name(const char *cn, struct ps_reason *why)
{
    if (cn == NULL || *cn == '\0' || strlen(cn) > CN_MAX)
        return ps_fail(why, PS_EINVAL,
                       "self-signed certificate: common name must have 1 to %d "
                       "characters",
                       CN_MAX);
    for (const char *c = cn; *c != '\0'; c++)
        if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f)
            return ps_fail(why, PS_EINVAL,
                           "self-signed certificate: common name \"%s\": only "
                           "printable ASCII without spaces",
                           cn);
    return 0;
}

static int cert_check_args(const char *cert_path, const char *key_path, const char *const *names,
                           int days, struct ps_reason *why)
{
    if (cert_path == NULL || key_path == NULL || *cert_path == '\0' || *key_path == '\0')
        return ps_fail(why, PS_EINVAL, "self-signed certificate: no file to write to");
    if (names == NULL || names[0] == NULL)
        return ps_fail(why, PS_EINVAL, "self-signed certificate: no name");
    for (size_t i = 0; names[i] != NULL; i++) {
        int rc = check_name(names[i], why);
        if (rc < 0)
            return rc;
    }
    if (days < 1 || days > DAYS_MAX)
        return ps_fail(why, PS_EINVAL, "self-signed certificate: %d days: from 1 to %d", days,
                       DAYS_MAX);
    return 0;
}

int gw_tls_make_self_signed(const char *cert_path, const char *key_path, const char *const *names,
                            int days, struct ps_reason *why)
{
    EVP_PKEY *key = NULL;
    X509 *cert = NULL;
    FILE *f = NULL;
    int rc = cert_check_args(cert_path, key_path, names, days, why);
    if (rc < 0)
        return rc;
    ERR_clear_error();
    key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (key == NULL) {
        rc = cert_crypto_fail(why, "EC P-256 key generation");
        goto out;
    }
    rc = cert_build(&cert, key, names, days, why);
    if (rc < 0)
        goto out;
    rc = cert_open(&f, key_path, 0600, why);
    if (rc < 0)
        goto out;
    int written = PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1;
    rc = cert_close(f, written, key_path, why);
    if (rc < 0)
        goto out;
    rc = cert_open(&f, cert_path, 0644, why);
    if (rc < 0)
        goto out;
    written = PEM_write_X509(f, cert) == 1;
    rc = cert_close(f, written, cert_path, why);
out:
    X509_free(cert);
    EVP_PKEY_free(key);
    return rc;
}

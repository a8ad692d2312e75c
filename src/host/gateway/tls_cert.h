/* tls_cert.h — a self-signed server certificate for demos and tests (possumd --demo
 * makes one when its files are missing). Production hosts load a certificate issued
 * by a CA the terminals trust; nothing here is meant for that. */
#ifndef POSSUM_HOST_GATEWAY_TLS_CERT_H
#define POSSUM_HOST_GATEWAY_TLS_CERT_H

#include "core/error.h"

/* Makes a new EC P-256 key and a certificate for it, signed by itself (SHA-256), valid
 * from an hour ago for `days` days (1 to 3650), for TLS server use only. names is a
 * NULL-terminated list: the first is the subject CN, and every one goes into the
 * subjectAltName (an IP address when it is one, a DNS name otherwise) — possumd's demo
 * names itself, localhost and 127.0.0.1, so `--ca` works on the same machine. Writes
 * the key to key_path (PEM, PKCS#8, unencrypted, mode 0600) and the certificate to
 * cert_path (PEM, mode 0644), replacing files already there. Returns 0, PS_EINVAL (an
 * argument, or a file that cannot be written: why names it) or PS_ECRYPTO. */
int gw_tls_make_self_signed(const char *cert_path, const char *key_path,
                            const char *const *names, int days, struct ps_reason *why);

#endif

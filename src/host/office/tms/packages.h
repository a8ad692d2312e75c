/* packages.h — the terminal application's packages (TMS): one per version, uploaded by
 * the provider's staff and kept on disk under <data dir>/packages by its SHA-256
 * (files.h). The host computes the hash; it is what a terminal checks after download,
 * told it by its signed heartbeat's answer (rollouts.h), so the file itself may be
 * fetched without a login. A version is uploaded once: a fixed build is a new version. */
#ifndef POSSUM_HOST_OFFICE_TMS_PACKAGES_H
#define POSSUM_HOST_OFFICE_TMS_PACKAGES_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "host/office/office.h"

#define OFFICE_PACKAGE_MAX_BYTES ((size_t)64 << 20) /* 64 MiB: a terminal app and room */

/* What an upload carries; strings and bytes are the caller's. */
struct office_package_upload {
    const char *version; /* MAJOR.MINOR.PATCH (rollout.h) */
    const char *sha256;  /* the hash the uploader expects, 64 hex digits; NULL: none stated */
    const uint8_t *data;
    size_t len;
};

/* Keeps up's bytes in dir (<data dir>/packages, made when missing) and commits the
 * package's row with its audit entry (package.upload). Nothing is kept unless every
 * check passes. 0 with *out (OUT); PS_EFORMAT with *field ("version"; "sha256": not 64
 * hex digits, or not the hash of the bytes received; "file": empty); PS_ETOOLONG over
 * OFFICE_PACKAGE_MAX_BYTES (HTTP 413); PS_ECHECK the version is on record already
 * (409); < 0 from the disk or the store. */
int office_package_upload(struct office *o, const struct office_actor *actor,
                          const struct office_package_upload *up, const char *dir,
                          struct package_row *out /* OUT */, const char **field /* OUT */,
                          struct ps_reason *why);

/* Opens version's file in dir for sending: 0 with *row (OUT) and *fd (OUT, the caller
 * closes it) of exactly row->size bytes; OFFICE_NOT_FOUND (no such version: why);
 * PS_ECHECK (the file is missing or not its recorded size); < 0. The bytes are not
 * hashed again here: 64 MiB per download on the API's thread would cost more than it
 * proves, since the terminal checks the hash it was given before installing. */
int office_package_open(struct office *o, const char *version, const char *dir,
                        struct package_row *row /* OUT */, int *fd /* OUT */,
                        struct ps_reason *why);

/* A package as the API shows it (a new object): version, sha256, size, uploaded_by,
 * uploader, created_us. */
json_t *office_package_json(const struct package_row *p);

#endif
